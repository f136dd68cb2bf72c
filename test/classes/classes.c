/* Classes and wraps: napi_define_class (instance and static properties, accessors, methods, values,
 * napi_get_new_target, napi_new_instance), napi_wrap / napi_unwrap / napi_remove_wrap,
 * napi_type_tag_object / napi_check_object_type_tag, napi_create_external / napi_get_value_external.
 *
 * Functions that test one Node-API call take a trailing string mode: it names the argument the C side
 * passes as NULL ("env", "object", "result", "tag", ...), see report_for_mode() in common.h. */
#include <stdint.h>
#include <stdlib.h>
#include "common.h"


/* A pointer-sized integer stands for the native data: the tests read it back exactly. */
#define AS_PTR(n) ((void*)(uintptr_t)(uint32_t)(n))
#define AS_INT(p) ((int32_t)(uint32_t)(uintptr_t)(p))

static napi_value Int(napi_env env, int32_t n) {
  napi_value v;
  napi_create_int32(env, n, &v);
  return v;
}

static napi_value Bool(napi_env env, bool b) {
  napi_value v;
  napi_get_boolean(env, b, &v);
  return v;
}

static int32_t IntArg(napi_env env, napi_value v) {
  int32_t n = 0;
  napi_get_value_int32(env, v, &n);
  return n;
}

/* ---- the Point class --------------------------------------------------------------------------- */

typedef struct {
  double x;
} Point;

static int32_t points_constructed = 0;
static int32_t points_finalized = 0;
static int32_t accessor_data = 42;
static int32_t setter_calls = 0;
static int32_t setter_saw_data = 0;

static void PointFinalize(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  free(data);
  points_finalized++;
}

/* new Point(x): wraps a native Point in `this` and records new.target on it.
 * Point(x) without `new`: returns ["no new.target", this].
 * new Point("throw") throws; new Point("other") returns another object in place of `this`. */
static napi_value PointConstructor(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg, self, new_target, result;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, &arg, &self, NULL));
  NAPI_CALL(env, napi_get_new_target(env, info, &new_target));
  if (new_target == NULL) {
    napi_value text;
    NAPI_CALL(env, napi_create_string_utf8(env, "no new.target", NAPI_AUTO_LENGTH, &text));
    NAPI_CALL(env, napi_create_array_with_length(env, 2, &result));
    NAPI_CALL(env, napi_set_element(env, result, 0, text));
    NAPI_CALL(env, napi_set_element(env, result, 1, self));
    return result;
  }
  napi_valuetype type;
  NAPI_CALL(env, napi_typeof(env, arg, &type));
  if (type == napi_string) {
    char buf[16];
    NAPI_CALL(env, napi_get_value_string_utf8(env, arg, buf, sizeof buf, NULL));
    if (strcmp(buf, "throw") == 0) {
      napi_throw_range_error(env, "ERR_POINT", "bad point");
      return NULL;
    }
    NAPI_CALL(env, napi_create_object(env, &result));
    NAPI_CALL(env, napi_set_named_property(env, result, "other", Bool(env, true)));
    return result;
  }
  Point* p = malloc(sizeof *p);
  NAPI_CALL(env, napi_get_value_double(env, arg, &p->x));
  NAPI_CALL(env, napi_wrap(env, self, p, PointFinalize, NULL, NULL));
  NAPI_CALL(env, napi_set_named_property(env, self, "newTarget", new_target));
  points_constructed++;
  return NULL;
}

static Point* UnwrapThis(napi_env env, napi_callback_info info, size_t* argc, napi_value* argv) {
  napi_value self;
  size_t zero = 0;
  Point* p = NULL;
  NAPI_CALL(env, napi_get_cb_info(env, info, argc ? argc : &zero, argv, &self, NULL));
  NAPI_CALL(env, napi_unwrap(env, self, (void**)&p));
  return p;
}

static napi_value GetX(napi_env env, napi_callback_info info) {
  Point* p = UnwrapThis(env, info, NULL, NULL);
  if (p == NULL) return NULL;
  napi_value v;
  NAPI_CALL(env, napi_create_double(env, p->x, &v));
  return v;
}

static napi_value SetX(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg;
  Point* p = UnwrapThis(env, info, &argc, &arg);
  if (p == NULL) return NULL;
  NAPI_CALL(env, napi_get_value_double(env, arg, &p->x));
  return NULL;
}

static napi_value Self(napi_env env, napi_callback_info info) {
  napi_value self;
  NAPI_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  return self;
}

static napi_value SymbolMethod(napi_env env, napi_callback_info info) {
  napi_value v;
  NAPI_CALL(env, napi_create_string_utf8(env, "symbol method", NAPI_AUTO_LENGTH, &v));
  return v;
}

/* Accessor `x`: reads/writes the wrapped Point; its data pointer is &accessor_data. */
static napi_value XGetter(napi_env env, napi_callback_info info) {
  return GetX(env, info);
}

static napi_value XSetter(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg, self;
  void* data;
  Point* p = NULL;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, &arg, &self, &data));
  setter_calls++;
  setter_saw_data = data == &accessor_data ? *(int32_t*)data : -1;
  NAPI_CALL(env, napi_unwrap(env, self, (void**)&p));
  NAPI_CALL(env, napi_get_value_double(env, arg, &p->x));
  return NULL;
}

/* Accessor `data`: answers *(int32_t*)data, with no setter. */
static napi_value DataGetter(napi_env env, napi_callback_info info) {
  void* data;
  NAPI_CALL(env, napi_get_cb_info(env, info, NULL, NULL, NULL, &data));
  return Int(env, data == &accessor_data ? *(int32_t*)data : -1);
}

/* static create(x): napi_new_instance(this, [x]) — `this` is the class it was called on. */
static napi_value Create(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg, self, result;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, &arg, &self, NULL));
  NAPI_CALL(env, napi_new_instance(env, self, 1, &arg, &result));
  return result;
}

static napi_value CountGetter(napi_env env, napi_callback_info info) {
  return Int(env, points_constructed);
}

/* pointStats() → [constructed, finalized, setter calls, data the setter saw]. */
static napi_value PointStats(napi_env env, napi_callback_info info) {
  napi_value result;
  NAPI_CALL(env, napi_create_array_with_length(env, 4, &result));
  NAPI_CALL(env, napi_set_element(env, result, 0, Int(env, points_constructed)));
  NAPI_CALL(env, napi_set_element(env, result, 1, Int(env, points_finalized)));
  NAPI_CALL(env, napi_set_element(env, result, 2, Int(env, setter_calls)));
  NAPI_CALL(env, napi_set_element(env, result, 3, Int(env, setter_saw_data)));
  return result;
}

static napi_status DefinePoint(napi_env env, napi_value symbol, napi_value* result) {
  napi_value kind, version, origin;
  napi_status s;
  if ((s = napi_create_string_utf8(env, "point", NAPI_AUTO_LENGTH, &kind)) != napi_ok) return s;
  if ((s = napi_create_int32(env, 1, &version)) != napi_ok) return s;
  if ((s = napi_create_int32(env, 0, &origin)) != napi_ok) return s;
  napi_property_descriptor props[] = {
      {"getX", NULL, GetX, NULL, NULL, NULL, napi_default_method, NULL},
      {"setX", NULL, SetX, NULL, NULL, NULL, napi_default, NULL},
      {"self", NULL, Self, NULL, NULL, NULL, napi_default_jsproperty, NULL},
      {NULL, symbol, SymbolMethod, NULL, NULL, NULL, napi_default_method, NULL},
      {"x", NULL, NULL, XGetter, XSetter, NULL, napi_enumerable | napi_configurable, &accessor_data},
      {"data", NULL, NULL, DataGetter, NULL, NULL, napi_default, &accessor_data},
      {"kind", NULL, NULL, NULL, NULL, kind, napi_default, NULL},
      {"version", NULL, NULL, NULL, NULL, version, napi_default_jsproperty, NULL},
      {"create", NULL, Create, NULL, NULL, NULL, napi_static | napi_writable | napi_configurable, NULL},
      {"ORIGIN", NULL, NULL, NULL, NULL, origin, napi_static | napi_enumerable, NULL},
      {"count", NULL, NULL, CountGetter, NULL, NULL, napi_static, NULL},
  };
  return napi_define_class(env, "Point", NAPI_AUTO_LENGTH, PointConstructor, NULL,
                           sizeof props / sizeof props[0], props, result);
}

/* A second class, to check that one class's methods refuse the other's instances. */
static napi_value OtherConstructor(napi_env env, napi_callback_info info) {
  return NULL;
}

static napi_value OtherMethod(napi_env env, napi_callback_info info) {
  return Int(env, 7);
}

/* ---- napi_define_class: bad input and the name ------------------------------------------------- */

static napi_value EmptyConstructor(napi_env env, napi_callback_info info) {
  return NULL;
}

/* defineClass(name, length, mode) → the class, or the report. Modes: "env", "result", "constructor",
 * "name" (NULL utf8name), "properties" (count 1 with a NULL array), "badname" (a descriptor whose
 * name is a number). */
static napi_value DefineClass(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16], name[64];
  read_mode(env, argv[2], mode, sizeof mode);
  read_mode(env, argv[0], name, sizeof name);
  int32_t length = IntArg(env, argv[1]);
  size_t len = length < 0 ? NAPI_AUTO_LENGTH : (size_t)length;
  napi_value number, result = NULL;
  NAPI_CALL(env, napi_create_int32(env, 5, &number));
  napi_property_descriptor bad[] = {{NULL, number, OtherMethod, NULL, NULL, NULL, napi_default, NULL}};
  size_t count = 0;
  const napi_property_descriptor* props = NULL;
  if (MODE_IS(mode, "properties")) count = 1;
  if (MODE_IS(mode, "badname")) count = 1, props = bad;
  napi_status status = napi_define_class(NULL_IF("env", env), NULL_IF("name", name), len,
                                         MODE_IS(mode, "constructor") ? NULL : EmptyConstructor, NULL,
                                         count, props, NULL_IF("result", &result));
  return status == napi_ok ? result : report_for_mode(env, status, mode);
}

/* ---- wraps -------------------------------------------------------------------------------------- */

static int32_t wrap_finalized = 0;
static int32_t wrap_last_data = 0;

static void WrapFinalize(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  wrap_finalized++;
  wrap_last_data = AS_INT(data);
}

/* wrap(object, n, mode) → { status, message }: napi_wrap(object, (void*)n, WrapFinalize, NULL, NULL).
 * Modes: "env", "object", "nofinalizer" (finalize_cb NULL), "ref-nofinalizer" (a result pointer
 * but no finalizer: invalid), "catch". */
static napi_value Wrap(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[24];
  read_mode(env, argv[2], mode, sizeof mode);
  napi_ref ref = NULL;
  bool no_finalizer = MODE_IS(mode, "nofinalizer") || MODE_IS(mode, "ref-nofinalizer");
  napi_status status = napi_wrap(NULL_IF("env", env), NULL_IF("object", argv[0]), AS_PTR(IntArg(env, argv[1])),
                                 no_finalizer ? NULL : WrapFinalize, NULL,
                                 MODE_IS(mode, "ref-nofinalizer") ? &ref : NULL);
  return report_for_mode(env, status, mode);
}

/* unwrap(object, mode) → the wrapped integer, or the report. Modes: "env", "object", "result". */
static napi_value Unwrap(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  void* data = NULL;
  napi_status status = napi_unwrap(NULL_IF("env", env), NULL_IF("object", argv[0]), NULL_IF("result", &data));
  return status == napi_ok ? Int(env, AS_INT(data)) : report_for_mode(env, status, mode);
}

/* removeWrap(object, mode) → the wrapped integer (-1 when result was NULL), or the report. */
static napi_value RemoveWrap(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  void* data = AS_PTR(-1);
  napi_status status = napi_remove_wrap(NULL_IF("env", env), NULL_IF("object", argv[0]), NULL_IF("result", &data));
  return status == napi_ok ? Int(env, AS_INT(data)) : report_for_mode(env, status, mode);
}

/* wrapStats() → [finalizer calls, data of the last one]. */
static napi_value WrapStats(napi_env env, napi_callback_info info) {
  napi_value result;
  NAPI_CALL(env, napi_create_array_with_length(env, 2, &result));
  NAPI_CALL(env, napi_set_element(env, result, 0, Int(env, wrap_finalized)));
  NAPI_CALL(env, napi_set_element(env, result, 1, Int(env, wrap_last_data)));
  return result;
}

/* ---- type tags ---------------------------------------------------------------------------------- */

static const napi_type_tag tags[] = {
    {0x9b1a1d6e2d3c4b5aULL, 0x1122334455667788ULL},
    {0x9b1a1d6e2d3c4b5aULL, 0x1122334455667789ULL}, /* differs from tags[0] in the upper half only */
    {0x0ULL, 0x0ULL},
};

/* typeTag(value, which, mode) → { status, message }. Modes: "env", "object", "tag", "catch". */
static napi_value TypeTag(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16];
  read_mode(env, argv[2], mode, sizeof mode);
  napi_status status =
      napi_type_tag_object(NULL_IF("env", env), NULL_IF("object", argv[0]), NULL_IF("tag", &tags[IntArg(env, argv[1])]));
  return report_for_mode(env, status, mode);
}

/* checkTypeTag(value, which, mode) → boolean, or the report. Modes: "env", "object", "tag", "result",
 * "catch". */
static napi_value CheckTypeTag(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16];
  read_mode(env, argv[2], mode, sizeof mode);
  bool result = false;
  napi_status status = napi_check_object_type_tag(NULL_IF("env", env), NULL_IF("object", argv[0]),
                                                  NULL_IF("tag", &tags[IntArg(env, argv[1])]),
                                                  NULL_IF("result", &result));
  return status == napi_ok ? Bool(env, result) : report_for_mode(env, status, mode);
}

/* ---- externals ---------------------------------------------------------------------------------- */

static int32_t external_finalized = 0;
static int32_t external_last_data = 0;
static int32_t external_last_hint = 0;

static void ExternalFinalize(napi_env env, void* data, void* hint) {
  (void)env;
  external_finalized++;
  external_last_data = AS_INT(data);
  external_last_hint = AS_INT(hint);
}

/* createExternal(n, mode) → an external holding (void*)n (with a finalizer unless mode is
 * "nofinalizer"), or the report. Modes: "env", "result". */
static napi_value CreateExternal(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  int32_t n = IntArg(env, argv[0]);
  napi_value result = NULL;
  napi_status status = napi_create_external(NULL_IF("env", env), AS_PTR(n),
                                            MODE_IS(mode, "nofinalizer") ? NULL : ExternalFinalize,
                                            AS_PTR(n + 1), NULL_IF("result", &result));
  return status == napi_ok ? result : report_for_mode(env, status, mode);
}

/* getValueExternal(value, mode) → the integer, or the report. Modes: "env", "value", "result". */
static napi_value GetValueExternal(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  void* data = NULL;
  napi_status status =
      napi_get_value_external(NULL_IF("env", env), NULL_IF("value", argv[0]), NULL_IF("result", &data));
  return status == napi_ok ? Int(env, AS_INT(data)) : report_for_mode(env, status, mode);
}

/* externalStats() → [finalizer calls, last data, last hint]. */
static napi_value ExternalStats(napi_env env, napi_callback_info info) {
  napi_value result;
  NAPI_CALL(env, napi_create_array_with_length(env, 3, &result));
  NAPI_CALL(env, napi_set_element(env, result, 0, Int(env, external_finalized)));
  NAPI_CALL(env, napi_set_element(env, result, 1, Int(env, external_last_data)));
  NAPI_CALL(env, napi_set_element(env, result, 2, Int(env, external_last_hint)));
  return result;
}

/* typeOf(value) → napi_valuetype number. */
static napi_value TypeOf(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  napi_valuetype type;
  NAPI_CALL(env, napi_typeof(env, argv[0], &type));
  return Int(env, (int32_t)type);
}

NAPI_MODULE_INIT() {
  napi_value symbol, point, other;
  NAPI_CALL(env, napi_create_symbol(env, NULL, &symbol));
  NAPI_CALL(env, DefinePoint(env, symbol, &point));
  napi_property_descriptor other_props[] = {{"method", NULL, OtherMethod, NULL, NULL, NULL, napi_default_method, NULL}};
  NAPI_CALL(env, napi_define_class(env, "OtherXYZ", 5, OtherConstructor, NULL, 1, other_props, &other));
  NAPI_CALL(env, napi_set_named_property(env, exports, "Point", point));
  NAPI_CALL(env, napi_set_named_property(env, exports, "Other", other));
  NAPI_CALL(env, napi_set_named_property(env, exports, "methodSymbol", symbol));
  EXPORT_FN(env, exports, "pointStats", PointStats);
  EXPORT_FN(env, exports, "defineClass", DefineClass);
  EXPORT_FN(env, exports, "wrap", Wrap);
  EXPORT_FN(env, exports, "unwrap", Unwrap);
  EXPORT_FN(env, exports, "removeWrap", RemoveWrap);
  EXPORT_FN(env, exports, "wrapStats", WrapStats);
  EXPORT_FN(env, exports, "typeTag", TypeTag);
  EXPORT_FN(env, exports, "checkTypeTag", CheckTypeTag);
  EXPORT_FN(env, exports, "createExternal", CreateExternal);
  EXPORT_FN(env, exports, "getValueExternal", GetValueExternal);
  EXPORT_FN(env, exports, "externalStats", ExternalStats);
  EXPORT_FN(env, exports, "typeOf", TypeOf);
  return exports;
}
