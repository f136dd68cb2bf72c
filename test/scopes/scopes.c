/* Handle scopes and escapable handle scopes: open/close, escape (once), mismatched closing, many
 * handles with and without scopes, and the use of a handle after its scope closed.
 *
 * Functions take a bad-input mode (common.h) first where bad input is tested. */
#include "common.h"

#define ENV (mode == MODE_NULL_ENV ? NULL : env)
#define RESULT(p) (mode == MODE_NULL_RESULT ? NULL : (p))

static napi_value boolean(napi_env env, bool b) {
  napi_value v;
  napi_get_boolean(env, b, &v);
  return v;
}

/* A failed call's status and last-error message, saved before later calls (closing the scope under
 * test) reset the last error, then answered like finish() does. */
typedef struct {
  napi_status status;
  const char* message;
} saved_error;

static saved_error save_error(napi_env env, napi_status status) {
  const napi_extended_error_info* info = NULL;
  napi_get_last_error_info(env, &info);
  saved_error e = {status, info ? info->error_message : NULL};
  return e;
}

static napi_value report_saved(napi_env env, test_mode mode, saved_error e) {
  if (mode == MODE_NULL_ENV) return status_only(env, e.status);
  napi_value result, msg;
  NAPI_CALL(env, napi_create_object(env, &result));
  NAPI_CALL(env, napi_set_named_property(env, result, "status", status_only(env, e.status)));
  if (e.message) {
    NAPI_CALL(env, napi_create_string_utf8(env, e.message, NAPI_AUTO_LENGTH, &msg));
  } else {
    NAPI_CALL(env, napi_get_null(env, &msg));
  }
  NAPI_CALL(env, napi_set_named_property(env, result, "message", msg));
  return result;
}

/* (mode): opens a handle scope (and closes it when that worked); answers true. */
static napi_value OpenHandleScope(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  test_mode mode = get_args(env, info, 1, argv);
  napi_handle_scope scope = NULL;
  napi_status status = napi_open_handle_scope(ENV, RESULT(&scope));
  if (status != napi_ok) return finish(env, mode, status, NULL);
  NAPI_CALL(env, napi_close_handle_scope(env, scope));
  return finish(env, mode, status, boolean(env, true));
}

/* (mode): opens a scope, then closes it with the mode's bad input (MODE_NULL_VALUE: scope = NULL);
 * the real scope is closed afterwards when the bad close failed. */
static napi_value CloseHandleScope(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  test_mode mode = get_args(env, info, 1, argv);
  napi_handle_scope scope;
  NAPI_CALL(env, napi_open_handle_scope(env, &scope));
  napi_status status = napi_close_handle_scope(ENV, mode == MODE_NULL_VALUE ? NULL : scope);
  if (status == napi_ok) return finish(env, mode, status, boolean(env, true));
  saved_error e = save_error(env, status);
  NAPI_CALL(env, napi_close_handle_scope(env, scope));
  return report_saved(env, mode, e);
}

static napi_value OpenEscapableScope(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  test_mode mode = get_args(env, info, 1, argv);
  napi_escapable_handle_scope scope = NULL;
  napi_status status = napi_open_escapable_handle_scope(ENV, RESULT(&scope));
  if (status != napi_ok) return finish(env, mode, status, NULL);
  NAPI_CALL(env, napi_close_escapable_handle_scope(env, scope));
  return finish(env, mode, status, boolean(env, true));
}

static napi_value CloseEscapableScope(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  test_mode mode = get_args(env, info, 1, argv);
  napi_escapable_handle_scope scope;
  NAPI_CALL(env, napi_open_escapable_handle_scope(env, &scope));
  napi_status status = napi_close_escapable_handle_scope(ENV, mode == MODE_NULL_VALUE ? NULL : scope);
  if (status == napi_ok) return finish(env, mode, status, boolean(env, true));
  saved_error e = save_error(env, status);
  NAPI_CALL(env, napi_close_escapable_handle_scope(env, scope));
  return report_saved(env, mode, e);
}

/* (mode, value): makes a new object inside an escapable scope holding `value`, escapes it and
 * answers the escaped handle after the scope closed. Bad inputs: NULL env, NULL result, NULL escapee
 * (MODE_NULL_VALUE), NULL scope (MODE_NULL_VALUE2). */
static napi_value Escape(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  test_mode mode = get_args(env, info, 2, argv);
  napi_escapable_handle_scope scope;
  napi_value inner, escaped = NULL;
  NAPI_CALL(env, napi_open_escapable_handle_scope(env, &scope));
  NAPI_CALL(env, napi_create_object(env, &inner));
  NAPI_CALL(env, napi_set_named_property(env, inner, "value", argv[1]));
  napi_status status = napi_escape_handle(ENV, mode == MODE_NULL_VALUE2 ? NULL : scope,
                                          mode == MODE_NULL_VALUE ? NULL : inner, RESULT(&escaped));
  saved_error e = save_error(env, status);
  NAPI_CALL(env, napi_close_escapable_handle_scope(env, scope));
  return status == napi_ok && mode != MODE_NULL_ENV ? escaped : report_saved(env, mode, e);
}

/* Escapes twice from one scope: answers the statuses { first, second, third }, the second's last
 * error message, whether the second wrote its result, and the escaped value. */
static napi_value EscapeTwice(napi_env env, napi_callback_info info) {
  napi_escapable_handle_scope scope;
  napi_value a, b, out1, out2 = NULL, result;
  NAPI_CALL(env, napi_open_escapable_handle_scope(env, &scope));
  NAPI_CALL(env, napi_create_object(env, &a));
  NAPI_CALL(env, napi_create_object(env, &b));
  napi_status first = napi_escape_handle(env, scope, a, &out1);
  napi_status second = napi_escape_handle(env, scope, b, &out2);
  const napi_extended_error_info* last;
  napi_get_last_error_info(env, &last);
  const char* second_message = last->error_message;
  napi_status third = napi_escape_handle(env, scope, a, &out2);
  NAPI_CALL(env, napi_close_escapable_handle_scope(env, scope));
  napi_value v;
  NAPI_CALL(env, napi_create_object(env, &result));
  NAPI_CALL(env, napi_set_named_property(env, result, "first", status_only(env, first)));
  NAPI_CALL(env, napi_set_named_property(env, result, "second", status_only(env, second)));
  NAPI_CALL(env, napi_create_string_utf8(env, second_message ? second_message : "(null)", NAPI_AUTO_LENGTH, &v));
  NAPI_CALL(env, napi_set_named_property(env, result, "secondMessage", v));
  NAPI_CALL(env, napi_set_named_property(env, result, "third", status_only(env, third)));
  NAPI_CALL(env, napi_set_named_property(env, result, "out2Written", boolean(env, out2 != NULL)));
  NAPI_CALL(env, napi_set_named_property(env, result, "escaped", out1));
  return result;
}

/* Closes a handle scope twice: answers the second close's report. No scope is open at that point,
 * which Node checks before touching the scope. */
static napi_value CloseTwice(napi_env env, napi_callback_info info) {
  napi_handle_scope scope;
  NAPI_CALL(env, napi_open_handle_scope(env, &scope));
  NAPI_CALL(env, napi_close_handle_scope(env, scope));
  return report_status(env, napi_close_handle_scope(env, scope));
}

static napi_value CloseEscapableTwice(napi_env env, napi_callback_info info) {
  napi_escapable_handle_scope scope;
  NAPI_CALL(env, napi_open_escapable_handle_scope(env, &scope));
  NAPI_CALL(env, napi_close_escapable_handle_scope(env, scope));
  return report_status(env, napi_close_escapable_handle_scope(env, scope));
}

/* Opens A then B, closes A before B: answers { closeOuter, closeInner } statuses. */
static napi_value CloseOutOfOrder(napi_env env, napi_callback_info info) {
  napi_handle_scope outer, inner;
  NAPI_CALL(env, napi_open_handle_scope(env, &outer));
  NAPI_CALL(env, napi_open_handle_scope(env, &inner));
  napi_status close_outer = napi_close_handle_scope(env, outer);
  napi_status close_inner = napi_close_handle_scope(env, inner);
  if (close_outer != napi_ok) napi_close_handle_scope(env, outer); /* leave nothing open */
  napi_value result;
  NAPI_CALL(env, napi_create_object(env, &result));
  NAPI_CALL(env, napi_set_named_property(env, result, "closeOuter", status_only(env, close_outer)));
  NAPI_CALL(env, napi_set_named_property(env, result, "closeInner", status_only(env, close_inner)));
  return result;
}

/* (n): n iterations, each in its own scope, each making a string and an object. Answers n. */
static napi_value ManyHandlesScoped(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg, result;
  int32_t n;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, &arg, NULL, NULL));
  NAPI_CALL(env, napi_get_value_int32(env, arg, &n));
  int32_t done = 0;
  for (int32_t i = 0; i < n; i++) {
    napi_handle_scope scope;
    napi_value s, o;
    NAPI_CALL(env, napi_open_handle_scope(env, &scope));
    NAPI_CALL(env, napi_create_int32(env, i, &s));
    NAPI_CALL(env, napi_create_object(env, &o));
    NAPI_CALL(env, napi_close_handle_scope(env, scope));
    done++;
  }
  NAPI_CALL(env, napi_create_int32(env, done, &result));
  return result;
}

/* (n): n handles in the callback's own scope, no inner scopes. Answers the last one made (n - 1). */
static napi_value ManyHandlesUnscoped(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg, last = NULL;
  int32_t n;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, &arg, NULL, NULL));
  NAPI_CALL(env, napi_get_value_int32(env, arg, &n));
  for (int32_t i = 0; i < n; i++) NAPI_CALL(env, napi_create_int32(env, i, &last));
  return last;
}

/* (depth): opens `depth` nested scopes (a value in each), then closes them innermost first. */
static napi_value NestedScopes(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg, result;
  int32_t depth;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, &arg, NULL, NULL));
  NAPI_CALL(env, napi_get_value_int32(env, arg, &depth));
  if (depth > 1000) depth = 1000;
  napi_handle_scope scopes[1000];
  for (int32_t i = 0; i < depth; i++) {
    napi_value v;
    NAPI_CALL(env, napi_open_handle_scope(env, &scopes[i]));
    NAPI_CALL(env, napi_create_int32(env, i, &v));
  }
  for (int32_t i = depth - 1; i >= 0; i--) NAPI_CALL(env, napi_close_handle_scope(env, scopes[i]));
  NAPI_CALL(env, napi_create_int32(env, depth, &result));
  return result;
}

/* A value made outside an inner scope stays usable after the inner scope closes. */
static napi_value OuterValueSurvives(napi_env env, napi_callback_info info) {
  napi_value outer, inner_value, result;
  napi_handle_scope scope;
  NAPI_CALL(env, napi_create_string_utf8(env, "outer", NAPI_AUTO_LENGTH, &outer));
  NAPI_CALL(env, napi_open_handle_scope(env, &scope));
  NAPI_CALL(env, napi_create_string_utf8(env, "inner", NAPI_AUTO_LENGTH, &inner_value));
  NAPI_CALL(env, napi_close_handle_scope(env, scope));
  NAPI_CALL(env, napi_create_object(env, &result));
  NAPI_CALL(env, napi_set_named_property(env, result, "outer", outer));
  return result;
}

/* Uses a handle made inside a scope after that scope closed: answers napi_typeof's report.
 * Native Node has no check here (it reads a dead V8 handle slot); the wasm runtime answers
 * napi_invalid_arg. */
static napi_value UseAfterClose(napi_env env, napi_callback_info info) {
  napi_handle_scope scope;
  napi_value inside;
  NAPI_CALL(env, napi_open_handle_scope(env, &scope));
  NAPI_CALL(env, napi_create_object(env, &inside));
  NAPI_CALL(env, napi_close_handle_scope(env, scope));
  napi_valuetype type;
  napi_status status = napi_typeof(env, inside, &type);
  return report_status(env, status);
}

/* Same with an escapable scope whose escaped handle stays valid and whose other handle does not:
 * answers { escaped: report of napi_typeof(escaped), other: report of napi_typeof(other) }. */
static napi_value UseAfterCloseEscapable(napi_env env, napi_callback_info info) {
  napi_escapable_handle_scope scope;
  napi_value kept, other, escaped, result;
  NAPI_CALL(env, napi_open_escapable_handle_scope(env, &scope));
  NAPI_CALL(env, napi_create_object(env, &kept));
  NAPI_CALL(env, napi_create_object(env, &other));
  NAPI_CALL(env, napi_escape_handle(env, scope, kept, &escaped));
  NAPI_CALL(env, napi_close_escapable_handle_scope(env, scope));
  napi_valuetype type;
  napi_status escaped_status = napi_typeof(env, escaped, &type);
  napi_status other_status = napi_typeof(env, other, &type);
  NAPI_CALL(env, napi_create_object(env, &result));
  NAPI_CALL(env, napi_set_named_property(env, result, "escaped", status_only(env, escaped_status)));
  NAPI_CALL(env, napi_set_named_property(env, result, "other", status_only(env, other_status)));
  return result;
}

/* A handle kept in a static across calls (a common addon bug): the second call uses it after the
 * first callback's scope closed. Native Node would read a dead slot; wasm answers napi_invalid_arg. */
static napi_value stale_handle = NULL;

static napi_value KeepHandle(napi_env env, napi_callback_info info) {
  NAPI_CALL(env, napi_create_object(env, &stale_handle));
  return stale_handle;
}

static napi_value UseKeptHandle(napi_env env, napi_callback_info info) {
  napi_valuetype type;
  return report_status(env, napi_typeof(env, stale_handle, &type));
}

NAPI_MODULE_INIT() {
  EXPORT_FN(env, exports, "openHandleScope", OpenHandleScope);
  EXPORT_FN(env, exports, "closeHandleScope", CloseHandleScope);
  EXPORT_FN(env, exports, "openEscapableScope", OpenEscapableScope);
  EXPORT_FN(env, exports, "closeEscapableScope", CloseEscapableScope);
  EXPORT_FN(env, exports, "escape", Escape);
  EXPORT_FN(env, exports, "escapeTwice", EscapeTwice);
  EXPORT_FN(env, exports, "closeTwice", CloseTwice);
  EXPORT_FN(env, exports, "closeEscapableTwice", CloseEscapableTwice);
  EXPORT_FN(env, exports, "closeOutOfOrder", CloseOutOfOrder);
  EXPORT_FN(env, exports, "manyHandlesScoped", ManyHandlesScoped);
  EXPORT_FN(env, exports, "manyHandlesUnscoped", ManyHandlesUnscoped);
  EXPORT_FN(env, exports, "nestedScopes", NestedScopes);
  EXPORT_FN(env, exports, "outerValueSurvives", OuterValueSurvives);
  EXPORT_FN(env, exports, "useAfterClose", UseAfterClose);
  EXPORT_FN(env, exports, "useAfterCloseEscapable", UseAfterCloseEscapable);
  EXPORT_FN(env, exports, "keepHandle", KeepHandle);
  EXPORT_FN(env, exports, "useKeptHandle", UseKeptHandle);
  return exports;
}
