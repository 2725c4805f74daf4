// What a commit's entry records about the software that made it (docs/governance.md
// "Provenance"). An agent key's entry records what the agent declared about itself
// (`author.agent`); a human key's entry records `author.via` when the environment shows a
// known coding agent or CI runner. Both come from environment variables, which any process
// can set or unset: they are hints that travel with the evidence, never proof.

/** Variables whose presence names a coding agent or a CI runner; each is documented in docs/governance.md. */
const DETECTORS: { name: string; test: (env: NodeJS.ProcessEnv) => boolean; variable: string }[] = [
  { name: 'claude-code', variable: 'CLAUDECODE=1', test: (e) => e.CLAUDECODE === '1' },
  { name: 'cursor-agent', variable: 'CURSOR_AGENT=1', test: (e) => e.CURSOR_AGENT === '1' },
  { name: 'gemini-cli', variable: 'GEMINI_CLI=1', test: (e) => e.GEMINI_CLI === '1' },
  { name: 'github-actions', variable: 'GITHUB_ACTIONS=true', test: (e) => e.GITHUB_ACTIONS === 'true' },
  { name: 'gitlab-ci', variable: 'GITLAB_CI=true', test: (e) => e.GITLAB_CI === 'true' },
  { name: 'ci', variable: 'CI=true', test: (e) => e.CI === 'true' || e.CI === '1' },
];

const AGENT_TOOLS = new Set(['claude-code', 'cursor-agent', 'gemini-cli']);
const MAX = 200;

/** A declared value as recorded: no control characters, at most MAX characters. */
const clean = (v: string | undefined): string | undefined => {
  const s = v?.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, MAX);
  return s ? s : undefined;
};

/** The detected environments, e.g. ["claude-code", "github-actions"] (a generic `ci` only when no named runner). */
export function detectEnvironment(env: NodeJS.ProcessEnv = process.env): { names: string[]; variables: string[] } {
  const hits = DETECTORS.filter((d) => d.test(env));
  const named = hits.some((d) => d.name !== 'ci' && !AGENT_TOOLS.has(d.name));
  const kept = hits.filter((d) => d.name !== 'ci' || !named);
  return { names: kept.map((d) => d.name), variables: kept.map((d) => d.variable) };
}

export interface Provenance {
  agent?: { model?: string; session?: string; tool?: string };
  via?: string[];
}

/** The author fields for an entry signed by a key of `kind` in `env`. */
export function provenance(kind: 'human' | 'agent', env: NodeJS.ProcessEnv = process.env): Provenance {
  const detected = detectEnvironment(env);
  if (kind === 'agent') {
    const tool = clean(env.AURA_AGENT_TOOL) ?? detected.names.find((n) => AGENT_TOOLS.has(n));
    const agent = { model: clean(env.AURA_AGENT_MODEL), session: clean(env.AURA_AGENT_SESSION), tool };
    for (const k of Object.keys(agent) as (keyof typeof agent)[]) if (agent[k] === undefined) delete agent[k];
    return Object.keys(agent).length ? { agent } : {};
  }
  return detected.names.length ? { via: detected.names } : {};
}
