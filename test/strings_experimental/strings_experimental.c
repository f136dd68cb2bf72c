/* node_api_create_property_key_{latin1,utf8,utf16}: Node-API 10 in node-api-headers (the wasm
 * route), experimental (NAPI_EXPERIMENTAL) in Node 20's own headers (the native route). Kept apart
 * from test/strings because it must be built as an experimental module: Node 20.20 exports all three
 * symbols (`nm -D $(which node)`), but only declares them under NAPI_EXPERIMENTAL, and an addon built
 * with NAPI_VERSION=10 makes Node 20.20 segfault on load. NAPI_VERSION_EXPERIMENTAL (2147483647)
 * satisfies both header sets. */
#undef NAPI_VERSION
#define NAPI_VERSION 2147483647 /* NAPI_VERSION_EXPERIMENTAL */
#define NAPI_EXPERIMENTAL
#include <stdint.h>
#include <stdlib.h>
#include "common.h"

#define ENV (mode == MODE_NULL_ENV ? NULL : env)
#define RESULT(p) (mode == MODE_NULL_RESULT ? NULL : (p))

static void* read_units(napi_env env, napi_value array, size_t width, uint32_t* count) {
  NAPI_CALL(env, napi_get_array_length(env, array, count));
  unsigned char* buf = calloc((size_t)*count + 1, width);
  for (uint32_t i = 0; i < *count; i++) {
    napi_value el;
    uint32_t unit;
    NAPI_CALL(env, napi_get_element(env, array, i, &el));
    NAPI_CALL(env, napi_get_value_uint32(env, el, &unit));
    if (width == 1) buf[i] = (unsigned char)unit;
    else ((uint16_t*)buf)[i] = (uint16_t)unit;
  }
  return buf;
}

static size_t read_length(napi_env env, napi_value v) {
  int64_t n = 0;
  napi_get_value_int64(env, v, &n);
  return n < 0 ? NAPI_AUTO_LENGTH : (size_t)n;
}

/* (mode, units[], length) → the key; MODE_NULL_VALUE passes a NULL string pointer. */
#define KEY_FN(Name, api, width, ctype)                                                          \
  static napi_value Name(napi_env env, napi_callback_info info) {                                \
    napi_value argv[3];                                                                          \
    test_mode mode = get_args(env, info, 3, argv);                                               \
    uint32_t count;                                                                              \
    ctype* str = read_units(env, argv[1], width, &count);                                        \
    if (!str) return NULL;                                                                       \
    napi_value result = NULL;                                                                    \
    napi_status status = api(ENV, mode == MODE_NULL_VALUE ? NULL : str, read_length(env, argv[2]), \
                             RESULT(&result));                                                   \
    free(str);                                                                                   \
    return finish(env, mode, status, result);                                                    \
  }

KEY_FN(KeyLatin1, node_api_create_property_key_latin1, 1, char)
KEY_FN(KeyUtf8, node_api_create_property_key_utf8, 1, char)
KEY_FN(KeyUtf16, node_api_create_property_key_utf16, 2, char16_t)

NAPI_MODULE_INIT() {
  EXPORT_FN(env, exports, "keyLatin1", KeyLatin1);
  EXPORT_FN(env, exports, "keyUtf8", KeyUtf8);
  EXPORT_FN(env, exports, "keyUtf16", KeyUtf16);
  return exports;
}
