/* BigInt: napi_create_bigint_{int64,uint64,words} and napi_get_value_bigint_{int64,uint64,words}.
 *
 * Each exported function makes one Node-API call and returns its result, or { status, message } from
 * report_for_mode(). 64-bit integers cross the JS boundary as decimal strings (parsed and printed
 * with strtoll/snprintf), so the tests do not depend on the functions under test to move values. A
 * trailing string mode passes NULL in one position ("env", "value", "result", "lossless", "sign",
 * "count", "words", "signwords"), calls with an exception already pending ("pending"), or reports
 * a pending exception instead of letting it propagate ("catch"). Mode "farwords" passes a words
 * pointer past the end of a wasm32 memory (only the wasm builds run it: native Node would crash). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include "common.h"

#define FAR_WORDS ((uint64_t*)(uintptr_t)0xFFFFFFF0u)

static void string_arg(napi_env env, napi_value value, char* buf, size_t size) {
  buf[0] = '\0';
  napi_get_value_string_utf8(env, value, buf, size, NULL);
}

static napi_value make_string(napi_env env, const char* s) {
  napi_value v;
  napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v);
  return v;
}

/* createInt64(decimal, mode) */
static napi_value CreateInt64(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16], text[64];
  read_mode(env, argv[1], mode, sizeof mode);
  string_arg(env, argv[0], text, sizeof text);
  int64_t value = strtoll(text, NULL, 10);
  napi_value result = NULL;
  throw_if_pending_mode(env, mode);
  napi_status status = napi_create_bigint_int64(NULL_IF("env", env), value, NULL_IF("result", &result));
  if (MODE_IS(mode, "pending")) return report_pending_caught(env, status, mode);
  return status == napi_ok ? result : report_pending_caught(env, status, mode);
}

/* createUint64(decimal, mode) */
static napi_value CreateUint64(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16], text[64];
  read_mode(env, argv[1], mode, sizeof mode);
  string_arg(env, argv[0], text, sizeof text);
  uint64_t value = strtoull(text, NULL, 10);
  napi_value result = NULL;
  throw_if_pending_mode(env, mode);
  napi_status status = napi_create_bigint_uint64(NULL_IF("env", env), value, NULL_IF("result", &result));
  if (MODE_IS(mode, "pending")) return report_pending_caught(env, status, mode);
  return status == napi_ok ? result : report_pending_caught(env, status, mode);
}

/* createWords(sign, [decimal words], count, mode): count < 0 means the array's length. The words
 * buffer holds the array's words (at least one), whatever count says: V8 checks a too-large count
 * before reading. */
static napi_value CreateWords(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 4);
  char mode[16], text[64];
  read_mode(env, argv[3], mode, sizeof mode);
  int32_t sign = 0;
  int64_t count = -1;
  uint32_t n = 0;
  NAPI_CALL(env, napi_get_value_int32(env, argv[0], &sign));
  NAPI_CALL(env, napi_get_array_length(env, argv[1], &n));
  NAPI_CALL(env, napi_get_value_int64(env, argv[2], &count));
  uint64_t* words = calloc(n > 0 ? n : 1, sizeof(uint64_t));
  for (uint32_t i = 0; i < n; i++) {
    napi_value el;
    NAPI_CALL(env, napi_get_element(env, argv[1], i, &el));
    string_arg(env, el, text, sizeof text);
    words[i] = strtoull(text, NULL, 10);
  }
  napi_value result = NULL;
  throw_if_pending_mode(env, mode);
  napi_status status = napi_create_bigint_words(NULL_IF("env", env), sign, count < 0 ? n : (size_t)count,
                                                MODE_IS(mode, "farwords") ? FAR_WORDS : NULL_IF("words", words),
                                                NULL_IF("result", &result));
  free(words);
  if (MODE_IS(mode, "pending")) return report_pending_caught(env, status, mode);
  return status == napi_ok ? result : report_pending_caught(env, status, mode);
}

/* getInt64(value, mode) → [decimal, lossless] */
static napi_value GetInt64(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16], text[64];
  read_mode(env, argv[1], mode, sizeof mode);
  int64_t result = 0;
  bool lossless = false;
  throw_if_pending_mode(env, mode);
  napi_status status = napi_get_value_bigint_int64(NULL_IF("env", env), NULL_IF("value", argv[0]),
                                                   NULL_IF("result", &result), NULL_IF("lossless", &lossless));
  if (status != napi_ok || MODE_IS(mode, "pending")) return report_pending_caught(env, status, mode);
  snprintf(text, sizeof text, "%" PRId64, result);
  napi_value out, flag;
  NAPI_CALL(env, napi_create_array_with_length(env, 2, &out));
  NAPI_CALL(env, napi_get_boolean(env, lossless, &flag));
  NAPI_CALL(env, napi_set_element(env, out, 0, make_string(env, text)));
  NAPI_CALL(env, napi_set_element(env, out, 1, flag));
  return out;
}

/* getUint64(value, mode) → [decimal, lossless] */
static napi_value GetUint64(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16], text[64];
  read_mode(env, argv[1], mode, sizeof mode);
  uint64_t result = 0;
  bool lossless = false;
  throw_if_pending_mode(env, mode);
  napi_status status = napi_get_value_bigint_uint64(NULL_IF("env", env), NULL_IF("value", argv[0]),
                                                    NULL_IF("result", &result), NULL_IF("lossless", &lossless));
  if (status != napi_ok || MODE_IS(mode, "pending")) return report_pending_caught(env, status, mode);
  snprintf(text, sizeof text, "%" PRIu64, result);
  napi_value out, flag;
  NAPI_CALL(env, napi_create_array_with_length(env, 2, &out));
  NAPI_CALL(env, napi_get_boolean(env, lossless, &flag));
  NAPI_CALL(env, napi_set_element(env, out, 0, make_string(env, text)));
  NAPI_CALL(env, napi_set_element(env, out, 1, flag));
  return out;
}

#define SENTINEL 0xA5A5A5A5A5A5A5A5ull

/* getWords(value, available, mode) → { sign, count, words }: `available` is the word_count passed in
 * (a number, up to 16; -1 passes SIZE_MAX); the buffer is pre-filled with 0xA5.. and sign with -7, and
 * `words` lists all 16 buffer words (decimal strings) so a test sees which ones were written.
 * Mode "signwords" passes NULL for both sign_bit and words (the query form). */
static napi_value GetWords(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16], text[64];
  read_mode(env, argv[2], mode, sizeof mode);
  int64_t available = 0;
  NAPI_CALL(env, napi_get_value_int64(env, argv[1], &available));
  uint64_t words[16];
  for (int i = 0; i < 16; i++) words[i] = SENTINEL;
  int sign = -7;
  size_t count = available < 0 ? SIZE_MAX : (size_t)available;
  bool query = MODE_IS(mode, "signwords");
  throw_if_pending_mode(env, mode);
  napi_status status = napi_get_value_bigint_words(
      NULL_IF("env", env), NULL_IF("value", argv[0]), query ? NULL : NULL_IF("sign", &sign),
      NULL_IF("count", &count),
      query ? NULL : MODE_IS(mode, "farwords") ? FAR_WORDS : NULL_IF("words", words));
  if (status != napi_ok || MODE_IS(mode, "pending")) return report_pending_caught(env, status, mode);
  napi_value out, v, list;
  NAPI_CALL(env, napi_create_object(env, &out));
  NAPI_CALL(env, napi_create_int32(env, sign, &v));
  NAPI_CALL(env, napi_set_named_property(env, out, "sign", v));
  NAPI_CALL(env, napi_create_double(env, (double)count, &v));
  NAPI_CALL(env, napi_set_named_property(env, out, "count", v));
  NAPI_CALL(env, napi_create_array_with_length(env, 16, &list));
  for (uint32_t i = 0; i < 16; i++) {
    if (words[i] == SENTINEL) {
      NAPI_CALL(env, napi_get_null(env, &v));
    } else {
      snprintf(text, sizeof text, "%" PRIu64, words[i]);
      v = make_string(env, text);
    }
    NAPI_CALL(env, napi_set_element(env, list, i, v));
  }
  NAPI_CALL(env, napi_set_named_property(env, out, "words", list));
  return out;
}

NAPI_MODULE_INIT() {
  EXPORT_FN(env, exports, "createInt64", CreateInt64);
  EXPORT_FN(env, exports, "createUint64", CreateUint64);
  EXPORT_FN(env, exports, "createWords", CreateWords);
  EXPORT_FN(env, exports, "getInt64", GetInt64);
  EXPORT_FN(env, exports, "getUint64", GetUint64);
  EXPORT_FN(env, exports, "getWords", GetWords);
  return exports;
}
