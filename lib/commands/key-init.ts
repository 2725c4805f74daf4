// aura key init [--agent NAME] [--id ID] [--default]: create an Ed25519 key file (mode 0600)
// under ~/.config/aura/keys. The first key becomes the default; later ones only with --default.
import { parseArgs } from 'node:util';
import { AuraError, UsageError } from '../errors';
import { git } from '../git/exec';
import { createKey, defaultKeyFile } from '../keys/store';

export const USAGE = 'aura key init [--agent NAME | --id ID] [--default]';
export const HELP = `usage: ${USAGE}

Creates an Ed25519 signing key in $XDG_CONFIG_HOME/aura/keys (default ~/.config/aura/keys).
  --id ID        key id of a human key (default: git config user.email)
  --agent NAME   an agent key with key id NAME
  --default      make it the default key even if one exists
AURA_KEY=<file> selects another key for one command. The private key never leaves the file.`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { agent: { type: 'string' }, id: { type: 'string' }, default: { type: 'boolean' } },
    strict: true,
  });
  if (values.agent !== undefined && values.id !== undefined) throw new UsageError('--agent NAME already sets the key id; do not also pass --id', USAGE);
  const kind = values.agent !== undefined ? 'agent' : 'human';
  let keyId = values.agent ?? values.id;
  if (keyId === undefined) {
    keyId = git(['config', 'user.email'], { okCodes: [1] }).trim();
    if (!keyId) throw new AuraError('no key id: --id was not given and git config user.email is not set', 'pass --id you@example.com, or run: git config --global user.email you@example.com');
  }
  const key = createKey({ keyId, kind, makeDefault: values.default });
  const isDefault = defaultKeyFile() === key.file;
  process.stdout.write(
    `created ${kind} key ${key.keyId}\n` +
      `  public key  ${key.pubkey}\n` +
      `  file        ${key.file}  (mode 0600: keep it private, never commit it)\n` +
      (isDefault
        ? `  default     yes: aura signs with it unless AURA_KEY=<file> selects another key\n`
        : `  default     no: the default stays ${defaultKeyFile()}; use AURA_KEY=${key.file} or aura key init --default\n`) +
      `to let it sign in a repository whose log an admin already started, that admin runs:\n` +
      `  aura key add ${key.pubkey} --id ${JSON.stringify(key.keyId)} --kind ${kind}\n`,
  );
  return 0;
}
