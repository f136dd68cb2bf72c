// Views of a module's linear memory (part of the Engine). `memory.grow` detaches the old ArrayBuffer
// of a non-shared memory, after which every typed view reports length 0; a shared memory never
// detaches, its old views just stay short. Either way an access beyond the view's end means the
// views are stale: each accessor compares the address with the view's length (far cheaper than
// reading `memory.buffer`) and re-derives the views only then.
import { host, type TextView } from './host.js';

// ignoreBOM: V8's NewFromUtf8 keeps a leading byte order mark as U+FEFF; TextDecoder drops it else.
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const utf8Encoder = new TextEncoder();

export class Memory {
  // Declared only, so that refresh() adds them: a field that starts as undefined loses V8's record of
  // the class of its value, and every read then checks the view's map.
  declare u8: Uint8Array;
  declare u16: Uint16Array;
  declare i32: Int32Array;
  declare u32: Uint32Array;
  declare f64: Float64Array;
  declare dv: DataView;
  /** The host's string conversions over the same bytes (Node: a Buffer), or null. */
  declare text: TextView | null;
  private readonly shared: boolean;
  /**
   * The longest ASCII string writeUtf8 copies with a loop (about 45 instructions a character):
   * longer ones cost less through Node's utf8Write past 32 characters, through encodeInto past 64.
   */
  private readonly asciiLoop: number;

  constructor(readonly memory: WebAssembly.Memory) {
    this.shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    this.refresh();
    this.asciiLoop = this.text === null ? 64 : 32;
  }

  refresh(): void {
    const b = this.memory.buffer;
    this.u8 = new Uint8Array(b);
    this.u16 = new Uint16Array(b, 0, b.byteLength >>> 1);
    this.i32 = new Int32Array(b, 0, b.byteLength >>> 2);
    this.u32 = new Uint32Array(b, 0, b.byteLength >>> 2);
    this.f64 = new Float64Array(b, 0, b.byteLength >>> 3);
    this.dv = new DataView(b);
    this.text = host.textView(b);
  }

  /** Re-derives the views if memory grew since they were made. */
  check(): void {
    if (this.u8.length === 0 || (this.shared && this.u8.length !== this.memory.buffer.byteLength)) {
      this.refresh();
    }
  }

  setU32(ptr: number, value: number): void {
    if (ptr >>> 2 >= this.u32.length) this.refresh();
    if ((ptr & 3) === 0) this.u32[ptr >>> 2] = value;
    else this.dv.setUint32(ptr >>> 0, value, true);
  }

  setI32(ptr: number, value: number): void {
    if (ptr >>> 2 >= this.i32.length) this.refresh();
    if ((ptr & 3) === 0) this.i32[ptr >>> 2] = value;
    else this.dv.setInt32(ptr >>> 0, value, true);
  }

  getU32(ptr: number): number {
    if (ptr >>> 2 >= this.u32.length) this.refresh();
    return (ptr & 3) === 0 ? this.u32[ptr >>> 2]! : this.dv.getUint32(ptr >>> 0, true);
  }

  getI32(ptr: number): number {
    if (ptr >>> 2 >= this.i32.length) this.refresh();
    return (ptr & 3) === 0 ? this.i32[ptr >>> 2]! : this.dv.getInt32(ptr >>> 0, true);
  }

  setF64(ptr: number, value: number): void {
    if (ptr >>> 3 >= this.f64.length) this.refresh();
    if ((ptr & 7) === 0) this.f64[ptr >>> 3] = value;
    else this.dv.setFloat64(ptr >>> 0, value, true);
  }

  setU16(ptr: number, value: number): void {
    if (ptr >>> 1 >= this.u16.length) this.refresh();
    if ((ptr & 1) === 0) this.u16[ptr >>> 1] = value;
    // Past the end, a typed array drops the store and a DataView throws: drop it at odd addresses too.
    else if ((ptr >>> 0) + 2 <= this.u8.length) this.dv.setUint16(ptr >>> 0, value, true);
  }

  setU8(ptr: number, value: number): void {
    if (ptr >>> 0 >= this.u8.length) this.refresh();
    this.u8[ptr >>> 0] = value;
  }

  getU8(ptr: number): number {
    if (ptr >>> 0 >= this.u8.length) this.refresh();
    return this.u8[ptr >>> 0]!;
  }

  /** Writes an integral double as int64, saturating as V8's NumberToInt64 does. */
  setI64(ptr: number, value: number): void {
    let lo: number;
    let hi: number;
    if (value >= 9223372036854775807) {
      lo = 0xffffffff;
      hi = 0x7fffffff;
    } else if (value <= -9223372036854775808) {
      lo = 0;
      hi = -0x80000000;
    } else {
      lo = value >>> 0;
      hi = Math.floor(value / 4294967296) | 0;
    }
    this.setU32(ptr, lo);
    this.setI32(ptr + 4, hi);
  }

  /** Length of a NUL-terminated byte string starting at ptr. */
  strlen(ptr: number): number {
    this.check();
    const u8 = this.u8;
    const start = ptr >>> 0;
    // Short strings (property names) by a loop; past 16 bytes indexOf, a builtin scan that is
    // cheaper than the loop's ~4 instructions a byte but costs a call.
    const stop = Math.min(start + 16, u8.length);
    let end = start;
    while (end < stop && u8[end] !== 0) end++;
    if (end === stop && end < u8.length) {
      const nul = u8.indexOf(0, end);
      end = nul < 0 ? u8.length : nul;
    }
    return end - start;
  }

  /**
   * Short ASCII strings (4 to 32 bytes) that crossed lately, by address: the string and a copy of its
   * bytes. A read at an address whose bytes still match returns the string without building it
   * again (property names from string literals, a reused buffer); a write of the same string to the
   * address copies the bytes without reading its characters (charCodeAt costs about 25 instructions
   * a character in V8's optimized code). Bytes are compared and copied four at a time, so a hit
   * always gives the current contents.
   */
  private readonly cacheAddress = new Int32Array(CACHE_SLOTS).fill(-1);
  private readonly cacheString: string[] = new Array<string>(CACHE_SLOTS).fill('');
  /** Per slot: the string's whole words of bytes, then its last four bytes as one word. */
  private readonly cacheWords = new Int32Array(CACHE_SLOTS * SLOT_WORDS);

  /** Whether the `len` (4..32) bytes at `start` are those cached in `slot`. */
  private cachedBytes(slot: number, start: number, len: number): boolean {
    const w = this.cacheWords;
    const base = slot * SLOT_WORDS;
    const n = len >>> 2;
    if ((start & 3) === 0) {
      // An aligned string (the usual case) is read through the Int32Array, cheaper than the DataView.
      const i32 = this.i32;
      const at = start >>> 2;
      for (let k = 0; k < n; k++) if (i32[at + k] !== w[base + k]) return false;
    } else {
      const dv = this.dv;
      for (let k = 0; k < n; k++) if (dv.getInt32(start + 4 * k, true) !== w[base + k]) return false;
    }
    return (len & 3) === 0 || this.dv.getInt32(start + len - 4, true) === w[base + TAIL_WORD];
  }

  /** Caches string `s` as the `len` (4..32) bytes now at `start`. */
  private cache(slot: number, start: number, len: number, s: string): void {
    const dv = this.dv;
    const w = this.cacheWords;
    const base = slot * SLOT_WORDS;
    const n = len >>> 2;
    for (let k = 0; k < n; k++) w[base + k] = dv.getInt32(start + 4 * k, true);
    w[base + TAIL_WORD] = dv.getInt32(start + len - 4, true);
    this.cacheAddress[slot] = start;
    this.cacheString[slot] = s;
  }

  /** Writes the `len` (4..32) bytes cached in `slot` to `start` (the last word may overlap). */
  private writeCached(slot: number, start: number, len: number): void {
    const w = this.cacheWords;
    const base = slot * SLOT_WORDS;
    const n = len >>> 2;
    if ((start & 3) === 0) {
      const i32 = this.i32;
      const at = start >>> 2;
      for (let k = 0; k < n; k++) i32[at + k] = w[base + k]!;
    } else {
      const dv = this.dv;
      for (let k = 0; k < n; k++) dv.setInt32(start + 4 * k, w[base + k]!, true);
    }
    if ((len & 3) !== 0) this.dv.setInt32(start + len - 4, w[base + TAIL_WORD]!, true);
  }

  /** Decodes `len` bytes of UTF-8 (len -1 = NUL-terminated); invalid sequences become U+FFFD as in V8. */
  readUtf8(ptr: number, len: number): string {
    if (len === -1) len = this.strlen(ptr);
    else this.check();
    const u8 = this.u8;
    const start = ptr >>> 0;
    if (len <= 32) {
      const cached = len >= 4 && start + len <= u8.length;
      const slot = cacheSlot(start);
      if (cached && this.cacheAddress[slot] === start && this.cacheString[slot]!.length === len && this.cachedBytes(slot, start, len)) {
        return this.cacheString[slot]!;
      }
      let bits = 0;
      for (let i = 0; i < len; i++) bits |= u8[start + i]!;
      if (bits < 0x80) {
        const s = asciiString(u8, start, len);
        if (cached) this.cache(slot, start, len, s);
        return s;
      }
    }
    return this.decodeUtf8(start, len);
  }

  // The conversions of strings past the short paths are methods of their own: readUtf8 and
  // writeUtf8 stay small enough for V8 to inline into the Node-API functions (with these inline,
  // echo(16 B) took some 200 instructions more).
  private decodeUtf8(start: number, len: number): string {
    const u8 = this.u8;
    const end = start + len;
    const text = this.text;
    // Bytes past the end of memory (a bad pointer) are left out as subarray does; a Buffer would throw.
    if (text !== null && end <= u8.length) return text.utf8Slice(start, end);
    return utf8Decoder.decode(this.shared ? u8.slice(start, end) : u8.subarray(start, end));
  }

  readLatin1(ptr: number, len: number): string {
    if (len === -1) len = this.strlen(ptr);
    else this.check();
    const u8 = this.u8;
    const start = ptr >>> 0;
    const text = this.text;
    if (text !== null && start + len <= u8.length) return text.latin1Slice(start, start + len);
    let s = '';
    for (let i = 0; i < len; i += 8192) {
      s += String.fromCharCode.apply(null, u8.subarray(start + i, start + Math.min(len, i + 8192)) as unknown as number[]);
    }
    return s;
  }

  readUtf16(ptr: number, len: number): string {
    this.check();
    const start = ptr >>> 0;
    // Units up to the end of memory: a string past it (a bad pointer) is cut there, as the other
    // encodings are (a DataView would throw).
    const units = Math.max(0, Math.floor((this.u8.length - start) / 2));
    if (len === -1) {
      len = 0;
      while (len < units && this.dv.getUint16(start + len * 2, true) !== 0) len++;
    } else if (len > units) len = units;
    const text = this.text;
    if (text !== null) return text.ucs2Slice(start, start + 2 * len);
    let s = '';
    if ((start & 1) === 0) {
      const u16 = this.u16;
      const base = start >>> 1;
      for (let i = 0; i < len; i += 8192) {
        s += String.fromCharCode.apply(null, u16.subarray(base + i, base + Math.min(len, i + 8192)) as unknown as number[]);
      }
    } else {
      for (let i = 0; i < len; i++) s += String.fromCharCode(this.dv.getUint16(start + i * 2, true));
    }
    return s;
  }

  /**
   * Encodes `s` as UTF-8 into at most `capacity` bytes at ptr (never splitting a character; lone
   * surrogates become U+FFFD, as V8's WriteUtf8 with kReplaceInvalidUtf8) and returns the bytes written.
   */
  writeUtf8(s: string, ptr: number, capacity: number): number {
    this.check();
    const u8 = this.u8;
    const start = ptr >>> 0;
    const n = s.length;
    // Short ASCII strings: a plain loop beats the setup of a call to the host's conversion or to
    // encodeInto; longer ones and any other character go to those.
    if (n <= this.asciiLoop && n <= capacity) {
      if (n >= 4 && n <= 32 && start + n <= u8.length) {
        const slot = cacheSlot(start);
        if (this.cacheAddress[slot] === start && this.cacheString[slot] === s) {
          this.writeCached(slot, start, n);
          return n;
        }
        if (writeAscii(u8, s, start, n)) {
          this.cache(slot, start, n, s);
          return n;
        }
      } else if (writeAscii(u8, s, start, n)) return n;
    }
    return this.encodeUtf8(s, start, capacity);
  }

  private encodeUtf8(s: string, start: number, capacity: number): number {
    const u8 = this.u8;
    const text = this.text;
    if (text !== null && start <= u8.length) return text.utf8Write(s, start, Math.min(capacity, u8.length - start));
    if (!this.shared) return utf8Encoder.encodeInto(s, u8.subarray(start, start + capacity)).written;
    // Browsers' encodeInto refuses views of a SharedArrayBuffer: encode into a scratch copy.
    const scratch = new Uint8Array(Math.max(0, Math.min(capacity, s.length * 3, u8.length - start)));
    const { written } = utf8Encoder.encodeInto(s, scratch);
    u8.set(scratch.subarray(0, written), start);
    return written;
  }

  /** Writes the low byte of each UTF-16 unit of `s` (V8's WriteOneByte), at most `capacity`; returns the count. */
  writeLatin1(s: string, ptr: number, capacity: number): number {
    this.check();
    const u8 = this.u8;
    const start = ptr >>> 0;
    // Cut at the end of memory (a bad pointer), as writeUtf8 cuts.
    const n = Math.max(0, Math.min(capacity, s.length, u8.length - start));
    const text = this.text;
    if (n > SHORT_UNITS && text !== null) return text.latin1Write(s, start, n);
    for (let i = 0; i < n; i++) u8[start + i] = s.charCodeAt(i);
    return n;
  }

  /** Copies at most `capacity` UTF-16 units of `s` (a surrogate pair may be split at the end, as in V8); returns the count. */
  writeUtf16(s: string, ptr: number, capacity: number): number {
    this.check();
    const start = ptr >>> 0;
    // Cut at the end of memory (a bad pointer), as writeUtf8 cuts; a DataView would throw there.
    const n = Math.max(0, Math.min(capacity, s.length, Math.floor((this.u8.length - start) / 2)));
    const text = this.text;
    if (n > SHORT_UNITS && text !== null) return text.ucs2Write(s, start, 2 * n) >>> 1;
    if ((start & 1) === 0) {
      const u16 = this.u16;
      const base = start >>> 1;
      for (let i = 0; i < n; i++) u16[base + i] = s.charCodeAt(i);
    } else {
      const dv = this.dv;
      for (let i = 0; i < n; i++) dv.setUint16(start + i * 2, s.charCodeAt(i), true);
    }
    return n;
  }
}

/**
 * Up to this many units a loop writes Latin-1 and UTF-16 with fewer instructions than a call of
 * Node's latin1Write/ucs2Write (~45 a unit against ~700 a call).
 */
const SHORT_UNITS = 16;

const fromCharCode = String.fromCharCode;

/** Slots of the string cache; each holds up to 8 words of bytes, plus the last four bytes. */
const CACHE_SLOTS = 256;
const TAIL_WORD = 8;
const SLOT_WORDS = 9;

function cacheSlot(address: number): number {
  return (address ^ (address >>> 8)) & (CACHE_SLOTS - 1);
}

/** Writes the `n` characters of `s` as bytes if all are ASCII; false (part written) if not. */
function writeAscii(u8: Uint8Array, s: string, start: number, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return false;
    u8[start + i] = c;
  }
  return true;
}

/** Builds a string from `n` ASCII bytes: fixed-arity fromCharCode calls beat a per-byte concat. */
function asciiString(u8: Uint8Array, p: number, n: number): string {
  let s = '';
  for (; n >= 8; n -= 8, p += 8) {
    s += fromCharCode(u8[p]!, u8[p + 1]!, u8[p + 2]!, u8[p + 3]!, u8[p + 4]!, u8[p + 5]!, u8[p + 6]!, u8[p + 7]!);
  }
  switch (n) {
    case 0:
      return s;
    case 1:
      return s + fromCharCode(u8[p]!);
    case 2:
      return s + fromCharCode(u8[p]!, u8[p + 1]!);
    case 3:
      return s + fromCharCode(u8[p]!, u8[p + 1]!, u8[p + 2]!);
    case 4:
      return s + fromCharCode(u8[p]!, u8[p + 1]!, u8[p + 2]!, u8[p + 3]!);
    case 5:
      return s + fromCharCode(u8[p]!, u8[p + 1]!, u8[p + 2]!, u8[p + 3]!, u8[p + 4]!);
    case 6:
      return s + fromCharCode(u8[p]!, u8[p + 1]!, u8[p + 2]!, u8[p + 3]!, u8[p + 4]!, u8[p + 5]!);
    default:
      return s + fromCharCode(u8[p]!, u8[p + 1]!, u8[p + 2]!, u8[p + 3]!, u8[p + 4]!, u8[p + 5]!, u8[p + 6]!);
  }
}
