// The one place the hooks hand a freshly appended entry to whatever else wants it
// (continuous export, lib/export). Kept as a single call site so wiring it is one edit.
import type { Entry } from '../entry/types';
import type { Repo } from '../repo';

export async function afterAppend(_repo: Repo, _entry: Entry): Promise<void> {
  // Wired by the lead to lib/export once it lands.
}
