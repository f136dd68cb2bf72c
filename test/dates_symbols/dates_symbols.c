/* Dates and symbols: napi_create_date, napi_is_date, napi_get_date_value, napi_create_symbol,
 * node_api_symbol_for.
 *
 * Each exported function makes one Node-API call and returns its result, or { status, message } from
 * report_for_mode(). A trailing string mode passes NULL in one position ("env", "value", "result",
 * "str"), calls with a JS exception already pending ("pending", reported with the exception taken),
 * or reports a pending exception instead of letting it propagate ("catch"). */
#include <stdlib.h>
#include "common.h"


static napi_value value_or_report(napi_env env, napi_status status, napi_value value, const char* mode) {
  if (status != napi_ok || MODE_IS(mode, "pending")) return report_pending_caught(env, status, mode);
  return value;
}

/* createDate(time, mode) */
static napi_value CreateDate(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  double time = 0;
  NAPI_CALL(env, napi_get_value_double(env, argv[0], &time));
  napi_value result = NULL;
  throw_if_pending_mode(env, mode);
  napi_status status = napi_create_date(NULL_IF("env", env), time, NULL_IF("result", &result));
  return value_or_report(env, status, result, mode);
}

/* isDate(value, mode) → bool */
static napi_value IsDate(napi_env env, napi_callback_info info) {
  return test_predicate(env, info, napi_is_date);
}

/* getDateValue(value, mode) → number */
static napi_value GetDateValue(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  double result = -1;
  throw_if_pending_mode(env, mode);
  napi_status status = napi_get_date_value(NULL_IF("env", env), NULL_IF("value", argv[0]), NULL_IF("result", &result));
  napi_value out = NULL;
  if (status == napi_ok) napi_create_double(env, result, &out);
  return value_or_report(env, status, out, mode);
}

/* createSymbol(description, mode): mode "value" passes a NULL description. */
static napi_value CreateSymbol(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  napi_value result = NULL;
  throw_if_pending_mode(env, mode);
  napi_status status = napi_create_symbol(NULL_IF("env", env), NULL_IF("value", argv[0]), NULL_IF("result", &result));
  return value_or_report(env, status, result, mode);
}

/* symbolFor([bytes], length, mode): the description as UTF-8 bytes; length -1 is NAPI_AUTO_LENGTH
 * (the bytes are NUL-terminated); mode "str" passes a NULL pointer. */
static napi_value SymbolFor(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16];
  read_mode(env, argv[2], mode, sizeof mode);
  uint32_t n = 0;
  int64_t length = 0;
  NAPI_CALL(env, napi_get_array_length(env, argv[0], &n));
  NAPI_CALL(env, napi_get_value_int64(env, argv[1], &length));
  char* bytes = calloc(n + 1, 1);
  for (uint32_t i = 0; i < n; i++) {
    napi_value el;
    uint32_t byte;
    NAPI_CALL(env, napi_get_element(env, argv[0], i, &el));
    NAPI_CALL(env, napi_get_value_uint32(env, el, &byte));
    bytes[i] = (char)byte;
  }
  napi_value result = NULL;
  throw_if_pending_mode(env, mode);
  napi_status status = node_api_symbol_for(NULL_IF("env", env), NULL_IF("str", bytes),
                                           length < 0 ? NAPI_AUTO_LENGTH : (size_t)length, NULL_IF("result", &result));
  free(bytes);
  return value_or_report(env, status, result, mode);
}

NAPI_MODULE_INIT() {
  EXPORT_FN(env, exports, "createDate", CreateDate);
  EXPORT_FN(env, exports, "isDate", IsDate);
  EXPORT_FN(env, exports, "getDateValue", GetDateValue);
  EXPORT_FN(env, exports, "createSymbol", CreateSymbol);
  EXPORT_FN(env, exports, "symbolFor", SymbolFor);
  return exports;
}
