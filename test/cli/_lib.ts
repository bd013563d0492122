/**
 * Shared pieces of the real-tmux `loop` CLI tests: a private server with the Node fake agents of
 * test/fixtures/bin (and bin/agents) on its PATH, the CLI run against it (`-L <server>`), and small
 * readers for panes, options and the fake agents' JSON-lines logs. Not a test file (no `.test.ts`).
 */
import { mkdtempSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTmux, type TestTmux } from '../helpers/tmux.js';
import { runCli, ROOT, type CliResult } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait-for.js';

export const FAKE_BIN = join(ROOT, 'test', 'fixtures', 'bin');
/** Harness-named symlinks (`claude`, `pi`, `codex`) to the fake agent; kept out of FAKE_BIN so other suites never pick them up. */
export const FAKE_AGENTS = join(FAKE_BIN, 'agents');
export const DEMO_AGENT = join(ROOT, 'dist', 'demo', 'agent.js');

export interface Rig {
  t: TestTmux;
  /** Where the fake agents log (`<lane>.jsonl`) and read their config (`<lane>.json`). */
  agentDir: string;
  /** `loop <verb> -L <server> ...args`, with the fake bin dir on PATH (missing-binary checks). */
  loop: (verb: string | string[], args?: string[], opts?: { cwd?: string; env?: Record<string, string | undefined>; input?: string }) => Promise<CliResult>;
  /** Every pane of `session` in window then pane order. */
  panes: (session: string) => Array<{ window: string; windowId: string; index: number; id: string; cmd: string; path: string }>;
  capture: (target: string) => string;
  /** The fake agent's events for `lane`. */
  events: (lane: string) => Array<{ ev: string; text?: string; name?: string; argv?: string[] }>;
  /** Write the fake agent's config for `lane` (read when it starts). */
  agentConfig: (lane: string, cfg: Record<string, unknown>) => void;
  cleanup: () => void;
}

/** Start a private tmux server (fake agents on PATH, FAKE_AGENT_DIR and env set server-wide). */
export function startRig(env: Record<string, string> = {}): Rig {
  const agentDir = mkdtempSync(join(tmpdir(), 'loopdeck-agents-'));
  const t = startTmux({ pathPrepend: [FAKE_AGENTS, FAKE_BIN], env: { FAKE_AGENT_DIR: agentDir, ...env } });
  plainPrompt(t);
  const sep = '\x1f';
  return {
    t,
    agentDir,
    loop: (verb, args = [], opts = {}) => {
      const v = Array.isArray(verb) ? verb : [verb];
      return runCli('loop', [...v, '-L', t.name, ...args], { cwd: opts.cwd, input: opts.input, env: { PATH: t.env.PATH, LOOPDECK_TMUX_SOCKET: undefined, LOOP_SESSION: undefined, ...opts.env } });
    },
    panes: (session) => t.run('list-panes', '-s', '-t', `=${session}:`, '-F', ['#{window_name}', '#{window_id}', '#{pane_index}', '#{pane_id}', '#{pane_current_command}', '#{pane_current_path}'].join(sep))
      .trim().split('\n').filter(Boolean).map((l) => {
        const [window = '', windowId = '', index = '', id = '', cmd = '', path = ''] = l.split(sep);
        return { window, windowId, index: Number(index), id, cmd, path };
      }),
    capture: (target) => t.run('capture-pane', '-p', '-t', target),
    events: (lane) => {
      const f = join(agentDir, `${lane}.jsonl`);
      if (!existsSync(f)) return [];
      // Only complete lines: the agent may be mid-append.
      const text = readFileSync(f, 'utf8');
      return text.slice(0, text.lastIndexOf('\n') + 1).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { ev: string; text?: string; name?: string; argv?: string[] });
    },
    agentConfig: (lane, cfg) => writeFileSync(join(agentDir, `${lane}.json`), JSON.stringify(cfg)),
    cleanup: () => { t.kill(); rmSync(agentDir, { recursive: true, force: true }); },
  };
}

/**
 * Make every new pane's bash show the plain `$ ` prompt. startTmux() sets PS1 in the server's global
 * environment, but tmux runs `default-command` through `$SHELL -c`, and a non-interactive bash unsets
 * PS1 before exec'ing the pane's bash, which then shows `bash-5.2# ` (reads `unknown`, not `idle`).
 * Setting PS1 on the exec'd command line survives any `$SHELL`.
 */
export function plainPrompt(t: TestTmux): void {
  t.run('set', '-g', 'default-command', "exec env PS1='$ ' bash --norc --noprofile");
}

/** Window option of a window (its own value, no inheritance); '' when unset. */
export function windowOption(t: TestTmux, target: string, name: string): string {
  try { return t.run('show-options', '-w', '-v', '-t', target, name).replace(/\n$/, ''); } catch { return ''; }
}

/** Pane option of a pane (its own value); '' when unset. */
export function paneOption(t: TestTmux, target: string, name: string): string {
  try { return t.run('show-options', '-p', '-v', '-t', target, name).replace(/\n$/, ''); } catch { return ''; }
}

/** Wait until `target`'s screen satisfies `pred` (returns the screen). */
export function waitScreen(rig: Rig, target: string, pred: (screen: string) => boolean, what: string, timeoutMs = 10_000): Promise<string> {
  return waitFor(() => { const s = rig.capture(target); return pred(s) ? s : null; }, { timeoutMs, what, onTimeout: () => `screen of ${target}:\n${rig.capture(target)}` });
}

/** Wait until the fake agent in `lane` has drawn its prompt (it logs `start` first; the prompt follows). */
export async function waitAgentReady(rig: Rig, lane: string, target: string): Promise<void> {
  await waitFor(() => rig.events(lane).some((e) => e.ev === 'start'), { what: `fake agent ${lane} to start` });
  await waitScreen(rig, target, (s) => /fake-agent idle|accept edits on/.test(s), `fake agent ${lane} prompt`);
}

/** Fail with the CLI's output when the exit code is not `code`. */
export function expectExit(r: CliResult, code: number): CliResult {
  if (r.code !== code) throw new Error(`expected exit ${code}, got ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}
