/**
 * The demo project: a git repo in a temp directory, scaffolded by `loop init`, with three tasks
 * (T0002 depends on T0001) and a lane-config whose implementation lanes run the demo agent.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { initProject } from '../substrate/scaffold.js';
import { renderTask } from '../substrate/files/tasks.js';

export const DEMO_TASKS = [
  { id: 'T0001', title: 'Add a health endpoint', deps: [] as string[], objective: 'Add GET /healthz returning 200 and the build version.' },
  { id: 'T0002', title: 'Document the health endpoint', deps: ['T0001'], objective: 'Describe /healthz in the operations guide, with an example response.' },
  { id: 'T0003', title: 'Add a CI job for the tests', deps: [] as string[], objective: 'Run the test suite on every push.' },
];

export function laneConfig(approval: 'manual' | 'auto'): string {
  return `# Demo lane-config: web and infra run the demo agent (not an AI).
lanes:
  web:   { harness: demo, role: web }
  infra: { harness: demo, role: infra }
engine:
  approval_mode: ${approval}
  poll_interval_s: 1
  min_cycle_interval_s: 1
  checkpoint_interval_s: 600
`;
}

/** Create the project; returns its root. */
export async function createDemoProject(approval: 'manual' | 'auto'): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'loopdeck-demo-'));
  const git = simpleGit({ baseDir: root });
  await git.init(['-q', '-b', 'main']);
  initProject(root);
  writeFileSync(join(root, 'lane-config.yaml'), laneConfig(approval));
  for (const t of DEMO_TASKS) {
    const slug = t.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    writeFileSync(join(root, 'tasks', `${t.id}-${slug}.md`), renderTask({
      id: t.id, title: t.title, status: 'open', depends_on: t.deps, scope: 'demo service',
      sections: {
        objective: t.objective,
        context: 'This is a demo project created by `npm run demo`. The lane that receives this task runs the demo agent, which only pretends to work.',
        deliverables: 'A note in your lane page and a mailbox message `done <id>` to coord.',
        acceptance: 'The demo agent reports done.',
        verification: 'A person reviews the task in `review` status.',
        outOfScope: 'Everything else.',
      },
    }));
  }
  await git.add('.');
  await git.raw(['-c', 'user.email=demo@loopdeck.invalid', '-c', 'user.name=loopdeck demo', 'commit', '-q', '-m', 'demo project']);
  return root;
}
