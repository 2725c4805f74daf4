// The hook helper's process (lib/helper/server.ts): `node dist/hooks/helper.js <hook state dir>`,
// started detached by a post-commit that ran Node itself (lib/helper/start.ts).
import { join } from 'node:path';
import { serveHelper } from '../lib/helper/server';

const idleSeconds = Number(process.env.AURA_HELPER_IDLE_SECONDS) || 1800; // 30 minutes: a helper outlives the pauses between commits of one working session
serveHelper({ stateDir: process.argv[2], bundle: join(__dirname, 'served.bundle.js'), idleMs: idleSeconds * 1000 });
