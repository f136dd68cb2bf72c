/* Promises: napi_create_promise, napi_resolve_deferred, napi_reject_deferred, napi_is_promise.
 *
 * createPromise() keeps the napi_deferred in a table and returns { promise, id }; resolve(id, value)
 * and reject(id, value) conclude it. A trailing string mode passes NULL in one position ("env",
 * "deferred", "promise", "value", "result"), calls with a JS exception already pending ("pending"),
 * or reports a pending exception instead of letting it propagate ("catch"). Modes that would crash
 * native Node ("again": reuse a concluded deferred, "bogus": a deferred never issued, "deferred" on
 * resolve/reject) are only run against the wasm builds. */
#include <stdint.h>
#include "common.h"

#define MAX_DEFERREDS 256

static napi_deferred deferreds[MAX_DEFERREDS];
static uint32_t next_deferred = 0;

/* createPromise(mode) → { promise, id } */
static napi_value CreatePromise(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  char mode[16];
  read_mode(env, argv[0], mode, sizeof mode);
  napi_deferred deferred = NULL;
  napi_value promise = NULL;
  throw_if_pending_mode(env, mode);
  napi_status status = napi_create_promise(NULL_IF("env", env), NULL_IF("deferred", &deferred),
                                           NULL_IF("promise", &promise));
  if (status != napi_ok || MODE_IS(mode, "pending")) return report_pending_caught(env, status, mode);
  uint32_t id = next_deferred++ % MAX_DEFERREDS;
  deferreds[id] = deferred;
  napi_value out, v;
  NAPI_CALL(env, napi_create_object(env, &out));
  NAPI_CALL(env, napi_set_named_property(env, out, "promise", promise));
  NAPI_CALL(env, napi_create_uint32(env, id, &v));
  NAPI_CALL(env, napi_set_named_property(env, out, "id", v));
  return out;
}

typedef napi_status (*conclude_fn)(napi_env, napi_deferred, napi_value);

/* (id, value, mode) → { status, message } */
static napi_value Conclude(napi_env env, napi_callback_info info, conclude_fn fn) {
  GET_ARGS(env, info, 3);
  char mode[16];
  read_mode(env, argv[2], mode, sizeof mode);
  uint32_t id = 0;
  NAPI_CALL(env, napi_get_value_uint32(env, argv[0], &id));
  napi_deferred deferred = deferreds[id % MAX_DEFERREDS];
  if (MODE_IS(mode, "bogus")) deferred = (napi_deferred)(uintptr_t)0x7654321;
  throw_if_pending_mode(env, mode);
  napi_status status = fn(NULL_IF("env", env), NULL_IF("deferred", deferred), NULL_IF("value", argv[1]));
  return report_pending_caught(env, status, mode);
}

static napi_value Resolve(napi_env env, napi_callback_info info) {
  return Conclude(env, info, napi_resolve_deferred);
}

static napi_value Reject(napi_env env, napi_callback_info info) {
  return Conclude(env, info, napi_reject_deferred);
}

/* isPromise(value, mode) → bool */
static napi_value IsPromise(napi_env env, napi_callback_info info) {
  return test_predicate(env, info, napi_is_promise);
}

/* resolvedWith(value): creates a promise and resolves it in the same call. */
static napi_value ResolvedWith(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  napi_deferred deferred;
  napi_value promise;
  NAPI_CALL(env, napi_create_promise(env, &deferred, &promise));
  NAPI_CALL(env, napi_resolve_deferred(env, deferred, argv[0]));
  return promise;
}

/* resolveToItself(): resolves a promise with itself (V8 rejects it with a TypeError). */
static napi_value ResolveToItself(napi_env env, napi_callback_info info) {
  napi_deferred deferred;
  napi_value promise;
  NAPI_CALL(env, napi_create_promise(env, &deferred, &promise));
  NAPI_CALL(env, napi_resolve_deferred(env, deferred, promise));
  return promise;
}

NAPI_MODULE_INIT() {
  EXPORT_FN(env, exports, "createPromise", CreatePromise);
  EXPORT_FN(env, exports, "resolve", Resolve);
  EXPORT_FN(env, exports, "reject", Reject);
  EXPORT_FN(env, exports, "isPromise", IsPromise);
  EXPORT_FN(env, exports, "resolvedWith", ResolvedWith);
  EXPORT_FN(env, exports, "resolveToItself", ResolveToItself);
  return exports;
}
