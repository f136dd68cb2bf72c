/* Memory growth in the middle of a call: strings read and written before and after the module's
 * linear memory grows (which detaches the old ArrayBuffer of a non-shared memory). */
#include <stdlib.h>
#include <string.h>
#include <node_api.h>
#include "common.h"

/* echoGrow(s, mb): copies s into C memory, allocates `mb` MiB (growing memory), touches it, then
 * returns [copy made before the growth, copy made after it, length read after it]. */
static napi_value EchoGrow(napi_env env, napi_callback_info info) {
  size_t argc = 2, len = 0, len2 = 0;
  napi_value args[2], result, before, after, length;
  int32_t mb;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, args, NULL, NULL));
  NAPI_CALL(env, napi_get_value_int32(env, args[1], &mb));
  NAPI_CALL(env, napi_get_value_string_utf8(env, args[0], NULL, 0, &len));
  char* first = malloc(len + 1);
  NAPI_CALL(env, napi_get_value_string_utf8(env, args[0], first, len + 1, &len));
  char* big = malloc((size_t)mb << 20);
  if (big == NULL) {
    napi_throw_error(env, NULL, "allocation failed");
    return NULL;
  }
  memset(big, 0x5a, (size_t)mb << 20);
  char* second = malloc(len + 1);
  NAPI_CALL(env, napi_get_value_string_utf8(env, args[0], second, len + 1, &len2));
  NAPI_CALL(env, napi_create_string_utf8(env, first, len, &before));
  NAPI_CALL(env, napi_create_string_utf8(env, second, len2, &after));
  NAPI_CALL(env, napi_create_uint32(env, (uint32_t)len2, &length));
  NAPI_CALL(env, napi_create_array_with_length(env, 3, &result));
  NAPI_CALL(env, napi_set_element(env, result, 0, before));
  NAPI_CALL(env, napi_set_element(env, result, 1, after));
  NAPI_CALL(env, napi_set_element(env, result, 2, length));
  free(first);
  free(second);
  free(big);
  return result;
}

/* growInCallback(fn): calls fn (which may grow memory by calling echoGrow), then reads its string
 * result and the last error info: both must be right after the growth. */
static napi_value GrowInCallback(napi_env env, napi_callback_info info) {
  size_t argc = 1, len = 0;
  napi_value fn, global, ret, out;
  char buf[64];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, &fn, NULL, NULL));
  NAPI_CALL(env, napi_get_global(env, &global));
  NAPI_CALL(env, napi_call_function(env, global, fn, 0, NULL, &ret));
  NAPI_CALL(env, napi_get_value_string_utf8(env, ret, buf, sizeof buf, &len));
  NAPI_CALL(env, napi_create_string_utf8(env, buf, len, &out));
  return out;
}

NAPI_MODULE_INIT() {
  EXPORT_FN(env, exports, "echoGrow", EchoGrow);
  EXPORT_FN(env, exports, "growInCallback", GrowInCallback);
  return exports;
}
