import { describe, it, expect } from 'vitest';
import { assembleCheckpoint, projectCheckpoint, pendingSummary, sizeVerdict, sizeReport, COORD_MARKER_TEXT } from './assemble.js';

const PAGE = `# checkpoint\n\n## Current objective\nship it\n\n## Loop states\n- hand-written\n\n## Last compiled\nx\n${COORD_MARKER_TEXT}\n## Decision needed\n(none)\n\n### [2026-01-01T00:00:00Z] decision d-1 (pending)\n  weird   spacing \t\n`;

describe('projectCheckpoint', () => {
  it('emits the page verbatim without a usable ledger', () => {
    for (const l of [null, '', 'not json', '[]', '{}', '"x"']) expect(projectCheckpoint(PAGE, l)).toBe(PAGE);
  });
  it('projects loops from the ledger, keeps hand sections where the ledger is empty, copies below the marker byte-exact', () => {
    const ledger = JSON.stringify({ updated_at: '2026-01-02T00:00:00Z', loops: { b: { status: 'in-progress', branch: 'lane/b', artifacts: ['x', 'y'], commits: [] }, a: {} } });
    const out = projectCheckpoint(PAGE, ledger);
    expect(out).toContain('canonical loop ledger');
    expect(out).toContain('_ledger as-of: 2026-01-02T00:00:00Z_');
    expect(out).toContain('## Current objective\nship it\n');
    expect(out).toContain('- **b** — status=in-progress; branch=lane/b; artifacts=x,y\n- **a** — status=?');
    expect(out).toContain('## Open conflicts\n(none)\n');
    expect(out).not.toContain('Last compiled');
    expect(out.endsWith('\n\n' + PAGE.slice(PAGE.indexOf(COORD_MARKER_TEXT)))).toBe(true);
  });
  it('ledger objective and conflicts win; legacy conflicts key', () => {
    const out = projectCheckpoint('## Current objective\nold\n', JSON.stringify({ objective: 'new', conflicts: ['c1'] }));
    expect(out).toContain('## Current objective\nnew\n');
    expect(out).toContain('## Open conflicts\n- c1\n');
    expect(out).toContain('## Loop states\n(none)\n');
  });
});

describe('assembleCheckpoint', () => {
  it('orders header, checkpoint, index, pending summary; sizes are bytes/4 without the final newline', () => {
    const a = assembleCheckpoint({ header: 'H\n\n', checkpoint: 'C\n', index: 'I\n', ledgerRaw: null, pending: ['1-a-to-b.md'], processedCount: 3, logTail: ['## [2026-01-01] ingest | x'] });
    expect(a.text).toBe('H\n\n--- ops-wiki/checkpoint.md ---\nC\n\n--- ops-wiki/index.md ---\nI\n\n--- pending mailbox summary (scripts/loop-wiki-pending.sh) ---\npending: 1\n  1-a-to-b.md\nprocessed: 3\nlast log entries:\n  ## [2026-01-01] ingest | x\n');
    expect(a.bytes).toBe(Buffer.byteLength(a.text) - 1);
    expect(a.tokens).toBe(Math.floor(a.bytes / 4));
  });
  it('missing log', () => { expect(pendingSummary([], 0, null)).toBe('pending: 0\nprocessed: 0\nlast log entries:\n  (no ops-wiki/log.md)'); });
});

describe('size gates', () => {
  it('warns above 24000 and refuses above the ceiling', () => {
    expect(sizeVerdict(24_000)).toBe('ok');
    expect(sizeVerdict(24_001)).toBe('warn');
    expect(sizeVerdict(48_001)).toBe('refuse');
    expect(sizeVerdict(101, 100)).toBe('refuse');
    expect(sizeReport({ text: '', bytes: 200_000, tokens: 50_000 }).join('\n')).toMatch(/hard ceiling/);
  });
});
