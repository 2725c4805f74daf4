// The review report as markdown (a PR comment) and as SARIF 2.1.0 (GitHub code scanning):
// one SARIF rule per finding kind (lib/review/kinds.ts), every result located in a file of
// the repository (a commit-level finding at the first file the commit changed).
import { KINDS, KIND_NAMES } from './kinds';
import type { ReviewReport } from './report';

const INFO_URI = 'https://github.com/aura-hooks/aura-hooks/blob/main/docs/review.md';

export function toMarkdown(r: ReviewReport): string {
  const lines = [`## aura pr-review: \`${r.range}\``, '', `${r.commits.length} commit${r.commits.length === 1 ? '' : 's'}, ${r.findings.length} finding${r.findings.length === 1 ? '' : 's'} (head ${r.head.slice(0, 12)})`, ''];
  if (r.findings.length) {
    lines.push('| kind | where | finding |', '|---|---|---|');
    const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
    for (const f of r.findings) {
      const where = f.path ? `\`${cell(f.path)}${f.line ? `:${f.line}` : ''}\`` : '';
      lines.push(`| ${KINDS[f.kind].level} ${f.kind} | ${where} | ${cell(f.message)} |`);
    }
    lines.push('');
  }
  lines.push('### Commits', '', '| commit | author | key | intent |', '|---|---|---|---|');
  for (const c of r.commits) {
    lines.push(`| ${c.sha.slice(0, 12)} | ${c.author} | ${c.key ? `${c.key.id} (${c.key.kind})` : '—'} | ${(c.intent ?? c.subject).replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
  }
  lines.push('', '### Symbols by directory', '', '| directory | added | modified | removed |', '|---|---|---|---|');
  for (const [dir, s] of Object.entries(r.summary.symbols).sort()) lines.push(`| ${dir} | ${s.added} | ${s.modified} | ${s.removed} |`);
  lines.push('', `Authors: ${r.summary.authors.join(', ') || '—'}. Keys: ${r.summary.keys.map((k) => `${k.id} (${k.kind})`).join(', ') || '—'}.`, '');
  return lines.join('\n');
}

export function toSarif(r: ReviewReport, toolVersion: string): object {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'aura pr-review',
            version: toolVersion,
            informationUri: INFO_URI,
            rules: KIND_NAMES.map((k) => ({
              id: k,
              name: KINDS[k].title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')),
              shortDescription: { text: KINDS[k].title },
              fullDescription: { text: KINDS[k].help },
              help: { text: KINDS[k].help },
              defaultConfiguration: { level: KINDS[k].level },
            })),
          },
        },
        versionControlProvenance: [{ repositoryUri: 'file:///', revisionId: r.head }],
        results: r.findings.map((f) => ({
          ruleId: f.kind,
          ruleIndex: KIND_NAMES.indexOf(f.kind),
          level: KINDS[f.kind].level,
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(f.path ?? '.aura/log.jsonl'), uriBaseId: '%SRCROOT%' },
                region: { startLine: f.line ?? 1 },
              },
              ...(f.symbol ? { logicalLocations: [{ fullyQualifiedName: f.symbol, kind: 'member' }] } : {}),
            },
          ],
          partialFingerprints: { auraFinding: `${f.kind}:${f.commit ?? ''}:${f.symbol ?? f.path ?? ''}:${f.line ?? ''}` },
          ...(f.commit ? { properties: { commit: f.commit } } : {}),
        })),
      },
    ],
  };
}
