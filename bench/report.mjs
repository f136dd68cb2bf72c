// Formatting shared by the benchmark scripts, and the marked sections of BENCHMARKS.md that the
// scripts after bench/run.mjs (browser.mjs, size.mjs) own: each writes its block between
// `<!-- bench:ID -->` and `<!-- /bench:ID -->`, replacing the block it wrote last time, and run.mjs
// carries the blocks over when it rewrites the file.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function sh(cmd, args) {
  try {
    return execFileSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** The installed version of an npm package, or 'not installed'. */
export function pkgVersion(name) {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

/** The commit the benchmark ran at, and whether src/ had uncommitted changes. */
export function revision() {
  const commit = sh('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = sh('git', ['status', '--porcelain', '--', 'src']) ? ' (with uncommitted changes in src/)' : '';
  return commit ? `${commit}${dirty}` : 'unknown';
}

export const fmtNs = (x) => (x >= 10000 ? Math.round(x).toLocaleString('en-US') : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
export const fmtRatio = (x) => (x >= 10 ? x.toFixed(1) : x.toFixed(2)) + '×';
export const fmtMs = (x) => x.toFixed(1);

export function mdTable(t) {
  const lines = [`| ${t[0].join(' | ')} |`, `|${t[0].map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const r of t.slice(1)) lines.push(`| ${r.join(' | ')} |`);
  return lines.join('\n');
}

export function textTable(t) {
  const t2 = t.map((r) => r.map((c) => String(c).replace(/\[\^(\w+)\]/g, '[$1]')));
  const w = t2[0].map((_, i) => Math.max(...t2.map((r) => r[i].length)));
  return t2.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ')).join('\n');
}

// The order the blocks take in the file, whichever script writes first; ids not listed go last.
// 'box2d' and 'foreign' are free for bench/box2d.mjs and bench/foreign.mjs (writeBlock).
const ORDER = ['chromium', 'box2d', 'box2d-chromium', 'foreign', 'size'];
const BLOCK = /<!-- bench:([\w-]+) -->\n[\s\S]*?<!-- \/bench:\1 -->\n/g;
// Blocks go before this heading of run.mjs's report (or at the end when it is not there).
const ANCHOR = '\n## Noise detail\n';

/** The marked blocks of a BENCHMARKS.md, as [id, text] pairs. */
export function blocksOf(md) {
  return [...md.matchAll(BLOCK)].map((m) => [m[1], m[0]]);
}

/** Puts `blocks` ([id, text]) into `md` (which has none), in ORDER, before run.mjs's noise detail. */
export function withBlocks(md, blocks) {
  const sorted = [...blocks].sort(([a], [b]) => (ORDER.indexOf(a) >>> 0) - (ORDER.indexOf(b) >>> 0));
  const text = sorted.map(([, t]) => `${t}\n`).join('');
  if (!text) return md;
  const at = md.indexOf(ANCHOR);
  return at < 0 ? `${md.replace(/\n*$/, '\n\n')}${text}` : `${md.slice(0, at + 1)}${text}${md.slice(at + 1)}`;
}

/** Writes `markdown` (headed sections) as block `id` of `file`, replacing that block if present. */
export function writeBlock(file, id, markdown) {
  const md = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const blocks = blocksOf(md).filter(([b]) => b !== id);
  blocks.push([id, `<!-- bench:${id} -->\n${markdown.trim()}\n<!-- /bench:${id} -->\n`]);
  writeFileSync(file, withBlocks(md.replace(BLOCK, '').replace(/\n{3,}/g, '\n\n'), blocks));
}
