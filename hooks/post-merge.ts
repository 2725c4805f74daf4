// Git hook entry point: `git merge` runs post-merge, not post-commit, after a merge commit.
import { postMerge } from '../lib/hooks/flow';
import { runHook } from '../lib/hooks/main';

runHook(() => postMerge(process.argv[2]));
