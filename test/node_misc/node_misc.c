/* node_api.h odds and ends: napi_get_node_version, napi_get_uv_event_loop, napi_fatal_exception and
 * napi_fatal_error. A trailing string mode passes NULL in one position ("env", "result", "err") or
 * reports a pending exception ("catch"). */
#include <stdint.h>
#include "common.h"


static void set_uint(napi_env env, napi_value obj, const char* key, uint32_t v) {
  napi_value n;
  napi_create_uint32(env, v, &n);
  napi_set_named_property(env, obj, key, n);
}

/* nodeVersion(mode) → { major, minor, patch, release, stable } (stable: a second call gives the same
 * struct), or a status report. */
static napi_value NodeVersion(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  char mode[16];
  read_mode(env, argv[0], mode, sizeof mode);
  const napi_node_version* version = NULL;
  napi_status status = napi_get_node_version(NULL_IF("env", env), NULL_IF("result", &version));
  if (status != napi_ok) return report_for_mode(env, status, mode);
  const napi_node_version* again = NULL;
  NAPI_CALL(env, napi_get_node_version(env, &again));
  napi_value result, release, stable;
  NAPI_CALL(env, napi_create_object(env, &result));
  set_uint(env, result, "major", version->major);
  set_uint(env, result, "minor", version->minor);
  set_uint(env, result, "patch", version->patch);
  NAPI_CALL(env, napi_create_string_utf8(env, version->release, NAPI_AUTO_LENGTH, &release));
  NAPI_CALL(env, napi_set_named_property(env, result, "release", release));
  NAPI_CALL(env, napi_get_boolean(env, again == version, &stable));
  NAPI_CALL(env, napi_set_named_property(env, result, "stable", stable));
  return result;
}

/* uvLoop(mode) → { status, message, loop } (loop: whether a non-NULL loop came back). */
static napi_value UvLoop(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  char mode[16];
  read_mode(env, argv[0], mode, sizeof mode);
  struct uv_loop_s* loop = NULL;
  napi_status status = napi_get_uv_event_loop(NULL_IF("env", env), NULL_IF("result", &loop));
  if (MODE_IS(mode, "env")) return status_only(env, status);
  napi_value result = report_status(env, status), has_loop;
  NAPI_CALL(env, napi_get_boolean(env, loop != NULL, &has_loop));
  NAPI_CALL(env, napi_set_named_property(env, result, "loop", has_loop));
  return result;
}

/* fatalException(err, after, mode) → status report of napi_fatal_exception(err); `after` (a function)
 * is called right after it returns, so a test sees whether the exception was reported synchronously. */
static napi_value FatalException(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16];
  read_mode(env, argv[2], mode, sizeof mode);
  if (MODE_IS(mode, "pending")) napi_throw_error(env, NULL, "already pending");
  napi_status status = napi_fatal_exception(NULL_IF("env", env), NULL_IF("err", argv[0]));
  napi_value result = report_for_mode(env, status, mode);
  napi_valuetype t;
  napi_typeof(env, argv[1], &t);
  if (t == napi_function) {
    napi_value undefined;
    napi_get_undefined(env, &undefined);
    napi_call_function(env, undefined, argv[1], 0, NULL, NULL);
  }
  return result;
}

/* fatalError(location, locationLength, message, messageLength): napi_fatal_error with the UTF-8 of
 * the two strings (null = a NULL pointer; length -1 = NAPI_AUTO_LENGTH). Does not return. */
static napi_value FatalError(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 4);
  static char location[256], message[256];
  napi_valuetype t;
  const char* loc = NULL;
  const char* msg = NULL;
  int32_t loc_len = -1, msg_len = -1;
  napi_typeof(env, argv[0], &t);
  if (t == napi_string) {
    NAPI_CALL(env, napi_get_value_string_utf8(env, argv[0], location, sizeof location, NULL));
    loc = location;
  }
  napi_typeof(env, argv[2], &t);
  if (t == napi_string) {
    NAPI_CALL(env, napi_get_value_string_utf8(env, argv[2], message, sizeof message, NULL));
    msg = message;
  }
  napi_get_value_int32(env, argv[1], &loc_len);
  napi_get_value_int32(env, argv[3], &msg_len);
  napi_fatal_error(loc, loc_len < 0 ? NAPI_AUTO_LENGTH : (size_t)loc_len, msg,
                   msg_len < 0 ? NAPI_AUTO_LENGTH : (size_t)msg_len);
}

NAPI_MODULE_INIT() {
  EXPORT_FN(env, exports, "nodeVersion", NodeVersion);
  EXPORT_FN(env, exports, "uvLoop", UvLoop);
  EXPORT_FN(env, exports, "fatalException", FatalException);
  EXPORT_FN(env, exports, "fatalError", FatalError);
  return exports;
}
