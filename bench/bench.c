// Micro-benchmark addon: one C source built three ways (native node-gyp, wasm-napi, emnapi) and
// timed side by side by bench/run.mjs. It only uses Node-API functions every runtime implements:
// napi_get_cb_info, napi_get_value_double, napi_create_double, napi_get_value_string_utf8,
// napi_create_string_utf8, napi_create_object, napi_set_named_property, napi_create_int32,
// napi_call_function, napi_get_undefined, napi_create_function, napi_define_properties.
#include <node_api.h>
#include <stddef.h>

#ifndef NODE_GYP_MODULE_NAME
#define NODE_GYP_MODULE_NAME bench
#endif

#define CHECK(call)                                                                                \
  do {                                                                                             \
    if ((call) != napi_ok) return NULL;                                                            \
  } while (0)

// Big enough for the 1 KB string plus its terminator; larger inputs are truncated (never here).
#define ECHO_BUF 4096
static char echo_buf[ECHO_BUF];

// noop(): returns undefined.
static napi_value Noop(napi_env env, napi_callback_info info) {
  napi_value undefined;
  CHECK(napi_get_undefined(env, &undefined));
  return undefined;
}

// add(a, b): a + b for two numbers.
static napi_value Add(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  double a, b;
  napi_value result;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CHECK(napi_get_value_double(env, argv[0], &a));
  CHECK(napi_get_value_double(env, argv[1], &b));
  CHECK(napi_create_double(env, a + b, &result));
  return result;
}

// echo(s): copies s's UTF-8 into a C buffer, returns a new string made from it.
static napi_value Echo(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  size_t len = 0;
  napi_value result;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CHECK(napi_get_value_string_utf8(env, argv[0], echo_buf, ECHO_BUF, &len));
  CHECK(napi_create_string_utf8(env, echo_buf, len, &result));
  return result;
}

// makeObject(): { i: 42, d: 3.5, s: "hello" } built with napi_set_named_property.
static napi_value MakeObject(napi_env env, napi_callback_info info) {
  napi_value obj, i, d, s;
  CHECK(napi_create_object(env, &obj));
  CHECK(napi_create_int32(env, 42, &i));
  CHECK(napi_create_double(env, 3.5, &d));
  CHECK(napi_create_string_utf8(env, "hello", NAPI_AUTO_LENGTH, &s));
  CHECK(napi_set_named_property(env, obj, "i", i));
  CHECK(napi_set_named_property(env, obj, "d", d));
  CHECK(napi_set_named_property(env, obj, "s", s));
  return obj;
}

// callJs(fn): returns fn(1) (called with `this` undefined).
static napi_value CallJs(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_value recv, arg, result;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CHECK(napi_get_undefined(env, &recv));
  CHECK(napi_create_int32(env, 1, &arg));
  CHECK(napi_call_function(env, recv, argv[0], 1, &arg, &result));
  return result;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"noop", NULL, Noop, NULL, NULL, NULL, napi_enumerable, NULL},
      {"add", NULL, Add, NULL, NULL, NULL, napi_enumerable, NULL},
      {"echo", NULL, Echo, NULL, NULL, NULL, napi_enumerable, NULL},
      {"makeObject", NULL, MakeObject, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props));
  // callJs goes through napi_create_function + napi_set_named_property, so both paths are used.
  napi_value fn;
  CHECK(napi_create_function(env, "callJs", NAPI_AUTO_LENGTH, CallJs, NULL, &fn));
  CHECK(napi_set_named_property(env, exports, "callJs", fn));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
