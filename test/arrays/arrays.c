/* Arrays and elements: napi_create_array, napi_create_array_with_length, napi_get_array_length,
 * napi_set/get/has/delete_element and napi_is_array.
 *
 * Each exported function performs one Node-API call with the JS arguments it was given and returns the
 * call's result, or the report of report_for_mode(). A trailing string mode passes NULL in one position
 * ("env", "object", "value", "result") or reports a pending exception instead of propagating it
 * ("catch"). */
#include "common.h"


/* An index argument: a JS number read as uint32 (napi_get_value_uint32 wraps modulo 2^32). */
static uint32_t index_arg(napi_env env, napi_value value) {
  uint32_t index = 0;
  napi_get_value_uint32(env, value, &index);
  return index;
}

static napi_value CreateArray(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  char mode[16];
  read_mode(env, argv[0], mode, sizeof mode);
  napi_value result = NULL;
  napi_status status = napi_create_array(NULL_IF("env", env), NULL_IF("result", &result));
  return status == napi_ok ? result : report_for_mode(env, status, mode);
}

/* createArrayWithLength(length, mode): length is a JS number converted to size_t (values up to 2^53
 * are exact; on wasm32 size_t is 32-bit, so the test keeps lengths below 2^32). */
static napi_value CreateArrayWithLength(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  double length = 0;
  NAPI_CALL(env, napi_get_value_double(env, argv[0], &length));
  napi_value result = NULL;
  napi_status status =
      napi_create_array_with_length(NULL_IF("env", env), (size_t)length, NULL_IF("result", &result));
  return status == napi_ok ? result : report_for_mode(env, status, mode);
}

/* createArrayMaxLength(): napi_create_array_with_length(SIZE_MAX), the largest size_t of the build. */
static napi_value CreateArrayMaxLength(napi_env env, napi_callback_info info) {
  napi_value result = NULL;
  napi_status status = napi_create_array_with_length(env, SIZE_MAX, &result);
  return status == napi_ok ? result : report_status(env, status);
}

static napi_value GetArrayLength(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  uint32_t length = 0;
  napi_status status = napi_get_array_length(NULL_IF("env", env), NULL_IF("value", argv[0]),
                                             NULL_IF("result", &length));
  if (status != napi_ok) return report_for_mode(env, status, mode);
  napi_value result;
  NAPI_CALL(env, napi_create_uint32(env, length, &result));
  return result;
}

static napi_value IsArray(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  bool is_array = false;
  napi_status status =
      napi_is_array(NULL_IF("env", env), NULL_IF("value", argv[0]), NULL_IF("result", &is_array));
  if (status != napi_ok) return report_for_mode(env, status, mode);
  napi_value result;
  NAPI_CALL(env, napi_get_boolean(env, is_array, &result));
  return result;
}

/* setElement(object, index, value, mode) → { status, message } (always: there is no result). */
static napi_value SetElement(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 4);
  char mode[16];
  read_mode(env, argv[3], mode, sizeof mode);
  napi_status status = napi_set_element(NULL_IF("env", env), NULL_IF("object", argv[0]),
                                        index_arg(env, argv[1]), NULL_IF("value", argv[2]));
  return report_for_mode(env, status, mode);
}

static napi_value GetElement(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16];
  read_mode(env, argv[2], mode, sizeof mode);
  napi_value result = NULL;
  napi_status status = napi_get_element(NULL_IF("env", env), NULL_IF("object", argv[0]),
                                        index_arg(env, argv[1]), NULL_IF("result", &result));
  return status == napi_ok ? result : report_for_mode(env, status, mode);
}

static napi_value BoolResult(napi_env env, napi_status status, bool value, const char* mode) {
  if (status != napi_ok) return report_for_mode(env, status, mode);
  napi_value result;
  NAPI_CALL(env, napi_get_boolean(env, value, &result));
  return result;
}

static napi_value HasElement(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16];
  read_mode(env, argv[2], mode, sizeof mode);
  bool result = false;
  napi_status status = napi_has_element(NULL_IF("env", env), NULL_IF("object", argv[0]),
                                        index_arg(env, argv[1]), NULL_IF("result", &result));
  return BoolResult(env, status, result, mode);
}

/* deleteElement(object, index, mode): the result pointer is optional, so mode "result" reports the
 * status of a call made without one. */
static napi_value DeleteElement(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16];
  read_mode(env, argv[2], mode, sizeof mode);
  bool result = false;
  napi_status status = napi_delete_element(NULL_IF("env", env), NULL_IF("object", argv[0]),
                                           index_arg(env, argv[1]), NULL_IF("result", &result));
  if (MODE_IS(mode, "result")) return report_for_mode(env, status, mode);
  return BoolResult(env, status, result, mode);
}

/* fillSquares(n): an array of n elements i*i made with napi_create_array_with_length + set_element,
 * read back with get_element (a C-side round trip over many elements). */
static napi_value FillSquares(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  uint32_t n = index_arg(env, argv[0]);
  napi_value array;
  NAPI_CALL(env, napi_create_array_with_length(env, n, &array));
  for (uint32_t i = 0; i < n; i++) {
    napi_value v;
    NAPI_CALL(env, napi_create_double(env, (double)i * i, &v));
    NAPI_CALL(env, napi_set_element(env, array, i, v));
  }
  uint32_t length = 0;
  NAPI_CALL(env, napi_get_array_length(env, array, &length));
  for (uint32_t i = 0; i < length; i++) {
    napi_value v;
    double d = 0;
    NAPI_CALL(env, napi_get_element(env, array, i, &v));
    NAPI_CALL(env, napi_get_value_double(env, v, &d));
    if (d != (double)i * i) {
      napi_throw_error(env, NULL, "element read back differs");
      return NULL;
    }
  }
  return array;
}

NAPI_MODULE_INIT() {
  EXPORT_FN(env, exports, "createArray", CreateArray);
  EXPORT_FN(env, exports, "createArrayWithLength", CreateArrayWithLength);
  EXPORT_FN(env, exports, "createArrayMaxLength", CreateArrayMaxLength);
  EXPORT_FN(env, exports, "getArrayLength", GetArrayLength);
  EXPORT_FN(env, exports, "isArray", IsArray);
  EXPORT_FN(env, exports, "setElement", SetElement);
  EXPORT_FN(env, exports, "getElement", GetElement);
  EXPORT_FN(env, exports, "hasElement", HasElement);
  EXPORT_FN(env, exports, "deleteElement", DeleteElement);
  EXPORT_FN(env, exports, "fillSquares", FillSquares);
  return exports;
}
