// Git hook entry point: checks the intent (the message) and may refuse the commit in strict mode.
import { commitMsg } from '../lib/hooks/flow';
import { runHook } from '../lib/hooks/main';

runHook(() => commitMsg(process.argv[2]));
