/* Objects and properties: napi_create_object, the property/element-by-key functions, named properties,
 * own properties, property names, prototypes and napi_define_properties.
 *
 * Each exported function performs one Node-API call with the JS arguments it was given and returns the
 * call's result, or { status, message } from report_for_mode(). A trailing "mode" string argument makes
 * the C side pass NULL in one position ("env", "object", "key", "value", "result", "name") or report a
 * pending exception instead of letting it propagate ("catch"). */
#include "common.h"


/* Reads a JS string argument as UTF-8 into buf (names for the *_named_property functions). */
static void utf8_arg(napi_env env, napi_value value, char* buf, size_t size) {
  size_t len = 0;
  buf[0] = '\0';
  napi_get_value_string_utf8(env, value, buf, size, &len);
}

static napi_value CreateObject(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  char mode[16];
  read_mode(env, argv[0], mode, sizeof mode);
  napi_value result = NULL;
  napi_status status = napi_create_object(NULL_IF("env", env), NULL_IF("result", &result));
  return status == napi_ok ? result : report_for_mode(env, status, mode);
}

/* setProperty(object, key, value, mode) → { status, message } (always: there is no result). */
static napi_value SetProperty(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 4);
  char mode[16];
  read_mode(env, argv[3], mode, sizeof mode);
  napi_status status = napi_set_property(NULL_IF("env", env), NULL_IF("object", argv[0]),
                                         NULL_IF("key", argv[1]), NULL_IF("value", argv[2]));
  return report_for_mode(env, status, mode);
}

static napi_value GetProperty(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16];
  read_mode(env, argv[2], mode, sizeof mode);
  napi_value result = NULL;
  napi_status status = napi_get_property(NULL_IF("env", env), NULL_IF("object", argv[0]),
                                         NULL_IF("key", argv[1]), NULL_IF("result", &result));
  return status == napi_ok ? result : report_for_mode(env, status, mode);
}

static napi_value BoolResult(napi_env env, napi_status status, bool value, const char* mode) {
  if (status != napi_ok) return report_for_mode(env, status, mode);
  napi_value result;
  NAPI_CALL(env, napi_get_boolean(env, value, &result));
  return result;
}

static napi_value HasProperty(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16];
  read_mode(env, argv[2], mode, sizeof mode);
  bool result = false;
  napi_status status = napi_has_property(NULL_IF("env", env), NULL_IF("object", argv[0]),
                                         NULL_IF("key", argv[1]), NULL_IF("result", &result));
  return BoolResult(env, status, result, mode);
}

/* deleteProperty(object, key, mode): the result pointer is optional, so mode "result" reports the
 * status of a call made without one (Node: napi_ok). */
static napi_value DeleteProperty(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16];
  read_mode(env, argv[2], mode, sizeof mode);
  bool result = false;
  napi_status status = napi_delete_property(NULL_IF("env", env), NULL_IF("object", argv[0]),
                                            NULL_IF("key", argv[1]), NULL_IF("result", &result));
  if (MODE_IS(mode, "result")) return report_for_mode(env, status, mode);
  return BoolResult(env, status, result, mode);
}

static napi_value HasOwnProperty(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16];
  read_mode(env, argv[2], mode, sizeof mode);
  bool result = false;
  napi_status status = napi_has_own_property(NULL_IF("env", env), NULL_IF("object", argv[0]),
                                             NULL_IF("key", argv[1]), NULL_IF("result", &result));
  return BoolResult(env, status, result, mode);
}

/* setNamedProperty(object, name, value, mode): name is a JS string passed to C as UTF-8. */
static napi_value SetNamedProperty(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 4);
  char mode[16], name[256];
  read_mode(env, argv[3], mode, sizeof mode);
  utf8_arg(env, argv[1], name, sizeof name);
  napi_status status = napi_set_named_property(NULL_IF("env", env), NULL_IF("object", argv[0]),
                                               NULL_IF("name", name), NULL_IF("value", argv[2]));
  return report_for_mode(env, status, mode);
}

static napi_value GetNamedProperty(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16], name[256];
  read_mode(env, argv[2], mode, sizeof mode);
  utf8_arg(env, argv[1], name, sizeof name);
  napi_value result = NULL;
  napi_status status = napi_get_named_property(NULL_IF("env", env), NULL_IF("object", argv[0]),
                                               NULL_IF("name", name), NULL_IF("result", &result));
  return status == napi_ok ? result : report_for_mode(env, status, mode);
}

static napi_value HasNamedProperty(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char mode[16], name[256];
  read_mode(env, argv[2], mode, sizeof mode);
  utf8_arg(env, argv[1], name, sizeof name);
  bool result = false;
  napi_status status = napi_has_named_property(NULL_IF("env", env), NULL_IF("object", argv[0]),
                                               NULL_IF("name", name), NULL_IF("result", &result));
  return BoolResult(env, status, result, mode);
}

/* The bytes of a name that is not valid UTF-8 (a lone continuation byte), to see how it is decoded. */
static napi_value SetInvalidUtf8Named(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  napi_value value;
  NAPI_CALL(env, napi_get_boolean(env, true, &value));
  napi_status status = napi_set_named_property(env, argv[0], "a\x80z", value);
  return report_for_mode(env, status, mode);
}

static napi_value GetPropertyNames(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  napi_value result = NULL;
  napi_status status = napi_get_property_names(NULL_IF("env", env), NULL_IF("object", argv[0]),
                                               NULL_IF("result", &result));
  return status == napi_ok ? result : report_for_mode(env, status, mode);
}

static napi_value GetPrototype(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  napi_value result = NULL;
  napi_status status = napi_get_prototype(NULL_IF("env", env), NULL_IF("object", argv[0]),
                                          NULL_IF("result", &result));
  return status == napi_ok ? result : report_for_mode(env, status, mode);
}

/* ---- napi_define_properties ---- */

static int32_t accessor_value = 0;

static napi_value AccessorGet(napi_env env, napi_callback_info info) {
  napi_value result;
  NAPI_CALL(env, napi_create_int32(env, accessor_value, &result));
  return result;
}

static napi_value AccessorSet(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  NAPI_CALL(env, napi_get_value_int32(env, argv[0], &accessor_value));
  return NULL;
}

static napi_value ThrowingGetter(napi_env env, napi_callback_info info) {
  napi_throw_error(env, "ERR_GETTER", "getter threw");
  return NULL;
}

/* A method gets its property's data pointer back through napi_get_cb_info; it also returns `this`. */
static napi_value MethodWithData(napi_env env, napi_callback_info info) {
  void* data = NULL;
  napi_value self, result, text;
  NAPI_CALL(env, napi_get_cb_info(env, info, NULL, NULL, &self, &data));
  NAPI_CALL(env, napi_create_object(env, &result));
  NAPI_CALL(env, napi_create_string_utf8(env, data ? (const char*)data : "(null)", NAPI_AUTO_LENGTH, &text));
  NAPI_CALL(env, napi_set_named_property(env, result, "data", text));
  NAPI_CALL(env, napi_set_named_property(env, result, "self", self));
  return result;
}

static const char method_data[] = "method data";

/* defineFixture(object, symbol): defines one property of each kind on object; symbol names one more
 * through the napi_value `name` field. */
static napi_value DefineFixture(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  napi_value v[8];
  for (int i = 0; i < 8; i++) NAPI_CALL(env, napi_create_int32(env, i, &v[i]));
  napi_value named;
  NAPI_CALL(env, napi_create_string_utf8(env, "byNameValue", NAPI_AUTO_LENGTH, &named));
  napi_value ignored_name;
  NAPI_CALL(env, napi_create_string_utf8(env, "ignoredName", NAPI_AUTO_LENGTH, &ignored_name));
  const napi_property_attributes all = napi_writable | napi_enumerable | napi_configurable;
  napi_property_descriptor props[] = {
      {"plain", NULL, NULL, NULL, NULL, v[0], napi_default, NULL},
      {"writable", NULL, NULL, NULL, NULL, v[1], napi_writable, NULL},
      {"enumerable", NULL, NULL, NULL, NULL, v[2], napi_enumerable, NULL},
      {"configurable", NULL, NULL, NULL, NULL, v[3], napi_configurable, NULL},
      {"all", NULL, NULL, NULL, NULL, v[4], all, NULL},
      {"accessor", NULL, NULL, AccessorGet, AccessorSet, NULL, napi_enumerable, NULL},
      {"getterOnly", NULL, NULL, AccessorGet, NULL, NULL, napi_default, NULL},
      {"setterOnly", NULL, NULL, NULL, AccessorSet, NULL, napi_configurable, NULL},
      {"method", NULL, MethodWithData, NULL, NULL, NULL, napi_default, (void*)method_data},
      {"methodAll", NULL, MethodWithData, NULL, NULL, NULL, all, NULL},
      {"throwingGetter", NULL, NULL, ThrowingGetter, NULL, NULL, napi_default, NULL},
      {"\xc3\xbcnic\xc3\xb8" "de_\xe2\x9c\x93", NULL, NULL, NULL, NULL, v[5], napi_enumerable, NULL},
      {NULL, named, NULL, NULL, NULL, v[6], napi_enumerable, NULL},
      {NULL, argv[1], NULL, NULL, NULL, v[7], napi_enumerable, NULL},
      /* utf8name and name both set: Node uses utf8name. */
      {"utf8Wins", ignored_name, NULL, NULL, NULL, v[0], napi_enumerable, NULL},
      /* getter and value both set: Node takes the accessor branch (getter/setter checked first). */
      {"getterAndValue", NULL, NULL, AccessorGet, NULL, v[1], napi_default, NULL},
  };
  NAPI_CALL(env, napi_define_properties(env, argv[0], sizeof props / sizeof props[0], props));
  return argv[0];
}

/* defineBad(object, case, mode): one napi_define_properties call with a malformed argument. */
static napi_value DefineBad(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 3);
  char which[32], mode[16];
  read_mode(env, argv[1], which, sizeof which);
  read_mode(env, argv[2], mode, sizeof mode);
  napi_value value, number;
  NAPI_CALL(env, napi_create_int32(env, 1, &value));
  NAPI_CALL(env, napi_create_double(env, 3.5, &number));
  napi_property_descriptor good[] = {
      {"first", NULL, NULL, NULL, NULL, value, napi_enumerable, NULL},
      {"second", NULL, NULL, NULL, NULL, value, napi_enumerable, NULL},
  };
  /* The second property is bad, to see whether the first one is defined before the failure. */
  napi_property_descriptor no_name[] = {good[0], {NULL, NULL, NULL, NULL, NULL, value, napi_default, NULL}};
  napi_property_descriptor number_name[] = {good[0], {NULL, number, NULL, NULL, NULL, value, napi_default, NULL}};
  napi_property_descriptor object_name[] = {good[0], {NULL, argv[0], NULL, NULL, NULL, value, napi_default, NULL}};
  napi_property_descriptor null_value[] = {{"nullValue", NULL, NULL, NULL, NULL, NULL, napi_enumerable, NULL}};
  napi_status status;
  if (MODE_IS(which, "nullValue")) {
    status = napi_define_properties(env, argv[0], 1, null_value);
  } else if (MODE_IS(which, "noName")) {
    status = napi_define_properties(env, argv[0], 2, no_name);
  } else if (MODE_IS(which, "numberName")) {
    status = napi_define_properties(env, argv[0], 2, number_name);
  } else if (MODE_IS(which, "objectName")) {
    status = napi_define_properties(env, argv[0], 2, object_name);
  } else if (MODE_IS(which, "nullProperties")) {
    status = napi_define_properties(env, argv[0], 2, NULL);
  } else if (MODE_IS(which, "zeroCountNullProperties")) {
    status = napi_define_properties(env, argv[0], 0, NULL);
  } else if (MODE_IS(which, "nullObject")) {
    status = napi_define_properties(env, NULL, 2, good);
  } else if (MODE_IS(which, "nullEnv")) {
    status = napi_define_properties(NULL, argv[0], 2, good);
    return status_only(env, status);
  } else {
    status = napi_define_properties(env, argv[0], 2, good);
  }
  return report_for_mode(env, status, mode);
}

/* throwThenSet(object, mode): napi_set_property while an exception is already pending. */
static napi_value ThrowThenSet(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  napi_value key, value;
  NAPI_CALL(env, napi_create_string_utf8(env, "x", NAPI_AUTO_LENGTH, &key));
  NAPI_CALL(env, napi_get_boolean(env, true, &value));
  napi_throw_error(env, NULL, "already pending");
  napi_status status = napi_set_property(env, argv[0], key, value);
  return report_for_mode(env, status, mode);
}

/* ---- Handles that are no longer valid (wasm only: native Node has undefined behaviour here) ---- */

static napi_value kept_handle = NULL;

/* keepHandle(value): keeps the argument's napi_value past the end of this callback (a bug in an addon). */
static napi_value KeepHandle(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  kept_handle = argv[0];
  return NULL;
}

/* useKeptHandle(value): napi_get_prototype on the handle kept by an earlier call. The argument, made
 * in this call, may occupy the same slot of the handle table as the kept handle did. */
static napi_value UseKeptHandle(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  napi_value result = NULL;
  napi_status status = napi_get_prototype(env, kept_handle, &result);
  return status == napi_ok ? result : report_status_catch(env, status);
}

/* useBogusHandle(): napi_get_prototype on a handle value the runtime never issued. */
static napi_value UseBogusHandle(napi_env env, napi_callback_info info) {
  napi_value result = NULL;
  napi_status status = napi_get_prototype(env, (napi_value)(uintptr_t)0x7ffffff0u, &result);
  return status == napi_ok ? result : report_status_catch(env, status);
}

static napi_value Init(napi_env env, napi_value exports) {
  EXPORT_FN(env, exports, "createObject", CreateObject);
  EXPORT_FN(env, exports, "setProperty", SetProperty);
  EXPORT_FN(env, exports, "getProperty", GetProperty);
  EXPORT_FN(env, exports, "hasProperty", HasProperty);
  EXPORT_FN(env, exports, "deleteProperty", DeleteProperty);
  EXPORT_FN(env, exports, "hasOwnProperty", HasOwnProperty);
  EXPORT_FN(env, exports, "setNamedProperty", SetNamedProperty);
  EXPORT_FN(env, exports, "getNamedProperty", GetNamedProperty);
  EXPORT_FN(env, exports, "hasNamedProperty", HasNamedProperty);
  EXPORT_FN(env, exports, "setInvalidUtf8Named", SetInvalidUtf8Named);
  EXPORT_FN(env, exports, "getPropertyNames", GetPropertyNames);
  EXPORT_FN(env, exports, "getPrototype", GetPrototype);
  EXPORT_FN(env, exports, "defineFixture", DefineFixture);
  EXPORT_FN(env, exports, "defineBad", DefineBad);
  EXPORT_FN(env, exports, "throwThenSet", ThrowThenSet);
  EXPORT_FN(env, exports, "keepHandle", KeepHandle);
  EXPORT_FN(env, exports, "useKeptHandle", UseKeptHandle);
  EXPORT_FN(env, exports, "useBogusHandle", UseBogusHandle);
  return exports;
}

/* The classic registration form, as most addons write it. */
NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
