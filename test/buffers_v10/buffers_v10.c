/* node_api_create_buffer_from_arraybuffer (Node-API 10). Node 20 does not export it, so this addon
 * cannot load natively there; the test runs on the wasm builds against Node's documented behaviour. */
#undef NAPI_VERSION
#define NAPI_VERSION 10
#include <node_api.h>
#include "common.h"

/* fromArrayBuffer(mode, arraybuffer, offset, length) */
static napi_value FromArrayBuffer(napi_env env, napi_callback_info info) {
  napi_value argv[4], result = NULL;
  test_mode mode = get_args(env, info, 4, argv);
  uint32_t offset, length;
  NAPI_CALL(env, napi_get_value_uint32(env, argv[2], &offset));
  NAPI_CALL(env, napi_get_value_uint32(env, argv[3], &length));
  napi_status status = node_api_create_buffer_from_arraybuffer(mode == MODE_NULL_ENV ? NULL : env,
      mode == MODE_NULL_VALUE ? NULL : argv[1], offset, length, mode == MODE_NULL_RESULT ? NULL : &result);
  return finish(env, mode, status, result);
}

NAPI_MODULE_INIT() {
  EXPORT_FN(env, exports, "fromArrayBuffer", FromArrayBuffer);
  return exports;
}
