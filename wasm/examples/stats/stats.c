// An example addon in plain C against Node's own headers: numbers, strings, arrays, objects,
// JS callbacks and errors. The same file builds with node-gyp and with `wasm-napi build`.
#include <ctype.h>
#include <stdlib.h>
#include <node_api.h>

#define CALL(call)                                              \
  do {                                                          \
    if ((call) != napi_ok) {                                    \
      bool pending = false;                                     \
      napi_is_exception_pending(env, &pending);                 \
      if (!pending) napi_throw_error(env, NULL, #call " failed"); \
      return NULL;                                              \
    }                                                           \
  } while (0)

// summary(numbers: number[]) -> { count, mean, min, max }
static napi_value Summary(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arr, result, v;
  bool is_array;
  uint32_t n;
  CALL(napi_get_cb_info(env, info, &argc, &arr, NULL, NULL));
  CALL(napi_is_array(env, arr, &is_array));
  if (!is_array) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "summary() expects an array of numbers");
    return NULL;
  }
  CALL(napi_get_array_length(env, arr, &n));
  double sum = 0, min = 0, max = 0;
  for (uint32_t i = 0; i < n; i++) {
    double x;
    CALL(napi_get_element(env, arr, i, &v));
    CALL(napi_get_value_double(env, v, &x));
    sum += x;
    if (i == 0 || x < min) min = x;
    if (i == 0 || x > max) max = x;
  }
  CALL(napi_create_object(env, &result));
  CALL(napi_create_uint32(env, n, &v));
  CALL(napi_set_named_property(env, result, "count", v));
  CALL(napi_create_double(env, n ? sum / n : 0, &v));
  CALL(napi_set_named_property(env, result, "mean", v));
  CALL(napi_create_double(env, min, &v));
  CALL(napi_set_named_property(env, result, "min", v));
  CALL(napi_create_double(env, max, &v));
  CALL(napi_set_named_property(env, result, "max", v));
  return result;
}

// shout(text: string) -> the text upper-cased (ASCII) with "!" appended
static napi_value Shout(napi_env env, napi_callback_info info) {
  size_t argc = 1, len;
  napi_value s, result;
  CALL(napi_get_cb_info(env, info, &argc, &s, NULL, NULL));
  CALL(napi_get_value_string_utf8(env, s, NULL, 0, &len));
  char* buf = malloc(len + 2);
  CALL(napi_get_value_string_utf8(env, s, buf, len + 1, &len));
  for (size_t i = 0; i < len; i++) buf[i] = (char)toupper((unsigned char)buf[i]);
  buf[len] = '!';
  napi_status status = napi_create_string_utf8(env, buf, len + 1, &result);
  free(buf);
  CALL(status);
  return result;
}

// mapTimes(n: number, fn: (i) => any) -> [fn(0), ..., fn(n-1)]
static napi_value MapTimes(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value args[2], result, global;
  uint32_t n;
  CALL(napi_get_cb_info(env, info, &argc, args, NULL, NULL));
  CALL(napi_get_value_uint32(env, args[0], &n));
  CALL(napi_get_global(env, &global));
  CALL(napi_create_array_with_length(env, n, &result));
  for (uint32_t i = 0; i < n; i++) {
    napi_handle_scope scope;
    napi_value index, item;
    CALL(napi_open_handle_scope(env, &scope));
    CALL(napi_create_uint32(env, i, &index));
    CALL(napi_call_function(env, global, args[1], 1, &index, &item));
    CALL(napi_set_element(env, result, i, item));
    CALL(napi_close_handle_scope(env, scope));
  }
  return result;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      {"summary", NULL, Summary, NULL, NULL, NULL, napi_enumerable, NULL},
      {"shout", NULL, Shout, NULL, NULL, NULL, napi_enumerable, NULL},
      {"mapTimes", NULL, MapTimes, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok) return NULL;
  return exports;
}
