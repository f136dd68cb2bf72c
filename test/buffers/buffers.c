/* Node Buffers (node_api.h): napi_create_buffer, napi_create_buffer_copy, napi_create_external_buffer,
 * napi_get_buffer_info and napi_is_buffer, and the in-place writes a real addon makes (bufferutil's
 * mask/unmask: C XORs the bytes of Buffers JS passed in).
 *
 * Each exported function performs one Node-API call with the JS arguments it was given and returns the
 * call's result, or the report of report_for_mode(). A trailing string mode passes NULL in one position
 * ("env", "value", "result", "data", "length"), reports a pending exception instead of propagating it
 * ("catch"), or makes the call with an exception already pending ("pending"). */
#include <stdint.h>
#include <stdlib.h>
#include "common.h"
#include "external_blocks.h"


static napi_value bytes_at(napi_env env, const uint8_t* p, size_t n) {
  napi_value array, v;
  napi_create_array_with_length(env, n, &array);
  for (size_t i = 0; p != NULL && i < n; i++) {
    napi_create_uint32(env, p[i], &v);
    napi_set_element(env, array, (uint32_t)i, v);
  }
  return array;
}

/* createBuffer(size, mode): C fills byte i with (i * 3 + 1) through the data pointer, unless mode
 * "data" passes NULL for it. */
static napi_value CreateBuffer(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  size_t size = (size_t)number_arg(env, argv[0]);
  void* data = NULL;
  napi_value result = NULL;
  throw_if_pending_mode(env, mode);
  napi_status status =
      napi_create_buffer(NULL_IF("env", env), size, NULL_IF("data", &data), NULL_IF("result", &result));
  if (status != napi_ok) return report_pending_caught(env, status, mode);
  for (size_t i = 0; data != NULL && i < size; i++) ((uint8_t*)data)[i] = (uint8_t)(i * 3 + 1);
  return result;
}

static const uint8_t source_bytes[] = "copied from C memory";

/* createBufferCopy(length, mode): copies the first `length` bytes of a C string; then writes '!' into
 * the copy's last byte through result_data (unless mode "data" passes NULL for it) and checks that the
 * source is untouched and distinct. */
static napi_value CreateBufferCopy(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  size_t length = (size_t)number_arg(env, argv[0]);
  void* data = NULL;
  napi_value result = NULL;
  throw_if_pending_mode(env, mode);
  napi_status status = napi_create_buffer_copy(NULL_IF("env", env), length, source_bytes, NULL_IF("data", &data),
                                               NULL_IF("result", &result));
  if (status != napi_ok) return report_pending_caught(env, status, mode);
  if (data != NULL && length > 0) {
    if (data == (void*)source_bytes || memcmp(data, source_bytes, length) != 0) {
      napi_throw_error(env, NULL, "result_data is not a copy");
      return NULL;
    }
    ((uint8_t*)data)[length - 1] = '!';
    if (source_bytes[length - 1] == '!') {
      napi_throw_error(env, NULL, "the source changed");
      return NULL;
    }
  }
  return result;
}

/* ---- external buffers (ids as in test/binary) ----------------------------------------------- */

/* createExternalBuffer(length, mode): wraps a malloc'd block filled with (i * 5 + 1); its id is
 * lastExternalId(). Mode "nofinalizer" passes no finalizer (the block then leaks on purpose). */
static napi_value CreateExternalBuffer(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  size_t length = (size_t)number_arg(env, argv[0]);
  uintptr_t id;
  uint8_t* block = new_external_block(env, length, &id);
  if (block == NULL) return NULL;
  napi_value result = NULL;
  throw_if_pending_mode(env, mode);
  napi_status status = napi_create_external_buffer(NULL_IF("env", env), length, block,
                                                   MODE_IS(mode, "nofinalizer") ? NULL : FinalizeExternal,
                                                   (void*)id, NULL_IF("result", &result));
  if (status != napi_ok) {
    drop_external_block(id);
    return report_pending_caught(env, status, mode);
  }
  return result;
}

/* externalDataMatches(buffer, id): napi_get_buffer_info gives back the block C wrapped. */
static napi_value ExternalDataMatches(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  uint8_t* block = external_arg(env, argv[1]);
  if (block == NULL) return NULL;
  void* data = NULL;
  napi_value result;
  NAPI_CALL(env, napi_get_buffer_info(env, argv[0], &data, NULL));
  NAPI_CALL(env, napi_get_boolean(env, data == block, &result));
  return result;
}

/* ---- info ----------------------------------------------------------------------------------- */

/* getBufferInfo(value, mode) → { length, bytes } (bytes read through data; mode "data"/"length" passes
 * NULL for that out-parameter, then only `length` is reported). */
static napi_value GetBufferInfo(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  void* data = NULL;
  size_t length = 12345;
  throw_if_pending_mode(env, mode);
  napi_status status = napi_get_buffer_info(NULL_IF("env", env), NULL_IF("value", argv[0]), NULL_IF("data", &data),
                                            NULL_IF("length", &length));
  if (MODE_IS(mode, "pending")) return report_status_catch(env, status);
  if (status != napi_ok) return report_pending_caught(env, status, mode);
  napi_value result, v;
  NAPI_CALL(env, napi_create_object(env, &result));
  NAPI_CALL(env, napi_create_double(env, (double)length, &v));
  NAPI_CALL(env, napi_set_named_property(env, result, "length", v));
  NAPI_CALL(env, napi_get_boolean(env, data == NULL, &v));
  NAPI_CALL(env, napi_set_named_property(env, result, "dataIsNull", v));
  if (!MODE_IS(mode, "data") && !MODE_IS(mode, "length")) {
    NAPI_CALL(env, napi_set_named_property(env, result, "bytes", bytes_at(env, (uint8_t*)data, length)));
  }
  return result;
}

/* bufferDataMatchesView(value): napi_get_buffer_info's data equals napi_get_typedarray_info's (or
 * napi_get_dataview_info's) for the same view. */
static napi_value BufferDataMatchesView(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  void *data = NULL, *view_data = NULL;
  bool is_typedarray = false;
  napi_value result;
  NAPI_CALL(env, napi_get_buffer_info(env, argv[0], &data, NULL));
  NAPI_CALL(env, napi_is_typedarray(env, argv[0], &is_typedarray));
  if (is_typedarray) {
    NAPI_CALL(env, napi_get_typedarray_info(env, argv[0], NULL, NULL, &view_data, NULL, NULL));
  } else {
    NAPI_CALL(env, napi_get_dataview_info(env, argv[0], NULL, &view_data, NULL, NULL));
  }
  NAPI_CALL(env, napi_get_boolean(env, data == view_data, &result));
  return result;
}

static napi_value IsBuffer(napi_env env, napi_callback_info info) {
  return test_predicate(env, info, napi_is_buffer);
}

/* ---- bufferutil --------------------------------------------------------------------------- */

/* mask(source, mask, output, offset, length): output[offset + i] = source[i] ^ mask[i & 3], as
 * bufferutil's Mask does (every buffer through napi_get_buffer_info, written in place). */
static napi_value Mask(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 5);
  uint8_t *source, *mask, *destination;
  uint32_t offset, length;
  NAPI_CALL(env, napi_get_buffer_info(env, argv[0], (void**)&source, NULL));
  NAPI_CALL(env, napi_get_buffer_info(env, argv[1], (void**)&mask, NULL));
  NAPI_CALL(env, napi_get_buffer_info(env, argv[2], (void**)&destination, NULL));
  NAPI_CALL(env, napi_get_value_uint32(env, argv[3], &offset));
  NAPI_CALL(env, napi_get_value_uint32(env, argv[4], &length));
  destination += offset;
  for (uint32_t i = 0; i < length; i++) destination[i] = source[i] ^ mask[i & 3];
  return NULL;
}

/* unmask(buffer, mask): buffer[i] ^= mask[i & 3] in place, as bufferutil's Unmask does. */
static napi_value Unmask(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  uint8_t *source, *mask;
  size_t length;
  NAPI_CALL(env, napi_get_buffer_info(env, argv[0], (void**)&source, &length));
  NAPI_CALL(env, napi_get_buffer_info(env, argv[1], (void**)&mask, NULL));
  for (size_t i = 0; i < length; i++) source[i] ^= mask[i & 3];
  return NULL;
}

NAPI_MODULE_INIT() {
  EXPORT_FN(env, exports, "createBuffer", CreateBuffer);
  EXPORT_FN(env, exports, "createBufferCopy", CreateBufferCopy);
  EXPORT_FN(env, exports, "createExternalBuffer", CreateExternalBuffer);
  EXPORT_EXTERNAL_BLOCK_FNS(env, exports);
  EXPORT_FN(env, exports, "externalDataMatches", ExternalDataMatches);
  EXPORT_FN(env, exports, "getBufferInfo", GetBufferInfo);
  EXPORT_FN(env, exports, "bufferDataMatchesView", BufferDataMatchesView);
  EXPORT_FN(env, exports, "isBuffer", IsBuffer);
  EXPORT_FN(env, exports, "mask", Mask);
  EXPORT_FN(env, exports, "unmask", Unmask);
  return exports;
}
