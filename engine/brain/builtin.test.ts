import { describe, it, expect } from 'vitest';
import { schedule } from './builtin.js';
import type { BrainContext } from './types.js';

const ctx = (over: Partial<BrainContext> = {}): BrainContext => ({
  lanes: [{ lane: 'web', status: 'idle', harness: 'demo', role: null, base: true, laneKind: 'standing' }, { lane: 'infra', status: 'idle', harness: 'demo', role: null, base: true, laneKind: 'standing' }],
  tasks: [{ id: 'T0001', title: 'a', status: 'open', depends_on: [], file: 'f', text: 'id: T0001' }, { id: 'T0002', title: 'b', status: 'open', depends_on: [], file: 'g', text: 'id: T0002' }],
  reports: [], assignments: {}, implementationLanes: ['web', 'infra'], maxDispatches: 4, problems: [], ...over,
});

describe('builtin brain and crash-interrupted dispatches', () => {
  it('routes ready tasks to idle lanes', () => {
    expect(schedule(ctx()).actions.filter((a) => a.kind === 'dispatch').map((a) => [a.kind === 'dispatch' && a.task, a.kind === 'dispatch' && a.lane])).toEqual([['T0001', 'web'], ['T0002', 'infra']]);
  });
  it('never re-sends a dispatch whose delivery is unknown, keeps its lane busy and says so', () => {
    const d = schedule(ctx({ uncertain: { T0001: 'web' } }));
    const dispatches = d.actions.filter((a) => a.kind === 'dispatch');
    expect(dispatches).toHaveLength(1);
    expect(dispatches[0]).toMatchObject({ task: 'T0002', lane: 'infra' });
    expect(d.critique).toMatch(/T0001's dispatch to web was interrupted by an engine crash/);
  });
});
