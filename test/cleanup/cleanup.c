/* Cleanup hooks: napi_add_env_cleanup_hook, napi_remove_env_cleanup_hook, napi_add_async_cleanup_hook
 * and napi_remove_async_cleanup_hook. Natively they run when the Node.js environment is torn down
 * (process exit); on wasm when the module is unloaded (`unload(exports)`). Hooks, finalizers and the
 * instance-data finalizer append a line to a log, printed to stderr as it happens once print(true)
 * was called, so a child process shows the order.
 *
 * A trailing string mode passes NULL in one position ("env", "fun", "hook", "handle"). */
#include <stdint.h>
#include <stdio.h>
#include "common.h"

#define MAX_HANDLES 32

static int printing = 0;
static napi_async_cleanup_hook_handle handles[MAX_HANDLES];
static int remove_in_hook[MAX_HANDLES];
static int next_handle = 0;
static napi_ref kept = NULL;

static void say(const char* what, int n) {
  if (!printing) return;
  if (n >= 0) fprintf(stderr, "%s %d\n", what, n);
  else fprintf(stderr, "%s\n", what);
  fflush(stderr);
}

static void Hook(void* arg) { say("hook", (int)(intptr_t)arg); }
static void OtherHook(void* arg) { say("other hook", (int)(intptr_t)arg); }

static void AsyncHook(napi_async_cleanup_hook_handle handle, void* arg) {
  int i = (int)(intptr_t)arg;
  say("async hook", i);
  if (remove_in_hook[i]) {
    napi_status status = napi_remove_async_cleanup_hook(handle);
    if (status != napi_ok) say("async hook remove failed", (int)status);
  }
}

static int32_t int_arg(napi_env env, napi_value v, int32_t fallback) {
  napi_valuetype t;
  int32_t out = fallback;
  if (napi_typeof(env, v, &t) == napi_ok && t == napi_number) napi_get_value_int32(env, v, &out);
  return out;
}

/* print(on): print each log line to stderr from now on. */
static napi_value Print(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  bool on = false;
  napi_get_value_bool(env, argv[0], &on);
  printing = on;
  return NULL;
}

/* addHook(n, mode, other) → status report of napi_add_env_cleanup_hook(Hook, n) (OtherHook when
 * `other` is true). */
static napi_value AddHook(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  bool other = false;
  napi_get_value_bool(env, argv[2], &other);
  napi_status status = napi_add_env_cleanup_hook(NULL_IF("env", env), MODE_IS(mode, "fun") ? NULL : other ? OtherHook : Hook,
                                                 (void*)(intptr_t)int_arg(env, argv[0], 0));
  return report_for_mode(env, status, mode);
}

/* removeHook(n, mode, other) → status report of napi_remove_env_cleanup_hook(Hook, n). */
static napi_value RemoveHook(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  bool other = false;
  napi_get_value_bool(env, argv[2], &other);
  napi_status status = napi_remove_env_cleanup_hook(NULL_IF("env", env), MODE_IS(mode, "fun") ? NULL : other ? OtherHook : Hook,
                                                    (void*)(intptr_t)int_arg(env, argv[0], 0));
  return report_for_mode(env, status, mode);
}

/* addAsyncHook(removeInHook, mode) → handle index (the hook's arg), or a status report. Mode
 * "handle" passes a NULL remove_handle (allowed: the hook then gets a handle all the same). */
static napi_value AddAsyncHook(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  if (next_handle >= MAX_HANDLES) {
    napi_throw_error(env, NULL, "too many hooks");
    return NULL;
  }
  int i = next_handle;
  bool remove = false;
  napi_get_value_bool(env, argv[0], &remove);
  remove_in_hook[i] = remove;
  handles[i] = NULL;
  napi_status status = napi_add_async_cleanup_hook(NULL_IF("env", env), MODE_IS(mode, "hook") ? NULL : AsyncHook,
                                                   (void*)(intptr_t)i, NULL_IF("handle", &handles[i]));
  if (status != napi_ok) return report_for_mode(env, status, mode);
  next_handle++;
  napi_value index;
  NAPI_CALL(env, napi_create_int32(env, i, &index));
  return index;
}

/* removeAsyncHook(index, mode) → bare status of napi_remove_async_cleanup_hook (no env: Node
 * records no last error). */
static napi_value RemoveAsyncHook(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  int32_t i = int_arg(env, argv[0], -1);
  napi_async_cleanup_hook_handle handle = i >= 0 && i < next_handle ? handles[i] : NULL;
  return status_only(env, napi_remove_async_cleanup_hook(NULL_IF("handle", handle)));
}

static void FinalizeObject(napi_env env, void* data, void* hint) { say("finalizer", -1); }
static void FinalizeInstanceData(napi_env env, void* data, void* hint) { say("instance data finalizer", -1); }

/* withFinalizers(instanceDataFirst): an object with a finalizer (kept alive by a reference) and
 * instance data with a finalizer, to show where cleanup hooks run relative to finalizers at teardown. */
static napi_value WithFinalizers(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  bool instance_data_first = false;
  napi_get_value_bool(env, argv[0], &instance_data_first);
  if (instance_data_first) NAPI_CALL(env, napi_set_instance_data(env, NULL, FinalizeInstanceData, NULL));
  napi_value object;
  NAPI_CALL(env, napi_create_object(env, &object));
  NAPI_CALL(env, napi_add_finalizer(env, object, NULL, FinalizeObject, NULL, NULL));
  NAPI_CALL(env, napi_create_reference(env, object, 1, &kept));
  if (!instance_data_first) NAPI_CALL(env, napi_set_instance_data(env, NULL, FinalizeInstanceData, NULL));
  return NULL;
}

NAPI_MODULE_INIT() {
  EXPORT_FN(env, exports, "print", Print);
  EXPORT_FN(env, exports, "addHook", AddHook);
  EXPORT_FN(env, exports, "removeHook", RemoveHook);
  EXPORT_FN(env, exports, "addAsyncHook", AddAsyncHook);
  EXPORT_FN(env, exports, "removeAsyncHook", RemoveAsyncHook);
  EXPORT_FN(env, exports, "withFinalizers", WithFinalizers);
  return exports;
}
