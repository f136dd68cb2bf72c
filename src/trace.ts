// Tracer: the `trace` load option, an strace for Node-API. Each call the module makes is logged as
// one line: its arguments decoded (handles as previews of the JS values they stand for, C strings
// read from memory), its out-parameters with what the call wrote, and its status, with a pending
// exception noted. Parameter types come from the headers (signatures.ts). Only a traced load gets
// these wrappers; the plain table is untouched, so tracing costs nothing when it is off.
//
// Decoding never runs the module's JS: previews read own data properties only (no getters, no
// Proxy traps where the host can tell a Proxy), and a pointer outside memory is shown, not read.

import { externals } from './api/values.js';
import type { Engine } from './engine.js';
import { host } from './host.js';
import type { ImportFunction } from './imports.js';
import { scopes, STALE } from './scope.js';
import { enums, signatures, type EnumType } from './signatures.js';

export type TraceSink = (line: string) => void;

/** How a parameter is shown, from its C type (and, for a few, its name). */
type Kind =
  // inputs, shown as they were passed
  | 'env'
  | 'value'
  | 'string' // const char* / char16_t*, with its length parameter or NUL-terminated
  | 'number' // double, int32_t, int
  | 'unsigned' // uint32_t
  | 'size' // size_t (SIZE_MAX is NAPI_AUTO_LENGTH)
  | 'bool'
  | 'int64' // arrives as a BigInt
  | 'uint64' // arrives as a (signed) BigInt
  | 'enum'
  | 'pointer' // void*, napi_module*
  | 'callback' // a function pointer: an index into the module's function table
  | 'id' // napi_ref, napi_deferred, napi_callback_info, …: opaque numbers
  | 'values' // const napi_value* with its count
  | 'words' // const uint64_t* with its count
  | 'properties' // const napi_property_descriptor* with its count
  | 'typeTag'
  // outputs, shown after the call with what it wrote
  | 'outValue'
  | 'outF64'
  | 'outI32'
  | 'outU32'
  | 'outBool'
  | 'outI64'
  | 'outU64'
  | 'outPointer'
  | 'outId'
  | 'outEnum'
  | 'outString' // const char**
  | 'outErrorInfo'
  | 'outNodeVersion'
  | 'outValues' // napi_get_cb_info's argv: as many as *argc asked for
  | 'outWords' // napi_get_value_bigint_words: *word_count words
  | 'outBuffer' // napi_get_value_string_*'s buf: *result characters
  | 'inout' // size_t* read before and after (argc, word_count)
  | 'raw'; // a type this file does not know (a newer header): the number as passed

export interface TracedParam {
  readonly name: string;
  readonly type: string;
  readonly kind: Kind;
  /** Strings: their encoding. */
  readonly encoding?: 'utf8' | 'latin1' | 'utf16';
  /** Index of the parameter holding this one's length or count (-1: NUL-terminated or none). */
  readonly count?: number;
  readonly enumType?: EnumType;
}

const CALLBACK_TYPE = /(?:callback|finalize|_hook|_call_js)$/;

/** How each parameter of `symbol` is decoded (exported for the test that every type is known). */
export function traceParams(symbol: string): TracedParam[] {
  const sig = signatures[symbol];
  if (!sig) return [];
  const params = sig.params;
  const indexOf = (n: string) => params.findIndex(([name]) => name === n);
  return params.map(([name, type], i): TracedParam => {
    const p = (kind: Kind, extra: Partial<TracedParam> = {}): TracedParam => ({ name, type, kind, ...extra });
    const base = type.endsWith('*') ? type.slice(0, type.endsWith('**') ? -2 : -1) : type;
    switch (type) {
      case 'napi_env':
      case 'node_api_basic_env':
      case 'node_api_nogc_env':
        return p('env');
      case 'napi_value':
        return p('value');
      case 'bool':
        return p('bool');
      case 'double':
      case 'int32_t':
      case 'int':
        return p('number');
      case 'uint32_t':
        return p('unsigned');
      case 'size_t':
        return p('size');
      case 'int64_t':
        return p('int64');
      case 'uint64_t':
        return p('uint64');
      case 'const char*':
      case 'char*':
      case 'const char16_t*':
      case 'char16_t*': {
        const encoding = type.includes('char16_t') ? 'utf16' : symbol.includes('latin1') ? 'latin1' : 'utf8';
        if (name === 'buf') return p('outBuffer', { encoding, count: i + 2 });
        return p('string', { encoding, count: params[i + 1]?.[1] === 'size_t' ? i + 1 : -1 });
      }
      case 'const napi_value*':
        return p('values', { count: indexOf('argc') });
      case 'const uint64_t*':
        return p('words', { count: indexOf('word_count') });
      case 'const napi_property_descriptor*':
        return p('properties', { count: indexOf('property_count') });
      case 'const napi_type_tag*':
        return p('typeTag');
      case 'napi_value*':
        return name === 'argv' ? p('outValues', { count: indexOf('argc') }) : p('outValue');
      case 'double*':
        return p('outF64');
      case 'int32_t*':
      case 'int*':
        return p('outI32');
      case 'uint32_t*':
        return p('outU32');
      case 'size_t*':
        return name === 'argc' || name === 'word_count' ? p('inout') : p('outU32');
      case 'bool*':
        return p('outBool');
      case 'int64_t*':
        return p('outI64');
      case 'uint64_t*':
        return name === 'words' ? p('outWords', { count: indexOf('word_count') }) : p('outU64');
      case 'const char**':
        return p('outString');
      case 'const napi_extended_error_info**':
        return p('outErrorInfo');
      case 'const napi_node_version**':
        return p('outNodeVersion');
      case 'void*':
      case 'const void*':
      case 'napi_module*':
        return p('pointer');
    }
    if (enums[type]) return p('enum', { enumType: enums[type] });
    if (type.endsWith('**')) return p('outPointer');
    if (type.endsWith('*')) {
      if (enums[base]) return p('outEnum', { enumType: enums[base] });
      if (/^(?:napi|node_api)_\w+$/.test(base)) return p('outId');
      return p('raw');
    }
    if (CALLBACK_TYPE.test(type)) return p('callback');
    if (/^(?:napi|node_api)_\w+$/.test(type)) return p('id');
    return p('raw');
  });
}

// ---- reading the module's memory ------------------------------------------------------------

/** Thrown by a read outside the module's memory: the parameter is shown as a bad pointer. */
class BadPointer {
  constructor(readonly ptr: number) {}
}

const MAX_CHARS = 60;
const MAX_ITEMS = 6;

function view(e: Engine | undefined, ptr: number, size: number): DataView {
  const mem = e?.mem;
  const p = ptr >>> 0;
  if (!mem) throw new BadPointer(p);
  mem.check();
  if (p === 0 || p + size > mem.u8.length) throw new BadPointer(p);
  return mem.dv;
}

const u32At = (e: Engine | undefined, p: number) => view(e, p, 4).getUint32(p >>> 0, true);

// ignoreBOM keeps a leading U+FEFF, as V8 (and the string the call makes) does.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * A string from memory for display: `length` units, or up to a NUL when length is -1 (SIZE_MAX),
 * reading no more than the preview shows.
 */
function readString(e: Engine | undefined, ptr: number, length: number, encoding: 'utf8' | 'latin1' | 'utf16'): string {
  const unit = encoding === 'utf16' ? 2 : 1;
  const dv = view(e, ptr, unit);
  const start = ptr >>> 0;
  const limit = (MAX_CHARS + 1) * (encoding === 'utf8' ? 4 : 1);
  let n = length === -1 || length === 0xffffffff ? limit : Math.min(length >>> 0, limit);
  let cut = length !== -1 && length !== 0xffffffff && length >>> 0 > n;
  n = Math.min(n, Math.floor((dv.byteLength - start) / unit));
  if (length === -1 || length === 0xffffffff) {
    let i = 0;
    while (i < n && (unit === 2 ? dv.getUint16(start + 2 * i, true) : dv.getUint8(start + i)) !== 0) i++;
    cut = i === n;
    n = i;
  }
  let s: string;
  if (encoding === 'utf8') {
    s = utf8.decode(new Uint8Array(dv.buffer, start, n));
  } else {
    s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(unit === 2 ? dv.getUint16(start + 2 * i, true) : dv.getUint8(start + i));
  }
  return quote(s, cut);
}

// ---- previews of JS values ------------------------------------------------------------------

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

function quote(s: string, cut = false, max = MAX_CHARS): string {
  if (s.length > max) {
    s = s.slice(0, max);
    cut = true;
  }
  // eslint-disable-next-line no-control-regex
  const body = s.replace(/[\\'\u0000-\u001f\u007f\ufeff]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case "'":
        return "\\'";
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      case '\ufeff':
        return '\\ufeff'; // a byte order mark shows nothing
      default:
        return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
    }
  });
  return `'${body}${cut ? '…' : ''}'`;
}

/** An own data property's value (never a getter's: previews must not run JS). */
function own(o: object, key: PropertyKey): unknown {
  const d = Object.getOwnPropertyDescriptor(o, key);
  return d && 'value' in d ? d.value : undefined;
}

/** The name of the constructor on the prototype, as util.inspect shows it, or undefined. */
function className(o: object): string | undefined {
  const proto = Object.getPrototypeOf(o) as object | null;
  if (proto === null || host.isProxy(proto)) return undefined;
  const ctor = own(proto, 'constructor');
  if (typeof ctor !== 'function') return undefined;
  const name = own(ctor, 'name');
  return typeof name === 'string' && name !== '' ? name : undefined;
}

const typedArrayLength = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype) as object, 'length')!.get!;
const arrayBufferLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength')!.get!;
const dataViewLength = Object.getOwnPropertyDescriptor(DataView.prototype, 'byteLength')!.get!;

const identifier = /^[A-Za-z_$][\w$]*$/;

/** A short preview of a JS value: `42`, `'abc'`, `[Function add]`, `{a, b}`, `Counter{x}`, `[1, 2]`. */
export function preview(v: unknown, nested = false): string {
  switch (typeof v) {
    case 'undefined':
      return 'undefined';
    case 'boolean':
      return String(v);
    case 'number':
      return Object.is(v, -0) ? '-0' : String(v);
    case 'bigint':
      return `${v}n`;
    case 'string':
      return quote(v, false, nested ? 20 : MAX_CHARS);
    case 'symbol':
      return v.toString();
  }
  if (v === null) return 'null';
  const o = v as object;
  if (host.isProxy(o)) return typeof o === 'function' ? '[Function Proxy]' : 'Proxy{…}';
  if (o === globalThis) return 'globalThis';
  if (typeof o === 'function') {
    const name = own(o, 'name');
    return `[Function ${typeof name === 'string' && name !== '' ? name : '(anonymous)'}]`;
  }
  const external = externals.get(o);
  if (external !== undefined) return `External(${hex(external)})`;
  if (Array.isArray(o)) {
    if (nested) return `Array(${o.length})`;
    const items: string[] = [];
    for (let i = 0; i < o.length && i < MAX_ITEMS; i++) {
      const d = Object.getOwnPropertyDescriptor(o, i);
      items.push(d === undefined ? '<empty>' : 'value' in d ? preview(d.value, true) : '[Getter]');
    }
    if (o.length > MAX_ITEMS) items.push(`… ${o.length} items`);
    return `[${items.join(', ')}]`;
  }
  const name = className(o);
  if (host.isNativeError(o)) {
    const message = own(o, 'message');
    return `[${name ?? 'Error'}${typeof message === 'string' && message !== '' ? `: ${quote(message, false, 40).slice(1, -1)}` : ''}]`;
  }
  try {
    if (ArrayBuffer.isView(o)) {
      return `${name ?? 'View'}(${o instanceof DataView ? dataViewLength.call(o) : typedArrayLength.call(o)})`;
    }
    if (o instanceof ArrayBuffer) return `ArrayBuffer(${arrayBufferLength.call(o)})`;
    if (o instanceof Date) {
      const t = Date.prototype.getTime.call(o);
      return `Date(${Number.isNaN(t) ? 'Invalid Date' : Date.prototype.toISOString.call(o)})`;
    }
  } catch {
    // a detached or foreign object whose intrinsic getter refused it: shown as a plain object
  }
  const prefix = name === undefined || name === 'Object' ? '' : name;
  if (nested) return `${prefix}{…}`;
  const keys = Object.keys(o);
  const shown = keys.slice(0, MAX_ITEMS).map((k) => (identifier.test(k) ? k : quote(k, false, 20)));
  if (keys.length > MAX_ITEMS) shown.push('…');
  return `${prefix}{${shown.join(', ')}}`;
}

/** What a handle stands for: a preview, `NULL`, or a stale handle. */
export function handleText(h: number): string {
  if (h === 0) return 'NULL';
  const v = scopes.value(h);
  return v === STALE ? `<stale handle ${hex(h)}>` : preview(v);
}

function enumText(t: EnumType, n: number): string {
  if (!t.flags) return t.members.find(([, v]) => v === n)?.[0] ?? String(n);
  if (n === 0) return t.members.find(([, v]) => v === 0)?.[0] ?? '0';
  const names: string[] = [];
  let rest = n;
  for (const [name, bit] of t.members) {
    // single bits only: composite members (napi_default_jsproperty) would repeat them
    if (bit !== 0 && (bit & (bit - 1)) === 0 && (rest & bit) !== 0) {
      names.push(name);
      rest &= ~bit;
    }
  }
  if (rest !== 0) names.push(hex(rest));
  return names.join('|');
}

const statusType = enums.napi_status!;
const statusName = (s: number) => enumText(statusType, s);

// ---- one parameter --------------------------------------------------------------------------

const nullOr = (p: number, text: () => string) => (p === 0 ? 'NULL' : text());

/** The parameter as passed (inputs), or its pointer (outputs, before the call or after a failure). */
function inputText(p: TracedParam, args: readonly unknown[], i: number, e: Engine | undefined): string {
  const a = args[i] as number;
  switch (p.kind) {
    case 'env':
      return a === 0 ? 'NULL' : String(a);
    case 'value':
      return handleText(a);
    case 'string':
      return nullOr(a, () => readString(e, a, p.count! >= 0 ? (args[p.count!] as number) : -1, p.encoding!));
    case 'number':
      return Object.is(a, -0) ? '-0' : String(a);
    case 'unsigned':
      return String(a >>> 0);
    case 'size':
      return a >>> 0 === 0xffffffff ? 'NAPI_AUTO_LENGTH' : String(a >>> 0);
    case 'bool':
      return a ? 'true' : 'false';
    case 'int64':
      return String(BigInt.asIntN(64, BigInt(args[i] as bigint)));
    case 'uint64':
      return String(BigInt.asUintN(64, BigInt(args[i] as bigint)));
    case 'enum':
      return enumText(p.enumType!, a);
    case 'callback':
      return a === 0 ? 'NULL' : `fn#${a >>> 0}`;
    case 'id':
      return a === 0 ? 'NULL' : String(a >>> 0);
    case 'values':
      return nullOr(a, () => list(args[p.count!] as number, (k) => handleText(u32At(e, a + 4 * k))));
    case 'words':
      return nullOr(a, () => list(args[p.count!] as number, (k) => wordText(e, a + 8 * k)));
    case 'properties':
      return nullOr(a, () => list(args[p.count!] as number, (k) => propertyText(e, a + 32 * k)));
    case 'typeTag':
      return nullOr(a, () => `{${wordText(e, a)}, ${wordText(e, a + 8)}}`);
    case 'raw':
      return typeof a === 'number' ? String(a) : String(args[i]);
    default:
      return nullOr(a, () => hex(a)); // pointers, and outputs not written
  }
}

/** What the call wrote through an output parameter (`→value`), read after it succeeded. */
function outputText(p: TracedParam, args: readonly unknown[], i: number, e: Engine | undefined, before: number): string {
  const a = args[i] as number;
  if (a === 0) return 'NULL';
  switch (p.kind) {
    case 'outValue':
      return `→${handleText(u32At(e, a))}`;
    case 'outF64':
      return `→${preview(view(e, a, 8).getFloat64(a >>> 0, true))}`;
    case 'outI32':
      return `→${view(e, a, 4).getInt32(a >>> 0, true)}`;
    case 'outU32':
      return `→${u32At(e, a)}`;
    case 'outBool':
      return `→${view(e, a, 1).getUint8(a >>> 0) !== 0}`;
    case 'outI64':
      return `→${view(e, a, 8).getBigInt64(a >>> 0, true)}`;
    case 'outU64':
      return `→${view(e, a, 8).getBigUint64(a >>> 0, true)}`;
    case 'outPointer':
      return `→${nullOr(u32At(e, a), () => hex(u32At(e, a)))}`;
    case 'outId':
      return `→${u32At(e, a)}`;
    case 'outEnum':
      return `→${enumText(p.enumType!, view(e, a, 4).getInt32(a >>> 0, true))}`;
    case 'outString': {
      const s = u32At(e, a);
      return `→${nullOr(s, () => readString(e, s, -1, 'utf8'))}`;
    }
    case 'outErrorInfo': {
      const info = u32At(e, a);
      if (info === 0) return '→NULL';
      const message = u32At(e, info);
      const code = u32At(e, info + 12);
      return `→{${statusName(code)}${message === 0 ? '' : `, ${readString(e, message, -1, 'utf8')}`}}`;
    }
    case 'outNodeVersion': {
      const v = u32At(e, a);
      if (v === 0) return '→NULL';
      const release = u32At(e, v + 12);
      return `→{${u32At(e, v)}.${u32At(e, v + 4)}.${u32At(e, v + 8)}${release === 0 ? '' : ` ${readString(e, release, -1, 'utf8')}`}}`;
    }
    case 'outValues':
      return `→${list(before, (k) => handleText(u32At(e, a + 4 * k)))}`;
    case 'outWords': {
      const count = p.count! >= 0 && args[p.count!] ? Math.min(before, u32At(e, args[p.count!] as number)) : 0;
      return `→${list(count, (k) => wordText(e, a + 8 * k))}`;
    }
    case 'outBuffer': {
      const written = args[p.count!] as number;
      return `→${readString(e, a, written ? u32At(e, written) : -1, p.encoding!)}`;
    }
    case 'inout':
      return `${before}→${u32At(e, a)}`;
    default:
      return inputText(p, args, i, e);
  }
}

function list(count: number, item: (k: number) => string): string {
  const n = count >>> 0;
  const items: string[] = [];
  for (let k = 0; k < n && k < MAX_ITEMS; k++) items.push(item(k));
  if (n > MAX_ITEMS) items.push(`… ${n} items`);
  return `[${items.join(', ')}]`;
}

function wordText(e: Engine | undefined, p: number): string {
  return `0x${view(e, p, 8).getBigUint64(p >>> 0, true).toString(16)}`;
}

/** A napi_property_descriptor (wasm32: utf8name, name, method, getter, setter, value, attributes, data). */
function propertyText(e: Engine | undefined, p: number): string {
  const dv = view(e, p, 32);
  const at = (k: number) => dv.getUint32((p >>> 0) + 4 * k, true);
  const key = at(0) !== 0 ? readString(e, at(0), -1, 'utf8') : handleText(at(1));
  const parts: string[] = [];
  if (at(2)) parts.push(`method=fn#${at(2)}`);
  if (at(3)) parts.push(`getter=fn#${at(3)}`);
  if (at(4)) parts.push(`setter=fn#${at(4)}`);
  if (!at(2) && !at(3) && !at(4)) parts.push(`value=${handleText(at(5))}`);
  parts.push(enumText(enums.napi_property_attributes!, at(6)));
  if (at(7)) parts.push(`data=${hex(at(7))}`);
  return `${key}: ${parts.join(' ')}`;
}

const isOutput = (k: Kind) => k.startsWith('out') || k === 'inout';

/** Runs `read`, showing a read outside memory (or any decoding failure) instead of throwing. */
function safely(read: () => string): string {
  try {
    return read();
  } catch (error) {
    return error instanceof BadPointer ? `<bad pointer ${hex(error.ptr)}>` : '<?>';
  }
}

// ---- the traced table -----------------------------------------------------------------------

/**
 * Wraps every function of `table` that the headers declare in a logger writing one line per call
 * to `sink`. `module()` is the traced module's Engine (its memory, its env, its pending exception),
 * undefined while the module is still being instantiated.
 *
 * A call that makes nested calls (napi_call_function running JS that calls native code) is shown
 * as strace shows an interrupted syscall: `name(inputs…) …` first, the nested calls indented, then
 * `… name(outputs) = status`.
 */
export function tracedTable(
  table: Readonly<Record<string, ImportFunction>>,
  sink: TraceSink,
  module: () => Engine | undefined,
): Record<string, ImportFunction> {
  // Calls in progress, innermost last; `shown` once their opening line was written.
  const open: { head: string; shown: boolean }[] = [];
  const write = (depth: number, text: string) => sink('  '.repeat(depth) + text);

  const wrap = (name: string, f: ImportFunction): ImportFunction => {
    const sig = signatures[name];
    if (!sig) return f;
    const params = traceParams(name);
    const returnsStatus = sig.returns === 'napi_status';
    return (...args: unknown[]) => {
      const e = module();
      const depth = open.length;
      const parent = open[depth - 1];
      if (parent && !parent.shown) {
        parent.shown = true;
        write(depth - 1, `${parent.head} …`);
      }
      // Inputs are read before the call (it may change what they point to), outputs after it.
      const ins: (string | null)[] = [];
      const before: number[] = [];
      for (let i = 0; i < params.length; i++) {
        const p = params[i]!;
        if (p.kind === 'env' && e !== undefined && args[i] === e.id) {
          ins.push(null); // the module's own env: implied
        } else if (p.kind === 'inout' || p.kind === 'outValues' || p.kind === 'outWords') {
          const countPtr = p.kind === 'inout' ? (args[i] as number) : (args[p.count!] as number);
          before[i] = p.count === -1 || !countPtr ? 0 : safelyNumber(() => u32At(e, countPtr));
          ins.push(p.kind !== 'inout' ? '…' : args[i] === 0 ? 'NULL' : `${before[i]}→…`);
        } else if (isOutput(p.kind)) {
          ins.push(args[i] === 0 ? 'NULL' : '…');
        } else {
          ins.push(safely(() => inputText(p, args, i, e)));
        }
      }
      const head = `${name}(${params.map((p, i) => (ins[i] === null ? null : `${p.name}=${ins[i]}`)).filter((s) => s !== null).join(', ')})`;
      const call = { head, shown: false };
      open.push(call);
      const wasPending = e?.hasPending ?? false;
      let r: unknown;
      try {
        r = f(...args);
      } catch (error) {
        open.length = depth;
        write(depth, `${call.shown ? `… ${name}` : head} threw ${safely(() => preview(error))}`);
        throw error;
      }
      open.length = depth;
      const ok = !returnsStatus || r === 0;
      const parts: string[] = [];
      for (let i = 0; i < params.length; i++) {
        const p = params[i]!;
        if (call.shown && !isOutput(p.kind)) continue;
        if (ins[i] === null) continue;
        const text = !isOutput(p.kind)
          ? ins[i]!
          : ok
            ? safely(() => outputText(p, args, i, e, before[i] ?? 0))
            : p.kind === 'inout'
              ? safely(() => nullOr(args[i] as number, () => String(before[i])))
              : safely(() => inputText({ ...p, kind: 'pointer' }, args, i, e));
        parts.push(`${p.name}=${text}`);
      }
      let line = `${call.shown ? '… ' : ''}${name}(${parts.join(', ')})`;
      if (returnsStatus) line += ` = ${statusName(r as number)}`;
      else if (sig.returns !== 'void') line += ` = ${String(r)}`;
      if (e?.hasPending && (!ok || !wasPending)) line += ` (pending ${safely(() => preview(e.pending))})`;
      write(depth, line);
      return r;
    };
  };

  const out: Record<string, ImportFunction> = {};
  for (const [name, f] of Object.entries(table)) out[name] = wrap(name, f);
  return out;
}

function safelyNumber(read: () => number): number {
  try {
    return read();
  } catch {
    return 0;
  }
}
