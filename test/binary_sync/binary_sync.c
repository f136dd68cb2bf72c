/* The no-manual-sync model: C reads and writes JS-visible bytes through data pointers with no sync
 * call, exactly as it does natively (where the pointer is the backing store itself). Each case must
 * pass on native Node too: these are plain Node-API addons.
 *
 * Views are Uint8Array, Uint32Array or Float64Array; C handles elements by napi_typedarray_type. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "common.h"

typedef struct {
  napi_typedarray_type type;
  size_t length;
  void* data;
} view_t;

/* The type, length and data pointer of a typed array argument (throws on failure). */
static bool get_view(napi_env env, napi_value value, view_t* v) {
  if (napi_get_typedarray_info(env, value, &v->type, &v->length, &v->data, NULL, NULL) != napi_ok) {
    napi_throw_type_error(env, NULL, "a typed array was expected");
    return false;
  }
  if (v->type != napi_uint8_array && v->type != napi_uint32_array && v->type != napi_float64_array) {
    napi_throw_type_error(env, NULL, "Uint8Array, Uint32Array or Float64Array expected");
    return false;
  }
  return true;
}

static void set_element(const view_t* v, size_t i, double x) {
  switch (v->type) {
    case napi_uint8_array: ((uint8_t*)v->data)[i] = (uint8_t)x; break;
    case napi_uint32_array: ((uint32_t*)v->data)[i] = (uint32_t)x; break;
    default: ((double*)v->data)[i] = x; break;
  }
}

static double get_element(const view_t* v, size_t i) {
  switch (v->type) {
    case napi_uint8_array: return ((uint8_t*)v->data)[i];
    case napi_uint32_array: return ((uint32_t*)v->data)[i];
    default: return ((double*)v->data)[i];
  }
}

/* Element i gets start + i (start + i + 0.5 for Float64Array). */
static void fill_view(const view_t* v, double start) {
  double frac = v->type == napi_float64_array ? 0.5 : 0;
  for (size_t i = 0; i < v->length; i++) set_element(v, i, start + (double)i + frac);
}

/* The elements of a view as a JS array, read through its data pointer. */
static napi_value read_view(napi_env env, const view_t* v) {
  napi_value array, x;
  napi_create_array_with_length(env, v->length, &array);
  for (size_t i = 0; i < v->length; i++) {
    napi_create_double(env, get_element(v, i), &x);
    napi_set_element(env, array, (uint32_t)i, x);
  }
  return array;
}

/* Grows linear memory (in wasm) by allocating and touching `mb` MiB, then frees it. */
static bool grow(napi_env env, int32_t mb) {
  char* big = malloc((size_t)mb << 20);
  if (big == NULL) {
    napi_throw_error(env, NULL, "allocation failed");
    return false;
  }
  memset(big, 0x5a, (size_t)mb << 20);
  free(big);
  return true;
}

/* fill(view, start): C writes through the data pointer; JS reads after the call. */
static napi_value Fill(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  view_t v;
  if (!get_view(env, argv[0], &v)) return NULL;
  fill_view(&v, number_arg(env, argv[1]));
  return NULL;
}

/* read(view): C reads what JS wrote before the call. */
static napi_value Read(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  view_t v;
  if (!get_view(env, argv[0], &v)) return NULL;
  return read_view(env, &v);
}

/* fillMany(a, b, c, start): three views (of different buffers, or of one) filled in one call. */
static napi_value FillMany(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 4);
  double start = number_arg(env, argv[3]);
  for (int k = 0; k < 3; k++) {
    view_t v;
    if (!get_view(env, argv[k], &v)) return NULL;
    fill_view(&v, start + 10 * k);
  }
  return NULL;
}

/* fillThenThrow(view, start): writes, then throws. JS catches the error and sees the writes. */
static napi_value FillThenThrow(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  view_t v;
  if (!get_view(env, argv[0], &v)) return NULL;
  fill_view(&v, number_arg(env, argv[1]));
  napi_throw_error(env, NULL, "thrown after writing");
  return NULL;
}

/* writeCallRead(view, fn): C fills the view with 1, 2, ...; calls fn(view) (JS reads C's values and
 * writes its own); then C reads through the SAME pointer (no new info call) what JS wrote and
 * returns it. */
static napi_value WriteCallRead(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  view_t v;
  napi_value global, ret;
  if (!get_view(env, argv[0], &v)) return NULL;
  fill_view(&v, 1);
  NAPI_CALL(env, napi_get_global(env, &global));
  NAPI_CALL(env, napi_call_function(env, global, argv[1], 1, &argv[0], &ret));
  return read_view(env, &v);
}

/* writeThrowRead(view, fn): as writeCallRead, but fn throws after writing: napi_call_function answers
 * napi_pending_exception, C takes the exception and returns [its message, ...elements read after]. */
static napi_value WriteThrowRead(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  view_t v;
  napi_value global, ret, exception, message, result;
  if (!get_view(env, argv[0], &v)) return NULL;
  fill_view(&v, 1);
  NAPI_CALL(env, napi_get_global(env, &global));
  napi_status status = napi_call_function(env, global, argv[1], 1, &argv[0], &ret);
  if (status != napi_pending_exception) {
    napi_throw_error(env, NULL, "napi_pending_exception was expected");
    return NULL;
  }
  /* Read into C memory before any other call: the pointer is in step with what JS wrote. */
  double seen[16];
  size_t n = v.length < 16 ? v.length : 16;
  for (size_t i = 0; i < n; i++) seen[i] = get_element(&v, i);
  NAPI_CALL(env, napi_get_and_clear_last_exception(env, &exception));
  NAPI_CALL(env, napi_get_named_property(env, exception, "message", &message));
  NAPI_CALL(env, napi_create_array_with_length(env, n + 1, &result));
  NAPI_CALL(env, napi_set_element(env, result, 0, message));
  for (size_t i = 0; i < n; i++) {
    napi_value x;
    NAPI_CALL(env, napi_create_double(env, seen[i], &x));
    NAPI_CALL(env, napi_set_element(env, result, (uint32_t)i + 1, x));
  }
  return result;
}

/* writeConstructRead(view, Ctor): as writeCallRead, through napi_new_instance(Ctor, view). */
static napi_value WriteConstructRead(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  view_t v;
  napi_value instance;
  if (!get_view(env, argv[0], &v)) return NULL;
  fill_view(&v, 1);
  NAPI_CALL(env, napi_new_instance(env, argv[1], 1, &argv[0], &instance));
  return read_view(env, &v);
}

/* writeCallReadRepeat(view, fn, rounds): round r: C sets element 0 to r, calls fn(view, r), which
 * checks it and sets element 1 to r * 2; C checks that before the next round. Returns the rounds
 * that went right. */
static napi_value WriteCallReadRepeat(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  view_t v;
  napi_value global, ret, args[2];
  if (!get_view(env, argv[0], &v)) return NULL;
  int32_t rounds = (int32_t)number_arg(env, argv[2]), good = 0;
  NAPI_CALL(env, napi_get_global(env, &global));
  args[0] = argv[0];
  for (int32_t r = 1; r <= rounds; r++) {
    set_element(&v, 0, r);
    NAPI_CALL(env, napi_create_int32(env, r, &args[1]));
    NAPI_CALL(env, napi_call_function(env, global, argv[1], 2, args, &ret));
    if (get_element(&v, 1) == (double)(r * 2)) good++;
  }
  napi_value result;
  NAPI_CALL(env, napi_create_int32(env, good, &result));
  return result;
}

/* growWrite(view, mb): C takes the pointer, grows memory by `mb` MiB, then writes 200 + i through the
 * pointer it took before the growth. */
static napi_value GrowWrite(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  view_t v;
  if (!get_view(env, argv[0], &v)) return NULL;
  if (!grow(env, (int32_t)number_arg(env, argv[1]))) return NULL;
  fill_view(&v, 200);
  return NULL;
}

/* growOnly(mb): grows memory (called from JS callbacks). */
static napi_value GrowOnly(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  grow(env, (int32_t)number_arg(env, argv[0]));
  return NULL;
}

/* growInCallbackWrite(view, fn): C takes the pointer, calls fn() (which grows memory through another
 * call into the addon and writes to the view), then reads the JS writes and writes 100 + i through
 * the pointer it took before. Returns what it read. */
static napi_value GrowInCallbackWrite(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  view_t v;
  napi_value global, ret, seen;
  if (!get_view(env, argv[0], &v)) return NULL;
  NAPI_CALL(env, napi_get_global(env, &global));
  NAPI_CALL(env, napi_call_function(env, global, argv[1], 0, NULL, &ret));
  seen = read_view(env, &v);
  fill_view(&v, 100);
  return seen;
}

/* ---- retained pointers (tree-sitter) -------------------------------------------------------- */

static uint32_t* retained = NULL;
static size_t retained_length = 0;

/* retainedCreate(n, kind): C makes an n-element Uint32Array ("arraybuffer": napi_create_arraybuffer +
 * napi_create_typedarray; "buffer": napi_create_buffer, returned as is) and keeps its data pointer in a
 * static. Element i starts as i. */
static napi_value RetainedCreate(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  size_t n = (size_t)number_arg(env, argv[0]);
  char kind[16];
  read_mode(env, argv[1], kind, sizeof kind);
  void* data = NULL;
  napi_value ab, result;
  if (MODE_IS(kind, "buffer")) {
    NAPI_CALL(env, napi_create_buffer(env, n * 4, &data, &result));
  } else {
    NAPI_CALL(env, napi_create_arraybuffer(env, n * 4, &data, &ab));
    NAPI_CALL(env, napi_create_typedarray(env, napi_uint32_array, n, ab, 0, &result));
  }
  retained = (uint32_t*)data;
  retained_length = n;
  for (size_t i = 0; i < n; i++) retained[i] = (uint32_t)i;
  return result;
}

/* retainedWrite(i, value): a later call writes through the stored pointer; no Node-API call touches
 * the array. */
static napi_value RetainedWrite(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  size_t i = (size_t)number_arg(env, argv[0]);
  if (i < retained_length) retained[i] = (uint32_t)number_arg(env, argv[1]);
  return NULL;
}

/* retainedRead(i): reads through the stored pointer. */
static napi_value RetainedRead(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  size_t i = (size_t)number_arg(env, argv[0]);
  napi_value result;
  NAPI_CALL(env, napi_create_uint32(env, i < retained_length ? retained[i] : 0xffffffffu, &result));
  return result;
}

/* retainedGrowFill(start, mb): grows memory, then writes start + i into every element. */
static napi_value RetainedGrowFill(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  if (!grow(env, (int32_t)number_arg(env, argv[1]))) return NULL;
  uint32_t start = (uint32_t)number_arg(env, argv[0]);
  for (size_t i = 0; i < retained_length; i++) retained[i] = start + (uint32_t)i;
  return NULL;
}

/* retainedCallback(fn): writes 7 into element 0, calls fn() (JS reads it and writes element 1), then
 * returns element 1 as C sees it. */
static napi_value RetainedCallback(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  napi_value global, ret, result;
  retained[0] = 7;
  NAPI_CALL(env, napi_get_global(env, &global));
  NAPI_CALL(env, napi_call_function(env, global, argv[0], 0, NULL, &ret));
  NAPI_CALL(env, napi_create_uint32(env, retained[1], &result));
  return result;
}

/* retainedOnCollect(value): makes an object whose finalizer (napi_add_finalizer) records element 1 of
 * the retained array as it sees it, then writes `value` into element 0 through the stored pointer.
 * No Node-API call touches the array: JS polls it after GC. finalizerSaw() returns the recorded value. */
static double finalizer_saw = -1;

static void FinalizeWriteRetained(napi_env env, void* data, void* hint) {
  (void)env;
  (void)data;
  finalizer_saw = retained_length > 1 ? (double)retained[1] : -1.0;
  if (retained_length > 0) retained[0] = (uint32_t)(uintptr_t)hint;
}

static napi_value RetainedOnCollect(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  napi_value object;
  NAPI_CALL(env, napi_create_object(env, &object));
  NAPI_CALL(env, napi_add_finalizer(env, object, NULL, FinalizeWriteRetained,
                                    (void*)(uintptr_t)number_arg(env, argv[0]), NULL));
  return NULL;
}

static napi_value FinalizerSaw(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  NAPI_CALL(env, napi_create_double(env, finalizer_saw, &result));
  return result;
}

/* ---- nested JS → C → JS → C ----------------------------------------------------------------- */

/* nestedOuter(view, fn): sets element 0 to 1, calls fn(), returns all elements read after it. */
static napi_value NestedOuter(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  view_t v;
  napi_value global, ret;
  if (!get_view(env, argv[0], &v)) return NULL;
  set_element(&v, 0, 1);
  NAPI_CALL(env, napi_get_global(env, &global));
  NAPI_CALL(env, napi_call_function(env, global, argv[1], 0, NULL, &ret));
  return read_view(env, &v);
}

/* nestedInner(view, index, value): returns the elements it sees, then sets element `index`. */
static napi_value NestedInner(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  view_t v;
  if (!get_view(env, argv[0], &v)) return NULL;
  napi_value seen = read_view(env, &v);
  set_element(&v, (size_t)number_arg(env, argv[1]), number_arg(env, argv[2]));
  return seen;
}

NAPI_MODULE_INIT() {
  EXPORT_FN(env, exports, "fill", Fill);
  EXPORT_FN(env, exports, "read", Read);
  EXPORT_FN(env, exports, "fillMany", FillMany);
  EXPORT_FN(env, exports, "fillThenThrow", FillThenThrow);
  EXPORT_FN(env, exports, "writeCallRead", WriteCallRead);
  EXPORT_FN(env, exports, "writeThrowRead", WriteThrowRead);
  EXPORT_FN(env, exports, "writeConstructRead", WriteConstructRead);
  EXPORT_FN(env, exports, "writeCallReadRepeat", WriteCallReadRepeat);
  EXPORT_FN(env, exports, "growWrite", GrowWrite);
  EXPORT_FN(env, exports, "growOnly", GrowOnly);
  EXPORT_FN(env, exports, "growInCallbackWrite", GrowInCallbackWrite);
  EXPORT_FN(env, exports, "retainedCreate", RetainedCreate);
  EXPORT_FN(env, exports, "retainedWrite", RetainedWrite);
  EXPORT_FN(env, exports, "retainedRead", RetainedRead);
  EXPORT_FN(env, exports, "retainedGrowFill", RetainedGrowFill);
  EXPORT_FN(env, exports, "retainedCallback", RetainedCallback);
  EXPORT_FN(env, exports, "retainedOnCollect", RetainedOnCollect);
  EXPORT_FN(env, exports, "finalizerSaw", FinalizerSaw);
  EXPORT_FN(env, exports, "nestedOuter", NestedOuter);
  EXPORT_FN(env, exports, "nestedInner", NestedInner);
  return exports;
}
