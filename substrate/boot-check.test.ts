import { describe, expect, it } from 'vitest';
import { judgeBoot } from './boot-check.js';
import type { Slot, SlotPlan } from './config/slots.js';
import type { LaneState } from './observe.js';

const plan = (cmd = '', harness: string | null = null): SlotPlan => ({ cmd, harness, model: null, role: null });
const slots = (over: Partial<Record<Slot, SlotPlan>>): Record<Slot, SlotPlan> => ({
  coord: plan(), web: plan(), infra: plan(), 'validate-left': plan(), 'validate-right': plan(), 'ops-top': plan(), 'ops-bottom': plan(), docs: plan(), ...over,
});
const lane = (l: string, current: string): LaneState => ({ lane: l, kind: 'fixed', target: `%${l.length}`, window: l, windowId: '@1', harness: null, role: null, model: null, cmd: null, base: true, laneKind: 'standing', status: 'idle', currentCommand: current, tail: '' });

describe('judgeBoot (spec §1.9, AI lanes only)', () => {
  it('PASS for a live AI lane, FAIL (+ expected cmd) for one at a bare shell, FAIL for an unresolved pane, SKIP for non-AI slots; coord never probed', () => {
    const r = judgeBoot(slots({ coord: plan('claude'), web: plan('claude'), infra: plan('codex --x'), docs: plan('pi'), 'ops-top': plan('curl x') }),
      new Map([['web', lane('web', 'node')], ['infra', lane('infra', 'bash')]]));
    expect(r).toMatchObject({ checked: 3, failed: 2 });
    const text = r.lines.map((l) => `${l.stream}:${l.text}`);
    expect(text).toEqual([
      'out:[loop] boot-check results:',
      'out:  PASS  web             pane=%3 current=node',
      'err:  FAIL  infra           pane=%5 current=bash',
      'err:          expected harness from cmd: codex --x',
      'out:  SKIP  ops-top         not an AI lane (cmd: curl x)',
      'err:  FAIL  docs            — could not resolve its pane',
      'err:[loop] boot-check: 2/3 lane(s) failed to launch',
      'err:[loop] boot-check: common causes: invalid model id, missing harness binary, wrong --flag',
    ]);
  });

  it('all live → "all N lane(s) live"; an empty process name reads <empty>; a harness recorded from lane-config counts as AI', () => {
    expect(judgeBoot(slots({ web: plan('/x/agent', 'demo') }), new Map([['web', lane('web', 'node')]])).lines.at(-1)!.text).toBe('[loop] boot-check: all 1 lane(s) live');
    expect(judgeBoot(slots({ web: plan('claude') }), new Map([['web', lane('web', '')]])).lines[1]!.text).toContain('current=<empty>');
  });
});
