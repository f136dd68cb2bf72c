/* A small addon for the loader tests: loading forms, import-module names, tracing. */
#include <node_api.h>
#include "common.h"

static napi_value Add(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value args[2];
  double a, b;
  napi_value result;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, args, NULL, NULL));
  NAPI_CALL(env, napi_get_value_double(env, args[0], &a));
  NAPI_CALL(env, napi_get_value_double(env, args[1], &b));
  NAPI_CALL(env, napi_create_double(env, a + b, &result));
  return result;
}

NAPI_MODULE_INIT() {
  EXPORT_FN(env, exports, "add", Add);
  return exports;
}
