// A real RFC 3161 time-stamping authority on 127.0.0.1 for tests: a throw-away CA and TSA
// certificate made with the openssl CLI, and a small Node HTTP responder (its own process, so
// the test can block on the CLI meanwhile) that answers each query with `openssl ts -reply`.
import { execFileSync, spawn, ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Tsa {
  url: string;
  caPem: string; // the root the TSA certificate chains to
  stop(): void;
}

const TSA_CONFIG = `[ tsa ]
default_tsa = tsa1
[ tsa1 ]
serial = ./serial
crypto_device = builtin
signer_cert = ./tsa.pem
certs = ./ca.pem
signer_key = ./tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.5
digests = sha256
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;

const RESPONDER = `
const http = require('node:http'), { execFileSync } = require('node:child_process'), fs = require('node:fs'), path = require('node:path');
const dir = process.argv[1];
let n = 0;
http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (d) => chunks.push(d));
  req.on('end', () => {
    try {
      const q = path.join(dir, 'query-' + n++ + '.tsq');
      fs.writeFileSync(q, Buffer.concat(chunks));
      const reply = execFileSync('openssl', ['ts', '-reply', '-config', 'tsa.cnf', '-section', 'tsa1', '-queryfile', q], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] });
      res.writeHead(200, { 'Content-Type': 'application/timestamp-reply' });
      res.end(reply);
    } catch (e) {
      res.writeHead(500);
      res.end(String(e));
    }
  });
}).listen(0, '127.0.0.1', function () { process.stdout.write(this.address().port + '\\n'); });
`;

/** A CA (its key and self-signed certificate) in `dir`, made with the openssl CLI. */
export function makeCa(dir: string, cn: string): { key: string; pem: string } {
  mkdirSync(dir, { recursive: true });
  const key = join(dir, 'ca.key');
  const pem = join(dir, 'ca.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', pem, '-days', '2', '-subj', `/CN=${cn}`], { stdio: 'ignore' });
  return { key, pem };
}

export async function startTsa(dir: string): Promise<Tsa> {
  const ca = makeCa(dir, 'Throw-away TSA Root');
  writeFileSync(join(dir, 'ext.cnf'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n');
  execFileSync('openssl', ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'tsa.key', '-out', 'tsa.csr', '-subj', '/CN=Throw-away TSA'], { cwd: dir, stdio: 'ignore' });
  execFileSync('openssl', ['x509', '-req', '-in', 'tsa.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'tsa.pem', '-days', '2', '-extfile', 'ext.cnf'], { cwd: dir, stdio: 'ignore' });
  writeFileSync(join(dir, 'serial'), '01\n');
  writeFileSync(join(dir, 'tsa.cnf'), TSA_CONFIG);
  const child: ChildProcess = spawn(process.execPath, ['-e', RESPONDER, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(Number(out.trim()));
    });
    child.on('exit', (code) => reject(new Error(`the TSA responder exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}/`, caPem: ca.pem, stop: () => void child.kill() };
}
