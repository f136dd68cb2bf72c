/* Errors and exceptions: napi_create_*error, napi_throw*, napi_is_error, napi_is_exception_pending,
 * napi_get_and_clear_last_exception, napi_get_last_error_info, propagation of JS exceptions through
 * C, and which calls refuse to run while an exception is pending.
 *
 * Functions take a bad-input mode (common.h) first where bad input is tested. */
#include <stdlib.h>
#include "common.h"

#define ENV (mode == MODE_NULL_ENV ? NULL : env)
#define RESULT(p) (mode == MODE_NULL_RESULT ? NULL : (p))
#define VALUE(v) (mode == MODE_NULL_VALUE ? NULL : (v))

/* A JS string argument as a malloc'd C string; NULL for undefined (so tests can pass NULL). */
static char* c_string(napi_env env, napi_value v) {
  napi_valuetype type;
  if (napi_typeof(env, v, &type) != napi_ok || type == napi_undefined) return NULL;
  size_t length = 0;
  if (napi_get_value_string_utf8(env, v, NULL, 0, &length) != napi_ok) return NULL;
  char* s = malloc(length + 1);
  napi_get_value_string_utf8(env, v, s, length + 1, NULL);
  return s;
}

static bool is_undefined(napi_env env, napi_value v) {
  napi_valuetype type;
  return napi_typeof(env, v, &type) == napi_ok && type == napi_undefined;
}

/* ---- creating errors: (mode, code | undefined, msg) → the error ------------------------------
 * undefined code is passed as NULL; MODE_NULL_VALUE passes msg = NULL. */

typedef napi_status (*create_error_fn)(napi_env, napi_value, napi_value, napi_value*);

static napi_value create_error(napi_env env, napi_callback_info info, create_error_fn fn) {
  napi_value argv[3];
  test_mode mode = get_args(env, info, 3, argv);
  napi_value code = is_undefined(env, argv[1]) ? NULL : argv[1];
  napi_value result = NULL;
  napi_status status = fn(ENV, code, VALUE(argv[2]), RESULT(&result));
  return finish(env, mode, status, result);
}

static napi_value CreateError(napi_env env, napi_callback_info info) {
  return create_error(env, info, napi_create_error);
}
static napi_value CreateTypeError(napi_env env, napi_callback_info info) {
  return create_error(env, info, napi_create_type_error);
}
static napi_value CreateRangeError(napi_env env, napi_callback_info info) {
  return create_error(env, info, napi_create_range_error);
}
static napi_value CreateSyntaxError(napi_env env, napi_callback_info info) {
  return create_error(env, info, node_api_create_syntax_error);
}

/* ---- throwing ---------------------------------------------------------------------------------- */

/* (mode, value): napi_throw; on success the value reaches the JS caller as the exception. */
static napi_value Throw(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  test_mode mode = get_args(env, info, 2, argv);
  napi_status status = napi_throw(ENV, VALUE(argv[1]));
  return finish(env, mode, status, NULL);
}

/* (mode, code | undefined, msg | undefined): undefined is passed as NULL. */
typedef napi_status (*throw_error_fn)(napi_env, const char*, const char*);

static napi_value throw_error(napi_env env, napi_callback_info info, throw_error_fn fn) {
  napi_value argv[3];
  test_mode mode = get_args(env, info, 3, argv);
  char* code = c_string(env, argv[1]);
  char* msg = c_string(env, argv[2]);
  napi_status status = fn(ENV, code, msg);
  free(code);
  free(msg);
  return finish(env, mode, status, NULL);
}

static napi_value ThrowError(napi_env env, napi_callback_info info) {
  return throw_error(env, info, napi_throw_error);
}
static napi_value ThrowTypeError(napi_env env, napi_callback_info info) {
  return throw_error(env, info, napi_throw_type_error);
}
static napi_value ThrowRangeError(napi_env env, napi_callback_info info) {
  return throw_error(env, info, napi_throw_range_error);
}
static napi_value ThrowSyntaxError(napi_env env, napi_callback_info info) {
  return throw_error(env, info, node_api_throw_syntax_error);
}

/* Throws "first", then tries to throw "second": answers nothing, the status of the second throw is
 * kept for SecondThrowStatus (the JS caller sees the first exception). */
static napi_status second_throw_status = napi_ok;

static napi_value ThrowTwice(napi_env env, napi_callback_info info) {
  napi_throw_error(env, NULL, "first");
  second_throw_status = napi_throw_error(env, NULL, "second");
  return NULL;
}

static napi_value SecondThrowStatus(napi_env env, napi_callback_info info) {
  return status_only(env, second_throw_status);
}

/* Throws, then returns a value anyway: the exception wins. */
static napi_value ThrowAndReturn(napi_env env, napi_callback_info info) {
  napi_value value;
  napi_throw_error(env, NULL, "thrown");
  napi_create_int32(env, 42, &value);
  return value;
}

/* ---- inspecting -------------------------------------------------------------------------------- */

static napi_value IsError(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  test_mode mode = get_args(env, info, 2, argv);
  bool out = false;
  napi_status status = napi_is_error(ENV, VALUE(argv[1]), RESULT(&out));
  if (status != napi_ok) return finish(env, mode, status, NULL);
  napi_value result;
  NAPI_CALL(env, napi_get_boolean(env, out, &result));
  return finish(env, mode, status, result);
}

static napi_value IsExceptionPending(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  test_mode mode = get_args(env, info, 1, argv);
  bool out = true;
  napi_status status = napi_is_exception_pending(ENV, RESULT(&out));
  if (status != napi_ok) return finish(env, mode, status, NULL);
  napi_value result;
  NAPI_CALL(env, napi_get_boolean(env, out, &result));
  return finish(env, mode, status, result);
}

/* With nothing pending: answers napi_get_and_clear_last_exception's result (undefined). */
static napi_value GetAndClearLastException(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  test_mode mode = get_args(env, info, 1, argv);
  napi_value result = NULL;
  napi_status status = napi_get_and_clear_last_exception(ENV, RESULT(&result));
  return finish(env, mode, status, result);
}

/* (thrower): calls thrower; answers { callStatus, pendingBefore, exception, pendingAfter, again }
 * where `again` is a second napi_get_and_clear_last_exception (undefined: nothing left). */
static napi_value CatchFromCall(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value fn, global, ignored, exception, again, result, v;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, &fn, NULL, NULL));
  NAPI_CALL(env, napi_get_global(env, &global));
  napi_status call_status = napi_call_function(env, global, fn, 0, NULL, &ignored);
  bool before = false, after = true;
  napi_is_exception_pending(env, &before);
  napi_get_and_clear_last_exception(env, &exception);
  napi_is_exception_pending(env, &after);
  napi_get_and_clear_last_exception(env, &again);
  NAPI_CALL(env, napi_create_object(env, &result));
  NAPI_CALL(env, napi_set_named_property(env, result, "callStatus", status_only(env, call_status)));
  NAPI_CALL(env, napi_get_boolean(env, before, &v));
  NAPI_CALL(env, napi_set_named_property(env, result, "pendingBefore", v));
  NAPI_CALL(env, napi_set_named_property(env, result, "exception", exception));
  NAPI_CALL(env, napi_get_boolean(env, after, &v));
  NAPI_CALL(env, napi_set_named_property(env, result, "pendingAfter", v));
  NAPI_CALL(env, napi_set_named_property(env, result, "again", again));
  return result;
}

/* ---- napi_get_last_error_info ----------------------------------------------------------------- */

static napi_value info_to_js(napi_env env, const napi_extended_error_info* info) {
  /* Copy first: the calls below overwrite the struct. */
  napi_status code = info->error_code;
  const char* message = info->error_message;
  uint32_t engine_code = info->engine_error_code;
  bool reserved_null = info->engine_reserved == NULL;
  napi_value result, v;
  NAPI_CALL(env, napi_create_object(env, &result));
  NAPI_CALL(env, napi_create_int32(env, code, &v));
  NAPI_CALL(env, napi_set_named_property(env, result, "errorCode", v));
  if (message) {
    NAPI_CALL(env, napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &v));
  } else {
    NAPI_CALL(env, napi_get_null(env, &v));
  }
  NAPI_CALL(env, napi_set_named_property(env, result, "errorMessage", v));
  NAPI_CALL(env, napi_create_uint32(env, engine_code, &v));
  NAPI_CALL(env, napi_set_named_property(env, result, "engineErrorCode", v));
  NAPI_CALL(env, napi_get_boolean(env, reserved_null, &v));
  NAPI_CALL(env, napi_set_named_property(env, result, "engineReservedNull", v));
  return result;
}

/* (which): makes one call chosen by name, then answers the last error info. */
static napi_value LastErrorAfter(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg, str, obj, out;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, &arg, NULL, NULL));
  char* which = c_string(env, arg);
  NAPI_CALL(env, napi_create_string_utf8(env, "s", NAPI_AUTO_LENGTH, &str));
  NAPI_CALL(env, napi_create_object(env, &obj));
  int32_t i32;
  bool b;
  size_t len;
  if (strcmp(which, "ok") == 0) {
    napi_get_value_string_utf8(env, str, NULL, 0, &len);
  } else if (strcmp(which, "number_expected") == 0) {
    napi_get_value_int32(env, str, &i32);
  } else if (strcmp(which, "boolean_expected") == 0) {
    napi_get_value_bool(env, str, &b);
  } else if (strcmp(which, "array_expected") == 0) {
    uint32_t n;
    napi_get_array_length(env, obj, &n);
  } else if (strcmp(which, "string_expected") == 0) {
    napi_get_value_string_utf8(env, obj, NULL, 0, &len);
  } else if (strcmp(which, "call_non_function") == 0) {
    napi_call_function(env, obj, obj, 0, NULL, &out);
  } else if (strcmp(which, "invalid_arg") == 0) {
    napi_get_value_int32(env, str, NULL);
  } else if (strcmp(which, "failure_then_ok") == 0) {
    napi_get_value_int32(env, str, &i32);
    napi_get_undefined(env, &out);
  } else if (strcmp(which, "failure_then_null_env") == 0) {
    napi_get_value_int32(env, str, &i32);
    napi_get_undefined(NULL, &out);
  }
  free(which);
  const napi_extended_error_info* last = NULL;
  NAPI_CALL(env, napi_get_last_error_info(env, &last));
  return info_to_js(env, last);
}

/* (mode): napi_get_last_error_info itself with bad input. */
static napi_value GetLastErrorInfo(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  test_mode mode = get_args(env, info, 1, argv);
  const napi_extended_error_info* last = NULL;
  napi_status status = napi_get_last_error_info(ENV, mode == MODE_NULL_RESULT ? NULL : &last);
  if (status != napi_ok) return finish(env, mode, status, NULL);
  return info_to_js(env, last);
}

/* ---- propagation ----------------------------------------------------------------------------- */

/* (mode, fn, ...args): napi_call_function(global, fn, args); answers fn's result. When fn throws the
 * status is napi_pending_exception and (except in MODE_CATCH) the exception reaches the caller. */
static napi_value CallFunction(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  size_t argc = 6;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  test_mode mode = argc > 0 ? get_mode(env, argv[0]) : MODE_NORMAL;
  napi_value global, result = NULL;
  NAPI_CALL(env, napi_get_global(env, &global));
  size_t n = argc > 2 ? argc - 2 : 0;
  napi_status status = napi_call_function(ENV, global, VALUE(argv[1]), n, argv + 2, RESULT(&result));
  return finish(env, mode, status, result);
}

/* (thrower, which): calls thrower (leaving its exception pending), then makes the call named `which`
 * and answers { callStatus, status, message, exception } with the exception taken and cleared. */
static napi_value StatusWhilePending(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], global, ignored;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  char* which = c_string(env, argv[1]);
  NAPI_CALL(env, napi_get_global(env, &global));
  napi_value fn = argv[0], num, flag;
  NAPI_CALL(env, napi_create_int32(env, 7, &num));
  NAPI_CALL(env, napi_get_boolean(env, true, &flag));
  napi_status call_status = napi_call_function(env, global, fn, 0, NULL, &ignored);

  /* Each call gets valid inputs (made before the throw), so a failure can only come from the
   * pending exception. */
  napi_status s = napi_generic_failure;
  napi_value out = NULL;
  napi_valuetype type;
  int32_t i32;
  bool b;
  uint32_t u32;
  size_t len;
  napi_handle_scope scope;
  napi_ref ref;
  if (strcmp(which, "napi_get_undefined") == 0) s = napi_get_undefined(env, &out);
  else if (strcmp(which, "napi_get_global") == 0) s = napi_get_global(env, &out);
  else if (strcmp(which, "napi_create_int32") == 0) s = napi_create_int32(env, 1, &out);
  else if (strcmp(which, "napi_create_object") == 0) s = napi_create_object(env, &out);
  else if (strcmp(which, "napi_create_array") == 0) s = napi_create_array(env, &out);
  else if (strcmp(which, "napi_create_string_utf8") == 0) s = napi_create_string_utf8(env, "a", 1, &out);
  else if (strcmp(which, "napi_get_value_string_utf8") == 0) s = napi_get_value_string_utf8(env, argv[1], NULL, 0, &len);
  else if (strcmp(which, "napi_typeof") == 0) s = napi_typeof(env, global, &type);
  else if (strcmp(which, "napi_get_value_int32") == 0) s = napi_get_value_int32(env, num, &i32);
  else if (strcmp(which, "napi_get_value_bool") == 0) s = napi_get_value_bool(env, flag, &b);
  else if (strcmp(which, "napi_is_array") == 0) s = napi_is_array(env, global, &b);
  else if (strcmp(which, "napi_is_error") == 0) s = napi_is_error(env, global, &b);
  else if (strcmp(which, "napi_strict_equals") == 0) s = napi_strict_equals(env, global, global, &b);
  else if (strcmp(which, "napi_coerce_to_bool") == 0) s = napi_coerce_to_bool(env, global, &out);
  else if (strcmp(which, "napi_coerce_to_string") == 0) s = napi_coerce_to_string(env, global, &out);
  else if (strcmp(which, "napi_instanceof") == 0) s = napi_instanceof(env, global, fn, &b);
  else if (strcmp(which, "napi_get_named_property") == 0) s = napi_get_named_property(env, global, "Object", &out);
  else if (strcmp(which, "napi_set_named_property") == 0) s = napi_set_named_property(env, global, "__errors_test", global);
  else if (strcmp(which, "napi_has_named_property") == 0) s = napi_has_named_property(env, global, "Object", &b);
  else if (strcmp(which, "napi_get_array_length") == 0) s = napi_get_array_length(env, global, &u32);
  else if (strcmp(which, "napi_call_function") == 0) s = napi_call_function(env, global, fn, 0, NULL, &out);
  else if (strcmp(which, "napi_new_instance") == 0) s = napi_new_instance(env, fn, 0, NULL, &out);
  else if (strcmp(which, "napi_create_error") == 0) s = napi_create_error(env, NULL, argv[1], &out);
  else if (strcmp(which, "napi_throw") == 0) s = napi_throw(env, global);
  else if (strcmp(which, "napi_throw_error") == 0) s = napi_throw_error(env, NULL, "second");
  else if (strcmp(which, "napi_is_exception_pending") == 0) s = napi_is_exception_pending(env, &b);
  else if (strcmp(which, "napi_open_handle_scope") == 0) {
    s = napi_open_handle_scope(env, &scope);
    if (s == napi_ok) napi_close_handle_scope(env, scope);
  } else if (strcmp(which, "napi_create_reference") == 0) {
    s = napi_create_reference(env, global, 1, &ref);
    if (s == napi_ok) napi_delete_reference(env, ref);
  }
  napi_value report = report_status_catch(env, s);
  free(which);
  NAPI_CALL(env, napi_set_named_property(env, report, "callStatus", status_only(env, call_status)));
  return report;
}

NAPI_MODULE_INIT() {
  EXPORT_FN(env, exports, "createError", CreateError);
  EXPORT_FN(env, exports, "createTypeError", CreateTypeError);
  EXPORT_FN(env, exports, "createRangeError", CreateRangeError);
  EXPORT_FN(env, exports, "createSyntaxError", CreateSyntaxError);
  EXPORT_FN(env, exports, "throw", Throw);
  EXPORT_FN(env, exports, "throwError", ThrowError);
  EXPORT_FN(env, exports, "throwTypeError", ThrowTypeError);
  EXPORT_FN(env, exports, "throwRangeError", ThrowRangeError);
  EXPORT_FN(env, exports, "throwSyntaxError", ThrowSyntaxError);
  EXPORT_FN(env, exports, "throwTwice", ThrowTwice);
  EXPORT_FN(env, exports, "secondThrowStatus", SecondThrowStatus);
  EXPORT_FN(env, exports, "throwAndReturn", ThrowAndReturn);
  EXPORT_FN(env, exports, "isError", IsError);
  EXPORT_FN(env, exports, "isExceptionPending", IsExceptionPending);
  EXPORT_FN(env, exports, "getAndClearLastException", GetAndClearLastException);
  EXPORT_FN(env, exports, "catchFromCall", CatchFromCall);
  EXPORT_FN(env, exports, "lastErrorAfter", LastErrorAfter);
  EXPORT_FN(env, exports, "getLastErrorInfo", GetLastErrorInfo);
  EXPORT_FN(env, exports, "callFunction", CallFunction);
  EXPORT_FN(env, exports, "statusWhilePending", StatusWhilePending);
  return exports;
}
