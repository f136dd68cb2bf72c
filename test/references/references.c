/* References and finalizers: napi_create_reference, napi_reference_ref / napi_reference_unref,
 * napi_get_reference_value, napi_delete_reference, napi_add_finalizer, finalizers of wraps and
 * externals (run after GC, exactly once), instance data, and a leak test.
 *
 * napi_ref values are kept in a C table; JS sees their slot numbers. Functions that test one Node-API
 * call take a trailing string mode naming the argument passed as NULL ("env", "value", "ref",
 * "result", ...), see report_for_mode() in common.h. */
#include <stdint.h>
#include <stdlib.h>
#include "common.h"

#define AS_PTR(n) ((void*)(uintptr_t)(uint32_t)(n))
#define AS_INT(p) ((int32_t)(uint32_t)(uintptr_t)(p))

static napi_value Int(napi_env env, int32_t n) {
  napi_value v;
  napi_create_int32(env, n, &v);
  return v;
}

static int32_t IntArg(napi_env env, napi_value v) {
  int32_t n = 0;
  napi_get_value_int32(env, v, &n);
  return n;
}

/* The env the module was initialised with: finalizers check they get the same one. */
static napi_env module_env = NULL;

/* ---- the napi_ref table ------------------------------------------------------------------------- */

#define SLOTS 256
static napi_ref slots[SLOTS];

static int32_t NewSlot(napi_ref ref) {
  for (int32_t i = 1; i < SLOTS; i++) {
    if (slots[i] == NULL) {
      slots[i] = ref;
      return i;
    }
  }
  return -1;
}

static napi_ref SlotRef(napi_env env, napi_value v) {
  int32_t i = IntArg(env, v);
  return i > 0 && i < SLOTS ? slots[i] : NULL;
}

/* createReference(value, count, mode) → a slot, or the report. Modes: "env", "value", "result". */
static napi_value CreateReference(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16];
  read_mode(env, argv[2], mode, sizeof mode);
  napi_ref ref = NULL;
  napi_status status = napi_create_reference(NULL_IF("env", env), NULL_IF("value", argv[0]),
                                             (uint32_t)IntArg(env, argv[1]), NULL_IF("result", &ref));
  return status == napi_ok ? Int(env, NewSlot(ref)) : report_for_mode(env, status, mode);
}

/* ref(slot, mode) → the new count, or the report. Modes: "env", "ref", "noresult" (result NULL: then
 * the report, status ok). */
static napi_value Ref(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  uint32_t count = 12345;
  napi_status status = napi_reference_ref(NULL_IF("env", env), NULL_IF("ref", SlotRef(env, argv[0])),
                                          MODE_IS(mode, "noresult") ? NULL : &count);
  return status == napi_ok && !MODE_IS(mode, "noresult") ? Int(env, (int32_t)count) : report_for_mode(env, status, mode);
}

/* unref(slot, mode): as ref(). */
static napi_value Unref(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  uint32_t count = 12345;
  napi_status status = napi_reference_unref(NULL_IF("env", env), NULL_IF("ref", SlotRef(env, argv[0])),
                                            MODE_IS(mode, "noresult") ? NULL : &count);
  return status == napi_ok && !MODE_IS(mode, "noresult") ? Int(env, (int32_t)count) : report_for_mode(env, status, mode);
}

/* get(slot, mode) → { value } (value absent when the result was NULL: the value is gone), or the
 * report. Modes: "env", "ref", "result". */
static napi_value Get(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  napi_value value = NULL, result;
  napi_status status = napi_get_reference_value(NULL_IF("env", env), NULL_IF("ref", SlotRef(env, argv[0])),
                                                NULL_IF("result", &value));
  if (status != napi_ok) return report_for_mode(env, status, mode);
  NAPI_CALL(env, napi_create_object(env, &result));
  if (value != NULL) NAPI_CALL(env, napi_set_named_property(env, result, "value", value));
  return result;
}

/* deleteReference(slot, mode) → { status, message }. The slot keeps the deleted napi_ref (for the
 * stale-reference tests) until forget(slot). Modes: "env", "ref". */
static napi_value DeleteReference(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  napi_status status = napi_delete_reference(NULL_IF("env", env), NULL_IF("ref", SlotRef(env, argv[0])));
  return report_for_mode(env, status, mode);
}

static napi_value Forget(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  int32_t i = IntArg(env, argv[0]);
  if (i > 0 && i < SLOTS) slots[i] = NULL;
  return NULL;
}

/* ---- finalizers --------------------------------------------------------------------------------- */

enum { WRAP, EXTERNAL, ADDED, ADDED_REF, WRAP_REF, KINDS };
static int32_t finalized[KINDS];
static int32_t last_data[KINDS];
static int32_t last_hint[KINDS];
static int32_t wrong_env = 0;

static void Record(int kind, napi_env env, void* data, void* hint) {
  if (env != module_env) wrong_env++;
  finalized[kind]++;
  last_data[kind] = AS_INT(data);
  last_hint[kind] = AS_INT(hint);
}

static void WrapFinalize(napi_env env, void* data, void* hint) {
  Record(WRAP, env, data, hint);
}
static void ExternalFinalize(napi_env env, void* data, void* hint) {
  Record(EXTERNAL, env, data, hint);
}
static void AddedFinalize(napi_env env, void* data, void* hint) {
  Record(ADDED, env, data, hint);
}

/* Finalizers of references the addon owns (napi_add_finalizer / napi_wrap with a result): the data is
 * the slot; the finalizer deletes the reference, as it must, and frees the slot. */
static void DeleteSlot(napi_env env, int32_t slot) {
  if (slot > 0 && slot < SLOTS && slots[slot] != NULL) {
    napi_delete_reference(env, slots[slot]);
    slots[slot] = NULL;
  }
}
static void AddedRefFinalize(napi_env env, void* data, void* hint) {
  Record(ADDED_REF, env, data, hint);
  DeleteSlot(env, AS_INT(data));
}
static void WrapRefFinalize(napi_env env, void* data, void* hint) {
  Record(WRAP_REF, env, data, hint);
  DeleteSlot(env, AS_INT(data));
}

/* finalizerStats() → { wrap, external, added, addedRef, wrapRef: [calls, last data, last hint] },
 * wrongEnv: finalizer calls that got another env than the module's. */
static napi_value FinalizerStats(napi_env env, napi_callback_info info) {
  static const char* names[KINDS] = {"wrap", "external", "added", "addedRef", "wrapRef"};
  napi_value result, entry;
  NAPI_CALL(env, napi_create_object(env, &result));
  for (int k = 0; k < KINDS; k++) {
    NAPI_CALL(env, napi_create_array_with_length(env, 3, &entry));
    NAPI_CALL(env, napi_set_element(env, entry, 0, Int(env, finalized[k])));
    NAPI_CALL(env, napi_set_element(env, entry, 1, Int(env, last_data[k])));
    NAPI_CALL(env, napi_set_element(env, entry, 2, Int(env, last_hint[k])));
    NAPI_CALL(env, napi_set_named_property(env, result, names[k], entry));
  }
  NAPI_CALL(env, napi_set_named_property(env, result, "wrongEnv", Int(env, wrong_env)));
  return result;
}

/* wrap(object, n) → { status, message }: napi_wrap with WrapFinalize, data n, hint n + 1, no ref. */
static napi_value Wrap(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  int32_t n = IntArg(env, argv[1]);
  return report_status(env, napi_wrap(env, argv[0], AS_PTR(n), WrapFinalize, AS_PTR(n + 1), NULL));
}

/* wrapWithRef(object) → the slot of the napi_ref napi_wrap returned (data = slot, hint = 7). */
static napi_value WrapWithRef(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  int32_t slot = NewSlot((napi_ref)1); /* reserve the slot, then store the real napi_ref */
  napi_status status = napi_wrap(env, argv[0], AS_PTR(slot), WrapRefFinalize, AS_PTR(7), &slots[slot]);
  if (status != napi_ok) {
    slots[slot] = NULL;
    return report_status(env, status);
  }
  return Int(env, slot);
}

static napi_value RemoveWrap(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  void* data = NULL;
  napi_status status = napi_remove_wrap(env, argv[0], &data);
  return status == napi_ok ? Int(env, AS_INT(data)) : report_status(env, status);
}

/* createExternal(n) → an external with ExternalFinalize (data n, hint n + 1). */
static napi_value CreateExternal(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  int32_t n = IntArg(env, argv[0]);
  napi_value result;
  NAPI_CALL(env, napi_create_external(env, AS_PTR(n), ExternalFinalize, AS_PTR(n + 1), &result));
  return result;
}

/* addFinalizer(object, n, mode) → { status, message } for napi_add_finalizer(object, n, AddedFinalize,
 * n + 1, NULL), or with mode "ref" the slot of a returned napi_ref (finalizer AddedRefFinalize, data =
 * the slot) that the finalizer deletes. Modes: "env", "object", "finalizer", "ref". */
static napi_value AddFinalizer(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16];
  read_mode(env, argv[2], mode, sizeof mode);
  int32_t n = IntArg(env, argv[1]);
  if (MODE_IS(mode, "ref")) {
    int32_t slot = NewSlot((napi_ref)1);
    napi_status status = napi_add_finalizer(env, argv[0], AS_PTR(slot), AddedRefFinalize, AS_PTR(n), &slots[slot]);
    if (status != napi_ok) {
      slots[slot] = NULL;
      return report_status(env, status);
    }
    return Int(env, slot);
  }
  napi_status status = napi_add_finalizer(NULL_IF("env", env), NULL_IF("object", argv[0]), AS_PTR(n),
                                          MODE_IS(mode, "finalizer") ? NULL : AddedFinalize, AS_PTR(n + 1), NULL);
  return report_for_mode(env, status, mode);
}

/* ---- leak test: many wraps and weak references made and dropped --------------------------------- */

static int32_t leak_wraps_finalized = 0;
static int32_t leak_refs_finalized = 0;

static void LeakWrapFinalize(napi_env env, void* data, void* hint) {
  leak_wraps_finalized++;
}

typedef struct {
  napi_ref weak;  /* napi_create_reference(object, 0) */
  napi_ref owned; /* returned by napi_add_finalizer */
} LeakRefs;

/* Deletes both references of the collected object: the addon owns them. */
static void LeakRefFinalize(napi_env env, void* data, void* hint) {
  LeakRefs* refs = data;
  napi_value value = (napi_value)1;
  /* The weak reference's object is gone: its value is NULL by now. */
  if (napi_get_reference_value(env, refs->weak, &value) == napi_ok && value == NULL) leak_refs_finalized++;
  napi_delete_reference(env, refs->weak);
  napi_delete_reference(env, refs->owned);
  free(refs);
}

/* leak(n) → undefined: makes n wrapped objects and n objects with a weak reference and an owned
 * finalizer reference, each in a handle scope of its own, and drops them all. */
static napi_value Leak(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  int32_t n = IntArg(env, argv[0]);
  for (int32_t i = 0; i < n; i++) {
    napi_handle_scope scope;
    napi_value a, b;
    NAPI_CALL(env, napi_open_handle_scope(env, &scope));
    NAPI_CALL(env, napi_create_object(env, &a));
    NAPI_CALL(env, napi_wrap(env, a, AS_PTR(i), LeakWrapFinalize, NULL, NULL));
    NAPI_CALL(env, napi_create_object(env, &b));
    LeakRefs* refs = malloc(sizeof *refs);
    NAPI_CALL(env, napi_create_reference(env, b, 0, &refs->weak));
    NAPI_CALL(env, napi_add_finalizer(env, b, refs, LeakRefFinalize, NULL, &refs->owned));
    NAPI_CALL(env, napi_close_handle_scope(env, scope));
  }
  return NULL;
}

/* leakStats() → [wraps finalized, reference pairs finalized (and seen NULL)]. */
static napi_value LeakStats(napi_env env, napi_callback_info info) {
  napi_value result;
  NAPI_CALL(env, napi_create_array_with_length(env, 2, &result));
  NAPI_CALL(env, napi_set_element(env, result, 0, Int(env, leak_wraps_finalized)));
  NAPI_CALL(env, napi_set_element(env, result, 1, Int(env, leak_refs_finalized)));
  return result;
}

/* ---- instance data ------------------------------------------------------------------------------ */

static int32_t instance_finalized = 0;

static void InstanceFinalize(napi_env env, void* data, void* hint) {
  instance_finalized++;
}

/* setInstanceData(n) → { status, message }: data n with a finalizer (Node runs it at env teardown). */
static napi_value SetInstanceData(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  return report_status(env, napi_set_instance_data(env, AS_PTR(IntArg(env, argv[0])), InstanceFinalize, NULL));
}

/* getInstanceData() → [data, instance finalizer calls]. */
static napi_value GetInstanceData(napi_env env, napi_callback_info info) {
  void* data = NULL;
  napi_value result;
  NAPI_CALL(env, napi_get_instance_data(env, &data));
  NAPI_CALL(env, napi_create_array_with_length(env, 2, &result));
  NAPI_CALL(env, napi_set_element(env, result, 0, Int(env, AS_INT(data))));
  NAPI_CALL(env, napi_set_element(env, result, 1, Int(env, instance_finalized)));
  return result;
}

NAPI_MODULE_INIT() {
  module_env = env;
  EXPORT_FN(env, exports, "createReference", CreateReference);
  EXPORT_FN(env, exports, "ref", Ref);
  EXPORT_FN(env, exports, "unref", Unref);
  EXPORT_FN(env, exports, "get", Get);
  EXPORT_FN(env, exports, "deleteReference", DeleteReference);
  EXPORT_FN(env, exports, "forget", Forget);
  EXPORT_FN(env, exports, "finalizerStats", FinalizerStats);
  EXPORT_FN(env, exports, "wrap", Wrap);
  EXPORT_FN(env, exports, "wrapWithRef", WrapWithRef);
  EXPORT_FN(env, exports, "removeWrap", RemoveWrap);
  EXPORT_FN(env, exports, "createExternal", CreateExternal);
  EXPORT_FN(env, exports, "addFinalizer", AddFinalizer);
  EXPORT_FN(env, exports, "leak", Leak);
  EXPORT_FN(env, exports, "leakStats", LeakStats);
  EXPORT_FN(env, exports, "setInstanceData", SetInstanceData);
  EXPORT_FN(env, exports, "getInstanceData", GetInstanceData);
  return exports;
}
