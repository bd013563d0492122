/**
 * The deck's offline dashboard (engine/protocol/offline.ts) reads the engine's store read-only: the
 * pending decision (else the most recent one), recent events, asks and the cycle-latency history —
 * the same fields the engine's snapshot serves. Real SQLite; the store file is not modified, and a
 * project whose engine never ran gets no store created.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createContext } from '../../engine/context.js';
import { offlineSnapshot } from '../../engine/protocol/offline.js';
import { decisionLines } from '../../deck/state/select-decision.js';

let root: string | null = null;
afterEach(() => { if (root) rmSync(root, { recursive: true, force: true }); root = null; });
const src = (r: string) => ({ root: r, session: 's', socketName: `ldk-none-${process.pid}` });
const plain = (l: string): string => l.replace(/\{[^}]*\}/g, '');

describe('offline snapshot from the store', () => {
  it('shows the pending decision, then the most recent one, and the recent events', async () => {
    root = mkdtempSync(join(tmpdir(), 'ldk-offline-'));
    const ctx = createContext({ root, session: 's', out: () => undefined });
    ctx.emit('cycle-end', { outcome: 'idle', rc: 0, decision: null, duration_ms: 1234 });
    const id = 'd-20261121-100000-0';
    ctx.store.decisions.create({ id, created_at: ctx.ts(), status: 'pending', approval_mode: 'manual', brain: 'builtin', critique: 'route T0001', raw_text: '', actions: [{ action: { kind: 'dispatch', lane: 'web', payload: 'T0001', rationale: 'r', mode: 'text', wait_ready: false, task: 'T0001' }, classification: 'safe', reasons: [], status: 'awaiting-approval' }] });
    ctx.emit('decision-pending', { id });
    ctx.store.close();
    const db = join(root, '.loop/sessions/s/engine/engine.db');
    const before = readFileSync(db);

    const snap = await offlineSnapshot(src(root));
    expect(snap.source).toBe('offline');
    expect(snap.engine.state).toBe('off');
    expect(snap.decision).toMatchObject({ id, status: 'pending', critique: 'route T0001' });
    expect(snap.pending_decision).toMatchObject({ id, status: 'pending' });
    expect(snap.events.map((e) => e.type)).toEqual(['cycle-end', 'decision-pending']);
    expect(snap.history?.cycle_ms.at(-1)).toBe(1234);
    expect(snap.asks).toEqual([]);
    expect(readFileSync(db).equals(before)).toBe(true);
    // The deck's panel shows it read-only, with the way to act on it.
    const lines = decisionLines(snap.decision, true).map(plain);
    expect(lines[0]).toContain(id);
    expect(lines.at(-1)).toBe(`engine off (read-only): engine start, or engine approve|reject ${id}`);

    // Resolved: the most recent decision is shown (as the engine's snapshot does).
    const c2 = createContext({ root, session: 's', out: () => undefined });
    c2.store.db.prepare("UPDATE decisions SET status = 'rejected', decided_by = 'ann' WHERE id = ?").run(id);
    c2.store.close();
    expect((await offlineSnapshot(src(root))).decision).toMatchObject({ id, status: 'rejected' });
  });

  it('without a store: no decision, no events, and no store is created', async () => {
    root = mkdtempSync(join(tmpdir(), 'ldk-offline-'));
    const snap = await offlineSnapshot(src(root));
    expect(snap.decision).toBeNull();
    expect(snap.events).toEqual([]);
    expect(existsSync(join(root, '.loop/sessions/s/engine/engine.db'))).toBe(false);
    expect(decisionLines(null, true).map(plain)).toEqual(['(no pending decision; the engine is off)']);
  });
});
