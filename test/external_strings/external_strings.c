/* node_api_create_external_string_{latin1,utf16}: Node-API 10 in node-api-headers (the wasm route),
 * experimental (NAPI_EXPERIMENTAL) in Node 20's own headers (the native route); Node 20.20 exports
 * both symbols. Built as an experimental module for that reason, as test/strings_experimental is.
 *
 * external(kind, units[], length, mode) copies the code units into malloc'ed memory, makes the string
 * and returns { value, copied, finalizedNow }: copied is the call's *copied (null when the mode passes
 * NULL for it), finalizedNow whether the finalizer ran before the call returned. The finalizer checks
 * that it got the string's pointer and the hint, then frees the string. A trailing string mode passes
 * NULL in one position ("env", "str", "result", "copied", "finalizer") or calls with a JS exception
 * already pending ("pending"). */
#undef NAPI_VERSION
#define NAPI_VERSION 2147483647 /* NAPI_VERSION_EXPERIMENTAL */
#define NAPI_EXPERIMENTAL
#include <stdint.h>
#include <stdlib.h>
#include "common.h"


static int finalize_calls = 0;
static int finalize_mismatches = 0;
static void* expected_data = NULL;
static int hint_value = 0;

static void finalize(node_api_basic_env env, void* data, void* hint) {
  (void)env;
  finalize_calls++;
  if (data != expected_data || hint != &hint_value) finalize_mismatches++;
  free(data);
}

static napi_value External(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 4);
  char mode[16], kind[16];
  read_mode(env, argv[3], mode, sizeof mode);
  read_mode(env, argv[0], kind, sizeof kind);
  bool utf16 = MODE_IS(kind, "utf16");
  size_t width = utf16 ? 2 : 1;
  uint32_t count = 0;
  int64_t length = 0;
  NAPI_CALL(env, napi_get_array_length(env, argv[1], &count));
  NAPI_CALL(env, napi_get_value_int64(env, argv[2], &length));
  unsigned char* str = calloc((size_t)count + 1, width);
  for (uint32_t i = 0; i < count; i++) {
    napi_value el;
    uint32_t unit;
    NAPI_CALL(env, napi_get_element(env, argv[1], i, &el));
    NAPI_CALL(env, napi_get_value_uint32(env, el, &unit));
    if (utf16) ((uint16_t*)str)[i] = (uint16_t)unit;
    else str[i] = (unsigned char)unit;
  }
  expected_data = MODE_IS(mode, "str") ? NULL : str;
  int before = finalize_calls;
  napi_value result = NULL;
  bool copied = false;
  size_t len = length < 0 ? NAPI_AUTO_LENGTH : (size_t)length;
  node_api_basic_finalize cb = MODE_IS(mode, "finalizer") ? NULL : finalize;
  if (MODE_IS(mode, "pending")) napi_throw_error(env, NULL, "already pending");
  napi_status status =
      utf16 ? node_api_create_external_string_utf16(NULL_IF("env", env), NULL_IF("str", (char16_t*)str), len, cb,
                                                    &hint_value, NULL_IF("result", &result), NULL_IF("copied", &copied))
            : node_api_create_external_string_latin1(NULL_IF("env", env), NULL_IF("str", (char*)str), len, cb,
                                                     &hint_value, NULL_IF("result", &result), NULL_IF("copied", &copied));
  bool finalized_now = finalize_calls > before;
  napi_value exception = NULL;
  if (MODE_IS(mode, "pending")) NAPI_CALL(env, napi_get_and_clear_last_exception(env, &exception));
  /* Without a finalizer the addon still owns the memory: free it once V8 does not use it (copied),
   * or when the call failed. A failed call never takes ownership. */
  if ((status != napi_ok && !finalized_now) || (cb == NULL && copied)) free(str);
  if (status != napi_ok) return report_for_mode(env, status, mode);
  napi_value out, v;
  NAPI_CALL(env, napi_create_object(env, &out));
  NAPI_CALL(env, napi_set_named_property(env, out, "value", result));
  if (MODE_IS(mode, "copied")) NAPI_CALL(env, napi_get_null(env, &v));
  else NAPI_CALL(env, napi_get_boolean(env, copied, &v));
  NAPI_CALL(env, napi_set_named_property(env, out, "copied", v));
  NAPI_CALL(env, napi_get_boolean(env, finalized_now, &v));
  NAPI_CALL(env, napi_set_named_property(env, out, "finalizedNow", v));
  if (exception) NAPI_CALL(env, napi_set_named_property(env, out, "exception", exception));
  return out;
}

/* finalizerStats() → { calls, mismatches } */
static napi_value FinalizerStats(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out, v;
  NAPI_CALL(env, napi_create_object(env, &out));
  NAPI_CALL(env, napi_create_int32(env, finalize_calls, &v));
  NAPI_CALL(env, napi_set_named_property(env, out, "calls", v));
  NAPI_CALL(env, napi_create_int32(env, finalize_mismatches, &v));
  NAPI_CALL(env, napi_set_named_property(env, out, "mismatches", v));
  return out;
}

NAPI_MODULE_INIT() {
  EXPORT_FN(env, exports, "external", External);
  EXPORT_FN(env, exports, "finalizerStats", FinalizerStats);
  return exports;
}
