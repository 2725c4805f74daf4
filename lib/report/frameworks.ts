// Which report section is evidence for which control (COMPLIANCE.md has the same mapping, with
// what aura-hooks does not do), and the command that re-derives it from the repository.
import type { ReportData } from './types';

type Control = ReportData['frameworks'][number]['controls'][number];
const c = (control: string, title: string, evidence: string, sections: string[], command: string): Control => ({ control, title, evidence, sections, command });

export const FRAMEWORKS: ReportData['frameworks'] = [
  {
    framework: 'SOC 2 (Trust Services Criteria)',
    controls: [
      c('CC6.1', 'Logical access', 'Which keys could sign, who added and revoked them, every entry bound to a registered key; agent keys kept apart from human keys.', ['verification', 'signers', 'keys'], 'aura key list && aura audit verify --trust-genesis <genesis hash>'),
      c('CC7.2', 'System monitoring', 'A tamper-evident record of every change in the period, with the governance events (zones, reviews, overrides) it carries.', ['verification', 'activity', 'governance'], 'aura audit verify && aura audit export --format jsonl --since <since> --out FILE'),
      c('CC8.1', 'Change management', 'Each change with its intent and symbol-level delta; deletions with their authorization or the intent that named them; inconsistent intents; corrections.', ['activity', 'deletions', 'intents', 'supersedes', 'strict_periods', 'backfilled'], 'aura audit verify --range <base>..<head> && aura intent export --since <since>'),
    ],
  },
  {
    framework: 'ISO/IEC 27001:2022 Annex A',
    controls: [
      c('A.8', 'Technological controls (A.8.15 logging, A.8.25 secure development, A.8.32 change management)', 'The signed, hash-chained log of the period and every change in it.', ['verification', 'activity', 'deletions', 'intents'], 'aura audit verify --include-archives'),
      c('A.12', 'Operations security (2013 numbering: logging and monitoring, A.12.4)', 'Verification of the log and the commits it binds.', ['verification', 'backfilled'], 'aura audit verify --range <base>..<head>'),
      c('A.14', 'System development (2013 numbering: change control, A.14.2.2)', 'Strict-mode periods, authorized deletions and corrections.', ['strict_periods', 'deletions', 'supersedes'], 'aura intent export --since <since>'),
    ],
  },
  {
    framework: 'HIPAA Security Rule',
    controls: [
      c('§164.312(b)', 'Audit controls', 'Who changed the code, when and why, signed and verifiable.', ['verification', 'signers', 'activity'], 'aura audit verify && aura audit export --format syslog|otlp'),
    ],
  },
  {
    framework: 'EU AI Act (Regulation (EU) 2024/1689)',
    controls: [
      c('Art. 12', 'Record-keeping', 'Every change by an agent key, recorded automatically with its delta, and the agent policy entries.', ['agents', 'governance', 'activity'], 'aura audit verify && aura audit export --format jsonl --since <since> --out FILE'),
      c('Art. 14', 'Human oversight', 'Deletions need a human authorization in strict mode; strict-mode periods; human authorizations used by agent commits.', ['strict_periods', 'deletions', 'keys'], 'aura strict on && aura intent authorize-delete <symbol> --reason "…"'),
    ],
  },
];
