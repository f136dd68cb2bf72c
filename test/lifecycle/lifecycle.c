/* Module lifecycle: registration with NAPI_MODULE_INIT whose init returns a NEW object (which becomes
 * the module's exports in place of `exports`), napi_get_version, instance data, and
 * node_api_get_module_file_name. Its sibling test/lifecycle_null_init registers with NAPI_MODULE and
 * returns NULL (Node then keeps `exports`).
 *
 * A trailing string mode passes NULL in one position ("env", "result") of the call under test. */
#include <stdlib.h>
#include "common.h"


static napi_env init_env = NULL;
static int32_t finalized = 0;   /* instance-data finalizer calls */
static int32_t last_freed = 0;  /* the value held by the last finalized instance data */

static napi_value GetVersion(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  char mode[16];
  read_mode(env, argv[0], mode, sizeof mode);
  uint32_t version = 0;
  napi_status status = napi_get_version(NULL_IF("env", env), NULL_IF("result", &version));
  if (status != napi_ok) return report_for_mode(env, status, mode);
  napi_value result;
  NAPI_CALL(env, napi_create_uint32(env, version, &result));
  return result;
}

static void FinalizeInstanceData(napi_env env, void* data, void* hint) {
  finalized++;
  last_freed = *(int32_t*)data;
  free(data);
}

/* setInstanceData(value, mode): stores a malloc'd int32 holding value, with a finalizer. */
static napi_value SetInstanceData(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 2);
  char mode[16];
  read_mode(env, argv[1], mode, sizeof mode);
  int32_t* data = malloc(sizeof *data);
  NAPI_CALL(env, napi_get_value_int32(env, argv[0], data));
  napi_status status = napi_set_instance_data(NULL_IF("env", env), data, FinalizeInstanceData, NULL);
  if (status != napi_ok) free(data);
  return report_for_mode(env, status, mode);
}

/* getInstanceData(mode): the int32 stored by setInstanceData, or null while there is none. */
static napi_value GetInstanceData(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  char mode[16];
  read_mode(env, argv[0], mode, sizeof mode);
  void* data = (void*)1; /* not NULL, so that a call that leaves it alone shows */
  napi_status status = napi_get_instance_data(NULL_IF("env", env), NULL_IF("result", &data));
  if (status != napi_ok) return report_for_mode(env, status, mode);
  napi_value result;
  if (data == NULL) {
    NAPI_CALL(env, napi_get_null(env, &result));
  } else {
    NAPI_CALL(env, napi_create_int32(env, *(int32_t*)data, &result));
  }
  return result;
}

/* finalizerCalls(): [calls of the instance-data finalizer, value freed last]. */
static napi_value FinalizerCalls(napi_env env, napi_callback_info info) {
  napi_value result, v;
  NAPI_CALL(env, napi_create_array(env, &result));
  NAPI_CALL(env, napi_create_int32(env, finalized, &v));
  NAPI_CALL(env, napi_set_element(env, result, 0, v));
  NAPI_CALL(env, napi_create_int32(env, last_freed, &v));
  NAPI_CALL(env, napi_set_element(env, result, 1, v));
  return result;
}

static napi_value ModuleFileName(napi_env env, napi_callback_info info) {
  GET_ARGS(env, info, 1);
  char mode[16];
  read_mode(env, argv[0], mode, sizeof mode);
  const char* file = NULL;
  napi_status status = node_api_get_module_file_name(NULL_IF("env", env), NULL_IF("result", &file));
  if (status != napi_ok) return report_for_mode(env, status, mode);
  napi_value result;
  NAPI_CALL(env, napi_create_string_utf8(env, file, NAPI_AUTO_LENGTH, &result));
  return result;
}

/* envIsInitEnv(): whether callbacks get the same napi_env as the module's init did. */
static napi_value EnvIsInitEnv(napi_env env, napi_callback_info info) {
  napi_value result;
  NAPI_CALL(env, napi_get_boolean(env, env == init_env, &result));
  return result;
}

NAPI_MODULE_INIT() {
  init_env = env;
  /* Marks the object Node passed in: the test checks that it is NOT the module's exports. */
  napi_value yes;
  NAPI_CALL(env, napi_get_boolean(env, true, &yes));
  NAPI_CALL(env, napi_set_named_property(env, exports, "onOriginalExports", yes));

  napi_value result;
  NAPI_CALL(env, napi_create_object(env, &result));
  NAPI_CALL(env, napi_set_named_property(env, result, "replaced", yes));
  NAPI_CALL(env, napi_set_named_property(env, result, "originalExports", exports));
  EXPORT_FN(env, result, "getVersion", GetVersion);
  EXPORT_FN(env, result, "setInstanceData", SetInstanceData);
  EXPORT_FN(env, result, "getInstanceData", GetInstanceData);
  EXPORT_FN(env, result, "finalizerCalls", FinalizerCalls);
  EXPORT_FN(env, result, "moduleFileName", ModuleFileName);
  EXPORT_FN(env, result, "envIsInitEnv", EnvIsInitEnv);
  return result;
}
