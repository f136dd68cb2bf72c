/* C-owned memory blocks handed to JS as external ArrayBuffers / Buffers (test/binary, test/buffers).
 * Each block gets an id (its index here, also the finalize hint) so a test counts the finalizer runs
 * of its own buffers only, and reads or writes a block through C's own pointer. */
#ifndef WASM_NAPI_TEST_EXTERNAL_BLOCKS_H
#define WASM_NAPI_TEST_EXTERNAL_BLOCKS_H
#include <stdint.h>
#include <stdlib.h>
#include "common.h"

#define MAX_EXTERNALS 64
static uint8_t* external_block[MAX_EXTERNALS]; /* the block wrapped under each id (NULL once freed) */
static int external_finalized[MAX_EXTERNALS]; /* finalizer runs per id */
static int external_finalize_bad = 0;          /* runs whose data did not match their hint's block */
static int external_next_id = 0;

static void FinalizeExternal(napi_env env, void* data, void* hint) {
  (void)env;
  uintptr_t id = (uintptr_t)hint;
  if (id >= MAX_EXTERNALS || data != external_block[id]) {
    external_finalize_bad++;
    return;
  }
  external_finalized[id]++;
  free(data);
  external_block[id] = NULL;
}

/* A new block of `length` bytes filled with (i * 5 + 1), its id in *id; NULL (and a pending error)
 * when the table is full. */
static uint8_t* new_external_block(napi_env env, size_t length, uintptr_t* id) {
  if (external_next_id >= MAX_EXTERNALS) {
    napi_throw_error(env, NULL, "too many external buffers");
    return NULL;
  }
  *id = (uintptr_t)external_next_id++;
  uint8_t* block = malloc(length > 0 ? length : 1);
  for (size_t i = 0; i < length; i++) block[i] = (uint8_t)(i * 5 + 1);
  external_block[*id] = block;
  return block;
}

/* Frees a block that no buffer took. */
static void drop_external_block(uintptr_t id) {
  free(external_block[id]);
  external_block[id] = NULL;
}

static napi_value LastExternalId(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  NAPI_CALL(env, napi_create_int32(env, external_next_id - 1, &result));
  return result;
}

static uint8_t* external_arg(napi_env env, napi_value value) {
  int32_t id = -1;
  napi_get_value_int32(env, value, &id);
  if (id < 0 || id >= MAX_EXTERNALS || external_block[id] == NULL) {
    napi_throw_error(env, NULL, "no such external block");
    return NULL;
  }
  return external_block[id];
}

/* externalWrite(id, index, value): C writes one byte of a block through its own pointer. */
static napi_value ExternalWrite(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  uint8_t* block = external_arg(env, argv[0]);
  if (block == NULL) return NULL;
  block[(size_t)number_arg(env, argv[1])] = (uint8_t)number_arg(env, argv[2]);
  return NULL;
}

/* externalRead(id, index): one byte of a block, read through C's own pointer. */
static napi_value ExternalRead(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  uint8_t* block = external_arg(env, argv[0]);
  if (block == NULL) return NULL;
  napi_value result;
  NAPI_CALL(env, napi_create_uint32(env, block[(size_t)number_arg(env, argv[1])], &result));
  return result;
}

/* externalFinalizeCount(id) → { count, bad }: finalizer runs for that id, and bad runs overall. */
static napi_value ExternalFinalizeCount(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  int32_t id = -1;
  NAPI_CALL(env, napi_get_value_int32(env, argv[0], &id));
  napi_value result, v;
  NAPI_CALL(env, napi_create_object(env, &result));
  NAPI_CALL(env, napi_create_int32(env, id >= 0 && id < MAX_EXTERNALS ? external_finalized[id] : -1, &v));
  NAPI_CALL(env, napi_set_named_property(env, result, "count", v));
  NAPI_CALL(env, napi_create_int32(env, external_finalize_bad, &v));
  NAPI_CALL(env, napi_set_named_property(env, result, "bad", v));
  return result;
}

#define EXPORT_EXTERNAL_BLOCK_FNS(env, exports)                                 \
  do {                                                                          \
    EXPORT_FN((env), (exports), "lastExternalId", LastExternalId);             \
    EXPORT_FN((env), (exports), "externalWrite", ExternalWrite);               \
    EXPORT_FN((env), (exports), "externalRead", ExternalRead);                 \
    EXPORT_FN((env), (exports), "externalFinalizeCount", ExternalFinalizeCount); \
  } while (0)

#endif
