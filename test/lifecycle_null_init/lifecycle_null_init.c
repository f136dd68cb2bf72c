/* Module registration, the classic form: NAPI_MODULE(NODE_GYP_MODULE_NAME, Init) where Init fills
 * `exports` and returns NULL. Node then uses `exports` as the module's exports. (A separate addon from
 * test/lifecycle because a module registers once; tested by test/lifecycle/lifecycle.test.ts.) */
#include "common.h"

static napi_env init_env = NULL;

static napi_value EnvIsInitEnv(napi_env env, napi_callback_info info) {
  napi_value result;
  NAPI_CALL(env, napi_get_boolean(env, env == init_env, &result));
  return result;
}

/* Instance data is per module (per env): this module's is independent of test/lifecycle's. */
static int32_t my_data = 7;

static napi_value SetInstanceData(napi_env env, napi_callback_info info) {
  NAPI_CALL(env, napi_set_instance_data(env, &my_data, NULL, NULL));
  return NULL;
}

static napi_value GetInstanceData(napi_env env, napi_callback_info info) {
  void* data = NULL;
  napi_value result;
  NAPI_CALL(env, napi_get_instance_data(env, &data));
  if (data == NULL) {
    NAPI_CALL(env, napi_get_null(env, &result));
  } else {
    NAPI_CALL(env, napi_create_int32(env, *(int32_t*)data, &result));
  }
  return result;
}

static napi_value ModuleFileName(napi_env env, napi_callback_info info) {
  const char* file = NULL;
  napi_value result;
  NAPI_CALL(env, node_api_get_module_file_name(env, &file));
  NAPI_CALL(env, napi_create_string_utf8(env, file, NAPI_AUTO_LENGTH, &result));
  return result;
}

static napi_value Init(napi_env env, napi_value exports) {
  init_env = env;
  napi_value yes;
  NAPI_CALL(env, napi_get_boolean(env, true, &yes));
  NAPI_CALL(env, napi_set_named_property(env, exports, "filledByInit", yes));
  EXPORT_FN(env, exports, "envIsInitEnv", EnvIsInitEnv);
  EXPORT_FN(env, exports, "setInstanceData", SetInstanceData);
  EXPORT_FN(env, exports, "getInstanceData", GetInstanceData);
  EXPORT_FN(env, exports, "moduleFileName", ModuleFileName);
  return NULL;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
