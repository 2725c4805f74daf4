#!/usr/bin/env node
// `aura`: dispatches to one module per command, loaded only when that command runs, so a
// command pays only for what it uses (tree-sitter, workers and sockets stay unloaded).
import { AuraError, formatError } from './errors';

/** A command module: its run(), its one-line USAGE and, when there is more to say, HELP (what
 *  `--help` prints; it starts with the usage line). */
export type Command = { run(args: string[]): Promise<number> | number; USAGE?: string; HELP?: string };

/** `--help` / `-h` before any `--`: asked of every command in one place. */
const asksHelp = (args: string[]): boolean => {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
};

// "group sub" → module under lib/commands (a group alone when it has no subcommands).
export const COMMANDS: Record<string, string> = {
  init: 'init',
  uninstall: 'uninstall',
  status: 'status',
  hook: 'hook',
  'helper status': 'helper-status',
  'helper stop': 'helper-stop',
  config: 'config',
  diff: 'diff',
  strict: 'strict',
  'policy intent': 'policy-intent',
  intent: 'intent',
  'intent check': 'intent-check',
  'intent authorize-delete': 'intent-authorize-delete',
  'intent supersede': 'intent-supersede',
  'intent export': 'intent-export',
  'key init': 'key-init',
  'key list': 'key-list',
  'key add': 'key-add',
  'key revoke': 'key-revoke',
  'key request': 'key-request',
  'key approve': 'key-approve',
  'audit verify': 'audit-verify',
  'audit export': 'audit-export',
  'audit verify-export': 'audit-verify-export',
  'audit flush': 'audit-flush',
  'audit archive': 'audit-archive',
  'audit redact': 'audit-redact',
  'audit erase-identity': 'audit-erase-identity',
  'audit snapshot': 'audit-snapshot',
  'audit repair': 'audit-repair',
  'audit report': 'audit-report',
  'audit backfill': 'audit-backfill',
  'audit sync-check': 'audit-sync-check',
  'audit checkpoint': 'audit-checkpoint',
  'audit timestamp': 'audit-timestamp',
  'agent allow': 'agent-allow',
  'agent revoke-permission': 'agent-revoke-permission',
  'agent default': 'agent-default',
  'agent policy': 'agent-policy',
  'agent-log export': 'agent-log-export',
  'zone claim': 'zone-claim',
  'zone release': 'zone-release',
  'zone list': 'zone-list',
  'pr-review': 'pr-review',
  'pr-review export': 'pr-review-export',
  'secret allow': 'secret-allow',
  'secret scan': 'secret-scan',
  'secret scanning': 'secret-scanning',
  trace: 'trace',
  'graph export': 'graph-export',
};

const HELP = `aura — signed, verifiable evidence of what changed and why

usage: aura <command> [options]

  init | uninstall            install / remove the hooks in this repository
  status                      hooks, key, strict mode, zone claims on staged paths, pending intent, log health
  hook NAME [ARGS]            run one of aura's Git hooks (for hook managers)
  helper status|stop          the hook helper: a warm Node that runs the commit's hooks (Linux)
  config get|set|list         read and edit .aura/config.toml (comments and order kept)
  diff [--staged|REV|A..B]    the semantic (symbol-level) delta
  intent "TEXT"               log the intent of the next commit (an intent named like a
                              subcommand, e.g. "check", needs --: aura intent -- check)
  intent check [--staged|REV] the hooks' intent check as a dry run (appends nothing)
  intent authorize-delete …   authorize deleting symbols (human admin keys)
  intent supersede ID "TEXT"  correct an earlier entry
  intent export               export intents
  strict on|off               strict mode (admin keys)
  policy intent               an intent convention every commit must follow (admin keys)
  secret scan|allow|scanning  the commit path's secret scan, overrides (human keys), on/off (admin keys)
  trace PATH:SYMBOL           the life of one symbol in the log, through renames and moves
  pr-review A..B              review a pull request's range (json|markdown|sarif; --record; export)
  graph export [--rev REV]    the symbol inventory at a revision (json|csv), signed manifest
  key init|list|add|revoke    keys and trust
  key request | key approve   a new teammate asks for their key; an admin approves it
  agent allow|revoke-permission|default|policy   what agent keys may change (admin keys)
  agent-log export            agent commits and agent policy changes, with a signed manifest
  zone claim|release|list     claim paths for yourself (coordination, not access control)
  audit verify                verify the intent log
  audit repair                set a torn last line aside (kept, never dropped)
  audit report --since … --out DIR   an evidence pack for an auditor (HTML, JSON, log, manifest)
  audit backfill A..B         log, late, the commits of a range that no entry binds
  audit sync-check [REF]      has a fetched log lost entries this clone saw? (ROLLBACK / FORK)
  audit checkpoint [--cosign] a signed checkpoint of the log; a witness's cosignature
  audit timestamp [--tsa URL] an RFC 3161 timestamp of the newest checkpoint
  audit export|verify-export|flush|archive|redact|erase-identity|snapshot

Run "aura <command> --help" for a command's options.`;

function resolveCommand(argv: string[]): { module: string; rest: string[] } | null {
  if (argv.length >= 2 && COMMANDS[`${argv[0]} ${argv[1]}`]) return { module: COMMANDS[`${argv[0]} ${argv[1]}`], rest: argv.slice(2) };
  if (argv.length >= 1 && COMMANDS[argv[0]]) return { module: COMMANDS[argv[0]], rest: argv.slice(1) };
  return null;
}

export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write(HELP + '\n');
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === '--version') {
    process.stdout.write(require('../../package.json').version + '\n');
    return 0;
  }
  const found = resolveCommand(argv);
  if (!found) {
    process.stderr.write(`aura: unknown command "${argv.slice(0, 2).join(' ')}"\n\n${HELP}\n`);
    return 2;
  }
  const cmd = require(`./commands/${found.module}`) as Command;
  if (asksHelp(found.rest) && (cmd.HELP || cmd.USAGE)) {
    process.stdout.write((cmd.HELP ?? `usage: ${cmd.USAGE}`) + '\n');
    return 0;
  }
  try {
    return await cmd.run(found.rest);
  } catch (err) {
    // node:util parseArgs refusals (unknown option, missing value) are usage errors, not
    // crashes: one place turns them into the command's usage line (its exported USAGE).
    let e = err;
    if (String((err as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')) {
      const help = `see: aura ${argv.slice(0, argv.length - found.rest.length).join(' ')} --help`;
      e = new AuraError((err as Error).message, cmd.USAGE ? `usage: ${cmd.USAGE}\n  ${help}` : help, 2);
    }
    process.stderr.write(formatError(e) + '\n');
    return (e as { exitCode?: number }).exitCode ?? 2;
  }
}

if (require.main === module) {
  // `aura … | head`: the reader left, so there is nobody to write to; end quietly with the
  // status a process killed by SIGPIPE has (what `cat` does), not with a stack trace
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(141);
    throw e;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(formatError(err) + '\n');
      process.exitCode = 2;
    },
  );
}
