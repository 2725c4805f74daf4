// npm run build, after tsc: writes the secret scan's pre-filter (lib/secrets/prefilter.ts) for
// hooks/dispatch.sh: dist/hooks/secret-prefilter.txt, one literal a line, for `grep -F -i -f`,
// and dist/hooks/secret-prefilter.ere, one ERE a line, for `grep -E -i -f`; and ships gitleaks'
// licence beside the rules compiled from its rule set.
import { copyFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { shellPrefilter } = createRequire(import.meta.url)(join(root, 'dist', 'lib', 'secrets', 'prefilter.js'));
const { words, patterns } = shellPrefilter();
writeFileSync(join(root, 'dist', 'hooks', 'secret-prefilter.txt'), words.join('\n') + '\n');
writeFileSync(join(root, 'dist', 'hooks', 'secret-prefilter.ere'), patterns.join('\n') + '\n');
copyFileSync(join(root, 'lib', 'secrets', 'gitleaks-LICENSE.txt'), join(root, 'dist', 'lib', 'secrets', 'gitleaks-LICENSE.txt'));
