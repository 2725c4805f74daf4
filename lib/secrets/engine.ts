// The detection engine: secretlint's recommended preset (loaded only for text its pre-filter
// admits: loading it costs ~120 ms, bench:secrets) and gitleaks' provider rules for what the
// preset lacks (lib/secrets/gitleaks-scan.ts), and two of aura's own (lib/secrets/aura-rules.ts).
// Rule ids are "secretlint/<name>", "gitleaks/<id>" and "aura/<id>". secretlint's messages quote the secret, so only its rule ids and ranges are
// kept: nothing here returns or prints a secret's text (lib/secrets/finding.ts masks it).
import { gitleaksScan } from './gitleaks-scan';
import { SECRETLINT_PREFILTER } from './prefilter';

export interface RawFinding {
  rule: string;
  start: number; // offsets of the secret in the text (UTF-16 code units)
  end: number;
}

const SECRETLINT_PREFIX = '@secretlint/secretlint-rule-';

type LintSource = (o: { source: object; options: object }) => Promise<{ messages: { ruleId: string; range: readonly [number, number] }[] }>;
let secretlint: { lintSource: LintSource; config: object } | null = null;

function loadSecretlint(): { lintSource: LintSource; config: object } {
  if (!secretlint) {
    const { lintSource } = require('@secretlint/core') as { lintSource: LintSource };
    const preset = require('@secretlint/secretlint-rule-preset-recommend') as { creator: { meta: { id: string } } };
    secretlint = { lintSource, config: { rules: [{ id: preset.creator.meta.id, rule: preset.creator }] } };
  }
  return secretlint;
}

/** True once secretlint has been loaded in this process (bench:hooks and tests check laziness). */
export const secretlintLoaded = (): boolean => secretlint !== null;

const shortId = (ruleId: string): string =>
  ruleId.startsWith(SECRETLINT_PREFIX) ? 'secretlint/' + ruleId.slice(SECRETLINT_PREFIX.length) : ruleId;

/** Findings in one file's text, overlapping ones reported once (secretlint's first), in text order. */
export async function scanText(path: string, text: string, disabled: ReadonlySet<string> = new Set()): Promise<RawFinding[]> {
  const found: RawFinding[] = [];
  if (SECRETLINT_PREFILTER.test(text)) {
    const { lintSource, config } = loadSecretlint();
    const result = await lintSource({
      source: { content: text, filePath: path, contentType: 'text' },
      options: { config, maskSecrets: true, noPhysicFilePath: true },
    });
    for (const m of result.messages) found.push({ rule: shortId(m.ruleId), start: m.range[0], end: m.range[1] });
  }
  for (const h of gitleaksScan(text)) found.push({ rule: (h.aura ? 'aura/' : 'gitleaks/') + h.rule, start: h.start, end: h.end });
  const kept: RawFinding[] = [];
  for (const f of found) {
    if (disabled.has(f.rule)) continue;
    if (kept.some((k) => f.start < k.end && k.start < f.end)) continue;
    kept.push(f);
  }
  return kept.sort((a, b) => a.start - b.start);
}
