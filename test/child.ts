// Runs a script in a child Node process against one build of a test addon, for what only shows at
// the level of a process: what happens at exit (cleanup hooks), napi_fatal_error natively (abort),
// whether a process stays alive. The same script runs for every build: `addon` is the loaded addon,
// `teardown()` ends its env (a no-op natively, where the process exit does it; `unload()` on wasm).
//
// Node only: tests that use it are declared with `itInNode(…, 'child_process', …)` (test/harness.ts),
// and the node: modules are imported when a child runs, so that the browser project can still load
// the test files that import this one.
import { addonPath, type Build } from './harness.js';

let runtimeUrl: string | undefined;

/**
 * The runtime's sources (src/) transpiled to JS once per test process in a temporary folder, so that
 * a child process runs the code under test (not a possibly stale dist/).
 */
async function runtimeEntry(): Promise<string> {
  if (runtimeUrl !== undefined) return runtimeUrl;
  const { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { dirname, join } = await import('node:path');
  const { fileURLToPath, pathToFileURL } = await import('node:url');
  const srcDir = fileURLToPath(new URL('../src/', import.meta.url));
  const ts = (await import('typescript')).default;
  const out = mkdtempSync(join(tmpdir(), 'wasm-napi-runtime-'));
  process.once('exit', () => rmSync(out, { recursive: true, force: true }));
  writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (statSync(file).isDirectory()) {
        if (name !== 'cli') walk(file);
        continue;
      }
      if (!name.endsWith('.ts') || name.endsWith('.d.ts')) continue;
      const js = ts.transpileModule(readFileSync(file, 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      const target = join(out, file.slice(srcDir.length)).replace(/\.ts$/, '.js');
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, js);
    }
  };
  walk(srcDir);
  runtimeUrl = pathToFileURL(join(out, 'index.js')).href;
  return runtimeUrl;
}

export interface ChildResult {
  /** Exit code, or null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The process was still running after `timeout` ms and was killed. */
  timedOut: boolean;
}

/** Runs `body` (an ES module's code, top-level await allowed) with `addon` and `teardown()` defined. */
export async function runChild(name: string, build: Build, body: string, timeout = 20_000): Promise<ChildResult> {
  const path = addonPath(name, build);
  const prologue =
    build === 'native'
      ? `import { createRequire } from 'node:module';
const addon = createRequire(${JSON.stringify(path)})(${JSON.stringify(path)});
const teardown = () => {};`
      : `const runtime = await import(${JSON.stringify(await runtimeEntry())});
const addon = await runtime.load(${JSON.stringify(path)});
const teardown = () => runtime.unload(addon);`;
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['--input-type=module', '-e', `${prologue}\n${body}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeout);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}
