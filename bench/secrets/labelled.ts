// The labelled set of bench:secrets and the secret tests: FAKE credentials generated here, in
// each provider's real format (prefixes, lengths, alphabets, and checksums where the provider
// has one: GitHub's and npm's CRC32), never real ones; and close look-alikes that are not
// secrets (placeholders, documented example keys, hashes, UUIDs, lockfile integrity strings,
// public keys and certificates). Deterministic: a seeded generator, the same set every run.
import { createCipheriv, createHash, createHmac, generateKeyPairSync, KeyObject } from 'node:crypto';
import { crc32 } from 'node:zlib';

export interface Sample {
  label: string; // provider (positives) or kind of look-alike
  file: string; // a plausible file name for it
  text: string;
}

/** xorshift32: the same "random" characters every run. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdef';
const UPPER32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64 = ALNUM + '+/';
const B64URL = ALNUM + '-_';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const BECH32 = 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L';

function maker(seed: number) {
  const r = rng(seed);
  return (alphabet: string, n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
    return s;
  };
}

function base62(n: number, width: number): string {
  let s = '';
  for (let i = 0; i < width; i++) {
    s = B62[n % 62] + s;
    n = Math.floor(n / 62);
  }
  return s;
}

/** GitHub's and npm's token layout: prefix, 30 random base62 characters, CRC32 of those in base62. */
const checksummed = (prefix: string, body: string): string => prefix + body + base62(crc32(body) >>> 0, 6);

const b64 = (b: Buffer): string => b.toString('base64');
const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');
const wrap = (s: string, w: number): string => s.match(new RegExp(`.{1,${w}}`, 'g'))!.join('\n');

/** An OpenSSH private key file (openssh-key-v1, unencrypted ed25519) for a fresh key. */
function opensshEd25519(key: { privateKey: KeyObject; publicKey: KeyObject }): string {
  const jwk = key.privateKey.export({ format: 'jwk' }) as { d: string; x: string };
  const seed = Buffer.from(jwk.d, 'base64url');
  const pub = Buffer.from(jwk.x, 'base64url');
  const str = (b: Buffer | string): Buffer => {
    const v = Buffer.from(b);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(v.length);
    return Buffer.concat([len, v]);
  };
  const u32 = (n: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const pubBlob = Buffer.concat([str('ssh-ed25519'), str(pub)]);
  let priv = Buffer.concat([u32(0x1234abcd), u32(0x1234abcd), str('ssh-ed25519'), str(pub), str(Buffer.concat([seed, pub])), str('fake@example.invalid')]);
  for (let i = 1; priv.length % 8 !== 0; i++) priv = Buffer.concat([priv, Buffer.from([i])]);
  const body = Buffer.concat([Buffer.from('openssh-key-v1\0'), str('none'), str('none'), str(''), u32(1), str(pubBlob), str(priv)]);
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${wrap(b64(body), 70)}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

function jwt(seed: number): string {
  const g = maker(seed);
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify({ sub: g(HEX, 12), name: 'Fake User', iat: 1700000000 + seed }));
  const sig = createHmac('sha256', g(ALNUM, 32)).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

/** Fake credentials, at least one per provider; `file` and the surrounding code are what such a leak looks like. */
export function positives(): Sample[] {
  const g = maker(20261129);
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ed = generateKeyPairSync('ed25519');
  const dsa = generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 });
  const pem = (k: KeyObject, type: 'pkcs1' | 'pkcs8' | 'sec1', extra: object = {}): string => k.export({ format: 'pem', type, ...extra } as never) as string;
  const pgpBody = wrap(b64(Buffer.concat([Buffer.from([0x95, 0x01, 0xd8, 0x04]), Buffer.from(g(B64, 400))])), 64);
  const s: Sample[] = [
    { label: 'aws', file: 'deploy/config.py', text: `AWS_ACCESS_KEY_ID = "AKIA${g(UPPER32, 16)}"\n` },
    { label: 'aws', file: '.env', text: `aws_secret_access_key=${g(B64, 40)}\n` },
    { label: 'aws', file: 'scripts/ci.sh', text: `export AWS_ACCESS_KEY_ID=ASIA${g(UPPER32, 16)}\n` },
    { label: 'github', file: 'src/client.ts', text: `const token = '${checksummed('ghp_', g(B62, 30))}';\n` },
    { label: 'github', file: 'scripts/release.js', text: `headers.Authorization = "token ${checksummed('gho_', g(B62, 30))}";\n` },
    { label: 'github', file: '.github/token.txt', text: `github_pat_11${g(ALNUM.toUpperCase().replace(/[^A-Z0-9]/g, ''), 20)}_${g(ALNUM, 59)}\n` },
    { label: 'gitlab', file: 'ci/gitlab.yml', text: `  PRIVATE_TOKEN: glpat-${g(ALNUM + '-_', 20)}\n` },
    { label: 'slack', file: 'bot/app.js', text: `const slack = new WebClient("xoxb-${g('0123456789', 12)}-${g('0123456789', 13)}-${g(ALNUM, 24)}");\n` },
    { label: 'slack', file: 'notify.sh', text: `curl -X POST https://hooks.slack.com/services/T${g(UPPER32, 8)}/B${g(UPPER32, 10)}/${g(ALNUM, 24)}\n` },
    { label: 'stripe', file: 'server/payments.rb', text: `Stripe.api_key = "sk_live_${g(ALNUM, 24)}"\n` },
    { label: 'stripe', file: 'config/stripe.json', text: `{ "restricted": "rk_live_${g(ALNUM, 99)}" }\n` },
    { label: 'openai', file: 'app/llm.py', text: `client = OpenAI(api_key="sk-proj-${g(B64URL, 74)}T3BlbkFJ${g(B64URL, 74)}")\n` },
    { label: 'anthropic', file: 'app/claude.ts', text: `const anthropic = new Anthropic({ apiKey: 'sk-ant-api03-${g(B64URL, 93)}AA' });\n` },
    { label: 'google', file: 'web/maps.html', text: `<script src="https://maps.googleapis.com/maps/api/js?key=AIza${g(B64URL, 35)}"></script>\n` },
    { label: 'npm', file: '.npmrc', text: `//registry.npmjs.org/:_authToken=${checksummed('npm_', g(B62, 30))}\n` },
    { label: 'pypi', file: '.pypirc', text: `[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmc${g(B64URL, 70)}\n` },
    { label: 'twilio', file: 'sms/send.py', text: `TWILIO_API_KEY = "SK${g(HEX, 32)}"\n` },
    { label: 'sendgrid', file: 'mail/config.js', text: `sgMail.setApiKey('SG.${g(B64URL, 22)}.${g(B64URL, 43)}');\n` },
    { label: 'huggingface', file: 'train.py', text: `login(token="hf_${g(LOWER + LOWER.toUpperCase(), 34)}")\n` },
    { label: 'shopify', file: 'shop/.env', text: `SHOPIFY_ACCESS_TOKEN=shpat_${g(HEX, 32)}\n` },
    { label: 'digitalocean', file: 'infra/do.tf', text: `token = "dop_v1_${g(HEX, 64)}"\n` },
    { label: 'discord', file: 'bot/config.yml', text: `discord_bot_token: "${g(HEX, 64)}"\n` },
    { label: 'telegram', file: 'bot/telegram.py', text: `TELEGRAM_BOT_TOKEN = "${g('0123456789', 10)}:AA${g(ALNUM + '_-', 33)}"\n` },
    { label: 'mailgun', file: 'mail/mailgun.go', text: `mailgunApiKey := "key-${g(HEX, 32)}"\n` },
    { label: 'postman', file: 'postman/env.json', text: `{ "key": "apiKey", "value": "PMAK-${g(HEX, 24)}-${g(HEX, 34)}" }\n` },
    { label: 'databricks', file: 'jobs/run.py', text: `DATABRICKS_TOKEN = "dapi${g(HEX, 32)}"\n` },
    { label: 'docker', file: 'ci/login.sh', text: `echo dckr_pat_${g(B64URL, 27)} | docker login -u me --password-stdin\n` },
    { label: 'vault', file: 'ops/vault.env', text: `VAULT_TOKEN=hvs.${g(B64URL, 95)}\n` },
    { label: 'grafana', file: 'monitoring/grafana.ini', text: `api_key = glsa_${g(ALNUM, 32)}_${g(HEX, 8)}\n` },
    { label: 'linear', file: 'tools/linear.ts', text: `const linear = new LinearClient({ apiKey: "lin_api_${g(ALNUM, 40)}" });\n` },
    { label: 'doppler', file: 'ops/doppler.env', text: `DOPPLER_TOKEN=dp.pt.${g(ALNUM, 43)}\n` },
    { label: 'age', file: 'secrets/key.txt', text: `# created: 2026-01-01\nAGE-SECRET-KEY-1${g(BECH32, 58)}\n` },
    { label: 'jwt', file: 'test/session.http', text: `Authorization: Bearer ${jwt(7)}\n` },
    { label: 'azure-storage', file: 'appsettings.json', text: `"Storage": "DefaultEndpointsProtocol=https;AccountName=fake${g(LOWER, 8)};AccountKey=${g(B64, 86)}==;EndpointSuffix=core.windows.net"\n` },
    { label: 'postgres-url', file: 'config/database.yml', text: `url: postgres://app:${g(ALNUM, 18)}@db.internal.example:5432/app\n` },
    { label: 'mysql-url', file: 'docker-compose.yml', text: `      DATABASE_URL: mysql://root:${g(ALNUM, 16)}@mysql:3306/shop\n` },
    { label: 'mongodb-url', file: 'src/db.js', text: `mongoose.connect("mongodb+srv://svc:${g(ALNUM, 20)}@cluster0.abcde.mongodb.net/prod")\n` },
    { label: 'redis-url', file: 'config/cache.ts', text: `export const REDIS_URL = 'rediss://:${g(ALNUM, 24)}@cache.internal.example:6380/0';\n` },
    { label: 'amqp-url', file: 'worker/settings.py', text: `BROKER_URL = "amqp://worker:${g(ALNUM, 20)}@rabbit.internal.example:5672//"\n` },
    { label: 'private-key-rsa-pkcs1', file: 'certs/server.key', text: pem(rsa.privateKey, 'pkcs1') },
    { label: 'private-key-pkcs8', file: 'certs/app.pem', text: pem(rsa.privateKey, 'pkcs8') },
    { label: 'private-key-ec', file: 'certs/ec.key', text: pem(ec.privateKey, 'sec1') },
    { label: 'private-key-ed25519-pkcs8', file: 'keys/signing.pem', text: pem(ed.privateKey, 'pkcs8') },
    { label: 'private-key-dsa', file: 'keys/dsa.pem', text: pem(dsa.privateKey, 'pkcs8') },
    { label: 'private-key-encrypted', file: 'keys/enc.pem', text: pem(rsa.privateKey, 'pkcs8', { cipher: 'aes-256-cbc', passphrase: 'fake-passphrase' }) },
    { label: 'private-key-openssh', file: '.ssh/id_ed25519', text: opensshEd25519(ed) },
    { label: 'private-key-pgp', file: 'keys/release.asc', text: `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${pgpBody}\n=${g(B64, 4)}\n-----END PGP PRIVATE KEY BLOCK-----\n` },
    { label: 'private-key-in-json', file: 'gcp/service-account.json', text: JSON.stringify({ type: 'service_account', project_id: 'fake-project', private_key_id: g(HEX, 40), private_key: pem(rsa.privateKey, 'pkcs8'), client_email: 'svc@fake-project.iam.gserviceaccount.com' }, null, 2) + '\n' },
  ];
  return s;
}

/** Look-alikes: what a scanner must NOT report. */
export function lookalikes(): Sample[] {
  const g = maker(4242);
  const sha = (s: string, alg = 'sha256'): string => createHash(alg).update(s).digest('hex');
  const integrity = (s: string): string => 'sha512-' + createHash('sha512').update(s).digest('base64');
  const uuid = (): string => `${g(HEX, 8)}-${g(HEX, 4)}-4${g(HEX, 3)}-a${g(HEX, 3)}-${g(HEX, 12)}`;
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const ed = generateKeyPairSync('ed25519');
  const sshPub = 'ssh-ed25519 ' + b64(Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), Buffer.from((ed.publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url')])) + ' dev@example.invalid';
  const encrypted = createCipheriv('aes-128-ecb', Buffer.alloc(16, 1), null).update(Buffer.alloc(48, 2)).toString('base64');
  const s: Sample[] = [
    // placeholders
    { label: 'placeholder', file: 'README.md', text: 'export AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX\n' },
    { label: 'placeholder', file: 'README.md', text: 'GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n' },
    { label: 'placeholder', file: '.env.example', text: 'STRIPE_SECRET_KEY=sk_live_...\n' },
    { label: 'placeholder', file: '.env.example', text: 'OPENAI_API_KEY=<your-openai-api-key>\n' },
    { label: 'placeholder', file: 'config.ts', text: 'const token = process.env.GITHUB_TOKEN ?? "";\n' },
    { label: 'placeholder', file: 'deploy.yml', text: '      token: ${{ secrets.NPM_TOKEN }}\n' },
    { label: 'placeholder', file: 'docker-compose.yml', text: '      DATABASE_URL: postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@db:5432/app\n' },
    { label: 'placeholder', file: 'settings.py', text: 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n' },
    { label: 'placeholder', file: 'docs/setup.md', text: 'Set `SLACK_TOKEN` to the bot token (it starts with `xoxb-`).\n' },
    { label: 'placeholder', file: 'docs/keys.md', text: 'Keys look like `sk-ant-api03-...` and must be kept secret.\n' },
    { label: 'placeholder', file: 'config/db.yml', text: 'password: changeme\n' },
    { label: 'placeholder', file: 'README.md', text: 'redis://localhost:6379/0\n' },
    // documented example keys
    { label: 'example-key', file: 'docs/aws.md', text: 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n' },
    { label: 'example-key', file: 'docs/aws.md', text: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n' },
    { label: 'example-key', file: 'docs/jwt.md', text: 'The header `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9` decodes to {"alg":"HS256","typ":"JWT"}.\n' },
    { label: 'example-key', file: 'docs/azure.md', text: 'DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=<account-key>;\n' },
    // hashes and identifiers
    { label: 'hash', file: 'CHANGELOG.md', text: `- fix parser (${sha('a', 'sha1')})\n` },
    { label: 'hash', file: 'checksums.txt', text: `${sha('release.tar.gz')}  release.tar.gz\n` },
    { label: 'hash', file: 'src/cache.ts', text: `const EMPTY = '${sha('', 'md5')}';\n` },
    { label: 'hash', file: 'fixtures/users.sql', text: `INSERT INTO users VALUES (1, 'ann', '$2b$12$${g(ALNUM + './', 53)}');\n` },
    { label: 'hash', file: 'src/digest.py', text: `EXPECTED = "${createHash('sha512').update('x').digest('base64')}"\n` },
    { label: 'hash', file: 'go.sum', text: `github.com/pkg/errors v0.9.1 h1:${createHash('sha256').update('pkg').digest('base64')}\n` },
    { label: 'uuid', file: 'src/ids.ts', text: `export const TENANT = '${uuid()}';\n` },
    { label: 'uuid', file: 'fixtures/data.json', text: `{ "id": "${uuid()}", "owner": "${uuid()}" }\n` },
    { label: 'uuid', file: 'app.config', text: `heroku_app_id = "${uuid()}"\n` },
    // lockfiles
    { label: 'lockfile', file: 'package-lock.json', text: `    "node_modules/left-pad": {\n      "version": "1.3.0",\n      "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",\n      "integrity": "${integrity('left-pad')}"\n    },\n` },
    { label: 'lockfile', file: 'yarn.lock', text: `left-pad@^1.3.0:\n  version "1.3.0"\n  resolved "https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz#${sha('lp', 'sha1')}"\n  integrity ${integrity('lp')}\n` },
    { label: 'lockfile', file: 'pnpm-lock.yaml', text: `  /zod@3.22.4:\n    resolution: {integrity: ${integrity('zod')}}\n` },
    { label: 'lockfile', file: 'poetry.lock', text: `    {file = "requests-2.31.0.tar.gz", hash = "sha256:${sha('requests')}"},\n` },
    { label: 'lockfile', file: 'Cargo.lock', text: `checksum = "${sha('serde')}"\n` },
    // public material and encoded data
    { label: 'public-key', file: 'keys/deploy.pub', text: sshPub + '\n' },
    { label: 'public-key', file: 'keys/rsa.pub.pem', text: rsa.publicKey.export({ format: 'pem', type: 'spki' }) as string },
    { label: 'public-key', file: 'docs/keys.md', text: 'Paste the block that starts with -----BEGIN PUBLIC KEY----- into the form.\n' },
    { label: 'encoded-data', file: 'src/icon.ts', text: `export const ICON = "data:image/png;base64,${encrypted}${g(B64, 120)}";\n` },
    { label: 'encoded-data', file: 'src/colors.css', text: '.btn { color: #1f2937; background: #f3f4f6; border-color: #d1d5db; }\n' },
    { label: 'identifier', file: 'src/routes.ts', text: `router.get('/api/v1/users/:id/tokens', listTokens); // token_${g(LOWER, 8)}\n` },
    { label: 'identifier', file: 'src/skeleton.tsx', text: `<Skeleton className="sk${g(HEX, 32).toUpperCase().slice(0, 3)}" />\n` },
    { label: 'url', file: 'README.md', text: 'git clone https://git@github.com/example/repo.git\n' },
    { label: 'url', file: 'config/db.ts', text: "export const url = 'postgres://localhost:5432/app';\n" },
    { label: 'url', file: 'docs/api.md', text: 'See https://api.example.com:8443/v2/users?page=2 for the list.\n' },
    { label: 'identifier', file: 'src/stripe.ts', text: "const price = await stripe.prices.retrieve('price_1MoBy5LkdIwHu7ixZhnattbh');\n" },
    { label: 'identifier', file: 'src/github.ts', text: "const repo = 'ghp_docs'; // the name of the docs project\n" },
  ];
  return s;
}
