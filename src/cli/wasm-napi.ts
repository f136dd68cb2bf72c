#!/usr/bin/env node
// The wasm-napi command: `build` compiles addons (see build.ts), `imports` lists what a module
// needs from its host, `flags` prints the flags a build uses (cpp/wasm-napi.cmake reads them).

import { readFileSync } from 'node:fs';
import { addonFlags, BuildError, buildWasm, moduleNameOf, shellQuote, type BuildOptions, type FlagSet, type OptLevel } from './build.js';

const HELP = `Usage:
  wasm-napi build [options] <sources...> -o <out.wasm>
  wasm-napi flags [options] [--cmake]     print the flags 'build' would use
  wasm-napi imports <file.wasm>           list a module's imports by module name

Build options:
  -o <file>            output .wasm (required for build)
  --emscripten         compile with emcc/em++ instead of clang --target=wasm32-wasi
  --debug, -g          keep debug info (-g, no --strip-debug)
  -O0 -O1 -O2 -O3 -Os -Oz
                       optimisation level (default -O2)
  -I<dir>, -I <dir>    add an include directory
  -D<X>, -D <X>        define a macro
  --export <sym>       export another symbol (repeatable)
  --stack-size <bytes> wasm stack size
  --no-simd            no wasm SIMD (-msimd128 is on by default)
  --verbose            print each compiler command
  -- <args...>         pass the rest to the compiler verbatim
  --help, -h           show this help

Sources: .c (C), .cc .cpp .cxx (C++), .o .a (linked as given).
Environment: WASM_NAPI_CC / WASM_NAPI_CXX choose the clang used by the default route.
`;

class UsageError extends Error {}

interface Parsed {
  options: BuildOptions;
  cmake: boolean;
}

const OPT_LEVELS: readonly string[] = ['0', '1', '2', '3', 's', 'z'];

function parseBuildArgs(args: string[], command: 'build' | 'flags'): Parsed {
  const options: BuildOptions = { sources: [], output: '', includeDirs: [], defines: [], exports: [] };
  let cmake = false;
  // Values may be glued (-Idir, --export=sym) or separate (-I dir, --export sym).
  const valueOf = (arg: string, flag: string, i: number): [string, number] => {
    const glued = arg.startsWith(`${flag}=`) ? arg.slice(flag.length + 1) : flag.startsWith('--') ? '' : arg.slice(flag.length);
    if (glued) return [glued, i];
    const next = args[i + 1];
    if (next === undefined) throw new UsageError(`${flag} needs a value`);
    return [next, i + 1];
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    let value: string;
    if (arg === '--') {
      options.compilerArgs = args.slice(i + 1);
      break;
    } else if (arg === '-h' || arg === '--help') {
      process.stdout.write(HELP);
      process.exit(0);
    } else if (arg === '--emscripten') options.emscripten = true;
    else if (arg === '--debug' || arg === '-g') options.debug = true;
    else if (arg === '--no-simd') options.simd = false;
    else if (arg === '--verbose') options.verbose = true;
    else if (arg === '--cmake' && command === 'flags') cmake = true;
    else if (/^-O./.test(arg)) {
      const level = arg.slice(2);
      if (!OPT_LEVELS.includes(level)) throw new UsageError(`unknown optimisation level ${arg} (use -O0..-O3, -Os, -Oz)`);
      options.optimize = level as OptLevel;
    } else if (arg.startsWith('-o')) {
      [value, i] = valueOf(arg, '-o', i);
      options.output = value;
    } else if (arg.startsWith('-I')) {
      [value, i] = valueOf(arg, '-I', i);
      options.includeDirs?.push(value);
    } else if (arg.startsWith('-D')) {
      [value, i] = valueOf(arg, '-D', i);
      options.defines?.push(value);
    } else if (arg === '--export' || arg.startsWith('--export=')) {
      [value, i] = valueOf(arg, '--export', i);
      options.exports?.push(value);
    } else if (arg === '--stack-size' || arg.startsWith('--stack-size=')) {
      [value, i] = valueOf(arg, '--stack-size', i);
      if (!/^\d+$/.test(value)) throw new UsageError(`--stack-size needs a number of bytes, got '${value}'`);
      options.stackSize = Number(value);
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option ${arg} (pass compiler flags after --)`);
    } else options.sources.push(arg);
  }
  return { options, cmake };
}

function build(args: string[]): void {
  const { options } = parseBuildArgs(args, 'build');
  if (!options.output) throw new UsageError('missing -o <out.wasm>');
  if (options.sources.length === 0) throw new UsageError('no source files given');
  const result = buildWasm(options);
  if (options.verbose) process.stderr.write(`wrote ${result.output} (${result.size} bytes)\n`);
}

function flags(args: string[]): void {
  const { options, cmake } = parseBuildArgs(args, 'flags');
  if (options.output) options.moduleName = moduleNameOf(options.output);
  const c = addonFlags('c', options);
  const cxx = addonFlags('c++', options);
  process.stdout.write(cmake ? cmakeScript(c, cxx) : humanText(c, cxx));
}

function humanText(c: FlagSet, cxx: FlagSet): string {
  const line = (label: string, list: string[]) => `${label}: ${list.map(shellQuote).join(' ')}\n`;
  return (
    line('target', c.target) + line('optimize', c.optimize) +
    line('compile (c)', c.compile) + line('compile (c++)', cxx.compile) +
    line('link (c)', c.link) + line('link (c++)', cxx.link) + line('link (no debug info)', c.strip)
  );
}

// CMake has no JSON parser before 3.19's string(JSON); set() lines can simply be include()d.
function cmakeScript(c: FlagSet, cxx: FlagSet): string {
  const quote = (arg: string) => `"${arg.replace(/[\\"$;]/g, '\\$&')}"`;
  const set = (name: string, list: string[]) => `set(WASM_NAPI_${name}${list.map((a) => ` ${quote(a)}`).join('')})\n`;
  return (
    set('TARGET_OPTIONS', c.target) + set('OPTIMIZE_OPTIONS', c.optimize) +
    set('C_COMPILE_OPTIONS', c.compile) + set('CXX_COMPILE_OPTIONS', cxx.compile) +
    set('C_LINK_OPTIONS', c.link) + set('CXX_LINK_OPTIONS', cxx.link) + set('STRIP_LINK_OPTIONS', c.strip)
  );
}

function imports(args: string[]): void {
  const [file, ...rest] = args;
  if (file === undefined || rest.length > 0 || file.startsWith('-')) throw new UsageError('usage: wasm-napi imports <file.wasm>');
  const module = new WebAssembly.Module(new Uint8Array(readFileSync(file)));
  const byModule = new Map<string, string[]>();
  for (const imp of WebAssembly.Module.imports(module)) {
    const names = byModule.get(imp.module) ?? [];
    names.push(imp.kind === 'function' ? imp.name : `${imp.name} (${imp.kind})`);
    byModule.set(imp.module, names);
  }
  for (const [name, names] of byModule) {
    process.stdout.write(`${name} (${names.length})\n${names.map((n) => `  ${n}\n`).join('')}`);
  }
}

function main(argv: string[]): number {
  const [command, ...args] = argv;
  try {
    if (command === 'build') build(args);
    else if (command === 'flags') flags(args);
    else if (command === 'imports') imports(args);
    else if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(HELP);
      return command === undefined ? 2 : 0;
    } else throw new UsageError(`unknown command '${command}'`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`wasm-napi: ${err.message}\nRun 'wasm-napi --help' for usage.\n`);
      return 2;
    }
    if (err instanceof BuildError) {
      process.stderr.write(`wasm-napi: error: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
}

process.exitCode = main(process.argv.slice(2));
