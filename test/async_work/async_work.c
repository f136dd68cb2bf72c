/* Async work: napi_create_async_work, napi_queue_async_work, napi_cancel_async_work and
 * napi_delete_async_work. Natively `execute` runs on a libuv thread-pool thread; on wasm (no threads)
 * it runs on the main thread in a later task. The tests only look at what is the same for both: the
 * order of complete callbacks and promise reactions, statuses, cancellation.
 *
 * Works live in a static table; JS refers to them by index. A trailing string mode passes NULL in one
 * position of the call under test ("env", "work", "execute", "result", "name") or reports a pending
 * exception ("catch"). */
#include <stdlib.h>
#include "common.h"
#ifndef __wasm__
#include <unistd.h>
#endif

#define MAX_WORKS 64

/* Flags of start(). */
enum {
  F_THROW = 1,            /* complete throws an Error("complete <id>") */
  F_AFTER_PREVIOUS = 2,   /* execute waits until the previous work is done (native threads) */
  F_CANCEL_IN_COMPLETE = 4, /* complete records napi_cancel_async_work on its own (finished) work */
  F_REQUEUE_ONCE = 8,     /* complete queues the same work again, once */
  F_BLOCK = 16,           /* execute waits for release() (keeps a native pool thread busy) */
  F_NO_COMPLETE = 32,     /* created with complete = NULL */
  F_KEEP = 64             /* complete does not delete the work (the test deletes it) */
};

typedef struct {
  napi_async_work work;
  int id;
  int flags;
  napi_ref callback;       /* called from complete as callback(status, id) */
  napi_deferred deferred;  /* resolved from complete with { status, executed, completes } */
  volatile int executed;
  volatile int done;       /* complete returned (execute, without a complete callback) */
  int completes;
  napi_status cancel_in_complete;
  napi_status requeue_status;
} Work;

static Work works[MAX_WORKS];
static int next_work = 0;
static napi_status last_create_status = napi_ok;
static volatile int released = 1;

static void Execute(napi_env env, void* data) {
  Work* w = (Work*)data;
  if (w->flags & F_BLOCK) {
#ifndef __wasm__
    /* Holds a pool thread until the test calls release() (at most 10 s). */
    for (int i = 0; i < 10000 && !__atomic_load_n(&released, __ATOMIC_SEQ_CST); i++) usleep(1000);
#endif
  }
  if ((w->flags & F_AFTER_PREVIOUS) && w->id > 0) {
#ifndef __wasm__
    /* Native thread-pool threads run works in parallel: wait until the previous work is done (its
     * complete callback returned) so that the order is deterministic, as it always is on one thread. */
    Work* prev = &works[w->id - 1];
    for (int i = 0; i < 10000 && !__atomic_load_n(&prev->done, __ATOMIC_SEQ_CST); i++) usleep(1000);
#endif
  }
  __atomic_store_n(&w->executed, 1, __ATOMIC_SEQ_CST);
  if (w->flags & F_NO_COMPLETE) __atomic_store_n(&w->done, 1, __ATOMIC_SEQ_CST);
}

static void set_int(napi_env env, napi_value obj, const char* key, int32_t v) {
  napi_value n;
  napi_create_int32(env, v, &n);
  napi_set_named_property(env, obj, key, n);
}

static void Complete(napi_env env, napi_status status, void* data) {
  Work* w = (Work*)data;
  w->completes++;
  if (w->flags & F_CANCEL_IN_COMPLETE) w->cancel_in_complete = napi_cancel_async_work(env, w->work);
  if ((w->flags & F_REQUEUE_ONCE) && w->completes == 1) {
    w->requeue_status = napi_queue_async_work(env, w->work);
    if (w->requeue_status == napi_ok) return; /* the second completion reports */
  }
  if (w->callback != NULL) {
    napi_value cb, argv[2], undefined;
    napi_get_reference_value(env, w->callback, &cb);
    napi_create_int32(env, (int32_t)status, &argv[0]);
    napi_create_int32(env, w->id, &argv[1]);
    napi_get_undefined(env, &undefined);
    napi_call_function(env, undefined, cb, 2, argv, NULL);
  }
  if (w->deferred != NULL) {
    napi_value result;
    napi_create_object(env, &result);
    set_int(env, result, "status", (int32_t)status);
    set_int(env, result, "executed", w->executed);
    set_int(env, result, "completes", w->completes);
    if (w->flags & F_CANCEL_IN_COMPLETE) set_int(env, result, "cancelInComplete", (int32_t)w->cancel_in_complete);
    if (w->flags & F_REQUEUE_ONCE) set_int(env, result, "requeue", (int32_t)w->requeue_status);
    napi_resolve_deferred(env, w->deferred, result);
    w->deferred = NULL;
  }
  if (w->callback != NULL) {
    napi_delete_reference(env, w->callback);
    w->callback = NULL;
  }
  if (!(w->flags & F_KEEP)) {
    napi_delete_async_work(env, w->work);
    w->work = NULL;
  }
  __atomic_store_n(&w->done, 1, __ATOMIC_SEQ_CST);
  if (w->flags & F_THROW) {
    char msg[32] = "complete ";
    msg[9] = (char)('0' + w->id % 10);
    msg[10] = '\0';
    napi_throw_error(env, NULL, msg);
  }
}

/* start(callback, flags) → { id, promise }: creates and queues a work. */
static napi_value Start(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  int32_t flags = 0;
  napi_valuetype t;
  napi_typeof(env, argv[1], &t);
  if (t == napi_number) NAPI_CALL(env, napi_get_value_int32(env, argv[1], &flags));
  if (next_work >= MAX_WORKS) {
    napi_throw_error(env, NULL, "too many works");
    return NULL;
  }
  Work* w = &works[next_work];
  memset(w, 0, sizeof *w);
  w->id = next_work++;
  w->flags = flags;
  napi_typeof(env, argv[0], &t);
  if (t == napi_function) NAPI_CALL(env, napi_create_reference(env, argv[0], 1, &w->callback));
  napi_value promise, name, result, id;
  NAPI_CALL(env, napi_create_promise(env, &w->deferred, &promise));
  NAPI_CALL(env, napi_create_string_utf8(env, "async_work_test", NAPI_AUTO_LENGTH, &name));
  NAPI_CALL(env, napi_create_async_work(env, NULL, name, Execute, (flags & F_NO_COMPLETE) ? NULL : Complete, w, &w->work));
  NAPI_CALL(env, napi_queue_async_work(env, w->work));
  NAPI_CALL(env, napi_create_object(env, &result));
  NAPI_CALL(env, napi_create_int32(env, w->id, &id));
  NAPI_CALL(env, napi_set_named_property(env, result, "id", id));
  NAPI_CALL(env, napi_set_named_property(env, result, "promise", promise));
  return result;
}

static Work* work_arg(napi_env env, napi_value v) {
  int32_t id = -1;
  napi_get_value_int32(env, v, &id);
  if (id < 0 || id >= next_work) return NULL;
  return &works[id];
}

/* executed(id) → whether the work's execute ran. */
static napi_value Executed(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  Work* w = work_arg(env, argv[0]);
  napi_value result;
  NAPI_CALL(env, napi_get_boolean(env, w != NULL && w->executed, &result));
  return result;
}

/* hold(): F_BLOCK works queued from now on wait for release(). */
static napi_value Hold(napi_env env, napi_callback_info info) {
  __atomic_store_n(&released, 0, __ATOMIC_SEQ_CST);
  return NULL;
}

/* release(): lets F_BLOCK works finish. */
static napi_value Release(napi_env env, napi_callback_info info) {
  __atomic_store_n(&released, 1, __ATOMIC_SEQ_CST);
  return NULL;
}

/* cancel(id, mode) → status report. */
static napi_value Cancel(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  Work* w = work_arg(env, argv[0]);
  napi_status status = napi_cancel_async_work(NULL_IF("env", env), NULL_IF("work", w ? w->work : NULL));
  return report_for_mode(env, status, mode);
}

/* queue(id, mode) → status report (queues an existing work again). */
static napi_value Queue(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  Work* w = work_arg(env, argv[0]);
  napi_status status = napi_queue_async_work(NULL_IF("env", env), NULL_IF("work", w ? w->work : NULL));
  return report_for_mode(env, status, mode);
}

/* remove(id, mode) → status report of napi_delete_async_work (the slot keeps the stale handle). */
static napi_value Delete(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  Work* w = work_arg(env, argv[0]);
  napi_status status = napi_delete_async_work(NULL_IF("env", env), NULL_IF("work", w ? w->work : NULL));
  return report_for_mode(env, status, mode);
}

/* create(resource, name, mode) → status report of napi_create_async_work; the work is deleted
 * again right away (never queued). Mode "resource" passes a NULL async_resource (allowed). */
static napi_value Create(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16];
  read_mode(env, argv[2], mode, sizeof mode);
  napi_value resource = MODE_IS(mode, "resource") ? NULL : argv[0], name = argv[1];
  napi_async_work work = NULL;
  napi_status status = napi_create_async_work(NULL_IF("env", env), resource, NULL_IF("name", name),
                                              MODE_IS(mode, "execute") ? NULL : Execute, Complete, NULL,
                                              NULL_IF("result", &work));
  last_create_status = status;
  if (status == napi_ok && work != NULL) napi_delete_async_work(env, work);
  return report_for_mode(env, status, mode);
}

/* lastCreateStatus() → the status create() got last (read after a create() that threw). */
static napi_value LastCreateStatus(napi_env env, napi_callback_info info) {
  napi_value result;
  NAPI_CALL(env, napi_create_int32(env, (int32_t)last_create_status, &result));
  return result;
}

/* cancelNeverQueued() → status report of napi_cancel_async_work on a work that was created but
 * never queued (undefined behaviour in Node: its uv_work_t is uninitialised). */
static napi_value CancelNeverQueued(napi_env env, napi_callback_info info) {
  napi_value name;
  napi_async_work work;
  NAPI_CALL(env, napi_create_string_utf8(env, "never_queued", NAPI_AUTO_LENGTH, &name));
  NAPI_CALL(env, napi_create_async_work(env, NULL, name, Execute, NULL, NULL, &work));
  napi_status status = napi_cancel_async_work(env, work);
  napi_value result = report_status(env, status);
  napi_delete_async_work(env, work);
  return result;
}

NAPI_MODULE_INIT() {
  EXPORT_FN(env, exports, "start", Start);
  EXPORT_FN(env, exports, "executed", Executed);
  EXPORT_FN(env, exports, "hold", Hold);
  EXPORT_FN(env, exports, "release", Release);
  EXPORT_FN(env, exports, "cancel", Cancel);
  EXPORT_FN(env, exports, "queue", Queue);
  EXPORT_FN(env, exports, "remove", Delete);
  EXPORT_FN(env, exports, "create", Create);
  EXPORT_FN(env, exports, "lastCreateStatus", LastCreateStatus);
  EXPORT_FN(env, exports, "cancelNeverQueued", CancelNeverQueued);
  return exports;
}
