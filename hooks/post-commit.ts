// Git hook entry point: appends the commit's entry and folds it into the commit.
import { postCommit } from '../lib/hooks/flow';
import { runHook } from '../lib/hooks/main';

runHook(postCommit);
