/* Strings: napi_create_string_{utf8,latin1,utf16} and napi_get_value_string_{utf8,latin1,utf16}.
 *
 * Functions take a bad-input mode (common.h) first. Byte/unit inputs come from JS arrays so that a
 * test can pass invalid UTF-8, embedded NULs and lone surrogates exactly. Output buffers are filled
 * with a sentinel (0xAA / 0xAAAA) and answered whole, so a test sees every byte written — the
 * terminating NUL and any overrun included. */
#include <stdint.h>
#include <stdlib.h>
#include "common.h"

#define ENV (mode == MODE_NULL_ENV ? NULL : env)
#define RESULT(p) (mode == MODE_NULL_RESULT ? NULL : (p))
#define VALUE(v) (mode == MODE_NULL_VALUE ? NULL : (v))

#define SENTINEL8 0xAA
#define SENTINEL16 0xAAAA
#define SLACK 4 /* sentinel elements after the buffer, to catch overruns */

/* Reads a JS array of numbers into a new buffer of `width` bytes per element, plus a zero element
 * after the end (so NAPI_AUTO_LENGTH stops there unless the array holds a NUL). */
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

/* A JS length: -1 means NAPI_AUTO_LENGTH, anything else is taken as a size_t. */
static size_t read_length(napi_env env, napi_value v) {
  int64_t n = 0;
  napi_get_value_int64(env, v, &n);
  return n < 0 ? NAPI_AUTO_LENGTH : (size_t)n;
}

static napi_value units_to_array(napi_env env, const void* buf, size_t count, size_t width) {
  napi_value array, el;
  NAPI_CALL(env, napi_create_array_with_length(env, count, &array));
  for (size_t i = 0; i < count; i++) {
    uint32_t unit = width == 1 ? ((const unsigned char*)buf)[i] : ((const uint16_t*)buf)[i];
    NAPI_CALL(env, napi_create_uint32(env, unit, &el));
    NAPI_CALL(env, napi_set_element(env, array, (uint32_t)i, el));
  }
  return array;
}

/* ---- creation: (mode, units[], length) → string ---------------------------------------------- */

static napi_value CreateUtf8(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  test_mode mode = get_args(env, info, 3, argv);
  uint32_t count;
  char* str = read_units(env, argv[1], 1, &count);
  if (!str) return NULL;
  napi_value result = NULL;
  napi_status status = napi_create_string_utf8(ENV, mode == MODE_NULL_VALUE ? NULL : str,
                                               read_length(env, argv[2]), RESULT(&result));
  free(str);
  return finish(env, mode, status, result);
}

static napi_value CreateLatin1(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  test_mode mode = get_args(env, info, 3, argv);
  uint32_t count;
  char* str = read_units(env, argv[1], 1, &count);
  if (!str) return NULL;
  napi_value result = NULL;
  napi_status status = napi_create_string_latin1(ENV, mode == MODE_NULL_VALUE ? NULL : str,
                                                 read_length(env, argv[2]), RESULT(&result));
  free(str);
  return finish(env, mode, status, result);
}

static napi_value CreateUtf16(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  test_mode mode = get_args(env, info, 3, argv);
  uint32_t count;
  char16_t* str = read_units(env, argv[1], 2, &count);
  if (!str) return NULL;
  napi_value result = NULL;
  napi_status status = napi_create_string_utf16(ENV, mode == MODE_NULL_VALUE ? NULL : str,
                                                read_length(env, argv[2]), RESULT(&result));
  free(str);
  return finish(env, mode, status, result);
}

/* ---- reading: (mode, value, bufsize) → { result, units } --------------------------------------
 * bufsize -1 passes buf = NULL (the length query); units then is absent. `result` is null when the
 * mode passed a NULL result pointer (allowed by Node when buf is not NULL). */

typedef napi_status (*get_string_fn)(napi_env, napi_value, void*, size_t, size_t*);

static napi_value get_string(napi_env env, napi_callback_info info, get_string_fn fn, size_t width) {
  napi_value argv[3];
  test_mode mode = get_args(env, info, 3, argv);
  int64_t bufsize = 0;
  NAPI_CALL(env, napi_get_value_int64(env, argv[2], &bufsize));
  void* buf = NULL;
  size_t total = 0;
  if (bufsize >= 0) {
    total = (size_t)bufsize + SLACK;
    buf = malloc(total * width);
    for (size_t i = 0; i < total; i++) {
      if (width == 1) ((unsigned char*)buf)[i] = SENTINEL8;
      else ((uint16_t*)buf)[i] = SENTINEL16;
    }
  }
  size_t copied = 123456; /* sentinel: must be overwritten when a result pointer is given */
  napi_status status = fn(ENV, VALUE(argv[1]), buf, bufsize >= 0 ? (size_t)bufsize : 0, RESULT(&copied));
  if (status != napi_ok) {
    free(buf);
    return finish(env, mode, status, NULL);
  }
  napi_value result, value;
  NAPI_CALL(env, napi_create_object(env, &result));
  if (mode == MODE_NULL_RESULT) {
    NAPI_CALL(env, napi_get_null(env, &value));
  } else {
    NAPI_CALL(env, napi_create_double(env, (double)copied, &value));
  }
  NAPI_CALL(env, napi_set_named_property(env, result, "result", value));
  if (buf) {
    NAPI_CALL(env, napi_set_named_property(env, result, "units", units_to_array(env, buf, total, width)));
    free(buf);
  }
  return finish(env, mode, status, result);
}

static napi_status get_utf8(napi_env env, napi_value v, void* buf, size_t size, size_t* result) {
  return napi_get_value_string_utf8(env, v, buf, size, result);
}
static napi_status get_latin1(napi_env env, napi_value v, void* buf, size_t size, size_t* result) {
  return napi_get_value_string_latin1(env, v, buf, size, result);
}
static napi_status get_utf16(napi_env env, napi_value v, void* buf, size_t size, size_t* result) {
  return napi_get_value_string_utf16(env, v, buf, size, result);
}

static napi_value GetUtf8(napi_env env, napi_callback_info info) {
  return get_string(env, info, get_utf8, 1);
}
static napi_value GetLatin1(napi_env env, napi_callback_info info) {
  return get_string(env, info, get_latin1, 1);
}
static napi_value GetUtf16(napi_env env, napi_callback_info info) {
  return get_string(env, info, get_utf16, 2);
}

/* ---- round trips for long strings: (s) → { length, string } --------------------------------- */

typedef napi_status (*create_string_fn)(napi_env, const void*, size_t, napi_value*);

static napi_status create_utf8(napi_env env, const void* s, size_t n, napi_value* r) {
  return napi_create_string_utf8(env, s, n, r);
}
static napi_status create_latin1(napi_env env, const void* s, size_t n, napi_value* r) {
  return napi_create_string_latin1(env, s, n, r);
}
static napi_status create_utf16(napi_env env, const void* s, size_t n, napi_value* r) {
  return napi_create_string_utf16(env, s, n, r);
}

/* Queries the length, reads the whole string into an exact buffer, and makes a string of it again
 * with the explicit length. */
static napi_value round_trip(napi_env env, napi_callback_info info, get_string_fn get,
                             create_string_fn create, size_t width) {
  size_t argc = 1;
  napi_value argv[1], result, value;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  size_t length = 0, copied = 0;
  NAPI_CALL(env, get(env, argv[0], NULL, 0, &length));
  void* buf = malloc((length + 1) * width);
  NAPI_CALL(env, get(env, argv[0], buf, length + 1, &copied));
  napi_status status = create(env, buf, copied, &value);
  free(buf);
  NAPI_CALL(env, status);
  NAPI_CALL(env, napi_create_object(env, &result));
  NAPI_CALL(env, napi_set_named_property(env, result, "string", value));
  NAPI_CALL(env, napi_create_double(env, (double)length, &value));
  NAPI_CALL(env, napi_set_named_property(env, result, "length", value));
  NAPI_CALL(env, napi_create_double(env, (double)copied, &value));
  NAPI_CALL(env, napi_set_named_property(env, result, "copied", value));
  return result;
}

static napi_value RoundTripUtf8(napi_env env, napi_callback_info info) {
  return round_trip(env, info, get_utf8, create_utf8, 1);
}
static napi_value RoundTripLatin1(napi_env env, napi_callback_info info) {
  return round_trip(env, info, get_latin1, create_latin1, 1);
}
static napi_value RoundTripUtf16(napi_env env, napi_callback_info info) {
  return round_trip(env, info, get_utf16, create_utf16, 2);
}

/* A 100 KB string made in C from a C literal pattern with NAPI_AUTO_LENGTH: "0123456789" repeated. */
static napi_value MakeLongUtf8(napi_env env, napi_callback_info info) {
  const size_t n = 100 * 1024;
  char* s = malloc(n + 1);
  for (size_t i = 0; i < n; i++) s[i] = (char)('0' + i % 10);
  s[n] = '\0';
  napi_value result;
  napi_status status = napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &result);
  free(s);
  NAPI_CALL(env, status);
  return result;
}

NAPI_MODULE_INIT() {
  EXPORT_FN(env, exports, "createUtf8", CreateUtf8);
  EXPORT_FN(env, exports, "createLatin1", CreateLatin1);
  EXPORT_FN(env, exports, "createUtf16", CreateUtf16);
  EXPORT_FN(env, exports, "getUtf8", GetUtf8);
  EXPORT_FN(env, exports, "getLatin1", GetLatin1);
  EXPORT_FN(env, exports, "getUtf16", GetUtf16);
  EXPORT_FN(env, exports, "roundTripUtf8", RoundTripUtf8);
  EXPORT_FN(env, exports, "roundTripLatin1", RoundTripLatin1);
  EXPORT_FN(env, exports, "roundTripUtf16", RoundTripUtf16);
  EXPORT_FN(env, exports, "makeLongUtf8", MakeLongUtf8);
  return exports;
}
