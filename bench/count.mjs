// Instructions per call of benchmark ops under callgrind (docs/performance.md): for each op and
// variant, runs bench/op.mjs with N and 2N calls and prints (I(2N) − I(N)) / N.
//
//   node bench/count.mjs [--n 20000] [--warm 20000] [--variants native,wasm] op…
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    n: { type: 'string', default: '20000' },
    warm: { type: 'string', default: '20000' },
    variants: { type: 'string', default: 'native,wasm' },
  },
});
const script = fileURLToPath(new URL('op.mjs', import.meta.url));
const flags = ['--expose-gc', '--single-threaded', '--no-concurrent-recompilation', '--no-concurrent-osr', '--predictable'];

/** Instructions callgrind counted for one run of `op` with `n` calls. */
function instructions(variant, op, n) {
  const args = ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, ...flags, script, variant, op, String(n), values.warm];
  const run = spawnSync('valgrind', args, { encoding: 'utf8' });
  const m = /Collected : (\d+)/.exec(run.stderr);
  if (run.status !== 0 || !m) throw new Error(`${variant} ${op}: ${run.stderr}`);
  return Number(m[1]);
}

const n = Number(values.n);
for (const op of positionals.length ? positionals : ['noop']) {
  const row = [op];
  for (const variant of values.variants.split(',')) {
    const perCall = (instructions(variant, op, 2 * n) - instructions(variant, op, n)) / n;
    row.push(`${variant} ${Math.round(perCall)}`);
  }
  console.log(row.join('\t'));
}
