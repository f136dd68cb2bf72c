// Micro-benchmark addon: one C source built three ways (native node-gyp, wasm-napi, emnapi; napi-wasm
// loads the wasm-napi build) and timed side by side by bench/run.mjs. Plain C, Node-API
// only: napi_get_cb_info, napi_get_value_double, napi_create_double, napi_get_value_string_utf8,
// napi_create_string_utf8, napi_create_object, napi_set_named_property, napi_create_int32,
// napi_get_value_int32, napi_call_function, napi_get_undefined, napi_create_function,
// napi_define_properties, napi_get_array_length, napi_get_element, napi_wrap, napi_unwrap,
// napi_create_reference, napi_get_reference_value, napi_delete_reference, napi_create_arraybuffer,
// napi_create_typedarray, napi_get_typedarray_info.
#include <node_api.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

// sumArray(arr): sum of arr's elements read one by one with napi_get_element.
static napi_value SumArray(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  uint32_t length, i;
  double sum = 0;
  napi_value result;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CHECK(napi_get_array_length(env, argv[0], &length));
  for (i = 0; i < length; i++) {
    napi_value element;
    double x;
    CHECK(napi_get_element(env, argv[0], i, &element));
    CHECK(napi_get_value_double(env, element, &x));
    sum += x;
  }
  CHECK(napi_create_double(env, sum, &result));
  return result;
}

// A small native struct behind a wrapped object; freed by the wrap's finalizer.
typedef struct {
  int32_t id;
  double payload[3];
} Wrapped;

#define WRAPPED_ID 20240611

static void FreeWrapped(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  free(data);
}

// wrapNew(): a new object wrapping a malloc'd Wrapped (finalizer frees it, no result reference).
static napi_value WrapNew(napi_env env, napi_callback_info info) {
  napi_value obj;
  Wrapped* w;
  (void)info;
  CHECK(napi_create_object(env, &obj));
  w = (Wrapped*)malloc(sizeof(Wrapped));
  if (w == NULL) return NULL;
  w->id = WRAPPED_ID;
  w->payload[0] = w->payload[1] = w->payload[2] = 0;
  if (napi_wrap(env, obj, w, FreeWrapped, NULL, NULL) != napi_ok) {
    free(w);
    return NULL;
  }
  return obj;
}

// unwrap(obj): the id field of the struct obj wraps.
static napi_value Unwrap(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  Wrapped* w = NULL;
  napi_value result;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CHECK(napi_unwrap(env, argv[0], (void**)&w));
  if (w == NULL) return NULL;
  CHECK(napi_create_int32(env, w->id, &result));
  return result;
}

// refCycle(obj): napi_create_reference(obj, 1), napi_get_reference_value, napi_delete_reference;
// returns the value the reference gave back.
static napi_value RefCycle(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_ref ref;
  napi_value value;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CHECK(napi_create_reference(env, argv[0], 1, &ref));
  CHECK(napi_get_reference_value(env, ref, &value));
  CHECK(napi_delete_reference(env, ref));
  return value;
}

#define MIB (1024 * 1024)
#define FILL_BYTE 0xA5

// fillNew1MB(): a new 1 MiB ArrayBuffer made by C (data pointer), memset by C, returned as a
// Uint8Array over it.
static napi_value FillNew1MB(napi_env env, napi_callback_info info) {
  napi_value ab, ta;
  void* data = NULL;
  (void)info;
  CHECK(napi_create_arraybuffer(env, MIB, &data, &ab));
  if (data == NULL) return NULL;
  memset(data, FILL_BYTE, MIB);
  CHECK(napi_create_typedarray(env, napi_uint8_array, MIB, ab, 0, &ta));
  return ta;
}

// Reads a Uint8Array argument's data pointer and length; NULL data means "not a Uint8Array".
static napi_status GetU8(napi_env env, napi_value value, uint8_t** data, size_t* length) {
  napi_typedarray_type type;
  void* p = NULL;
  napi_status s = napi_get_typedarray_info(env, value, &type, length, &p, NULL, NULL);
  if (s != napi_ok) return s;
  if (type != napi_uint8_array) return napi_invalid_arg;
  *data = (uint8_t*)p;
  return napi_ok;
}

// sumU8(ta): sum of a Uint8Array's bytes, read through its data pointer.
static napi_value SumU8(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  uint8_t* data = NULL;
  size_t length = 0, i;
  uint32_t sum = 0;
  napi_value result;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CHECK(GetU8(env, argv[0], &data, &length));
  for (i = 0; i < length; i++) sum += data[i];
  CHECK(napi_create_double(env, (double)sum, &result));
  return result;
}

// fillU8(ta, v): writes v into every byte of the caller's Uint8Array; returns undefined.
static napi_value FillU8(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  uint8_t* data = NULL;
  size_t length = 0;
  int32_t v;
  napi_value undefined;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CHECK(GetU8(env, argv[0], &data, &length));
  CHECK(napi_get_value_int32(env, argv[1], &v));
  if (length) memset(data, v & 0xFF, length);
  CHECK(napi_get_undefined(env, &undefined));
  return undefined;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"noop", NULL, Noop, NULL, NULL, NULL, napi_enumerable, NULL},
      {"add", NULL, Add, NULL, NULL, NULL, napi_enumerable, NULL},
      {"echo", NULL, Echo, NULL, NULL, NULL, napi_enumerable, NULL},
      {"makeObject", NULL, MakeObject, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sumArray", NULL, SumArray, NULL, NULL, NULL, napi_enumerable, NULL},
      {"wrapNew", NULL, WrapNew, NULL, NULL, NULL, napi_enumerable, NULL},
      {"unwrap", NULL, Unwrap, NULL, NULL, NULL, napi_enumerable, NULL},
      {"refCycle", NULL, RefCycle, NULL, NULL, NULL, napi_enumerable, NULL},
      {"fillNew1MB", NULL, FillNew1MB, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sumU8", NULL, SumU8, NULL, NULL, NULL, napi_enumerable, NULL},
      {"fillU8", NULL, FillU8, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props));
  // callJs goes through napi_create_function + napi_set_named_property, so both paths are used.
  napi_value fn;
  CHECK(napi_create_function(env, "callJs", NAPI_AUTO_LENGTH, CallJs, NULL, &fn));
  CHECK(napi_set_named_property(env, exports, "callJs", fn));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
