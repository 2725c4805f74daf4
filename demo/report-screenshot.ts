// npm run docs:report-screenshot — regenerates docs/report-demo.png: runs the demo (npm run
// demo), then renders the first page of the evidence pack it ends with in headless Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

async function main(): Promise<void> {
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', process.env.CHROMIUM_PATH ?? ''].find((p) => p && existsSync(p));
  if (!chromium) throw new Error('no Chromium found: apt-get install chromium (or set CHROMIUM_PATH)');
  const scratch = mkdtempSync(join(tmpdir(), 'aura-shot-'));
  const pack = join(scratch, 'pack');
  try {
    const demo = spawnSync(process.execPath, [resolve(__dirname, 'tour.js')], { env: { ...process.env, AURA_DEMO_REPORT: pack }, encoding: 'utf8' });
    if (demo.status !== 0) throw new Error(`the demo failed:\n${demo.stdout}${demo.stderr}`);
    const puppeteer = require('puppeteer-core') as typeof import('puppeteer-core');
    const browser = await puppeteer.launch({ executablePath: chromium, args: ['--no-sandbox', '--disable-gpu'], headless: true });
    try {
      const page = await browser.newPage();
      await page.setViewport({ width: 1100, height: 1500 });
      await page.goto('file://' + join(pack, 'report.html'), { waitUntil: 'load' });
      const out = resolve(__dirname, '..', '..', 'docs', 'report-demo.png');
      await page.screenshot({ path: out as `${string}.png` });
      process.stdout.write(`wrote ${out}\n`);
    } finally {
      await browser.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
