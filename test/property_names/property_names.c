/* napi_get_all_property_names with every key mode, filter and conversion; napi_object_freeze/seal. */
#include <node_api.h>
#include "common.h"

/* allNames(mode, object, keyMode, keyFilter, keyConversion) */
static napi_value AllNames(napi_env env, napi_callback_info info) {
  napi_value argv[5], result = NULL;
  test_mode mode = get_args(env, info, 5, argv);
  int32_t key_mode, key_filter, key_conversion;
  NAPI_CALL(env, napi_get_value_int32(env, argv[2], &key_mode));
  NAPI_CALL(env, napi_get_value_int32(env, argv[3], &key_filter));
  NAPI_CALL(env, napi_get_value_int32(env, argv[4], &key_conversion));
  napi_status status = napi_get_all_property_names(
      mode == MODE_NULL_ENV ? NULL : env, mode == MODE_NULL_VALUE ? NULL : argv[1], (napi_key_collection_mode)key_mode,
      (napi_key_filter)key_filter, (napi_key_conversion)key_conversion, mode == MODE_NULL_RESULT ? NULL : &result);
  return finish(env, mode, status, result);
}

/* freeze(mode, object) / seal(mode, object): returns the object, or the failure report. */
static napi_value Freeze(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  test_mode mode = get_args(env, info, 2, argv);
  napi_status status = napi_object_freeze(mode == MODE_NULL_ENV ? NULL : env, mode == MODE_NULL_VALUE ? NULL : argv[1]);
  return finish(env, mode, status, argv[1]);
}

static napi_value Seal(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  test_mode mode = get_args(env, info, 2, argv);
  napi_status status = napi_object_seal(mode == MODE_NULL_ENV ? NULL : env, mode == MODE_NULL_VALUE ? NULL : argv[1]);
  return finish(env, mode, status, argv[1]);
}

NAPI_MODULE_INIT() {
  EXPORT_FN(env, exports, "allNames", AllNames);
  EXPORT_FN(env, exports, "freeze", Freeze);
  EXPORT_FN(env, exports, "seal", Seal);
  return exports;
}
