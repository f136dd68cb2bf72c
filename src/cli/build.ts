// Compiles C/C++ Node-API addons (unchanged node-gyp sources) to a wasm reactor module.
//
// `addonFlags` is the one list of compiler and linker flags: `buildWasm` uses it, and
// `wasm-napi flags --cmake` hands it to cpp/wasm-napi.cmake, so the CLI and CMake builds agree.
// docs/toolchains.md explains each flag.

import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Route = 'wasi' | 'emscripten';
export type Language = 'c' | 'c++';
export type OptLevel = '0' | '1' | '2' | '3' | 's' | 'z';

/** Options that shape the flags; shared by `buildWasm` and `wasm-napi flags`. */
export interface FlagOptions {
  emscripten?: boolean;
  /** Keep DWARF (`-g`, no `--strip-debug`). */
  debug?: boolean;
  /** Default `2`. */
  optimize?: OptLevel;
  includeDirs?: string[];
  /** `NAME` or `NAME=value`, as after `-D`. */
  defines?: string[];
  /** Symbols to export besides the ones every addon needs. */
  exports?: string[];
  stackSize?: number;
  /**
   * Let clang vectorize with wasm SIMD (-msimd128; default true): Node 16.4+ and every current
   * browser run it, and loops over bytes run 3× faster than scalar wasm (docs/toolchains.md).
   */
  simd?: boolean;
  /** Value of NODE_GYP_MODULE_NAME, which node-gyp defines and some addons use in NAPI_MODULE. */
  moduleName?: string;
  /** Where relative paths and the addon's own node_modules are looked up. Default process.cwd(). */
  cwd?: string;
}

export interface BuildOptions extends FlagOptions {
  sources: string[];
  output: string;
  /** Passed to the compiler verbatim, after our own flags (so they can override them). */
  compilerArgs?: string[];
  /** Print each compiler command before running it. */
  verbose?: boolean;
  /** Receives verbose lines and warnings. Default: stderr. */
  log?: (line: string) => void;
}

export interface BuildResult {
  output: string;
  size: number;
  commands: string[][];
  warnings: string[];
}

/** A failed build; `exitCode` is what the CLI should exit with. */
export class BuildError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'BuildError';
  }
}

/** Flags for one route and language, split by where a build system wants them. */
export interface FlagSet {
  /** Target selection; a CMake toolchain file provides these itself. */
  target: string[];
  /** Optimisation and debug info; CMake takes these from the build type. */
  optimize: string[];
  compile: string[];
  link: string[];
  /** Link flags for builds without debug info. */
  strip: string[];
}

// Debian's wasi-libc and libc++ for wasm32 live under /usr (include/wasm32-wasi, lib/wasm32-wasi).
const WASI_SYSROOT = '/usr';

/** C stack size of the clang route unless --stack-size says otherwise. */
const DEFAULT_WASI_STACK = 1 << 20;

/** Exports the runtime looks up; checked after every link. */
export const REQUIRED_EXPORTS = ['memory', '__indirect_function_table', '_initialize', 'napi_register_wasm_v1', 'malloc', 'free'];

// Imports Emscripten's standalone mode adds by design (memory growth notification).
const KNOWN_ENV_IMPORTS = new Set(['emscripten_notify_memory_growth']);

const here = dirname(fileURLToPath(import.meta.url));
/** The wasm-napi package folder (dist/cli/ is two levels below it). */
export const packageRoot = resolve(here, '..', '..');
const ownRequire = createRequire(import.meta.url);
/** Force-included into C++ on the wasi route: std::mutex & co. when libc++ has no threads. */
export const NO_THREADS_MUTEX = join(packageRoot, 'cpp', 'include', 'wasm-napi', 'nothreads_mutex.h');

export function languageOf(file: string): Language | 'object' {
  const ext = extname(file);
  if (ext === '.c') return 'c';
  if (['.cc', '.cpp', '.cxx', '.c++', '.C'].includes(ext)) return 'c++';
  if (['.o', '.a', '.obj'].includes(ext)) return 'object';
  throw new BuildError(`${file}: unknown source type '${ext}' (expected .c, .cc, .cpp, .cxx, .o or .a)`, 2);
}

/** Include dirs every addon gets: Node's headers, node-addon-api for C++, and our own cpp/include. */
export function napiIncludeDirs(language: Language, cwd = process.cwd()): string[] {
  const dirs: string[] = [];
  // Our own dependency, so the headers match the runtime that implements them.
  const headers = tryResolve(ownRequire, 'node-api-headers/package.json');
  if (!headers) throw new BuildError('cannot find the npm package node-api-headers (a dependency of wasm-napi): reinstall wasm-napi');
  dirs.push(join(dirname(headers), 'include'));
  if (language === 'c++') {
    // node-addon-api is the addon's dependency: look next to the addon first, then next to us.
    const addonApi = tryResolve(createRequire(join(resolve(cwd), 'package.json')), 'node-addon-api') ?? tryResolve(ownRequire, 'node-addon-api');
    if (addonApi) dirs.push(dirname(addonApi));
  }
  const own = join(packageRoot, 'cpp', 'include');
  if (existsSync(own)) dirs.push(own);
  return dirs;
}

function tryResolve(req: NodeJS.Require, id: string): string | undefined {
  try {
    return req.resolve(id);
  } catch {
    return undefined;
  }
}

export function addonFlags(language: Language, options: FlagOptions = {}): FlagSet {
  const emscripten = options.emscripten === true;
  const cwd = options.cwd ?? process.cwd();
  const cxx = language === 'c++';

  const compile = [
    // node-gyp defines these; unmodified addons may rely on them.
    '-DBUILDING_NODE_EXTENSION',
    `-DNODE_GYP_MODULE_NAME=${options.moduleName ?? 'addon'}`,
    ...(options.defines ?? []).map((d) => `-D${d}`),
    ...(options.includeDirs ?? []).map((dir) => `-I${resolve(cwd, dir)}`),
    ...napiIncludeDirs(language, cwd).map((dir) => `-I${dir}`),
    ...(options.simd === false ? [] : ['-msimd128']),
  ];
  const exportsWanted = options.exports ?? [];
  const link: string[] = [];
  let target: string[] = [];
  let strip: string[] = [];

  const userDefines = (options.defines ?? []).map((d) => d.split('=')[0]);
  if (cxx && !userDefines.includes('NAPI_HAS_THREADS')) {
    // node-addon-api compiles Napi::AsyncWorker and Napi::ThreadSafeFunction out on wasm unless
    // NAPI_HAS_THREADS (it looks for pthreads). Neither needs threads of the module's own: the
    // runtime provides Node-API async work and threadsafe functions within the module's one thread.
    compile.push('-DNAPI_HAS_THREADS=1');
  }

  if (emscripten) {
    // em++ 3.1.6 defaults to C++14; node-addon-api 8 needs 17. Native wasm exceptions keep the
    // module free of the invoke_* imports that JS-based exceptions need from Emscripten's glue.
    // An addon that asks for NAPI_DISABLE_CPP_EXCEPTIONS keeps it (napi.h prefers
    // NAPI_CPP_EXCEPTIONS when both are defined); C++ exceptions still work in its own code.
    const noCppExceptions = userDefines.some((d) => d === 'NAPI_DISABLE_CPP_EXCEPTIONS' || d === 'NODE_ADDON_API_DISABLE_CPP_EXCEPTIONS');
    if (cxx) compile.push('-std=c++17', '-fwasm-exceptions', ...(noCppExceptions ? [] : ['-DNAPI_CPP_EXCEPTIONS']));
    // node_api_module_get_api_version_v1 is not listed: emcc 3.1.6 fails on an undefined name in
    // EXPORTED_FUNCTIONS even with ERROR_ON_UNDEFINED_SYMBOLS=0, and node_api.h already marks it
    // `used`, which emcc exports whenever it is defined. The table is exported by STANDALONE_WASM.
    const exported = ['malloc', 'free', 'napi_register_wasm_v1', ...exportsWanted].map((s) => `_${s}`);
    link.push(
      '-sSTANDALONE_WASM=1',
      '--no-entry', // a reactor: exports _initialize instead of _start
      '-sERROR_ON_UNDEFINED_SYMBOLS=0', // napi_* come from the host as imports
      '-sWARN_ON_UNDEFINED_SYMBOLS=0',
      '-sALLOW_MEMORY_GROWTH=1',
      `-sEXPORTED_FUNCTIONS=${exported.join(',')}`,
    );
    if (options.stackSize !== undefined) link.push(`-sTOTAL_STACK=${options.stackSize}`);
    if (cxx) link.push('-fwasm-exceptions');
  } else {
    target = ['--target=wasm32-wasi', `--sysroot=${WASI_SYSROOT}`];
    // clang++-16 does not find Debian's wasm32 libc++ headers by itself. Debian's libc++ for wasm32
    // has no exception support: -fwasm-exceptions does not link, -fexceptions drops catch blocks.
    if (cxx) compile.push(`-isystem${WASI_SYSROOT}/include/wasm32-wasi/c++/v1`, '-fno-exceptions', '-DNAPI_DISABLE_CPP_EXCEPTIONS');
    // Debian's wasm32 libc++ is built without threads: its <mutex> has no std::mutex, which napi.h
    // uses with NAPI_HAS_THREADS. The shim defines a no-op one, only when the library lacks it.
    // Joined (-include<file>): CMake de-duplicates options, which would tear a separate pair apart.
    if (cxx) compile.push(`-include${NO_THREADS_MUTEX}`);
    link.push(
      // Without it, --import-undefined would turn the missing `main` into an import.
      '-mexec-model=reactor',
      // Named exports, not --export-dynamic: that would export all of libc++ in C++ builds.
      ...['malloc', 'free', 'napi_register_wasm_v1', ...exportsWanted].map((s) => `-Wl,--export=${s}`),
      '-Wl,--export-if-defined=node_api_module_get_api_version_v1',
      '-Wl,--export-table', // the runtime calls callbacks through __indirect_function_table
      '-Wl,--import-undefined', // napi_* (and anything else undefined) become imports
      // The runtime resets the C stack pointer after an exception unwinds through C frames.
      '-Wl,--export-if-defined=__stack_pointer',
      // Stack below the data: an overflow traps (address < 0) instead of overwriting static data.
      '-Wl,--stack-first',
      // wasm-ld's 64 KiB default is far below a native thread's 8 MiB; 1 MiB fits real addons
      // (Box2D's b2World alone is ~100 KB) without costing much memory.
      `-Wl,-z,stack-size=${options.stackSize ?? DEFAULT_WASI_STACK}`,
    );
    // clang++ links -lc++ -lc++abi itself when it drives the link.
    // Debian's libc.a carries DWARF: stripping takes a small module from ~110 KB to ~27 KB.
    if (!options.debug) strip = ['-Wl,--strip-debug'];
  }
  const optimize = [`-O${options.optimize ?? '2'}`, ...(options.debug ? ['-g'] : [])];
  return { target, optimize, compile, link, strip };
}

/** NODE_GYP_MODULE_NAME for an output file: its base name made a C identifier, since some
 * NAPI_MODULE versions paste it into symbol names. */
export function moduleNameOf(output: string): string {
  const name = basename(output).replace(/\.wasm$/, '').replace(/\W/g, '_');
  return /^\d/.test(name) ? `_${name}` : name || 'addon';
}

export function findCompiler(language: Language, emscripten: boolean): string {
  const cxx = language === 'c++';
  const override = emscripten ? undefined : process.env[cxx ? 'WASM_NAPI_CXX' : 'WASM_NAPI_CC'];
  const candidates = override ? [override] : emscripten ? [cxx ? 'em++' : 'emcc'] : cxx ? ['clang++-16', 'clang++'] : ['clang-16', 'clang'];
  for (const name of candidates) {
    const found = onPath(name);
    if (found) return found;
  }
  const install = emscripten
    ? 'apt-get install emscripten'
    : 'apt-get install clang-16 lld-16 wasi-libc libc++-16-dev-wasm32 libc++abi-16-dev-wasm32 libclang-rt-16-dev-wasm32';
  const hint = emscripten ? '' : ', or set WASM_NAPI_CC / WASM_NAPI_CXX';
  throw new BuildError(`no compiler found (tried ${candidates.join(', ')}). Install it with: ${install}${hint}`, 127);
}

function onPath(name: string): string | undefined {
  const dirs = name.includes('/') ? [''] : (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const dir of dirs) {
    const file = dir ? join(dir, name) : name;
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

export function buildWasm(options: BuildOptions): BuildResult {
  const cwd = options.cwd ?? process.cwd();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (options.sources.length === 0) throw new BuildError('no source files given', 2);
  const output = resolve(cwd, options.output);
  const flagOptions: FlagOptions = { ...options, cwd, moduleName: options.moduleName ?? moduleNameOf(output) };
  const kinds = options.sources.map((s) => languageOf(s));
  const languages = new Set(kinds.filter((k): k is Language => k !== 'object'));
  // The C++ driver links if any source is C++, so libc++ comes along.
  const linkLanguage: Language = languages.has('c++') ? 'c++' : 'c';
  if (!options.emscripten && !existsSync(join(WASI_SYSROOT, 'lib', 'wasm32-wasi', 'libc.a'))) {
    throw new BuildError(`no wasm32-wasi sysroot in ${WASI_SYSROOT}: apt-get install wasi-libc libc++-16-dev-wasm32 libc++abi-16-dev-wasm32`, 127);
  }
  const extra = options.compilerArgs ?? [];
  const commands: string[][] = [];
  const run = (language: Language, args: string[]): void => {
    const compiler = findCompiler(language, options.emscripten === true);
    commands.push([compiler, ...args]);
    if (options.verbose) log([compiler, ...args].map(shellQuote).join(' '));
    runCompiler(compiler, args, cwd, options.emscripten === true);
  };

  mkdirSync(dirname(output), { recursive: true });
  const linkFlags = addonFlags(linkLanguage, flagOptions);
  const linkTail = [...linkFlags.link, ...linkFlags.strip, ...extra, '-o', output];
  if (languages.size <= 1) {
    // One language: a single compile-and-link command, the fastest path (emcc starts slowly).
    run(linkLanguage, [...linkFlags.target, ...linkFlags.optimize, ...linkFlags.compile, ...options.sources, ...linkTail]);
  } else {
    // clang++ and em++ compile .c files as C++, so mixed sources are compiled one by one.
    const temp = mkdtempSync(join(tmpdir(), 'wasm-napi-'));
    try {
      const objects = options.sources.map((source, i) => {
        const kind = kinds[i];
        if (kind === 'object' || kind === undefined) return source;
        const object = join(temp, `${i}-${basename(source)}.o`);
        const f = addonFlags(kind, flagOptions);
        run(kind, [...f.target, ...f.optimize, ...f.compile, ...extra, '-c', source, '-o', object]);
        return object;
      });
      run(linkLanguage, [...linkFlags.target, ...linkFlags.optimize, ...objects, ...linkTail]);
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  }
  // A copy typed as plain ArrayBuffer-backed bytes, which is what WebAssembly.Module accepts.
  const bytes = new Uint8Array(readFileSync(output));
  const warnings = checkModule(bytes, options.exports ?? [], output);
  for (const w of warnings) log(`wasm-napi: warning: ${w}`);
  return { output, size: bytes.length, commands, warnings };
}

function runCompiler(compiler: string, args: string[], cwd: string, emscripten: boolean): void {
  // Debian's emcc needs its node modules (acorn) on NODE_PATH.
  const env = emscripten
    ? { ...process.env, NODE_PATH: [process.env.NODE_PATH, '/usr/share/nodejs'].filter(Boolean).join(delimiter) }
    : process.env;
  const result = spawnSync(compiler, args, { cwd, env, stdio: 'inherit' });
  if (result.error) throw new BuildError(`cannot run ${compiler}: ${result.error.message}`, 127);
  if (result.status !== 0) {
    const why = result.signal ? `killed by ${result.signal}` : `exit code ${result.status}`;
    throw new BuildError(`${basename(compiler)} failed (${why})`, result.status ?? 1);
  }
}

/** Fails if the runtime's exports are missing; returns warnings about suspicious imports. */
function checkModule(bytes: Uint8Array<ArrayBuffer>, extraExports: string[], file: string): string[] {
  const module = new WebAssembly.Module(bytes);
  const have = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
  const missing = [...REQUIRED_EXPORTS, ...extraExports].filter((name) => !have.has(name));
  if (missing.length > 0) {
    const hint = missing.includes('napi_register_wasm_v1') ? ' (does a source use NAPI_MODULE or NAPI_MODULE_INIT?)' : '';
    throw new BuildError(`${file} lacks exports: ${missing.join(', ')}${hint}`);
  }
  // --import-undefined and ERROR_ON_UNDEFINED_SYMBOLS=0 turn a symbol that is simply missing
  // (a typo, a library not linked) into an `env` import; say so now rather than at load time.
  const env = WebAssembly.Module.imports(module)
    .filter((i) => i.module === 'env' && !KNOWN_ENV_IMPORTS.has(i.name))
    .map((i) => i.name);
  return env.length > 0 ? [`undefined symbols left as imports from "env": ${env.join(', ')}`] : [];
}

export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
