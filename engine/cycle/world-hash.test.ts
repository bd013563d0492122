import { describe, it, expect } from 'vitest';
import { worldHash, type WorldFacts } from './world-hash.js';

const base: WorldFacts = {
  lanes: [{ lane: 'web', status: 'idle' }, { lane: 'infra', status: 'working' }],
  tasks: [{ id: 'T0001', status: 'open', depends_on: [] }],
  mailboxPending: ['a.md'], reports: ['r.md'], ledgerRaw: '{"loops":{}}', asks: ['d-1-0'], markers: ['build:web:{}'],
};

describe('world hash coverage (issue 4 item 9)', () => {
  it('is order-insensitive', () => {
    expect(worldHash({ ...base, lanes: [...base.lanes].reverse() })).toBe(worldHash(base));
  });
  it('changes with every fact: lanes, tasks, mailbox, reports, ledger, asks, markers', () => {
    const h = worldHash(base);
    const variants: Array<Partial<WorldFacts>> = [
      { lanes: [{ lane: 'web', status: 'working' }, { lane: 'infra', status: 'working' }] },
      { tasks: [{ id: 'T0001', status: 'in-progress', depends_on: [] }] },
      { tasks: [{ id: 'T0001', status: 'open', depends_on: ['T0002'] }] },
      { mailboxPending: [] }, { reports: ['r.md', 's.md'] }, { ledgerRaw: '{"loops":{"a":{}}}' }, { ledgerRaw: null },
      { asks: [] }, { markers: [] }, { markers: ['verify:web:{}'] }, { unknown: ['d-1#0'] },
    ];
    const seen = new Set([h]);
    for (const v of variants) { const x = worldHash({ ...base, ...v }); expect(seen.has(x), JSON.stringify(v)).toBe(false); seen.add(x); }
  });
});
