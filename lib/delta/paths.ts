// The repository files a semantic delta touches. A file node names its file; a symbol node
// ("src/a.ts:Class.method") names the file before its last ':'. A parsed file whose symbols
// changed has only symbol nodes, so both kinds count. A move touches both paths.
import type { AstDelta } from '../entry/types';

export interface FileTouch {
  path: string;
  change: 'added' | 'removed' | 'modified';
}

const fileOf = (kind: string, path: string): string => (kind === 'file' ? path : path.slice(0, path.lastIndexOf(':')));

export function touchedFiles(delta: AstDelta): FileTouch[] {
  const out = new Map<string, FileTouch['change']>();
  for (const n of delta.nodes) {
    const path = fileOf(n.kind, n.path);
    if (n.kind === 'file') {
      out.set(path, n.change === 'added' ? 'added' : n.change === 'removed' ? 'removed' : 'modified');
      if (n.from) out.set(n.from, 'removed');
    } else {
      if (!out.has(path)) out.set(path, 'modified');
      if (n.from) {
        const from = fileOf(n.kind, n.from);
        if (!out.has(from)) out.set(from, 'modified');
      }
    }
  }
  return [...out].map(([path, change]) => ({ path, change }));
}
