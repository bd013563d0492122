import { describe, expect, it } from 'vitest';
import { decide, givingUpLine, isAiCommand, parseSeconds, restartLine, watchedSet, type LaneMemory } from './watchdog.js';
import type { PaneInfo, LaneOptions } from './tmux/panes.js';

const noOpts: LaneOptions = { lane: '', harness: '', model: '', role: '', kind: '', isolation: '', branch: '', cmd: '' };
let n = 0;
function pane(windowName: string, windowIndex: number, paneIndex: number, currentCommand: string, opts: Partial<LaneOptions> = {}): PaneInfo {
  n += 1;
  return { sessionName: 's', windowId: `@${windowIndex}`, windowIndex, windowName, paneId: `%${n}`, paneIndex, currentCommand, currentPath: '/r', panePid: n, dead: false, width: 80, height: 24, inMode: false, opts: { ...noOpts, ...opts } };
}

describe('watchdog (pure)', () => {
  it('AI commands: registry harness first tokens, not shells, watchers or cmd lanes', () => {
    for (const c of ['claude', 'claude --dangerously-skip-permissions', 'pi --model x', 'codex --config model=m', 'hermes chat --tui', "'/usr/bin/claude'", 'openclaw tui']) expect(isAiCommand(c), c).toBe(true);
    for (const c of ['tail -f x', 'bash', 'npm test', 'watch curl x', 'mprocs', '', 'claudex']) expect(isAiCommand(c), c).toBe(false);
    expect(isAiCommand('/usr/bin/node /x/agent.js', 'demo')).toBe(true); // recorded harness decides
    expect(isAiCommand('claude', 'cmd')).toBe(true); // a --cmd lane running claude is still an AI lane (first token)
    expect(isAiCommand('sleep 1', 'shell')).toBe(false);
  });

  it('acceptance 53 (decisions): max 2 → restart, restart, give up once, then nothing; a live sighting re-arms', () => {
    const dead = { cmd: 'claude', current: 'bash', harness: '' };
    let mem: LaneMemory | undefined;
    const kinds: string[] = [];
    for (let i = 0; i < 5; i++) { const d = decide(dead, mem, 2); kinds.push(d.verdict.kind); mem = d.mem; }
    expect(kinds).toEqual(['restart', 'restart', 'give-up', 'given-up', 'given-up']);
    const live = decide({ ...dead, current: 'node' }, mem, 2);
    expect(live).toEqual({ verdict: { kind: 'live' }, mem: { failures: 0, gaveUp: false } });
    expect(decide(dead, live.mem, 2).verdict).toEqual({ kind: 'restart', attempt: 1 });
    expect(decide(dead, undefined, 0).verdict.kind).toBe('give-up');
  });

  it('acceptance 54 (decision): a shell lane at a shell is left alone, forever', () => {
    const d = decide({ cmd: 'tail -f x', current: 'bash', harness: 'cmd' }, undefined, 3);
    expect(d.verdict.kind).toBe('shell-lane');
    expect(d.mem.failures).toBe(0);
    expect(decide({ cmd: 'tail -f x', current: '', harness: '' }, undefined, 3).verdict.kind).toBe('shell-lane'); // empty = bare shell
  });

  it('watched set: fixed web/infra/docs/validate-* with passed commands or recorded ones, then tagged dynamic lanes with a cmd', () => {
    const panes = [
      pane('coord', 0, 0, 'bash', { cmd: 'claude' }), // coord is never watched
      pane('web', 1, 0, 'bash'),
      pane('infra', 2, 0, 'node', { cmd: 'claude --dangerously-skip-permissions', harness: 'claude' }),
      pane('validate', 3, 0, 'bash'), pane('validate', 3, 1, 'bash'),
      pane('ops', 4, 0, 'bash', { cmd: 'claude' }),
      pane('dyn', 6, 0, 'bash', { lane: '1', cmd: 'pi', harness: 'pi' }),
      pane('nocmd', 7, 0, 'bash', { lane: '1' }),
      pane('handmade', 8, 0, 'bash', { cmd: 'claude' }), // not tagged
    ];
    const set = watchedSet(panes, { web: 'codex', 'validate-right': 'npm test' });
    expect(set.map((e) => [e.lane, e.cmd, e.current])).toEqual([
      ['web', 'codex', 'bash'], ['infra', 'claude --dangerously-skip-permissions', 'node'], ['validate-right', 'npm test', 'bash'], ['dyn', 'pi', 'bash'],
    ]);
    expect(set[2]!.target).toBe(panes[4]!.paneId);
  });

  it('JSONL lines: restart has no event key; giving-up does; quotes, backslashes and control characters are escaped', () => {
    const e = { lane: 'web', target: '%3', cmd: 'claude "x" \\ \t' };
    const r = restartLine('2026-01-01T00:00:00Z', 's', e);
    expect(Object.keys(JSON.parse(r))).toEqual(['timestamp', 'session', 'lane', 'target', 'cmd']);
    expect(JSON.parse(r).cmd).toBe(e.cmd);
    expect(Object.keys(JSON.parse(givingUpLine('t', 's', e)))).toEqual(['timestamp', 'event', 'session', 'lane', 'target', 'cmd']);
    expect(JSON.parse(givingUpLine('t', 's', e)).event).toBe('giving-up');
  });

  it('seconds parsing', () => {
    expect(parseSeconds('30')).toBe(30);
    expect(parseSeconds('0.5')).toBe(0.5);
    expect(parseSeconds('x')).toBeNull();
    expect(parseSeconds('-1')).toBeNull();
    expect(parseSeconds(undefined)).toBeNull();
    expect(parseSeconds('0', 0.1)).toBeNull();
  });
});
