/* Async contexts and callback scopes: napi_async_init, napi_async_destroy, napi_make_callback,
 * napi_open_callback_scope and napi_close_callback_scope. Contexts live in a static table;
 * JS refers to them by index (-1 = NULL). A trailing string mode passes NULL in one position of the
 * call under test ("env", "resource", "name", "result", "context", "recv", "func", "argv") or reports a
 * pending exception ("catch"). */
#include "common.h"

#define MAX_CONTEXTS 64
#define MAX_SCOPES 64

static napi_async_context contexts[MAX_CONTEXTS];
static int next_context = 0;
static napi_status last_status = napi_ok;

static int32_t int_arg(napi_env env, napi_value v, int32_t fallback) {
  napi_valuetype t;
  int32_t out = fallback;
  if (napi_typeof(env, v, &t) == napi_ok && t == napi_number) napi_get_value_int32(env, v, &out);
  return out;
}

static napi_async_context context_arg(napi_env env, napi_value v) {
  int32_t i = int_arg(env, v, -1);
  return i >= 0 && i < next_context ? contexts[i] : NULL;
}

/* asyncInit(resource, name, mode) → context index, or a status report. Mode "resource" passes a
 * NULL async_resource (allowed). */
static napi_value AsyncInit(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16];
  read_mode(env, argv[2], mode, sizeof mode);
  if (next_context >= MAX_CONTEXTS) {
    napi_throw_error(env, NULL, "too many contexts");
    return NULL;
  }
  napi_async_context context = NULL;
  napi_status status = napi_async_init(NULL_IF("env", env), NULL_IF("resource", argv[0]), NULL_IF("name", argv[1]),
                                       NULL_IF("result", &context));
  last_status = status;
  if (status != napi_ok) return report_for_mode(env, status, mode);
  contexts[next_context] = context;
  napi_value index;
  NAPI_CALL(env, napi_create_int32(env, next_context++, &index));
  return index;
}

/* asyncDestroy(index, mode) → status report. The slot keeps the (then stale) context. */
static napi_value AsyncDestroy(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  napi_status status = napi_async_destroy(NULL_IF("env", env), NULL_IF("context", context_arg(env, argv[0])));
  return report_for_mode(env, status, mode);
}

/* makeCallback(index, recv, fn, args, mode) → the function's result, or a status report. `args` is
 * an array (its elements are passed as argv); mode "argv" passes argc = 1 with argv = NULL. */
static napi_value MakeCallback(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 5);
  char mode[16];
  read_mode(env, argv[4], mode, sizeof mode);
  napi_value args[8];
  uint32_t argc2 = 0;
  bool is_array = false;
  napi_is_array(env, argv[3], &is_array);
  if (is_array) {
    NAPI_CALL(env, napi_get_array_length(env, argv[3], &argc2));
    if (argc2 > 8) argc2 = 8;
    for (uint32_t i = 0; i < argc2; i++) NAPI_CALL(env, napi_get_element(env, argv[3], i, &args[i]));
  }
  if (MODE_IS(mode, "argv")) argc2 = 1;
  napi_value result = NULL;
  napi_status status = napi_make_callback(NULL_IF("env", env), context_arg(env, argv[0]), NULL_IF("recv", argv[1]),
                                          NULL_IF("func", argv[2]), argc2, NULL_IF("argv", args),
                                          NULL_IF("result", &result));
  last_status = status;
  if (status != napi_ok) return report_for_mode(env, status, mode);
  if (MODE_IS(mode, "result")) return report_for_mode(env, status, mode);
  return result;
}

/* scopes(index, ops) → the status of each op, run in order within this one native call (Node aborts
 * when a native callback returns with a callback scope still open, so scopes cannot span calls).
 * Ops: "open" opens a scope for the context, "openNullContext" / "openNullResult" / "openNullEnv"
 * pass NULL there, "close <n>" closes the scope the n-th "open" made, "closeNull" / "closeNullEnv"
 * pass NULL there. */
static napi_value Scopes(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  napi_async_context context = context_arg(env, argv[0]);
  napi_callback_scope opened[MAX_SCOPES];
  int n_opened = 0;
  uint32_t n = 0;
  NAPI_CALL(env, napi_get_array_length(env, argv[1], &n));
  napi_value result, resource;
  NAPI_CALL(env, napi_create_array(env, &result));
  NAPI_CALL(env, napi_create_object(env, &resource));
  for (uint32_t i = 0; i < n; i++) {
    napi_value op_value, v;
    char op[32];
    NAPI_CALL(env, napi_get_element(env, argv[1], i, &op_value));
    NAPI_CALL(env, napi_get_value_string_utf8(env, op_value, op, sizeof op, NULL));
    napi_status status = napi_generic_failure;
    napi_callback_scope scope = NULL;
    if (strcmp(op, "open") == 0) {
      status = napi_open_callback_scope(env, resource, context, &scope);
      if (status == napi_ok && n_opened < MAX_SCOPES) opened[n_opened++] = scope;
    } else if (strcmp(op, "openNullContext") == 0) {
      status = napi_open_callback_scope(env, resource, NULL, &scope);
    } else if (strcmp(op, "openNullResult") == 0) {
      status = napi_open_callback_scope(env, resource, context, NULL);
    } else if (strcmp(op, "openNullEnv") == 0) {
      status = napi_open_callback_scope(NULL, resource, context, &scope);
    } else if (strncmp(op, "close ", 6) == 0) {
      int k = op[6] - '0';
      status = napi_close_callback_scope(env, k >= 0 && k < n_opened ? opened[k] : NULL);
    } else if (strcmp(op, "closeNull") == 0) {
      status = napi_close_callback_scope(env, NULL);
    } else if (strcmp(op, "closeNullEnv") == 0) {
      status = napi_close_callback_scope(NULL, n_opened > 0 ? opened[n_opened - 1] : NULL);
    }
    NAPI_CALL(env, napi_create_int32(env, (int32_t)status, &v));
    NAPI_CALL(env, napi_set_element(env, result, i, v));
  }
  return result;
}

/* inScope(index, fn, then) → [open status, fn result, close status]: opens a callback scope for the
 * context, calls fn() inside it, closes the scope, then calls then() (if a function) before
 * returning, so a test sees what ran between the close and the return to JS. */
static napi_value InScope(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  napi_value resource, undefined, result, v, fn_result = NULL;
  NAPI_CALL(env, napi_create_object(env, &resource));
  NAPI_CALL(env, napi_get_undefined(env, &undefined));
  napi_callback_scope scope = NULL;
  napi_status open = napi_open_callback_scope(env, resource, context_arg(env, argv[0]), &scope);
  NAPI_CALL(env, napi_call_function(env, undefined, argv[1], 0, NULL, &fn_result));
  napi_status close = napi_close_callback_scope(env, scope);
  napi_valuetype t;
  napi_typeof(env, argv[2], &t);
  if (t == napi_function) NAPI_CALL(env, napi_call_function(env, undefined, argv[2], 0, NULL, NULL));
  NAPI_CALL(env, napi_create_array(env, &result));
  NAPI_CALL(env, napi_create_int32(env, (int32_t)open, &v));
  NAPI_CALL(env, napi_set_element(env, result, 0, v));
  NAPI_CALL(env, napi_set_element(env, result, 1, fn_result));
  NAPI_CALL(env, napi_create_int32(env, (int32_t)close, &v));
  NAPI_CALL(env, napi_set_element(env, result, 2, v));
  return result;
}

/* makeCallbackThen(index, fn, then) → calls fn through napi_make_callback, then calls then() before
 * returning: shows whether napi_make_callback ran nextTicks and microtasks before returning to C. */
static napi_value MakeCallbackThen(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  napi_value recv, undefined;
  NAPI_CALL(env, napi_create_object(env, &recv));
  NAPI_CALL(env, napi_get_undefined(env, &undefined));
  NAPI_CALL(env, napi_make_callback(env, context_arg(env, argv[0]), recv, argv[1], 0, NULL, NULL));
  NAPI_CALL(env, napi_call_function(env, undefined, argv[2], 0, NULL, NULL));
  return NULL;
}

/* lastStatus() → the status asyncInit/makeCallback got last (read after a call that threw). */
static napi_value LastStatus(napi_env env, napi_callback_info info) {
  napi_value result;
  NAPI_CALL(env, napi_create_int32(env, (int32_t)last_status, &result));
  return result;
}

NAPI_MODULE_INIT() {
  EXPORT_FN(env, exports, "asyncInit", AsyncInit);
  EXPORT_FN(env, exports, "asyncDestroy", AsyncDestroy);
  EXPORT_FN(env, exports, "makeCallback", MakeCallback);
  EXPORT_FN(env, exports, "scopes", Scopes);
  EXPORT_FN(env, exports, "inScope", InScope);
  EXPORT_FN(env, exports, "makeCallbackThen", MakeCallbackThen);
  EXPORT_FN(env, exports, "lastStatus", LastStatus);
  return exports;
}
