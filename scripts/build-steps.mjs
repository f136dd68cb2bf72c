// Pieces shared by the build scripts (scripts/build-tests.mjs, wasm/box2d/build.mjs): running a
// compiler with its output collected, and stamping an output with the content of its inputs.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');

/** Runs a command, collecting its output (several run at once); resolves to { code, output }. */
export function spawnCollect(cmd, args, cwd = root) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (e) => resolve({ code: 127, output: `${output}${e.message}\n` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/**
 * The files of the `wasm-napi build` CLI: they decide the flags, so a wasm build depends on them. By
 * content, not mtime: `npm run build` rewrites dist/ even when nothing changed.
 */
export const cliFiles = [join(root, 'dist', 'cli', 'wasm-napi.js'), join(root, 'dist', 'cli', 'build.js')];

/** A hash of `parts` (strings) and of the content of `files`. */
export function contentHash(parts, files) {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  for (const f of files) h.update(f).update('\0').update(readFileSync(f));
  return h.digest('hex');
}

/** The stamp beside a build output: matches when the output was built from inputs hashing to `stamp`. */
export const stampMatches = (out, stamp) => existsSync(out) && existsSync(`${out}.stamp`) && readFileSync(`${out}.stamp`, 'utf8') === stamp;
export const writeStamp = (out, stamp) => writeFileSync(`${out}.stamp`, stamp);
export const dropStamp = (out) => rmSync(`${out}.stamp`, { force: true });
