/**
 * An engine test bed: a private tmux server, a temp project (git + `loop init`) whose lanes are
 * described by a lane-config, the session brought up with `loop up`, and CLI runners bound to
 * them. `cleanup()` stops any daemon, kills the server and removes the project.
 */
import { join } from 'node:path';
import { writeFileSync, readFileSync, existsSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startTmux, type TestTmux } from './tmux.js';
import { makeProject, writeTask, type TestProject } from './project.js';
import { runCli, ROOT, type CliResult } from './cli.js';
import { waitFor } from './wait-for.js';

export const FIXTURE_BIN = join(ROOT, 'test', 'fixtures', 'bin');

export interface Bed {
  tmux: TestTmux;
  project: TestProject;
  root: string;
  session: string;
  /** A temp directory outside the project for test files (brain replies, call logs); removed by cleanup. */
  scratch: string;
  env: Record<string, string>;
  loop: (args: string[], env?: Record<string, string>) => Promise<CliResult>;
  engine: (args: string[], env?: Record<string, string>) => Promise<CliResult>;
  status: () => Promise<{ decision: { id: string; status: string; actions: Array<{ idx: number; status: string; classification: string; action: { kind: string; lane?: string; task?: string } }> } | null; lanes: Array<{ lane: string; status: string }>; engine: { state: string } }>;
  taskStatus: (id: string) => string | null;
  cleanup: () => Promise<void>;
}

export interface BedOptions {
  /** lane-config `lanes:` block (YAML) — default web + infra running the demo agent. */
  lanes?: string;
  /** extra `engine:` keys (YAML, indented by two spaces). */
  engine?: string;
  tasks?: Array<{ id: string; title: string; depends_on?: string[] }>;
  env?: Record<string, string>;
  up?: boolean;
}

export async function makeBed(o: BedOptions = {}): Promise<Bed> {
  const env = { DEMO_AGENT_WORK_S: '1', ...o.env };
  const tmux = startTmux({ pathPrepend: [FIXTURE_BIN], env });
  const project = makeProject();
  const session = 'bed';
  const lanes = o.lanes ?? '  web: { harness: demo, role: web }\n  infra: { harness: demo, role: infra }\n';
  writeFileSync(join(project.root, 'lane-config.yaml'), `lanes:\n${lanes}engine:\n  approval_mode: manual\n  poll_interval_s: 1\n  min_cycle_interval_s: 0\n${o.engine ?? ''}`);
  for (const t of o.tasks ?? []) writeTask(project, t.id, t.title, { depends_on: t.depends_on });
  // A cli brain in a test must never reach a real agent CLI: unless a test says otherwise, the
  // brain command is the fake brain, failing (no decision, no cost).
  const base = { LOOPDECK_TMUX_SOCKET: tmux.name, LOOP_SESSION: session, PATH: `${FIXTURE_BIN}:${process.env.PATH}`, LOOP_ENGINE_BRAIN_CMD: join(FIXTURE_BIN, 'fake-brain'), FAKE_BRAIN_MODE: 'fail', ...env };
  const loop = (args: string[], e: Record<string, string> = {}) => runCli('loop', [...args, '--project-root', project.root], { cwd: project.root, env: { ...base, ...e } });
  const engine = (args: string[], e: Record<string, string> = {}) => runCli('engine', [...args, '--project-root', project.root], { cwd: project.root, env: { ...base, ...e } });
  if (o.up !== false) try {
    const r = await loop(['up', '--session', session, '--no-attach', '--lane-config', 'lane-config.yaml', '--width', '160', '--height', '40']);
    if (r.code !== 0) throw new Error(`loop up failed: ${r.stderr}`);
    await waitFor(async () => {
      const s = await loop(['lane-status', '--json', '--all', session]);
      const j = JSON.parse(s.stdout) as { lanes: Record<string, { status: string }> };
      return j.lanes.web?.status === 'idle' && (!j.lanes.infra || j.lanes.infra.status === 'idle' || !lanes.includes('infra'));
    }, { timeoutMs: 15_000, what: 'demo lanes idle' });
  } catch (e) {
    tmux.kill();
    project.cleanup();
    throw e;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'loopdeck-scratch-'));
  const bed: Bed = {
    tmux, project, root: project.root, session, scratch, env: base, loop, engine,
    status: async () => JSON.parse((await engine(['status', '--json'])).stdout),
    taskStatus: (id) => {
      for (const dir of ['tasks', 'tasks/archive']) {
        const f = taskFile(join(project.root, dir), id);
        if (f) return /^status:\s*(\S+)/m.exec(readFileSync(f, 'utf8'))?.[1] ?? null;
      }
      return null;
    },
    cleanup: async () => {
      await engine(['stop']).catch(() => undefined);
      tmux.kill();
      project.cleanup();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
  return bed;
}

function taskFile(dir: string, id: string): string | null {
  if (!existsSync(dir)) return null;
  const f = readdirSync(dir).find((n) => n.startsWith(`${id}-`));
  return f ? join(dir, f) : null;
}
