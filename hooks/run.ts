// The JavaScript entry of every Git hook: hooks/dispatch.sh runs `node <this> <hook> <git's
// arguments…>` once its shell fast paths found work to do. `npm run build` also bundles this
// file with everything it loads into dist/hooks/run.bundle.js (scripts/bundle-hooks.mjs), the
// file the dispatcher prefers: one script to read and compile instead of dozens of modules.
import { runHook } from '../lib/hooks/main';

runHook(process.argv[2], process.argv.slice(3));
