// Writes a generated file, or with `--check` on the command line fails when it differs from what
// would be written (the tests and CI keep generated files in step with their sources).
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

export function writeGenerated(target, text, regenerate, summary) {
  const name = relative(process.cwd(), target) || target;
  if (!process.argv.includes('--check')) {
    writeFileSync(target, text);
    console.log(`${name}: ${summary}`);
    return;
  }
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing: out of date
  }
  if (current !== text) {
    console.error(`${name} is out of date: run \`${regenerate}\``);
    process.exit(1);
  }
}
