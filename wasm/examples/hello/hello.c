// The smallest Node-API addon: exports hello(), which returns "world".
// Plain node-gyp source; cmake or `wasm-napi build hello.c -o hello.wasm` compiles it to wasm.
#include <node_api.h>

static napi_value Hello(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value world;
  if (napi_create_string_utf8(env, "world", NAPI_AUTO_LENGTH, &world) != napi_ok) return NULL;
  return world;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_value fn;
  if (napi_create_function(env, "hello", NAPI_AUTO_LENGTH, Hello, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "hello", fn) != napi_ok) return NULL;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
