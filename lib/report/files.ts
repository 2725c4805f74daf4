// The files of an evidence pack and the signed manifest that lists them.
export const PACK_FILES = ['report.html', 'report.json', 'log.jsonl'] as const;
export const MANIFEST_FILE = 'manifest.json';
export const PACK_FORMAT = 'aura-report-pack/1';
