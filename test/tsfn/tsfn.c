/* Threadsafe functions, called from the main thread (the only thread wasm has today): queueing and
 * dispatch order, queue limits, thread counts (acquire/release/abort), the finalizer, the context,
 * ref/unref. Functions live in a static table; JS refers to them by index.
 *
 * Functions that take no napi_env (call, acquire, release, context) answer the bare status: Node
 * records no last error for them. A trailing string mode passes NULL in one position ("env", "func",
 * "name", "result", "callJs", "context" …). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "common.h"

#define MAX_TS 64
#define MAX_NULL_CALLS 16

/* Flags of create(). */
enum {
  F_CALL_JS = 1,     /* a call_js_cb that calls the function with the data as an int32 */
  F_NO_FUNC = 2,     /* func = NULL (needs F_CALL_JS): call_js calls the JS "sink" instead */
  F_NO_FINALIZE = 4  /* thread_finalize_cb = NULL */
};

typedef struct {
  napi_threadsafe_function tsfn;
  int id;
  napi_ref sink;         /* called by call_js when it got no js_cb (func was NULL) */
  napi_ref on_finalize;  /* called by the finalizer */
  int finalized;
  int finalize_seq;
  int finalize_args_ok;  /* finalize got data == this slot and hint == the context */
  int null_calls;        /* call_js calls with env == NULL (items left when the function closed) */
  int null_data[MAX_NULL_CALLS];
  int null_seq;          /* stamp of the first such call */
  int js_cb_null;        /* call_js calls whose js_cb was NULL while env was not */
} Ts;

static Ts ts_table[MAX_TS];
static int next_ts = 0;
static int seq = 0; /* order stamps shared by finalizers and env-less calls */
static int printing = 0; /* print finalizers and env-less calls to stderr (print(true)) */

static void CallJs(napi_env env, napi_value js_cb, void* context, void* data) {
  Ts* ts = (Ts*)context;
  if (env == NULL) {
    if (printing) fprintf(stderr, "call_js without env, data %d\n", (int)(intptr_t)data);
    if (ts->null_calls == 0) ts->null_seq = ++seq;
    if (ts->null_calls < MAX_NULL_CALLS) ts->null_data[ts->null_calls] = (int)(intptr_t)data;
    ts->null_calls++;
    return;
  }
  if (printing) fprintf(stderr, "call_js, data %d\n", (int)(intptr_t)data);
  napi_value fn = js_cb;
  if (fn == NULL) {
    ts->js_cb_null++;
    if (ts->sink == NULL) return;
    napi_get_reference_value(env, ts->sink, &fn);
  }
  napi_value arg, undefined;
  napi_create_int32(env, (int32_t)(intptr_t)data, &arg);
  napi_get_undefined(env, &undefined);
  /* A JS exception stays pending: Node decides what to do with it after call_js returns. */
  napi_call_function(env, undefined, fn, 1, &arg, NULL);
}

static void Finalize(napi_env env, void* data, void* hint) {
  Ts* ts = (Ts*)data;
  if (printing) fprintf(stderr, "finalize %d\n", ts->id);
  ts->finalized++;
  ts->finalize_seq = ++seq;
  ts->finalize_args_ok = (data == (void*)ts && hint == (void*)ts);
  if (env != NULL && ts->on_finalize != NULL) {
    napi_value fn, undefined;
    napi_get_reference_value(env, ts->on_finalize, &fn);
    napi_get_undefined(env, &undefined);
    napi_call_function(env, undefined, fn, 0, NULL, NULL);
  }
}

static int32_t int_arg(napi_env env, napi_value v, int32_t fallback) {
  napi_valuetype t;
  int32_t out = fallback;
  if (napi_typeof(env, v, &t) == napi_ok && t == napi_number) napi_get_value_int32(env, v, &out);
  return out;
}

static Ts* ts_arg(napi_env env, napi_value v) {
  int32_t id = int_arg(env, v, -1);
  if (id < 0 || id >= next_ts) return NULL;
  return &ts_table[id];
}

/* create(fn, maxQueue, threads, flags, onFinalize, mode, name, resource) → id, or a status report.
 * `fn` may be any value (passed as func unless F_NO_FUNC); `name` is used as async_resource_name when
 * given (default "tsfn_test"); `resource` is passed as async_resource in mode "resource". */
static napi_value Create(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 8);
  char mode[16];
  read_mode(env, argv[5], mode, sizeof mode);
  int32_t max_queue = int_arg(env, argv[1], 0);
  int32_t threads = int_arg(env, argv[2], 1);
  int32_t flags = int_arg(env, argv[3], 0);
  if (next_ts >= MAX_TS) {
    napi_throw_error(env, NULL, "too many threadsafe functions");
    return NULL;
  }
  Ts* ts = &ts_table[next_ts];
  memset(ts, 0, sizeof *ts);
  ts->id = next_ts;
  napi_valuetype t;
  napi_typeof(env, argv[4], &t);
  if (t == napi_function) NAPI_CALL(env, napi_create_reference(env, argv[4], 1, &ts->on_finalize));
  napi_value func = argv[0];
  if (flags & F_NO_FUNC) {
    napi_typeof(env, argv[0], &t);
    if (t == napi_function) NAPI_CALL(env, napi_create_reference(env, argv[0], 1, &ts->sink));
    func = NULL;
  }
  napi_value name = argv[6];
  napi_typeof(env, name, &t);
  if (t == napi_undefined) NAPI_CALL(env, napi_create_string_utf8(env, "tsfn_test", NAPI_AUTO_LENGTH, &name));
  napi_value resource = MODE_IS(mode, "resource") ? argv[7] : NULL;
  napi_status status = napi_create_threadsafe_function(
      NULL_IF("env", env), func, resource, NULL_IF("name", name), (size_t)max_queue, (size_t)threads, ts,
      (flags & F_NO_FINALIZE) ? NULL : Finalize, ts, (flags & F_CALL_JS) ? CallJs : NULL,
      NULL_IF("result", &ts->tsfn));
  if (status != napi_ok) return report_for_mode(env, status, mode);
  next_ts++;
  napi_value id;
  NAPI_CALL(env, napi_create_int32(env, ts->id, &id));
  return id;
}

/* call(id, data, blocking, mode) → bare status of napi_call_threadsafe_function. */
static napi_value Call(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 4);
  char mode[16];
  read_mode(env, argv[3], mode, sizeof mode);
  Ts* ts = ts_arg(env, argv[0]);
  bool blocking = false;
  napi_valuetype t;
  napi_typeof(env, argv[2], &t);
  if (t == napi_boolean) napi_get_value_bool(env, argv[2], &blocking);
  napi_status status = napi_call_threadsafe_function(NULL_IF("func", ts ? ts->tsfn : NULL),
                                                     (void*)(intptr_t)int_arg(env, argv[1], 0),
                                                     blocking ? napi_tsfn_blocking : napi_tsfn_nonblocking);
  return status_only(env, status);
}

/* acquire(id, mode) → bare status. */
static napi_value Acquire(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  Ts* ts = ts_arg(env, argv[0]);
  return status_only(env, napi_acquire_threadsafe_function(NULL_IF("func", ts ? ts->tsfn : NULL)));
}

/* release(id, abort, mode) → bare status. */
static napi_value Release(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16];
  read_mode(env, argv[2], mode, sizeof mode);
  Ts* ts = ts_arg(env, argv[0]);
  bool abort_ = false;
  napi_valuetype t;
  napi_typeof(env, argv[1], &t);
  if (t == napi_boolean) napi_get_value_bool(env, argv[1], &abort_);
  napi_status status = napi_release_threadsafe_function(NULL_IF("func", ts ? ts->tsfn : NULL),
                                                        abort_ ? napi_tsfn_abort : napi_tsfn_release);
  return status_only(env, status);
}

/* ref(id, mode) / unref(id, mode) → bare status (Node checks only the function, not the env). */
static napi_value Ref(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  Ts* ts = ts_arg(env, argv[0]);
  return status_only(env, napi_ref_threadsafe_function(NULL_IF("env", env), NULL_IF("func", ts ? ts->tsfn : NULL)));
}

static napi_value Unref(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  Ts* ts = ts_arg(env, argv[0]);
  return status_only(env, napi_unref_threadsafe_function(NULL_IF("env", env), NULL_IF("func", ts ? ts->tsfn : NULL)));
}

/* context(id, mode) → true when napi_get_threadsafe_function_context gives the slot back, else the
 * bare status. */
static napi_value Context(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  Ts* ts = ts_arg(env, argv[0]);
  void* context = NULL;
  napi_status status = napi_get_threadsafe_function_context(NULL_IF("func", ts ? ts->tsfn : NULL),
                                                            NULL_IF("result", &context));
  if (status != napi_ok) return status_only(env, status);
  napi_value result;
  NAPI_CALL(env, napi_get_boolean(env, context == (void*)ts, &result));
  return result;
}

static void set_int(napi_env env, napi_value obj, const char* key, int32_t v) {
  napi_value n;
  napi_create_int32(env, v, &n);
  napi_set_named_property(env, obj, key, n);
}

/* state(id) → { finalized, finalizeSeq, finalizeArgsOk, nullCalls: [data…], nullSeq, jsCbNull }. */
static napi_value State(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  Ts* ts = ts_arg(env, argv[0]);
  if (ts == NULL) return NULL;
  napi_value result, calls, v;
  NAPI_CALL(env, napi_create_object(env, &result));
  set_int(env, result, "finalized", ts->finalized);
  set_int(env, result, "finalizeSeq", ts->finalize_seq);
  set_int(env, result, "finalizeArgsOk", ts->finalize_args_ok);
  NAPI_CALL(env, napi_create_array(env, &calls));
  for (int i = 0; i < ts->null_calls && i < MAX_NULL_CALLS; i++) {
    NAPI_CALL(env, napi_create_int32(env, ts->null_data[i], &v));
    NAPI_CALL(env, napi_set_element(env, calls, (uint32_t)i, v));
  }
  NAPI_CALL(env, napi_set_named_property(env, result, "nullCalls", calls));
  set_int(env, result, "nullSeq", ts->null_seq);
  set_int(env, result, "jsCbNull", ts->js_cb_null);
  return result;
}

/* print(on): print finalizers and env-less call_js calls to stderr from now on. */
static napi_value Print(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  bool on = false;
  napi_get_value_bool(env, argv[0], &on);
  printing = on;
  return NULL;
}

NAPI_MODULE_INIT() {
  EXPORT_FN(env, exports, "print", Print);
  EXPORT_FN(env, exports, "create", Create);
  EXPORT_FN(env, exports, "call", Call);
  EXPORT_FN(env, exports, "acquire", Acquire);
  EXPORT_FN(env, exports, "release", Release);
  EXPORT_FN(env, exports, "ref", Ref);
  EXPORT_FN(env, exports, "unref", Unref);
  EXPORT_FN(env, exports, "context", Context);
  EXPORT_FN(env, exports, "state", State);
  return exports;
}
