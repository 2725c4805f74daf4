// Runs every compiled test file (dist/test/**/*.test.js) as its own process, two at a time
// (the machine has two cores), and ends with the plain line "N passed, N failed" that CI
// reads. uvu prints a Total/Passed/Skipped summary per file; we add those up.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { availableParallelism } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const dir = join(root, 'dist', 'test');
const filter = process.argv[2] ? new RegExp(process.argv[2]) : null;

function list(d) {
  return readdirSync(d).flatMap((name) => {
    const p = join(d, name);
    if (statSync(p).isDirectory()) return list(p);
    return name.endsWith('.test.js') && (!filter || filter.test(p)) ? [p] : [];
  });
}

function runFile(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [file], { env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      const num = (label) => [...out.matchAll(new RegExp(`^\\s*${label}:\\s+(\\d+)`, 'gm'))].reduce((a, m) => a + Number(m[1]), 0);
      const total = num('Total');
      const passed = num('Passed');
      const skipped = num('Skipped');
      let failed = total - passed - skipped;
      // A file that crashed before uvu could report still counts as a failure.
      if (code !== 0 && failed === 0) failed = 1;
      resolve({ file, code, out, passed, failed, skipped, ms: Date.now() - started });
    });
  });
}

const files = list(dir).sort();
if (files.length === 0) {
  console.error(`no test files under ${dir} (did tsc run?)`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const queue = [...files];
const results = [];
const workers = Array.from({ length: Math.min(availableParallelism(), 2) }, async () => {
  while (queue.length) {
    const r = await runFile(queue.shift());
    results.push(r);
    const name = relative(root, r.file);
    const status = r.failed ? 'FAIL' : 'ok  ';
    process.stdout.write(`${status} ${name} (${r.passed} passed, ${r.failed} failed, ${(r.ms / 1000).toFixed(1)} s)\n`);
    if (r.failed) process.stdout.write(r.out.replace(/^/gm, '    ') + '\n');
  }
});
await Promise.all(workers);
const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
const skipped = results.reduce((a, r) => a + r.skipped, 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
