/* Functions: napi_create_function, napi_get_cb_info, napi_get_new_target, napi_call_function,
 * napi_new_instance, and calls nested JS → C → JS → C.
 *
 * Exported functions perform one Node-API call with the JS arguments they were given and return the
 * call's result, or the report of report_for_mode(). A trailing string mode passes NULL in one
 * position ("env", "cb", "cbinfo", "func", "recv", "argv", "result") or reports a pending exception
 * instead of propagating it ("catch"). */
#include "common.h"


/* The callback of functions made by makeFunction: returns its arguments as an array. */
static napi_value ReturnArgs(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, NULL, NULL, NULL));
  napi_value argv[8], result;
  if (argc > 8) argc = 8;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  NAPI_CALL(env, napi_create_array_with_length(env, argc, &result));
  for (size_t i = 0; i < argc; i++) NAPI_CALL(env, napi_set_element(env, result, (uint32_t)i, argv[i]));
  return result;
}

/* makeFunction(name, length, mode): name null → NULL name; length -1 → NAPI_AUTO_LENGTH. */
static napi_value MakeFunction(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16], name[256];
  read_mode(env, argv[2], mode, sizeof mode);
  napi_valuetype type;
  NAPI_CALL(env, napi_typeof(env, argv[0], &type));
  size_t name_len = 0;
  if (type == napi_string) {
    NAPI_CALL(env, napi_get_value_string_utf8(env, argv[0], name, sizeof name, &name_len));
  }
  int64_t length = 0;
  NAPI_CALL(env, napi_get_value_int64(env, argv[1], &length));
  napi_value result = NULL;
  napi_status status = napi_create_function(
      NULL_IF("env", env), type == napi_string ? name : NULL, length < 0 ? NAPI_AUTO_LENGTH : (size_t)length,
      NULL_IF("cb", ReturnArgs), NULL, NULL_IF("result", &result));
  return status == napi_ok ? result : report_for_mode(env, status, mode);
}

/* ---- napi_get_cb_info ---- */

static const char cb_data[] = "cb data";

/* cbInfo(...): asks for 3 arguments into an argv pre-filled with a marker string, and reports
 * { argc, argv, thisArg, data } as napi_get_cb_info left them. Made with cb_data as its data. */
static napi_value CbInfo(napi_env env, napi_callback_info info) {
  napi_value marker, argv[3], this_arg, result, args, v;
  NAPI_CALL(env, napi_create_string_utf8(env, "untouched", NAPI_AUTO_LENGTH, &marker));
  for (int i = 0; i < 3; i++) argv[i] = marker;
  size_t argc = 3;
  void* data = NULL;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, &this_arg, &data));
  NAPI_CALL(env, napi_create_object(env, &result));
  NAPI_CALL(env, napi_create_uint32(env, (uint32_t)argc, &v));
  NAPI_CALL(env, napi_set_named_property(env, result, "argc", v));
  NAPI_CALL(env, napi_create_array_with_length(env, 3, &args));
  for (uint32_t i = 0; i < 3; i++) NAPI_CALL(env, napi_set_element(env, args, i, argv[i]));
  NAPI_CALL(env, napi_set_named_property(env, result, "argv", args));
  NAPI_CALL(env, napi_set_named_property(env, result, "thisArg", this_arg));
  if (data != NULL) {
    NAPI_CALL(env, napi_create_string_utf8(env, (const char*)data, NAPI_AUTO_LENGTH, &v));
  } else {
    NAPI_CALL(env, napi_get_null(env, &v));
  }
  NAPI_CALL(env, napi_set_named_property(env, result, "data", v));
  return result;
}

/* cbInfoCount(...): argv NULL, argc in = 0: napi_get_cb_info only reports the argument count. */
static napi_value CbInfoCount(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, NULL, NULL, NULL));
  napi_value result;
  NAPI_CALL(env, napi_create_uint32(env, (uint32_t)argc, &result));
  return result;
}

/* cbInfoZeroArgc(...): argc in = 0 with an argv: nothing is written to argv; argc out = the count. */
static napi_value CbInfoZeroArgc(napi_env env, napi_callback_info info) {
  napi_value marker, argv[1], result, v;
  NAPI_CALL(env, napi_create_string_utf8(env, "untouched", NAPI_AUTO_LENGTH, &marker));
  argv[0] = marker;
  size_t argc = 0;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  NAPI_CALL(env, napi_create_object(env, &result));
  NAPI_CALL(env, napi_create_uint32(env, (uint32_t)argc, &v));
  NAPI_CALL(env, napi_set_named_property(env, result, "argc", v));
  NAPI_CALL(env, napi_set_named_property(env, result, "argv0", argv[0]));
  return result;
}

/* cbInfoBad(mode): napi_get_cb_info with a NULL in one place. "allNull": every out pointer NULL
 * (valid: nothing asked); "argvWithoutArgc": argv given, argc NULL; "env"; "cbinfo". */
static napi_value CbInfoBad(napi_env env, napi_callback_info info) {
  char mode[32];
  size_t argc = 1;
  napi_value argv[1];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  read_mode(env, argv[0], mode, sizeof mode);
  napi_value this_arg;
  void* data;
  napi_status status;
  argc = 1;
  if (MODE_IS(mode, "allNull")) {
    status = napi_get_cb_info(env, info, NULL, NULL, NULL, NULL);
  } else if (MODE_IS(mode, "argvWithoutArgc")) {
    status = napi_get_cb_info(env, info, NULL, argv, NULL, NULL);
  } else {
    status = napi_get_cb_info(NULL_IF("env", env), NULL_IF("cbinfo", info), &argc, argv, &this_arg, &data);
  }
  return report_for_mode(env, status, mode);
}

/* ---- napi_get_new_target ---- */

/* newTarget(mode): { newTarget } — null when napi_get_new_target left NULL (a plain call). */
static napi_value NewTarget(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  char mode[16];
  read_mode(env, argv[0], mode, sizeof mode);
  napi_value new_target = NULL, result, v;
  napi_status status =
      napi_get_new_target(NULL_IF("env", env), NULL_IF("cbinfo", info), NULL_IF("result", &new_target));
  if (status != napi_ok) return report_for_mode(env, status, mode);
  NAPI_CALL(env, napi_create_object(env, &result));
  if (new_target != NULL) {
    v = new_target;
  } else {
    NAPI_CALL(env, napi_get_null(env, &v));
  }
  NAPI_CALL(env, napi_set_named_property(env, result, "newTarget", v));
  return result;
}

/* ---- napi_call_function / napi_new_instance ---- */

/* Reads a JS array of up to 8 arguments. */
static size_t array_args(napi_env env, napi_value array, napi_value* out) {
  uint32_t n = 0;
  if (napi_get_array_length(env, array, &n) != napi_ok) return 0; /* not an array: no arguments */
  if (n > 8) n = 8;
  for (uint32_t i = 0; i < n; i++) napi_get_element(env, array, i, &out[i]);
  return n;
}

/* callFunction(func, recv, args, mode); mode "pending" throws before the call. */
static napi_value CallFunction(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 4);
  char mode[16];
  read_mode(env, argv[3], mode, sizeof mode);
  napi_value args[8];
  size_t n = array_args(env, argv[2], args);
  if (MODE_IS(mode, "argv") && n == 0) n = 1;
  if (MODE_IS(mode, "pending")) napi_throw_error(env, NULL, "already pending");
  napi_value result = NULL;
  napi_status status = napi_call_function(NULL_IF("env", env), NULL_IF("recv", argv[1]), NULL_IF("func", argv[0]),
                                          n, NULL_IF("argv", args), NULL_IF("result", &result));
  if (MODE_IS(mode, "result") || MODE_IS(mode, "pending")) return report_status_catch(env, status);
  return status == napi_ok ? result : report_for_mode(env, status, mode);
}

/* newInstance(constructor, args, mode) */
static napi_value NewInstance(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16];
  read_mode(env, argv[2], mode, sizeof mode);
  napi_value args[8];
  size_t n = array_args(env, argv[1], args);
  if (MODE_IS(mode, "argv") && n == 0) n = 1;
  napi_value result = NULL;
  napi_status status = napi_new_instance(NULL_IF("env", env), NULL_IF("cons", argv[0]), n, NULL_IF("argv", args),
                                         NULL_IF("result", &result));
  return status == napi_ok ? result : report_for_mode(env, status, mode);
}

/* ---- Re-entrancy and handles ---- */

/* nest(depth, callback): makes a handle { depth }, calls callback(depth) (which may call nest again),
 * then checks that the handle still holds { depth } and returns [depth, ...callback's result]. */
static napi_value Nest(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  int32_t depth = 0;
  NAPI_CALL(env, napi_get_value_int32(env, argv[0], &depth));
  napi_value mine, depth_value, global, inner, result;
  NAPI_CALL(env, napi_create_object(env, &mine));
  NAPI_CALL(env, napi_create_int32(env, depth, &depth_value));
  NAPI_CALL(env, napi_set_named_property(env, mine, "depth", depth_value));
  NAPI_CALL(env, napi_get_global(env, &global));
  NAPI_CALL(env, napi_call_function(env, global, argv[1], 1, &depth_value, &inner));
  /* Handles made before the nested call must still name the same values. */
  napi_value check;
  int32_t seen = -1;
  NAPI_CALL(env, napi_get_named_property(env, mine, "depth", &check));
  NAPI_CALL(env, napi_get_value_int32(env, check, &seen));
  if (seen != depth) {
    napi_throw_error(env, NULL, "a handle changed across a nested call");
    return NULL;
  }
  NAPI_CALL(env, napi_create_array(env, &result));
  NAPI_CALL(env, napi_set_element(env, result, 0, depth_value));
  uint32_t n = 0;
  if (napi_get_array_length(env, inner, &n) == napi_ok) { /* the inner result is an array: append it */
    for (uint32_t i = 0; i < n; i++) {
      napi_value e;
      NAPI_CALL(env, napi_get_element(env, inner, i, &e));
      NAPI_CALL(env, napi_set_element(env, result, i + 1, e));
    }
  }
  return result;
}

/* nestBig(depth, callback): nest with a 4 KiB C frame per level, so that deep recursion exhausts the C
 * stack quickly. Natively the C stack is the JS stack and V8 answers with a RangeError; a wasm module
 * has its own, smaller C stack (in linear memory) that must not overflow first. */
static napi_value NestBig(napi_env env, napi_callback_info info) {
  char pad[4096];
  volatile char* p = pad; /* every byte written through a volatile pointer: the frame stays 4 KiB */
  for (size_t i = 0; i < sizeof pad; i++) p[i] = (char)i;
  napi_value result = Nest(env, info);
  for (size_t i = 0; i < sizeof pad; i += 512) {
    if (p[i] != (char)i) return NULL; /* the frame is still in use after the nested call */
  }
  return result;
}

static napi_value ReturnsNull(napi_env env, napi_callback_info info) {
  return NULL;
}

/* manyHandles(n, k): makes n objects { index } without a handle scope and returns the k-th. */
static napi_value ManyHandles(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  uint32_t n = 0, k = 0;
  NAPI_CALL(env, napi_get_value_uint32(env, argv[0], &n));
  NAPI_CALL(env, napi_get_value_uint32(env, argv[1], &k));
  napi_value kept = NULL;
  for (uint32_t i = 0; i < n; i++) {
    napi_value o, v;
    NAPI_CALL(env, napi_create_object(env, &o));
    NAPI_CALL(env, napi_create_uint32(env, i, &v));
    NAPI_CALL(env, napi_set_named_property(env, o, "index", v));
    if (i == k) kept = o;
  }
  return kept;
}

/* makeCounter(): a C function whose data pointer is a counter in C memory (state across calls). */
static napi_value Count(napi_env env, napi_callback_info info) {
  void* data = NULL;
  NAPI_CALL(env, napi_get_cb_info(env, info, NULL, NULL, NULL, &data));
  int32_t* counter = (int32_t*)data;
  napi_value result;
  NAPI_CALL(env, napi_create_int32(env, ++*counter, &result));
  return result;
}

static int32_t counters[4];
static int next_counter = 0;

static napi_value MakeCounter(napi_env env, napi_callback_info info) {
  if (next_counter >= 4) {
    napi_throw_error(env, NULL, "no more counters");
    return NULL;
  }
  napi_value fn;
  NAPI_CALL(env, napi_create_function(env, "count", NAPI_AUTO_LENGTH, Count, &counters[next_counter++], &fn));
  return fn;
}

/* throwFrom(message): a C callback that throws: the JS caller sees the error. */
static napi_value ThrowFrom(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  char message[64];
  NAPI_CALL(env, napi_get_value_string_utf8(env, argv[0], message, sizeof message, NULL));
  napi_throw_error(env, "ERR_FROM_C", message);
  return NULL;
}

static napi_value Init(napi_env env, napi_value exports) {
  EXPORT_FN(env, exports, "makeFunction", MakeFunction);
  EXPORT_FN(env, exports, "cbInfoCount", CbInfoCount);
  EXPORT_FN(env, exports, "cbInfoZeroArgc", CbInfoZeroArgc);
  EXPORT_FN(env, exports, "cbInfoBad", CbInfoBad);
  EXPORT_FN(env, exports, "newTarget", NewTarget);
  EXPORT_FN(env, exports, "callFunction", CallFunction);
  EXPORT_FN(env, exports, "newInstance", NewInstance);
  EXPORT_FN(env, exports, "nest", Nest);
  EXPORT_FN(env, exports, "nestBig", NestBig);
  EXPORT_FN(env, exports, "returnsNull", ReturnsNull);
  EXPORT_FN(env, exports, "manyHandles", ManyHandles);
  EXPORT_FN(env, exports, "makeCounter", MakeCounter);
  EXPORT_FN(env, exports, "throwFrom", ThrowFrom);
  napi_value fn;
  NAPI_CALL(env, napi_create_function(env, "cbInfo", NAPI_AUTO_LENGTH, CbInfo, (void*)cb_data, &fn));
  NAPI_CALL(env, napi_set_named_property(env, exports, "cbInfo", fn));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
