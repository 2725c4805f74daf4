// Rules for credentials that neither secretlint's recommended preset nor gitleaks' rule set
// covers (checked against both at the versions in lib/secrets/gitleaks-rules.ts and
// package.json), in gitleaks' rule format so one scanner runs both. Keep this list short:
// add a rule here only for a provider the libraries lack, with a test in bench:secrets.
import type { GitleaksRule } from './gitleaks-types';

export const AURA_RULES: GitleaksRule[] = [
  {
    // Azure Storage connection strings: the account key is 64 random bytes in base64.
    id: 'azure-storage-connection-string',
    pattern: 'AccountKey=([A-Za-z0-9+/]{86}==)',
    flags: 'i',
    keywords: ['accountkey='],
    entropy: 4,
  },
  {
    // A password in a URL of the databases and brokers secretlint's connection-string rule
    // does not parse (it reads mongodb, mysql and postgres URLs).
    id: 'url-password',
    pattern: '\\b(?:rediss?|amqps?|mssql|sqlserver|redshift|clickhouse|cockroachdb|jdbc:[a-z0-9]+)://[^:/\\s@]*:([^@/\\s]{6,})@',
    flags: 'i',
    keywords: ['://'],
    entropy: 2.5,
  },
];
