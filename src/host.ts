// Host specifics the Engine needs and that differ between Node and browsers. The Node entry fills
// these in at load time; browsers keep the portable fallbacks.

export const host = {
  /** V8's Value::IsNativeError: true for objects with an [[ErrorData]] slot. */
  isNativeError(v: object): boolean {
    const isError = (Error as { isError?: (v: unknown) => boolean }).isError;
    return isError ? isError(v) : v instanceof Error;
  },
  /** A Node Buffer in Node; a Uint8Array where there is no Buffer. */
  bufferFrom(ab: ArrayBuffer, offset: number, length: number): Uint8Array {
    return new Uint8Array(ab, offset, length);
  },
  /** Whether a value is a Proxy (undetectable in browsers: false there). */
  isProxy(_v: unknown): boolean {
    return false;
  },
  /** V8's Value::IsArray: true for arrays but not for proxies of arrays (Array.isArray sees through them). */
  isArray(v: unknown): boolean {
    return Array.isArray(v);
  },
  /** V8's Value::IsPromise: a real promise, never a thenable (this fallback misses other realms'). */
  isPromise(v: unknown): boolean {
    return v instanceof Promise;
  },
  /**
   * napi_run_script: V8 compiles and runs the text as a classic script in the global scope. The
   * portable fallback is indirect eval, which differs only for top-level `let`/`const`/`class` (an
   * eval keeps them to itself, a script leaves them in the global lexical scope for later scripts).
   */
  runScript(source: string): unknown {
    return (0, eval)(source);
  },
};
