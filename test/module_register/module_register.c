/* Old-style registration: a constructor function calls napi_module_register(&module) while the
 * library loads (dlopen natively; the module's _initialize on wasm). The file also has the
 * symbol-based entry point (NAPI_MODULE_INIT, which `wasm-napi build` requires): Node takes the module
 * registered by the constructor first, and so must the runtime. */
#include "common.h"

static int init_calls = 0;

static napi_value InitCalls(napi_env env, napi_callback_info info) {
  napi_value result;
  NAPI_CALL(env, napi_create_int32(env, init_calls, &result));
  return result;
}

static napi_value fill(napi_env env, napi_value exports, const char* by) {
  init_calls++;
  napi_value value;
  NAPI_CALL(env, napi_create_string_utf8(env, by, NAPI_AUTO_LENGTH, &value));
  NAPI_CALL(env, napi_set_named_property(env, exports, "registeredBy", value));
  EXPORT_FN(env, exports, "initCalls", InitCalls);
  return exports;
}

static napi_value Init(napi_env env, napi_value exports) { return fill(env, exports, "napi_module_register"); }

static napi_module module = {
    NAPI_MODULE_VERSION, 0, __FILE__, Init, "module_register", NULL, {0},
};

__attribute__((constructor)) static void register_module(void) { napi_module_register(&module); }

NAPI_MODULE_INIT() { return fill(env, exports, "symbol"); }
