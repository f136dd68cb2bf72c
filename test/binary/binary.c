/* ArrayBuffers, TypedArrays and DataViews (js_native_api.h): napi_create_arraybuffer,
 * napi_create_external_arraybuffer, napi_get_arraybuffer_info, napi_is_arraybuffer,
 * napi_detach_arraybuffer, napi_is_detached_arraybuffer, napi_create_typedarray, napi_is_typedarray,
 * napi_get_typedarray_info, napi_create_dataview, napi_is_dataview, napi_get_dataview_info.
 *
 * Each exported function performs one Node-API call with the JS arguments it was given and returns the
 * call's result, or the report of report_for_mode(). A trailing string mode passes NULL in one position
 * ("env", "value" = the napi_value input, "result", "data", "length", ...), reports a pending exception
 * instead of propagating it ("catch"), or makes the call with an exception already pending
 * ("pending": the report then carries that exception). Data pointers are never returned as numbers
 * (they differ between builds): the C side reads the bytes through them, or compares two of them. */
#include <stdint.h>
#include <stdlib.h>
#include "common.h"
#include "external_blocks.h"


/* An array of `n` JS numbers holding the bytes at `p` (an empty array for NULL or n = 0). */
static napi_value bytes_at(napi_env env, const uint8_t* p, size_t n) {
  napi_value array, v;
  napi_create_array_with_length(env, n, &array);
  for (size_t i = 0; p != NULL && i < n; i++) {
    napi_create_uint32(env, p[i], &v);
    napi_set_element(env, array, (uint32_t)i, v);
  }
  return array;
}

static void set_number(napi_env env, napi_value object, const char* name, double d) {
  napi_value v;
  napi_create_double(env, d, &v);
  napi_set_named_property(env, object, name, v);
}

static void set_bool(napi_env env, napi_value object, const char* name, bool b) {
  napi_value v;
  napi_get_boolean(env, b, &v);
  napi_set_named_property(env, object, name, v);
}

/* The data pointer of an ArrayBuffer (NULL when the call fails). */
static uint8_t* arraybuffer_data(napi_env env, napi_value ab) {
  void* data = NULL;
  if (napi_get_arraybuffer_info(env, ab, &data, NULL) != napi_ok) return NULL;
  return (uint8_t*)data;
}

/* ---- ArrayBuffer ---------------------------------------------------------------------------- */

/* createArrayBuffer(length, mode): with a data pointer (unless mode "data"), C fills byte i with
 * (i * 7 + 3) & 0xff through it before returning. */
static napi_value CreateArrayBuffer(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  size_t length = (size_t)number_arg(env, argv[0]);
  void* data = (void*)(uintptr_t)1; /* must be overwritten (or left alone when NULL is passed) */
  napi_value result = NULL;
  throw_if_pending_mode(env, mode);
  napi_status status = napi_create_arraybuffer(NULL_IF("env", env), length, NULL_IF("data", &data),
                                               NULL_IF("result", &result));
  if (status != napi_ok) return report_pending_caught(env, status, mode);
  if (!MODE_IS(mode, "data")) {
    uint8_t* p = (uint8_t*)data;
    for (size_t i = 0; i < length; i++) p[i] = (uint8_t)(i * 7 + 3);
  }
  return result;
}

/* createArrayBufferDataMatches(length): the pointer napi_create_arraybuffer gave equals the one
 * napi_get_arraybuffer_info gives for the same buffer. */
static napi_value CreateArrayBufferDataMatches(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  size_t length = (size_t)number_arg(env, argv[0]);
  void* data = NULL;
  napi_value ab, result;
  NAPI_CALL(env, napi_create_arraybuffer(env, length, &data, &ab));
  NAPI_CALL(env, napi_get_boolean(env, arraybuffer_data(env, ab) == data, &result));
  return result;
}

/* getArrayBufferInfo(value, mode) → { byteLength, bytes } with bytes read through the data pointer;
 * mode "data"/"length" passes NULL for that out-parameter (then the other one alone is reported). */
static napi_value GetArrayBufferInfo(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  void* data = NULL;
  size_t length = 12345;
  throw_if_pending_mode(env, mode);
  napi_status status = napi_get_arraybuffer_info(NULL_IF("env", env), NULL_IF("value", argv[0]),
                                                 NULL_IF("data", &data), NULL_IF("length", &length));
  if (MODE_IS(mode, "pending")) return report_status_catch(env, status);
  if (status != napi_ok) return report_pending_caught(env, status, mode);
  napi_value result;
  NAPI_CALL(env, napi_create_object(env, &result));
  set_number(env, result, "byteLength", (double)length);
  set_bool(env, result, "dataIsNull", data == NULL);
  if (!MODE_IS(mode, "data") && !MODE_IS(mode, "length")) {
    napi_set_named_property(env, result, "bytes", bytes_at(env, (uint8_t*)data, length));
  }
  return result;
}

/* writeArrayBuffer(ab, start): C writes byte i = (start + i) & 0xff through the data pointer. */
static napi_value WriteArrayBuffer(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  void* data = NULL;
  size_t length = 0;
  NAPI_CALL(env, napi_get_arraybuffer_info(env, argv[0], &data, &length));
  uint32_t start = (uint32_t)number_arg(env, argv[1]);
  for (size_t i = 0; i < length; i++) ((uint8_t*)data)[i] = (uint8_t)(start + i);
  return NULL;
}

static napi_value IsArrayBuffer(napi_env env, napi_callback_info info) {
  return test_predicate(env, info, napi_is_arraybuffer);
}

/* ---- external ArrayBuffer ------------------------------------------------------------------- */

/* createExternalArrayBuffer(length, mode) → the buffer, with its id in lastExternalId(): C mallocs
 * `length` bytes, fills byte i with (i * 5 + 1), and wraps them; mode "nofinalizer" passes no
 * finalizer (the block is then leaked on purpose). */
static napi_value CreateExternalArrayBuffer(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  size_t length = (size_t)number_arg(env, argv[0]);
  uintptr_t id;
  uint8_t* block = new_external_block(env, length, &id);
  if (block == NULL) return NULL;
  napi_value result = NULL;
  throw_if_pending_mode(env, mode);
  napi_status status = napi_create_external_arraybuffer(
      NULL_IF("env", env), block, length, MODE_IS(mode, "nofinalizer") ? NULL : FinalizeExternal,
      (void*)id, NULL_IF("result", &result));
  if (status != napi_ok) {
    drop_external_block(id);
    return report_pending_caught(env, status, mode);
  }
  if (MODE_IS(mode, "result")) return report_status(env, status);
  return result;
}

/* externalDataMatches(ab, id): napi_get_arraybuffer_info gives back the block C wrapped. */
static napi_value ExternalDataMatches(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  uint8_t* block = external_arg(env, argv[1]);
  if (block == NULL) return NULL;
  napi_value result;
  NAPI_CALL(env, napi_get_boolean(env, arraybuffer_data(env, argv[0]) == block, &result));
  return result;
}

/* ---- detach --------------------------------------------------------------------------------- */

static napi_value DetachArrayBuffer(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  throw_if_pending_mode(env, mode);
  napi_status status = napi_detach_arraybuffer(NULL_IF("env", env), NULL_IF("value", argv[0]));
  return report_pending_caught(env, status, mode);
}

static napi_value IsDetachedArrayBuffer(napi_env env, napi_callback_info info) {
  return test_predicate(env, info, napi_is_detached_arraybuffer);
}

/* ---- TypedArray ----------------------------------------------------------------------------- */

/* Bytes per element of each napi_typedarray_type (11 = float16, known to newer headers only). */
static size_t element_size(int type) {
  static const size_t sizes[] = {1, 1, 1, 2, 2, 4, 4, 4, 8, 8, 8, 2};
  return type >= 0 && type < 12 ? sizes[type] : 1;
}

/* createTypedArray(type, length, arraybuffer, byteOffset, mode) */
static napi_value CreateTypedArray(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 5);
  char mode[16];
  read_mode(env, argv[4], mode, sizeof mode);
  int32_t type = 0;
  NAPI_CALL(env, napi_get_value_int32(env, argv[0], &type));
  size_t length = (size_t)number_arg(env, argv[1]);
  size_t offset = (size_t)number_arg(env, argv[3]);
  napi_value result = NULL;
  throw_if_pending_mode(env, mode);
  napi_status status = napi_create_typedarray(NULL_IF("env", env), (napi_typedarray_type)type, length,
                                              NULL_IF("value", argv[2]), offset, NULL_IF("result", &result));
  if (status != napi_ok) return report_pending_caught(env, status, mode);
  return result;
}

/* createTypedArrayMaxLength(type, arraybuffer): length SIZE_MAX (overflows length * size on both ABIs). */
static napi_value CreateTypedArrayMaxLength(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  int32_t type = 0;
  NAPI_CALL(env, napi_get_value_int32(env, argv[0], &type));
  napi_value result = NULL;
  napi_status status = napi_create_typedarray(env, (napi_typedarray_type)type, SIZE_MAX, argv[1], 0, &result);
  if (status != napi_ok) return report_status_catch(env, status);
  return result;
}

/* getTypedArrayInfo(value, mode) → { type, length, byteOffset, arraybuffer, dataOffset, bytes }:
 * dataOffset is data minus the data pointer of `arraybuffer`, bytes are read through data. Mode
 * "nulls" passes NULL for every out-parameter (Node allows it) and answers the status report. */
static napi_value GetTypedArrayInfo(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  napi_typedarray_type type = (napi_typedarray_type)-1;
  size_t length = 12345, offset = 12345;
  void* data = NULL;
  napi_value ab = NULL;
  bool nulls = MODE_IS(mode, "nulls");
  throw_if_pending_mode(env, mode);
  napi_status status = napi_get_typedarray_info(NULL_IF("env", env), NULL_IF("value", argv[0]),
                                                nulls ? NULL : &type, nulls ? NULL : &length,
                                                nulls ? NULL : &data, nulls ? NULL : &ab,
                                                nulls ? NULL : &offset);
  if (MODE_IS(mode, "pending")) return report_status_catch(env, status);
  if (status != napi_ok || nulls) return report_pending_caught(env, status, mode);
  napi_value result;
  NAPI_CALL(env, napi_create_object(env, &result));
  set_number(env, result, "type", (double)type);
  set_number(env, result, "length", (double)length);
  set_number(env, result, "byteOffset", (double)offset);
  NAPI_CALL(env, napi_set_named_property(env, result, "arraybuffer", ab));
  uint8_t* base = arraybuffer_data(env, ab);
  set_bool(env, result, "dataIsNull", data == NULL);
  if (data != NULL && base != NULL) set_number(env, result, "dataOffset", (double)((uint8_t*)data - base));
  napi_set_named_property(env, result, "bytes", bytes_at(env, (uint8_t*)data, length * element_size(type)));
  return result;
}

/* typedArrayInfoEach(value): napi_get_typedarray_info with one out-parameter at a time (the others
 * NULL) → [type, length, dataOffset, arraybuffer, byteOffset]. */
static napi_value TypedArrayInfoEach(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  napi_typedarray_type type;
  size_t length, offset;
  void* data;
  napi_value ab, result, v;
  NAPI_CALL(env, napi_get_typedarray_info(env, argv[0], &type, NULL, NULL, NULL, NULL));
  NAPI_CALL(env, napi_create_array_with_length(env, 5, &result));
  NAPI_CALL(env, napi_create_int32(env, type, &v));
  NAPI_CALL(env, napi_set_element(env, result, 0, v));
  NAPI_CALL(env, napi_get_typedarray_info(env, argv[0], NULL, &length, NULL, NULL, NULL));
  NAPI_CALL(env, napi_create_double(env, (double)length, &v));
  NAPI_CALL(env, napi_set_element(env, result, 1, v));
  NAPI_CALL(env, napi_get_typedarray_info(env, argv[0], NULL, NULL, NULL, &ab, NULL));
  NAPI_CALL(env, napi_set_element(env, result, 3, ab));
  NAPI_CALL(env, napi_get_typedarray_info(env, argv[0], NULL, NULL, &data, NULL, NULL));
  NAPI_CALL(env, napi_create_double(env, (double)((uint8_t*)data - arraybuffer_data(env, ab)), &v));
  NAPI_CALL(env, napi_set_element(env, result, 2, v));
  NAPI_CALL(env, napi_get_typedarray_info(env, argv[0], NULL, NULL, NULL, NULL, &offset));
  NAPI_CALL(env, napi_create_double(env, (double)offset, &v));
  NAPI_CALL(env, napi_set_element(env, result, 4, v));
  return result;
}

static napi_value IsTypedArray(napi_env env, napi_callback_info info) {
  return test_predicate(env, info, napi_is_typedarray);
}

/* ---- DataView ------------------------------------------------------------------------------- */

/* createDataView(byteLength, arraybuffer, byteOffset, mode) */
static napi_value CreateDataView(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 4);
  char mode[16];
  read_mode(env, argv[3], mode, sizeof mode);
  size_t length = (size_t)number_arg(env, argv[0]);
  size_t offset = (size_t)number_arg(env, argv[2]);
  napi_value result = NULL;
  throw_if_pending_mode(env, mode);
  napi_status status = napi_create_dataview(NULL_IF("env", env), length, NULL_IF("value", argv[1]), offset,
                                            NULL_IF("result", &result));
  if (status != napi_ok) return report_pending_caught(env, status, mode);
  return result;
}

static napi_value IsDataView(napi_env env, napi_callback_info info) {
  return test_predicate(env, info, napi_is_dataview);
}

/* getDataViewInfo(value, mode) → { byteLength, byteOffset, arraybuffer, dataOffset, bytes } (as
 * getTypedArrayInfo; mode "nulls" passes NULL for every out-parameter). */
static napi_value GetDataViewInfo(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  size_t length = 12345, offset = 12345;
  void* data = NULL;
  napi_value ab = NULL;
  bool nulls = MODE_IS(mode, "nulls");
  throw_if_pending_mode(env, mode);
  napi_status status = napi_get_dataview_info(NULL_IF("env", env), NULL_IF("value", argv[0]),
                                              nulls ? NULL : &length, nulls ? NULL : &data,
                                              nulls ? NULL : &ab, nulls ? NULL : &offset);
  if (MODE_IS(mode, "pending")) return report_status_catch(env, status);
  if (status != napi_ok || nulls) return report_pending_caught(env, status, mode);
  napi_value result;
  NAPI_CALL(env, napi_create_object(env, &result));
  set_number(env, result, "byteLength", (double)length);
  set_number(env, result, "byteOffset", (double)offset);
  NAPI_CALL(env, napi_set_named_property(env, result, "arraybuffer", ab));
  uint8_t* base = arraybuffer_data(env, ab);
  set_bool(env, result, "dataIsNull", data == NULL);
  if (data != NULL && base != NULL) set_number(env, result, "dataOffset", (double)((uint8_t*)data - base));
  napi_set_named_property(env, result, "bytes", bytes_at(env, (uint8_t*)data, length));
  return result;
}

/* writeDataView(dv, start): C writes byte i = (start + i) & 0xff through the DataView's data pointer. */
static napi_value WriteDataView(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  size_t length = 0;
  void* data = NULL;
  NAPI_CALL(env, napi_get_dataview_info(env, argv[0], &length, &data, NULL, NULL));
  uint32_t start = (uint32_t)number_arg(env, argv[1]);
  for (size_t i = 0; i < length; i++) ((uint8_t*)data)[i] = (uint8_t)(start + i);
  return NULL;
}

NAPI_MODULE_INIT() {
  EXPORT_FN(env, exports, "createArrayBuffer", CreateArrayBuffer);
  EXPORT_FN(env, exports, "createArrayBufferDataMatches", CreateArrayBufferDataMatches);
  EXPORT_FN(env, exports, "getArrayBufferInfo", GetArrayBufferInfo);
  EXPORT_FN(env, exports, "writeArrayBuffer", WriteArrayBuffer);
  EXPORT_FN(env, exports, "isArrayBuffer", IsArrayBuffer);
  EXPORT_FN(env, exports, "createExternalArrayBuffer", CreateExternalArrayBuffer);
  EXPORT_EXTERNAL_BLOCK_FNS(env, exports);
  EXPORT_FN(env, exports, "externalDataMatches", ExternalDataMatches);
  EXPORT_FN(env, exports, "detachArrayBuffer", DetachArrayBuffer);
  EXPORT_FN(env, exports, "isDetachedArrayBuffer", IsDetachedArrayBuffer);
  EXPORT_FN(env, exports, "createTypedArray", CreateTypedArray);
  EXPORT_FN(env, exports, "createTypedArrayMaxLength", CreateTypedArrayMaxLength);
  EXPORT_FN(env, exports, "getTypedArrayInfo", GetTypedArrayInfo);
  EXPORT_FN(env, exports, "typedArrayInfoEach", TypedArrayInfoEach);
  EXPORT_FN(env, exports, "isTypedArray", IsTypedArray);
  EXPORT_FN(env, exports, "createDataView", CreateDataView);
  EXPORT_FN(env, exports, "isDataView", IsDataView);
  EXPORT_FN(env, exports, "getDataViewInfo", GetDataViewInfo);
  EXPORT_FN(env, exports, "writeDataView", WriteDataView);
  return exports;
}
