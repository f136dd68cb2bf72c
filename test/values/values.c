/* Primitive values, numbers and their conversions, napi_typeof, equality, coercion, instanceof,
 * napi_is_array and napi_get_version.
 *
 * Every exported function takes a bad-input mode (common.h) as its first argument, then its inputs,
 * and answers with the result on success or with { status, message } (a bare status for a NULL env). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include "common.h"

#define ENV (mode == MODE_NULL_ENV ? NULL : env)
#define RESULT(p) (mode == MODE_NULL_RESULT ? NULL : (p))
#define VALUE(v) (mode == MODE_NULL_VALUE ? NULL : (v))
#define VALUE2(v) (mode == MODE_NULL_VALUE2 ? NULL : (v))

/* ---- singletons ---------------------------------------------------------------------------- */

typedef napi_status (*getter_fn)(napi_env, napi_value*);

static napi_value run_getter(napi_env env, napi_callback_info info, getter_fn fn) {
  napi_value argv[1];
  test_mode mode = get_args(env, info, 1, argv);
  napi_value result = NULL;
  napi_status status = fn(ENV, RESULT(&result));
  return finish(env, mode, status, result);
}

static napi_value GetUndefined(napi_env env, napi_callback_info info) {
  return run_getter(env, info, napi_get_undefined);
}
static napi_value GetNull(napi_env env, napi_callback_info info) {
  return run_getter(env, info, napi_get_null);
}
static napi_value GetGlobal(napi_env env, napi_callback_info info) {
  return run_getter(env, info, napi_get_global);
}

/* (mode, flag): flag is read with napi_get_value_bool, then napi_get_boolean makes the answer. */
static napi_value GetBoolean(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  test_mode mode = get_args(env, info, 2, argv);
  bool flag = false;
  NAPI_CALL(env, napi_get_value_bool(env, argv[1], &flag));
  napi_value result = NULL;
  napi_status status = napi_get_boolean(ENV, flag, RESULT(&result));
  return finish(env, mode, status, result);
}

/* ---- number creation: the C value comes from a decimal string so that no JS number rounding is
 * involved in choosing it ------------------------------------------------------------------------ */

static napi_value CreateInt32(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  test_mode mode = get_args(env, info, 2, argv);
  char text[64];
  NAPI_CALL(env, napi_get_value_string_utf8(env, argv[1], text, sizeof text, NULL));
  napi_value result = NULL;
  napi_status status = napi_create_int32(ENV, (int32_t)strtol(text, NULL, 10), RESULT(&result));
  return finish(env, mode, status, result);
}

static napi_value CreateUint32(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  test_mode mode = get_args(env, info, 2, argv);
  char text[64];
  NAPI_CALL(env, napi_get_value_string_utf8(env, argv[1], text, sizeof text, NULL));
  napi_value result = NULL;
  napi_status status = napi_create_uint32(ENV, (uint32_t)strtoul(text, NULL, 10), RESULT(&result));
  return finish(env, mode, status, result);
}

static napi_value CreateInt64(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  test_mode mode = get_args(env, info, 2, argv);
  char text[64];
  NAPI_CALL(env, napi_get_value_string_utf8(env, argv[1], text, sizeof text, NULL));
  napi_value result = NULL;
  napi_status status = napi_create_int64(ENV, (int64_t)strtoll(text, NULL, 10), RESULT(&result));
  return finish(env, mode, status, result);
}

/* (mode, x): x is read with napi_get_value_double (so NaN, -0 and Infinity pass through exactly). */
static napi_value CreateDouble(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  test_mode mode = get_args(env, info, 2, argv);
  double x = 0;
  NAPI_CALL(env, napi_get_value_double(env, argv[1], &x));
  napi_value result = NULL;
  napi_status status = napi_create_double(ENV, x, RESULT(&result));
  return finish(env, mode, status, result);
}

/* ---- number reading ------------------------------------------------------------------------- */

static napi_value GetValueInt32(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  test_mode mode = get_args(env, info, 2, argv);
  int32_t out = 12345; /* sentinel: must be overwritten on success */
  napi_status status = napi_get_value_int32(ENV, VALUE(argv[1]), RESULT(&out));
  if (status != napi_ok) return finish(env, mode, status, NULL);
  napi_value result;
  NAPI_CALL(env, napi_create_int32(env, out, &result));
  return finish(env, mode, status, result);
}

static napi_value GetValueUint32(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  test_mode mode = get_args(env, info, 2, argv);
  uint32_t out = 12345;
  napi_status status = napi_get_value_uint32(ENV, VALUE(argv[1]), RESULT(&out));
  if (status != napi_ok) return finish(env, mode, status, NULL);
  napi_value result;
  NAPI_CALL(env, napi_create_uint32(env, out, &result));
  return finish(env, mode, status, result);
}

/* Answers the int64 as a decimal string: JS numbers cannot hold every int64. */
static napi_value GetValueInt64(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  test_mode mode = get_args(env, info, 2, argv);
  int64_t out = 12345;
  napi_status status = napi_get_value_int64(ENV, VALUE(argv[1]), RESULT(&out));
  if (status != napi_ok) return finish(env, mode, status, NULL);
  char text[32];
  snprintf(text, sizeof text, "%" PRId64, out);
  napi_value result;
  NAPI_CALL(env, napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &result));
  return finish(env, mode, status, result);
}

static napi_value GetValueDouble(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  test_mode mode = get_args(env, info, 2, argv);
  double out = 12345;
  napi_status status = napi_get_value_double(ENV, VALUE(argv[1]), RESULT(&out));
  if (status != napi_ok) return finish(env, mode, status, NULL);
  napi_value result;
  NAPI_CALL(env, napi_create_double(env, out, &result));
  return finish(env, mode, status, result);
}

static napi_value GetValueBool(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  test_mode mode = get_args(env, info, 2, argv);
  bool out = false;
  napi_status status = napi_get_value_bool(ENV, VALUE(argv[1]), RESULT(&out));
  if (status != napi_ok) return finish(env, mode, status, NULL);
  napi_value result;
  NAPI_CALL(env, napi_get_boolean(env, out, &result));
  return finish(env, mode, status, result);
}

/* ---- type, equality, coercion ---------------------------------------------------------------- */

/* Answers the napi_valuetype number. */
static napi_value TypeOf(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  test_mode mode = get_args(env, info, 2, argv);
  napi_valuetype type = (napi_valuetype)-1;
  napi_status status = napi_typeof(ENV, VALUE(argv[1]), RESULT(&type));
  if (status != napi_ok) return finish(env, mode, status, NULL);
  napi_value result;
  NAPI_CALL(env, napi_create_int32(env, (int32_t)type, &result));
  return finish(env, mode, status, result);
}

static napi_value StrictEquals(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  test_mode mode = get_args(env, info, 3, argv);
  bool out = false;
  napi_status status = napi_strict_equals(ENV, VALUE(argv[1]), VALUE2(argv[2]), RESULT(&out));
  if (status != napi_ok) return finish(env, mode, status, NULL);
  napi_value result;
  NAPI_CALL(env, napi_get_boolean(env, out, &result));
  return finish(env, mode, status, result);
}

typedef napi_status (*coerce_fn)(napi_env, napi_value, napi_value*);

static napi_value run_coerce(napi_env env, napi_callback_info info, coerce_fn fn) {
  napi_value argv[2];
  test_mode mode = get_args(env, info, 2, argv);
  napi_value result = NULL;
  napi_status status = fn(ENV, VALUE(argv[1]), RESULT(&result));
  return finish(env, mode, status, result);
}

static napi_value CoerceToBool(napi_env env, napi_callback_info info) {
  return run_coerce(env, info, napi_coerce_to_bool);
}
static napi_value CoerceToNumber(napi_env env, napi_callback_info info) {
  return run_coerce(env, info, napi_coerce_to_number);
}
static napi_value CoerceToObject(napi_env env, napi_callback_info info) {
  return run_coerce(env, info, napi_coerce_to_object);
}
static napi_value CoerceToString(napi_env env, napi_callback_info info) {
  return run_coerce(env, info, napi_coerce_to_string);
}

/* (mode, object, constructor) → boolean */
static napi_value InstanceOf(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  test_mode mode = get_args(env, info, 3, argv);
  bool out = false;
  napi_status status = napi_instanceof(ENV, VALUE(argv[1]), VALUE2(argv[2]), RESULT(&out));
  if (status != napi_ok) return finish(env, mode, status, NULL);
  napi_value result;
  NAPI_CALL(env, napi_get_boolean(env, out, &result));
  return finish(env, mode, status, result);
}

static napi_value IsArray(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  test_mode mode = get_args(env, info, 2, argv);
  bool out = false;
  napi_status status = napi_is_array(ENV, VALUE(argv[1]), RESULT(&out));
  if (status != napi_ok) return finish(env, mode, status, NULL);
  napi_value result;
  NAPI_CALL(env, napi_get_boolean(env, out, &result));
  return finish(env, mode, status, result);
}

static napi_value GetVersion(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  test_mode mode = get_args(env, info, 1, argv);
  uint32_t version = 0;
  napi_status status = napi_get_version(ENV, RESULT(&version));
  if (status != napi_ok) return finish(env, mode, status, NULL);
  napi_value result;
  NAPI_CALL(env, napi_create_uint32(env, version, &result));
  return finish(env, mode, status, result);
}

/* ---- helpers for the tests ------------------------------------------------------------------- */

/* An external value, for napi_typeof → napi_external. */
static napi_value MakeExternal(napi_env env, napi_callback_info info) {
  static int anchor;
  napi_value result;
  NAPI_CALL(env, napi_create_external(env, &anchor, NULL, NULL, &result));
  return result;
}

/* A NULL-env call must leave the real env's last error alone: fail with number_expected, make a
 * NULL-env call, then answer the last error info seen afterwards and the NULL-env call's status. */
static napi_value LastErrorAfterNullEnv(napi_env env, napi_callback_info info) {
  napi_value str, result, st;
  int32_t ignored;
  NAPI_CALL(env, napi_create_string_utf8(env, "x", NAPI_AUTO_LENGTH, &str));
  napi_get_value_int32(env, str, &ignored); /* napi_number_expected */
  napi_value undef;
  napi_status null_env_status = napi_get_undefined(NULL, &undef);
  const napi_extended_error_info* last = NULL;
  napi_get_last_error_info(env, &last);
  napi_status code = last->error_code;
  const char* message = last->error_message;
  NAPI_CALL(env, napi_create_object(env, &result));
  NAPI_CALL(env, napi_create_int32(env, null_env_status, &st));
  NAPI_CALL(env, napi_set_named_property(env, result, "nullEnvStatus", st));
  NAPI_CALL(env, napi_create_int32(env, code, &st));
  NAPI_CALL(env, napi_set_named_property(env, result, "lastStatus", st));
  NAPI_CALL(env, napi_create_string_utf8(env, message ? message : "(null)", NAPI_AUTO_LENGTH, &st));
  NAPI_CALL(env, napi_set_named_property(env, result, "lastMessage", st));
  return result;
}

NAPI_MODULE_INIT() {
  EXPORT_FN(env, exports, "getUndefined", GetUndefined);
  EXPORT_FN(env, exports, "getNull", GetNull);
  EXPORT_FN(env, exports, "getGlobal", GetGlobal);
  EXPORT_FN(env, exports, "getBoolean", GetBoolean);
  EXPORT_FN(env, exports, "createInt32", CreateInt32);
  EXPORT_FN(env, exports, "createUint32", CreateUint32);
  EXPORT_FN(env, exports, "createInt64", CreateInt64);
  EXPORT_FN(env, exports, "createDouble", CreateDouble);
  EXPORT_FN(env, exports, "getValueInt32", GetValueInt32);
  EXPORT_FN(env, exports, "getValueUint32", GetValueUint32);
  EXPORT_FN(env, exports, "getValueInt64", GetValueInt64);
  EXPORT_FN(env, exports, "getValueDouble", GetValueDouble);
  EXPORT_FN(env, exports, "getValueBool", GetValueBool);
  EXPORT_FN(env, exports, "typeOf", TypeOf);
  EXPORT_FN(env, exports, "strictEquals", StrictEquals);
  EXPORT_FN(env, exports, "coerceToBool", CoerceToBool);
  EXPORT_FN(env, exports, "coerceToNumber", CoerceToNumber);
  EXPORT_FN(env, exports, "coerceToObject", CoerceToObject);
  EXPORT_FN(env, exports, "coerceToString", CoerceToString);
  EXPORT_FN(env, exports, "instanceOf", InstanceOf);
  EXPORT_FN(env, exports, "isArray", IsArray);
  EXPORT_FN(env, exports, "getVersion", GetVersion);
  EXPORT_FN(env, exports, "makeExternal", MakeExternal);
  EXPORT_FN(env, exports, "lastErrorAfterNullEnv", LastErrorAfterNullEnv);
  return exports;
}
