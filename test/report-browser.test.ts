// report.html as a person sees it: rendered by headless Chromium (Debian's `chromium`, which
// .ci/run installs), checked for its sections and figures and for console errors. Skipped,
// saying so, where no Chromium can start.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportJson } from '../lib/report/types';
import { aura, sandbox } from './helpers/env';
import { reportRepo } from './report-fixture';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', process.env.CHROMIUM_PATH ?? ''].find((p) => p && existsSync(p));

test('report.html renders with every section, the figures of report.json, and no console errors', async () => {
  if (!CHROMIUM) {
    console.log('  skipped: no Chromium found (apt-get install chromium; .ci/run installs it)');
    return;
  }
  const sb = sandbox();
  try {
    const dir = reportRepo(sb);
    const pack = join(sb.dir, 'pack');
    const r = aura(sb, dir, ['audit', 'report', '--since', '7d', '--out', pack]);
    assert.is(r.code, 0, r.stderr);
    const report = JSON.parse(readFileSync(join(pack, 'report.json'), 'utf8')) as ReportJson;
    const puppeteer = require('puppeteer-core') as typeof import('puppeteer-core');
    const browser = await puppeteer.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'], headless: true });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('requestfailed', (q) => errors.push(`request failed: ${q.url()}`));
      await page.goto('file://' + join(pack, 'report.html'), { waitUntil: 'load' });
      const sections = await page.$$eval('section', (s) => s.map((x) => [x.id, x.querySelector('h2')?.textContent ?? '']));
      assert.equal(sections.map(([id]) => id), ['summary', 'verification', 'activity', 'strict_periods', 'deletions', 'intents', 'supersedes', 'keys', 'agents', 'backfilled', 'frameworks']);
      const summary = await page.$eval('#summary', (e) => (e as unknown as { innerText: string }).innerText);
      assert.match(summary, /OK/);
      assert.match(summary, new RegExp(`${report.activity.commits.human + report.activity.commits.agent}\\s*commits \\(${report.activity.commits.human} human, ${report.activity.commits.agent} agent\\)`));
      assert.match(summary, /2\s*deleted symbols \(1 unexplained\)/);
      const bars = await page.$$eval('#activity svg rect', (r) => r.length);
      assert.is(bars, report.activity.weeks.length * 2, 'one human and one agent bar per week');
      const deletions = await page.$eval('#deletions', (e) => (e as unknown as { innerText: string }).innerText);
      assert.match(deletions, /text\.py:legacy[\s\S]*authorization/);
      assert.match(deletions, /text\.py:helper[\s\S]*nothing/);
      const controls = await page.$eval('#frameworks', (e) => (e as unknown as { innerText: string }).innerText);
      for (const c of ['CC6.1', 'CC7.2', 'CC8.1', 'A.8', 'A.12', 'A.14', '§164.312(b)', 'Art. 12', 'Art. 14']) assert.ok(controls.includes(c), c);
      assert.equal(errors, []);
      const pdf = await page.pdf({ format: 'A4' });
      assert.ok(pdf.length > 10_000, 'prints to PDF');
    } finally {
      await browser.close();
    }
  } finally {
    sb.cleanup();
  }
});

test.run();
