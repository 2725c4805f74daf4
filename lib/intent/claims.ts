// What an intent CLAIMS about the change as a whole, read the way a reviewer reads a commit
// message (docs/intent.md): a cosmetic claim is a claim that the WHOLE change is cosmetic
// ("fix typo", "docs: …"), not a cosmetic word somewhere in it ("add backoff and update docs",
// "use the comments API"). Pure text rules, no delta: check.ts weighs the claims against it.

/** What a cosmetic claim says the change is; decides which edits still fit it. */
export type CosmeticKind = 'typo' | 'docs' | 'format' | 'style';

export interface Claims {
  /** the whole change claims to be cosmetic, and how; null when any part states more */
  cosmetic: { kind: CosmeticKind; words: string } | null;
  /** "refactor", "no behaviour change", `refactor:`: the change claims to keep behaviour */
  preservesBehaviour: string | null;
  /** the Conventional Commits type of the subject (lower case), if it has one */
  type: string | null;
  /** the clauses that state a change (subject parts and body bullets), for naming rules */
  clauses: string[];
}

// `type(scope)!: subject`. Types that claim no behaviour change, and the chore scopes that do.
const CONVENTIONAL = /^\s*([a-z]+)(?:\(([^)]*)\))?(!)?:\s+/i;
const COSMETIC_TYPES: Record<string, CosmeticKind> = { docs: 'docs', doc: 'docs', style: 'style' };
const COSMETIC_SCOPES: Record<string, CosmeticKind> = {
  fmt: 'format', format: 'format', formatting: 'format', prettier: 'format', lint: 'style', style: 'style',
  typo: 'typo', typos: 'typo', docs: 'docs', doc: 'docs', readme: 'docs', comments: 'docs', whitespace: 'format',
};

// A clause that starts with one of these words is cosmetic by itself ("reformat", "typo").
const COSMETIC_LEAD: Record<string, CosmeticKind> = {
  typo: 'typo', typos: 'typo', spelling: 'typo', misspelling: 'typo', misspellings: 'typo', respell: 'typo', proofread: 'typo',
  reword: 'typo', reworded: 'typo', rephrase: 'typo', rephrased: 'typo', wording: 'typo', grammar: 'typo',
  format: 'format', formatted: 'format', formatting: 'format', reformat: 'format', reformatted: 'format', reformatting: 'format',
  prettier: 'format', prettify: 'format', prettified: 'format', whitespace: 'format', 'white-space': 'format', reindent: 'format',
  indent: 'format', indentation: 'format', gofmt: 'format', black: 'format', rustfmt: 'format',
  lint: 'style', linting: 'style', style: 'style', cosmetic: 'style', cosmetics: 'style',
  docs: 'docs', doc: 'docs', documentation: 'docs', document: 'docs', documented: 'docs', comment: 'docs', comments: 'docs',
  docstring: 'docs', docstrings: 'docs', readme: 'docs', changelog: 'docs', jsdoc: 'docs', tsdoc: 'docs',
};
// Verbs that take a cosmetic object: "fix typo", "update docs", "clean up whitespace".
const EDIT_VERBS = new Set([
  'fix', 'fixed', 'fixes', 'fixing', 'correct', 'corrected', 'corrects', 'update', 'updated', 'updates', 'improve', 'improved',
  'improves', 'tidy', 'tidied', 'clean', 'cleaned', 'cleanup', 'polish', 'polished', 'add', 'added', 'adds', 'edit', 'edited',
  'tweak', 'tweaked', 'touch', 'remove', 'removed', 'removes', 'strip', 'stripped', 'trim', 'trimmed', 'run', 'ran', 'apply',
  'applied', 'expand', 'clarify', 'clarified', 'rewrite', 'rewrote', 'write', 'wrote', 'more', 'better', 'minor', 'small',
  'normalize', 'normalise', 'normalized', 'normalised', 'adjust', 'adjusted', 'sort', 'sorted', 'reorder', 'reordered',
  'refresh', 'refreshed', 'revise', 'revised', 'proofread',
]);
// Words that may stand between the verb and the cosmetic noun ("fix a few typos").
const FILLER = new Set(['a', 'an', 'the', 'some', 'few', 'minor', 'small', 'several', 'more', 'trailing', 'leading', 'code',
  'inline', 'stale', 'outdated', 'up', 'missing', 'broken', 'obvious', 'all', 'two', 'three', 'many', 'various', 'and', 'of',
  'in', 'on', 'to', 'for', 'auto', 'api', 'source', 'file', 'files', 'doc', 'lint', 'eslint', 'style', 'tslint', 'flake8']);
// After a cosmetic noun, only these keep it the thing claimed ("typo in README", "whitespace
// only"); any other word makes it an adjective of that word ("typo tolerance", "comments API",
// "style prop", "whitespace handling").
const AFTER_NOUN = new Set(['in', 'on', 'of', 'for', 'to', 'at', 'from', 'with', 'across', 'throughout', 'everywhere', 'only',
  'fix', 'fixes', 'fixed', 'cleanup', 'cleanups', 'change', 'changes', 'tweak', 'tweaks', 'update', 'updates', 'pass', 'nit',
  'nits', 'improvement', 'improvements', 'correction', 'corrections', 'error', 'errors', 'issue', 'issues', 'warning', 'warnings',
  'and', 'or', 'per', 'again', 'here', 'there', 'typo', 'typos', 'comment', 'comments', 'docs', 'readme', 'changelog']);
// Verbs among the cosmetic words. A formatting verb's object must be what one formats
// ("reformat tests", not "format string parser rejects …"); a wording or docs verb may take any.
const FORMAT_VERBS = new Set(['format', 'reformat', 'prettify', 'reindent', 'indent', 'lint', 'relint']);
const FORMAT_OBJECTS = new Set(['code', 'codebase', 'source', 'sources', 'file', 'files', 'test', 'tests', 'module', 'modules', 'the',
  'all', 'everything', 'imports', 'project', 'repo', 'repository', 'with', 'using', 'via', 'by', 'per', 'after', 'to', 'in', 'and',
  'prettier', 'black', 'gofmt', 'rustfmt', 'eslint', 'ruff', 'again', 'whole', 'entire', 'src', 'lib', 'scripts', 'tree',
  'tables', 'table', 'markdown', 'docs', 'readme', 'json', 'yaml', 'lists', 'headings', 'examples', 'comments']);
// "formatting of currency values", "style of the error page": how things are shown to users is
// behaviour, not the layout of the source.
const SHOWN = /^(values?|dates?|numbers?|output|currency|currencies|prices?|amounts?|timestamps?|times?|durations?|sizes?|bytes|logs?|errors?|messages?|names?|addresses|phone|percent(ages)?|money|totals?|floats?|decimals?|results?|responses?|pages?|buttons?|views?|screens?|dialogs?|modals?|components?|forms?|header|footer|layout|ui|cards?|menus?|links?|banners?|tooltips?|site|app|widgets?)$/;
const WORDING_VERBS = new Set(['reword', 'reworded', 'rephrase', 'rephrased', 'respell', 'proofread', 'document', 'documented']);

// "no behaviour change", "NFC", "refactor", "pure refactoring": claims that behaviour is kept.
const PRESERVES = /\b(refactor(?:s|ed|ing)?|no[- ](?:functional|behaviou?ral|logic|semantic)[- ]changes?|no[- ]behaviou?r[- ]changes?|nfc|non[- ]functional|restructur(?:e|ed|ing)|behaviou?r[- ]preserving)\b/i;

// Squash-merge "(#482)", "[JIRA-12]", "#482", "GH-12", emoji and leading punctuation carry no claim.
const NOISE = /(\(#\d+\)|\[[^\]]*\]|\b[A-Z][A-Z0-9]+-\d+\b|(?:^|\s)#\d+\b|\bgh-\d+\b|:[a-z0-9_+-]+:|[\p{Extended_Pictographic}\u{FE0F}\u{200D}])/giu;

const BULLET = /^\s*(?:[-*•+]|\d+[.)])\s+/;

/** The subject line and the change-stating clauses of a message. */
function clausesOf(intent: string): { subject: string; clauses: string[] } {
  const lines = intent.replace(/\r\n/g, '\n').split('\n');
  const subject = (lines.find((l) => l.trim() !== '') ?? '').trim().replace(BULLET, '');
  // Body bullets list changes; body prose explains them and claims nothing more.
  const bullets = lines.slice(lines.indexOf(lines.find((l) => l.trim() !== '') ?? '') + 1)
    .map((l) => (BULLET.test(l) ? l.replace(BULLET, '') : null))
    .filter((l): l is string => l !== null);
  const parts = [subject, ...bullets].flatMap((s) =>
    s.replace(CONVENTIONAL, '').replace(NOISE, ' ').split(/\s*(?:[;,&+]|\band\b|\bplus\b|\balso\b|\bthen\b|\bas well as\b|\s[-–—]\s|\.\s)\s*/i));
  return { subject, clauses: parts.map((c) => c.trim().replace(/[.!]+$/, '')).filter((c) => /[\p{L}\p{N}]/u.test(c)) };
}

const wordsOf = (s: string): string[] => s.toLowerCase().split(/[^\p{L}\p{N}_'-]+/u).filter(Boolean);

/** The cosmetic kind a clause claims, or null when the clause states something else. */
export function cosmeticClause(clause: string): CosmeticKind | null {
  const w = wordsOf(clause);
  if (w.length === 0) return null;
  const at = (i: number): CosmeticKind | null => {
    const k = COSMETIC_LEAD[w[i]];
    if (!k) return null;
    if (WORDING_VERBS.has(w[i])) return k;
    if (FORMAT_VERBS.has(w[i])) return w.slice(i + 1).every((x) => FORMAT_OBJECTS.has(x) || FILLER.has(x)) ? k : null;
    if ((k === 'format' || k === 'style') && (w[i + 1] === 'of' || w[i + 1] === 'for') && w.slice(i + 2, i + 5).some((x) => SHOWN.test(x))) return null;
    return i + 1 >= w.length || AFTER_NOUN.has(w[i + 1]) ? k : null;
  };
  const lead = at(0);
  if (lead) return lead;
  if (!EDIT_VERBS.has(w[0])) return null;
  // "fix typo", "update the docs", "clean up whitespace", "run prettier": the object is cosmetic
  for (let i = 1; i < Math.min(w.length, 6); i++) {
    const k = at(i);
    if (k) return k;
    if (!FILLER.has(w[i]) && !EDIT_VERBS.has(w[i])) return null;
  }
  return null;
}

// Types that state a behaviour change whatever their words say.
const BEHAVIOUR_TYPES = new Set(['feat', 'feature', 'perf', 'refactor', 'revert']);

// Messages that state no claim of their own: Git's merge and revert subjects, releases.
const NEUTRAL_SUBJECT = /^(merge (pull request|branch|remote-tracking branch|tag|commit|[0-9a-f]{7,})|revert\s+"|reapply\s+"|release\b|v?\d+\.\d+\.\d+)/i;

export function readClaims(intent: string): Claims {
  const { subject, clauses } = clausesOf(intent);
  const cc = CONVENTIONAL.exec(subject);
  const type = cc ? cc[1].toLowerCase() : null;
  const scope = cc?.[2]?.toLowerCase().trim() ?? '';
  let cosmetic: Claims['cosmetic'] = null;
  if (type && COSMETIC_TYPES[type]) cosmetic = { kind: COSMETIC_TYPES[type], words: `${cc![0].trim()}` };
  else if (type === 'chore' && COSMETIC_SCOPES[scope]) cosmetic = { kind: COSMETIC_SCOPES[scope], words: `${cc![0].trim()}` };
  else if (!BEHAVIOUR_TYPES.has(type ?? '') && !NEUTRAL_SUBJECT.test(subject) && clauses.length > 0) {
    // Otherwise the change is cosmetic only when EVERY clause is ("fix: typo in README" is).
    const kinds = clauses.map(cosmeticClause);
    if (kinds.every((k) => k !== null)) cosmetic = { kind: kinds[0]!, words: clauses.join('; ') };
  }
  const preserves = type === 'refactor' ? cc![0].trim() : (!cosmetic && !NEUTRAL_SUBJECT.test(subject) ? PRESERVES.exec(intent)?.[0] ?? null : null);
  return { cosmetic, preservesBehaviour: preserves, type, clauses };
}
