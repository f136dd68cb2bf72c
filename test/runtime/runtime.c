/* A small addon for the loader tests: loading forms, import-module names, tracing. */
#include <node_api.h>
#include "common.h"
#include <stdlib.h>

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

/* Appends `name` to globalThis.teardownLog: finalizers report the order they ran in. */
static void Log(napi_env env, const char* name) {
  napi_value global, log, entry;
  uint32_t length = 0;
  if (napi_get_global(env, &global) != napi_ok) return;
  if (napi_get_named_property(env, global, "teardownLog", &log) != napi_ok) return;
  if (napi_get_array_length(env, log, &length) != napi_ok) return;
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &entry);
  napi_set_element(env, log, length, entry);
}

static void FinalizeInstance(napi_env env, void* data, void* hint) {
  (void)data;
  (void)hint;
  Log(env, "instance data");
}

static void FinalizeWrap(napi_env env, void* data, void* hint) {
  (void)hint;
  Log(env, (const char*)data);
}

/* keepForTeardown(a, b): a wrap on a, instance data, then a wrap on b, each with a finalizer that logs. */
static napi_value KeepForTeardown(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value objs[2];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, objs, NULL, NULL));
  NAPI_CALL(env, napi_wrap(env, objs[0], (void*)"first wrap", FinalizeWrap, NULL, NULL));
  NAPI_CALL(env, napi_set_instance_data(env, NULL, FinalizeInstance, NULL));
  NAPI_CALL(env, napi_wrap(env, objs[1], (void*)"second wrap", FinalizeWrap, NULL, NULL));
  return NULL;
}

/* callExit(code): exit(code), or abort() when code < 0. A native addon would end the process. */
static napi_value CallExit(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg;
  int32_t code;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, &arg, NULL, NULL));
  NAPI_CALL(env, napi_get_value_int32(env, arg, &code));
  if (code < 0) abort();
  exit(code);
}

NAPI_MODULE_INIT() {
  EXPORT_FN(env, exports, "callExit", CallExit);
  EXPORT_FN(env, exports, "keepForTeardown", KeepForTeardown);
  EXPORT_FN(env, exports, "add", Add);
  return exports;
}
