// Starting a log: exactly one genesis even when several processes start the same log at once.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { entryHash } from '../lib/entry/hash';
import { createKey, loadKeyFile } from '../lib/keys/store';
import { ensureGenesis } from '../lib/log/genesis';
import { PROJECT, sandbox } from './helpers/env';

const GENESIS_JS = join(PROJECT, 'dist', 'lib', 'log', 'genesis.js');
const STORE_JS = join(PROJECT, 'dist', 'lib', 'keys', 'store.js');

test('ensureGenesis: a genesis on an empty log, nothing on a started one', async () => {
  const sb = sandbox();
  try {
    const key = loadKeyFile(createKey({ keyId: 'alice@example.ch', kind: 'human' }, sb.env).file);
    const log = join(sb.dir, 'log.jsonl');
    writeFileSync(log, ''); // empty counts as not started
    const g = await ensureGenesis(log, key);
    assert.ok(g);
    assert.equal([g!.capability, g!.key, g!.key_id, g!.key_kind, g!.roles, g!.parents, g!.author.pubkey], ['genesis', key.pubkey, 'alice@example.ch', 'human', ['admin'], [], key.pubkey]);
    assert.is(entryHash(g!), g!.hash);
    assert.is(await ensureGenesis(log, key), null);
    assert.is(readFileSync(log, 'utf8').split('\n').length, 2);
  } finally {
    sb.cleanup();
  }
});

test('8 processes starting the same log at once: one genesis', async () => {
  const sb = sandbox();
  try {
    const log = join(sb.dir, 'log.jsonl');
    const files = Array.from({ length: 8 }, (_, i) => createKey({ keyId: `h${i}@example.ch`, kind: 'human' }, sb.env).file);
    const script = `require(${JSON.stringify(GENESIS_JS)}).ensureGenesis(process.argv[1], require(${JSON.stringify(STORE_JS)}).loadKeyFile(process.argv[2]))
      .then((g) => process.stdout.write(g ? 'started' : 'already'), (e) => { console.error(e.message); process.exit(1); });`;
    const outs = await Promise.all(
      files.map(
        (f) =>
          new Promise<string>((resolve) => {
            const c = spawn(process.execPath, ['-e', script, log, f], { stdio: ['ignore', 'pipe', 'inherit'] });
            let out = '';
            c.stdout.on('data', (d) => (out += d));
            c.on('close', (code) => resolve(code === 0 ? out : `exit ${code}`));
          }),
      ),
    );
    assert.is(outs.filter((o) => o === 'started').length, 1, outs.join(','));
    assert.is(outs.filter((o) => o === 'already').length, 7, outs.join(','));
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
    assert.is(lines.length, 1);
    assert.is(JSON.parse(lines[0]).capability, 'genesis');
  } finally {
    sb.cleanup();
  }
});

test.run();
