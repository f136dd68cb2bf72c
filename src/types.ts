// ABI types shared by every layer. On wasm32 every Node-API pointer type (napi_env, napi_value,
// napi_ref, void*, size_t) arrives in JS as a 32-bit integer; the aliases say which is which.

/** A pointer into the module's linear memory (may arrive signed: use `>>> 0` before indexing). */
export type Ptr = number;
/** A `napi_value`: an index into the handle stack tagged with a generation (see scope.ts). */
export type Handle = number;
/** A `napi_env`: the id of one loaded module's Engine. */
export type EnvId = number;

/** `napi_status` of js_native_api_types.h, in the header's order. */
export const enum Status {
  ok = 0,
  invalid_arg = 1,
  object_expected = 2,
  string_expected = 3,
  name_expected = 4,
  function_expected = 5,
  number_expected = 6,
  boolean_expected = 7,
  array_expected = 8,
  generic_failure = 9,
  pending_exception = 10,
  cancelled = 11,
  escape_called_twice = 12,
  handle_scope_mismatch = 13,
  callback_scope_mismatch = 14,
  queue_full = 15,
  closing = 16,
  bigint_expected = 17,
  date_expected = 18,
  arraybuffer_expected = 19,
  detachable_arraybuffer_expected = 20,
  would_deadlock = 21,
  no_external_buffers_allowed = 22,
  cannot_run_js = 23,
}

/**
 * The texts `napi_get_last_error_info` reports, indexed by status. They are part of the observable
 * behaviour (addons print them), so they are Node's own wording.
 */
export const errorMessages: readonly (string | null)[] = [
  null,
  'Invalid argument',
  'An object was expected',
  'A string was expected',
  'A string or symbol was expected',
  'A function was expected',
  'A number was expected',
  'A boolean was expected',
  'An array was expected',
  'Unknown failure',
  'An exception is pending',
  'The async work item was cancelled',
  'napi_escape_handle already called on scope',
  'Invalid handle scope usage',
  'Invalid callback scope usage',
  'Thread-safe function queue is full',
  'Thread-safe function handle is closing',
  'A bigint was expected',
  'A date was expected',
  'An arraybuffer was expected',
  'A detachable arraybuffer was expected',
  'Main thread would deadlock',
  'External buffers are not allowed',
  'Cannot run JavaScript',
];

/** `NAPI_AUTO_LENGTH` (SIZE_MAX on wasm32) as it arrives through an i32 parameter. */
export const AUTO_LENGTH = -1;

/** `napi_valuetype`. */
export const enum ValueType {
  undefined = 0,
  null = 1,
  boolean = 2,
  number = 3,
  string = 4,
  symbol = 5,
  object = 6,
  function = 7,
  external = 8,
  bigint = 9,
}
