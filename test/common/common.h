/* Shared helpers for the differential test addons. Each addon is built natively (node-gyp) and to wasm
 * (wasm32-wasi and Emscripten) from this same source; the test files assert the same results on all. */
#ifndef WASM_NAPI_TEST_COMMON_H
#define WASM_NAPI_TEST_COMMON_H
#include <node_api.h>
#include <stddef.h>
#include <string.h>

/* Calls a Node-API function; on failure throws a JS Error carrying the last-error message and returns NULL. */
#define NAPI_CALL(env, call)                                                        \
  do {                                                                              \
    napi_status status_ = (call);                                                   \
    if (status_ != napi_ok) {                                                       \
      const napi_extended_error_info* info_ = NULL;                                 \
      napi_get_last_error_info((env), &info_);                                      \
      /* Copy the message now: the next napi_* call resets the shared info struct. */ \
      const char* msg_ = (info_ && info_->error_message) ? info_->error_message     \
                                                         : "empty error message";   \
      bool pending_ = false;                                                        \
      napi_is_exception_pending((env), &pending_);                                  \
      if (!pending_) napi_throw_error((env), NULL, msg_);                           \
      return NULL;                                                                  \
    }                                                                               \
  } while (0)

/* Reports the status of a call as a JS object { status, message } without throwing, so a test can
 * compare the exact status and napi_get_last_error_info text with native Node. A pending exception
 * raised by the call is left pending (it propagates to JS when the callback returns). */
static inline napi_value report_status(napi_env env, napi_status status) {
  const napi_extended_error_info* info = NULL;
  napi_get_last_error_info(env, &info);
  /* Node hands out a pointer to one struct per env that every later napi_* call clears
   * (napi_is_exception_pending included), so copy the message before making more calls. */
  const char* message = (info && info->error_message) ? info->error_message : NULL;
  napi_value result, st, msg;
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) {
    /* Cannot create values while an exception is pending in some functions; return NULL (undefined). */
    return NULL;
  }
  napi_create_object(env, &result);
  napi_create_int32(env, (int32_t)status, &st);
  napi_set_named_property(env, result, "status", st);
  if (message) {
    napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &msg);
  } else {
    napi_get_null(env, &msg);
  }
  napi_set_named_property(env, result, "message", msg);
  return result;
}

/* Like report_status, but if the call left a JS exception pending, takes it (clearing it) and returns
 * { status, message, exception } so a test can check the status and the thrown value together. */
static inline napi_value report_status_catch(napi_env env, napi_status status) {
  const napi_extended_error_info* info = NULL;
  napi_get_last_error_info(env, &info);
  const char* message = (info && info->error_message) ? info->error_message : NULL;
  bool pending = false;
  napi_value exception = NULL, result, st, msg;
  napi_is_exception_pending(env, &pending);
  if (pending) napi_get_and_clear_last_exception(env, &exception);
  napi_create_object(env, &result);
  napi_create_int32(env, (int32_t)status, &st);
  napi_set_named_property(env, result, "status", st);
  if (message) {
    napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &msg);
  } else {
    napi_get_null(env, &msg);
  }
  napi_set_named_property(env, result, "message", msg);
  if (exception) napi_set_named_property(env, result, "exception", exception);
  return result;
}

/* The bare status as a JS number, for calls whose last error cannot be read (a NULL env: Node returns
 * napi_invalid_arg without touching any env's last error). */
static inline napi_value status_only(napi_env env, napi_status status) {
  napi_value st;
  napi_create_int32(env, (int32_t)status, &st);
  return st;
}

/* Bad-input modes. A test passes one as the FIRST argument of an addon function (undefined = normal);
 * the C side then replaces one input of the Node-API call under test with NULL. */
typedef enum {
  MODE_NORMAL = 0,
  MODE_NULL_ENV = 1,    /* env = NULL */
  MODE_NULL_RESULT = 2, /* result pointer = NULL */
  MODE_NULL_VALUE = 3,  /* first napi_value input = NULL */
  MODE_NULL_VALUE2 = 4, /* second napi_value input = NULL */
  MODE_CATCH = 5        /* normal call; a pending exception is taken into the report (report_status_catch) */
} test_mode;

static inline test_mode get_mode(napi_env env, napi_value v) {
  int32_t mode = 0;
  napi_valuetype t;
  if (v != NULL && napi_typeof(env, v, &t) == napi_ok && t == napi_number) napi_get_value_int32(env, v, &mode);
  return (test_mode)mode;
}

/* The JS answer of a test function: `value` when the call succeeded, the bare status for a NULL env,
 * otherwise { status, message } (and `exception` in MODE_CATCH). */
static inline napi_value finish(napi_env env, test_mode mode, napi_status status, napi_value value) {
  if (mode == MODE_NULL_ENV) return status_only(env, status);
  if (status != napi_ok) return mode == MODE_CATCH ? report_status_catch(env, status) : report_status(env, status);
  return value;
}

/* Reads n JS arguments into argv (missing ones are undefined) and returns the mode found in argv[0]. */
static inline test_mode get_args(napi_env env, napi_callback_info info, size_t n, napi_value* argv) {
  size_t argc = n;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  return n > 0 ? get_mode(env, argv[0]) : MODE_NORMAL;
}

#define EXPORT_FN(env, exports, name, fn)                                              \
  do {                                                                                 \
    napi_value fn_;                                                                    \
    NAPI_CALL((env), napi_create_function((env), (name), NAPI_AUTO_LENGTH, (fn), NULL, &fn_)); \
    NAPI_CALL((env), napi_set_named_property((env), (exports), (name), fn_));          \
  } while (0)

/* ---- String modes (objects, arrays, functions, lifecycle tests) ----
 * Functions with several inputs that can be NULL name the one to replace, so these tests pass a
 * trailing string mode instead of the numeric first-argument test_mode above. */

/* Reads the test's optional trailing "mode" argument (a JS string) into buf; empty when absent.
 * A mode names the argument the C side passes as NULL instead of the real one ("env", "result",
 * "object", "key", ...), or "catch" to report a pending exception instead of letting it propagate. */
static inline void read_mode(napi_env env, napi_value value, char* buf, size_t size) {
  napi_valuetype type = napi_undefined;
  buf[0] = '\0';
  if (value != NULL && napi_typeof(env, value, &type) == napi_ok && type == napi_string) {
    napi_get_value_string_utf8(env, value, buf, size, NULL);
  }
}

/* True when the mode names `which`: the C side then passes NULL in that position. */
#define MODE_IS(mode, which) (strcmp((mode), (which)) == 0)

/* Reports a call's status according to the test's string mode: the bare status for a NULL env
 * (status_only), { status, message, exception } for "catch" (report_status_catch), else report_status
 * (a pending exception then propagates to JS when the callback returns). */
static inline napi_value report_for_mode(napi_env env, napi_status status, const char* mode) {
  if (MODE_IS(mode, "env")) return status_only(env, status);
  if (MODE_IS(mode, "catch")) return report_status_catch(env, status);
  return report_status(env, status);
}

/* report_for_mode, where mode "pending" (an exception thrown before the call) is reported like
 * "catch": the test then sees the status and the exception that was pending. */
static inline napi_value report_pending_caught(napi_env env, napi_status status, const char* mode) {
  return report_for_mode(env, status, MODE_IS(mode, "pending") ? "catch" : mode);
}

/* `x`, or NULL when the string mode names `which` (the argument a bad-input case passes as NULL). */
#define NULL_IF(which, x) (MODE_IS(mode, (which)) ? NULL : (x))

/* Mode "pending": a JS error is thrown (left pending) before the call under test, to see whether
 * that call refuses to run with an exception pending. */
static inline void throw_if_pending_mode(napi_env env, const char* mode) {
  if (MODE_IS(mode, "pending")) napi_throw_error(env, NULL, "already pending");
}

/* A JS number argument as a C double (0 when it is not a number). */
static inline double number_arg(napi_env env, napi_value value) {
  double d = 0;
  napi_get_value_double(env, value, &d);
  return d;
}

/* Declares argc/argv and reads up to n arguments (missing ones are undefined). */
#define GET_ARGS(env, info, n)                                                    \
  size_t argc = (n);                                                              \
  napi_value argv[(n) > 0 ? (n) : 1];                                             \
  NAPI_CALL((env), napi_get_cb_info((env), (info), &argc, argv, NULL, NULL))

/* A napi_is_* predicate (napi_is_arraybuffer, napi_is_buffer, …) called as predicate(value, mode)
 * with the string bad-input modes: the boolean, or { status, message } for a failing call; mode
 * "pending" calls it with an exception pending and reports its status. */
typedef napi_status (*napi_predicate)(napi_env env, napi_value value, bool* result);
static inline napi_value test_predicate(napi_env env, napi_callback_info info, napi_predicate is) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  bool out = false;
  throw_if_pending_mode(env, mode);
  napi_status status = is(NULL_IF("env", env), NULL_IF("value", argv[0]), NULL_IF("result", &out));
  if (MODE_IS(mode, "pending")) return report_status_catch(env, status);
  if (status != napi_ok) return report_pending_caught(env, status, mode);
  napi_value result;
  NAPI_CALL(env, napi_get_boolean(env, out, &result));
  return result;
}

#endif
