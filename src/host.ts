// Host specifics the Engine needs and that differ between Node and browsers. The Node entry fills
// these in at load time; browsers keep the portable fallbacks.

/**
 * String conversions over the bytes of a module's memory, with the names and meaning of Node's
 * Buffer methods: offsets in bytes, lengths clamped to the view, a write never splits a character.
 * Node's are V8's own (String::NewFromUtf8, WriteUtf8 with REPLACE_INVALID_UTF8, NewFromOneByte,
 * WriteOneByte, NewFromTwoByte, Write), the calls Node-API makes natively.
 */
export interface TextView {
  utf8Slice(start: number, end: number): string;
  utf8Write(s: string, offset: number, length: number): number;
  latin1Slice(start: number, end: number): string;
  latin1Write(s: string, offset: number, length: number): number;
  /** UTF-16LE. */
  ucs2Slice(start: number, end: number): string;
  /** UTF-16LE; `length` and the result in bytes. */
  ucs2Write(s: string, offset: number, length: number): number;
}

export const host = {
  /**
   * A TextView of a memory's buffer, made again when the memory grows; null where there is none
   * (browsers: Memory uses TextDecoder, TextEncoder and loops).
   */
  textView(_buffer: ArrayBufferLike): TextView | null {
    return null;
  },
  /** Number of bytes `s` takes in UTF-8, lone surrogates counted as U+FFFD (3 bytes): V8's Utf8Length. */
  utf8Length(s: string): number {
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          n += 4;
          i++;
        } else n += 3;
      } else n += 3;
    }
    return n;
  },
  /** V8's Value::IsNativeError: true for objects with an [[ErrorData]] slot. */
  isNativeError(v: object): boolean {
    const isError = (Error as { isError?: (v: unknown) => boolean }).isError;
    // Error.isError is also true for DOMExceptions, which V8's IsNativeError is not.
    return isError ? isError(v) && !isDomException(v) : v instanceof Error;
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
    // JS has no side-effect-free brand check for promises: `then` would mark a rejected one as
    // handled. A real promise cannot be structured-cloned; an object that only inherits from
    // Promise.prototype is cloned (its own data copied and dropped).
    if (!(v instanceof Promise)) return false;
    try {
      structuredClone(v);
      return false;
    } catch {
      return true;
    }
  },
  /**
   * napi_run_script: V8 compiles and runs the text as a classic script in the global scope. The
   * portable fallback is indirect eval, which differs in three ways: top-level `let`/`const`/`class`
   * stay in the eval (a script leaves them for later scripts), its `var`s can be deleted, and stack
   * frames name the eval instead of `<anonymous>`.
   */
  runScript(source: string): unknown {
    return (0, eval)(source);
  },
};

/** Whether `getter` accepts `v` as its receiver: brand checks of built-ins throw for anything else. */
function isBrand(getter: (this: unknown) => unknown, v: unknown): boolean {
  try {
    getter.call(v);
    return true;
  } catch {
    return false;
  }
}

// Looked up on first use: Node makes DOMException on first access, which an import should not pay.
let domExceptionCode: ((this: unknown) => unknown) | null | undefined;

function isDomException(v: unknown): boolean {
  domExceptionCode ??= (typeof DOMException === 'function' ? Object.getOwnPropertyDescriptor(DOMException.prototype, 'code')?.get : undefined) ?? null;
  return domExceptionCode !== null && isBrand(domExceptionCode, v);
}
