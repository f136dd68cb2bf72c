/* napi_run_script and napi_adjust_external_memory (group "lifecycle").
 *
 * runScript(script, mode) returns the script's completion value or { status, message }; adjust(a, b,
 * mode) makes two napi_adjust_external_memory calls in a row (so nothing else in the process can
 * allocate in between) and returns both results. A trailing string mode passes NULL in one position
 * ("env", "value", "result"), calls with a JS exception already pending ("pending", reported with the
 * exception taken), or reports a pending exception instead of letting it propagate ("catch"). */
#include <stdint.h>
#include "common.h"


static napi_value RunScript(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  napi_value result = NULL;
  if (MODE_IS(mode, "pending")) napi_throw_error(env, NULL, "already pending");
  napi_status status = napi_run_script(NULL_IF("env", env), NULL_IF("value", argv[0]), NULL_IF("result", &result));
  if (status != napi_ok || MODE_IS(mode, "pending")) {
    return report_for_mode(env, status, MODE_IS(mode, "pending") ? "catch" : mode);
  }
  return result;
}

/* adjust(first, second, mode) → [total after first, total after second]; both changes are numbers
 * (int64 through napi_get_value_int64). Mode "env"/"result" apply to the first call only. */
static napi_value Adjust(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16];
  read_mode(env, argv[2], mode, sizeof mode);
  int64_t first = 0, second = 0, r1 = -1, r2 = -1;
  NAPI_CALL(env, napi_get_value_int64(env, argv[0], &first));
  NAPI_CALL(env, napi_get_value_int64(env, argv[1], &second));
  if (MODE_IS(mode, "pending")) napi_throw_error(env, NULL, "already pending");
  napi_status status = napi_adjust_external_memory(NULL_IF("env", env), first, NULL_IF("result", &r1));
  if (status != napi_ok || MODE_IS(mode, "pending")) {
    return report_for_mode(env, status, MODE_IS(mode, "pending") ? "catch" : mode);
  }
  NAPI_CALL(env, napi_adjust_external_memory(env, second, &r2));
  napi_value out, v;
  NAPI_CALL(env, napi_create_array_with_length(env, 2, &out));
  NAPI_CALL(env, napi_create_int64(env, r1, &v));
  NAPI_CALL(env, napi_set_element(env, out, 0, v));
  NAPI_CALL(env, napi_create_int64(env, r2, &v));
  NAPI_CALL(env, napi_set_element(env, out, 1, v));
  return out;
}

NAPI_MODULE_INIT() {
  EXPORT_FN(env, exports, "runScript", RunScript);
  EXPORT_FN(env, exports, "adjust", Adjust);
  return exports;
}
