// npm run build, after tsc: writes the secret scan's pre-filter (lib/secrets/prefilter.ts) to
// dist/hooks/secret-prefilter.txt, one ERE a line, for hooks/dispatch.sh's `grep -E -i -f`, and
// ships gitleaks' licence beside the rules compiled from its rule set.
import { copyFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { prefilterLines } = createRequire(import.meta.url)(join(root, 'dist', 'lib', 'secrets', 'prefilter.js'));
writeFileSync(join(root, 'dist', 'hooks', 'secret-prefilter.txt'), prefilterLines().join('\n') + '\n');
copyFileSync(join(root, 'lib', 'secrets', 'gitleaks-LICENSE.txt'), join(root, 'dist', 'lib', 'secrets', 'gitleaks-LICENSE.txt'));
