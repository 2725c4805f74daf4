// npm run bench:intent — the intent check against the labelled corpus (test/intent-corpus/):
// the confusion table of verdicts, false blocks (honest commits strict mode refuses; target 0)
// and missed lies (cases labelled to block that pass; target ≤ 2 %). --verbose lists every
// case whose verdict differs from its label. Exit 1 when a target is missed.
import { formatScore, loadCases, score } from '../test/intent-corpus/corpus';

const s = score(loadCases());
process.stdout.write(formatScore(s, process.argv.includes('--verbose')) + '\n');
process.exitCode = s.falseBlocks.length === 0 && s.missedLies.length <= 0.02 * s.lies ? 0 : 1;
