// Call counters (the `stats` load option): Node-API calls by name, counted in wasm. For each
// Node-API function the module imports, a small generated wasm module has a function of the same
// signature that adds one to its counter and calls the implementation; the module imports those
// instead. That costs a wasm-to-wasm call and an increment per Node-API call (about 17–25
// instructions); a JS wrapper around each function cost 2–3 times as much (docs/debugging.md).

import type { ImportFunction } from './imports.js';
import { signatures } from './signatures.js';
import { symbols } from './symbols.js';

/** The counter of a symbol is the u32 at 4 × its index in the list. */
const symbolIndex: ReadonlyMap<string, number> = new Map(symbols.map(([name], i) => [name, i]));

const I32 = 0x7f;
const I64 = 0x7e;
const F64 = 0x7c;

/** The wasm type of a C parameter on wasm32: pointers, size_t, enums and bool are all i32. */
function wasmType(c: string): number {
  if (c === 'double') return F64;
  if (c === 'int64_t' || c === 'uint64_t') return I64;
  return I32;
}

function uleb(n: number, out: number[]): void {
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
}

function name(s: string, out: number[]): void {
  uleb(s.length, out);
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
}

function section(id: number, body: number[], out: number[]): void {
  out.push(id);
  uleb(body.length, out);
  for (const b of body) out.push(b);
}

/**
 * The counting module for `names` (Node-API symbols): it imports each as `f.<name>` and exports
 * its counting twin as `<name>`, and its memory (one page of counters) as `counts`.
 */
export function counterModule(names: readonly string[]): Uint8Array<ArrayBuffer> {
  // Types, deduplicated: "params:result" with the wasm type codes.
  const types: string[] = [];
  const typeOf = names.map((n) => {
    const sig = signatures[n]!;
    const key = `${sig.params.map(([, t]) => wasmType(t)).join(',')}:${sig.returns === 'void' ? '' : I32}`;
    const t = types.indexOf(key);
    return t === -1 ? types.push(key) - 1 : t;
  });

  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  let body: number[] = [];
  uleb(types.length, body);
  for (const key of types) {
    const [params, result] = key.split(':') as [string, string];
    const ps = params === '' ? [] : params.split(',').map(Number);
    body.push(0x60);
    uleb(ps.length, body);
    body.push(...ps);
    body.push(...(result === '' ? [0] : [1, Number(result)]));
  }
  section(1, body, out);

  body = [];
  uleb(names.length, body);
  names.forEach((n, i) => {
    name('f', body);
    name(n, body);
    body.push(0x00); // a function
    uleb(typeOf[i]!, body);
  });
  section(2, body, out);

  body = [];
  uleb(names.length, body);
  for (const t of typeOf) uleb(t, body);
  section(3, body, out);

  section(5, [1, 0x00, 1], out); // one memory of one page, which never grows

  body = [];
  uleb(names.length + 1, body);
  names.forEach((n, i) => {
    name(n, body);
    body.push(0x00);
    uleb(names.length + i, body); // defined functions come after the imported ones
  });
  name('counts', body);
  body.push(0x02, 0);
  section(7, body, out);

  body = [];
  uleb(names.length, body);
  names.forEach((n, i) => {
    const offset = 4 * symbolIndex.get(n)!;
    const code = [0]; // no locals
    // i32.const 0; i32.const 0; i32.load offset; i32.const 1; i32.add; i32.store offset
    code.push(0x41, 0, 0x41, 0, 0x28, 2);
    uleb(offset, code);
    code.push(0x41, 1, 0x6a, 0x36, 2);
    uleb(offset, code);
    // return f(arguments…)
    for (let k = 0; k < signatures[n]!.params.length; k++) {
      code.push(0x20);
      uleb(k, code);
    }
    code.push(0x10);
    uleb(i, code);
    code.push(0x0b);
    uleb(code.length, body);
    body.push(...code);
  });
  section(10, body, out);
  return new Uint8Array(out);
}

/** Compiled counting modules by their list of names: loading the same addon again compiles none. */
const compiled = new Map<string, Promise<WebAssembly.Module>>();

/**
 * The table with each Node-API function that the module imports (`imported`, names under any
 * import module) replaced by its counting twin, and the counters by symbol index: a live view of
 * the counting module's memory.
 */
export async function countedTable(
  table: Readonly<Record<string, ImportFunction>>,
  imported: readonly string[],
): Promise<{ table: Record<string, ImportFunction>; counts: Uint32Array }> {
  const names = [...new Set(imported)].filter((n) => signatures[n] !== undefined && symbolIndex.has(n) && table[n] !== undefined).sort();
  const key = names.join(',');
  let module = compiled.get(key);
  if (!module) compiled.set(key, (module = WebAssembly.compile(counterModule(names))));
  const f: Record<string, ImportFunction> = {};
  for (const n of names) f[n] = table[n]!;
  const instance = await WebAssembly.instantiate(await module, { f });
  const out: Record<string, ImportFunction> = { ...table };
  for (const n of names) out[n] = instance.exports[n] as ImportFunction;
  return { table: out, counts: new Uint32Array((instance.exports.counts as WebAssembly.Memory).buffer, 0, symbols.length) };
}
