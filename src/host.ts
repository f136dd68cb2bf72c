// Host specifics the Engine needs and that differ between Node and browsers. The Node entry fills
// these in at load time; browsers keep the portable fallbacks.

export const host = {
  /** V8's Value::IsNativeError: true for objects with an [[ErrorData]] slot. */
  isNativeError(v: object): boolean {
    const isError = (Error as { isError?: (v: unknown) => boolean }).isError;
    return isError ? isError(v) : v instanceof Error;
  },
  /** V8's Value::IsArray: true for arrays but not for proxies of arrays (Array.isArray sees through them). */
  isArray(v: unknown): boolean {
    return Array.isArray(v);
  },
};
