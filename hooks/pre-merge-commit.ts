// Git hook entry point (stub: lib/hooks/stub.ts). Does work only with a pending intent or signed commits.
import { preCommit } from '../lib/hooks/flow';
import { runHook } from '../lib/hooks/main';

runHook(preCommit);
