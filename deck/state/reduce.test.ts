import { describe, expect, it } from 'vitest';
import { decision, dispatchRecord, lane, snapshot } from '../../test/deck/fixtures.js';
import { steerForm } from './forms.js';
import { reduce } from './reduce.js';
import { initialState, type DeckState } from './types.js';

const base = (): DeckState => initialState({ session: 'demo', root: '/tmp/p' });
const withSnap = (s = snapshot()): DeckState => reduce(base(), { type: 'snapshot.received', snapshot: s, at: 1000 });

describe('reduce', () => {
  it('applies a snapshot and selects the first lane', () => {
    const s = withSnap();
    expect(s.snapshot?.lanes).toHaveLength(3);
    expect(s.selectedLane).toBe('coord');
    expect(s.cursor).toBe(0);
    expect(s.receivedAt).toBe(1000);
    expect(s.pane.lane).toBe('coord');
  });

  it('moves the cursor within bounds and returns the same state at the edges', () => {
    let s = withSnap();
    s = reduce(s, { type: 'cursor.move', delta: 1 });
    expect(s.selectedLane).toBe('web');
    s = reduce(s, { type: 'cursor.move', delta: 5 });
    expect(s.selectedLane).toBe('infra');
    expect(reduce(s, { type: 'cursor.move', delta: 1 })).toBe(s);
    expect(reduce(base(), { type: 'cursor.move', delta: 1 }).cursor).toBe(0);
  });

  it('keeps the selected lane across refreshes, and clamps when it vanished', () => {
    let s = reduce(withSnap(), { type: 'cursor.move', delta: 2 });
    s = reduce(s, { type: 'snapshot.received', snapshot: snapshot({ lanes: [lane('new'), lane('coord'), lane('web'), lane('infra')] }), at: 2000 });
    expect(s.selectedLane).toBe('infra');
    expect(s.cursor).toBe(3);
    s = reduce(s, { type: 'snapshot.received', snapshot: snapshot({ lanes: [lane('a'), lane('b')] }), at: 3000 });
    expect(s.cursor).toBe(1);
    expect(s.selectedLane).toBe('b');
    s = reduce(s, { type: 'snapshot.received', snapshot: snapshot({ lanes: [] }), at: 4000 });
    expect(s.selectedLane).toBeNull();
  });

  it('records status changes the deck saw itself', () => {
    let s = withSnap();
    expect(s.laneSince.web).toEqual({ status: 'working', since: null });
    s = reduce(s, { type: 'snapshot.received', snapshot: snapshot({ lanes: [lane('coord'), lane('web', 'idle'), lane('infra', 'awaiting-approval')] }), at: Date.parse('2026-11-21T10:05:00Z') });
    expect(s.laneSince.web).toEqual({ status: 'idle', since: '2026-11-21T10:05:00.000Z' });
    expect(s.laneSince.coord?.since).toBeNull();
  });

  it('patches a lane on lane.changed and ignores a no-op', () => {
    const s = withSnap();
    const t = reduce(s, { type: 'lane.changed', lane: 'web', to: 'idle', at: '2026-11-21T10:01:00Z' });
    expect(t.snapshot?.lanes.find((l) => l.lane === 'web')).toMatchObject({ status: 'idle', changed_at: '2026-11-21T10:01:00Z' });
    expect(reduce(t, { type: 'lane.changed', lane: 'web', to: 'idle', at: 'x' })).toBe(t);
    expect(reduce(t, { type: 'lane.changed', lane: 'nope', to: 'idle', at: 'x' })).toBe(t);
  });

  it('cycles focus both ways', () => {
    let s = base();
    s = reduce(s, { type: 'focus.cycle', delta: 1 });
    expect(s.focus).toBe('decision');
    s = reduce(reduce(base(), { type: 'focus.cycle', delta: -1 }), { type: 'focus.cycle', delta: -1 });
    expect(s.focus).toBe('loops');
  });

  it('edits the focused form field only while a form is open', () => {
    let s = withSnap(snapshot({ decision: decision() }));
    expect(reduce(s, { type: 'form.input', text: 'x' })).toBe(s);
    s = reduce(s, { type: 'modal.open', modal: steerForm('web') });
    for (const ch of ['n', 'o', ' ', 'é']) s = reduce(s, { type: 'form.input', text: ch });
    s = reduce(s, { type: 'form.backspace' });
    s = reduce(s, { type: 'form.field', delta: 1 });
    s = reduce(s, { type: 'form.input', text: ' ' });
    expect(s.modal).toMatchObject({ at: 1, fields: [{ value: 'no ' }, { name: 'interrupt', value: 'y' }, { value: '' }] });
    s = reduce(s, { type: 'form.field', delta: -1 });
    s = reduce(s, { type: 'form.field', delta: -1 });
    expect(s.modal).toMatchObject({ at: 2 });
    s = reduce(s, { type: 'form.error', error: 'payload is empty' });
    expect(s.modal).toMatchObject({ error: 'payload is empty' });
    s = reduce(s, { type: 'form.toggle' });
    expect(s.modal).toMatchObject({ error: null, fields: [{}, {}, { value: 'y' }] });
    s = reduce(s, { type: 'modal.close' });
    expect(s.modal.kind).toBe('none');
    expect(reduce(s, { type: 'modal.close' })).toBe(s);
  });

  it('highlights cells that changed between snapshots, not on first sight', () => {
    let s = withSnap();
    expect(s.cellChanged.web).toEqual({});
    s = reduce(s, { type: 'snapshot.received', snapshot: snapshot({ lanes: [lane('coord'), lane('web', 'idle'), lane('infra', 'awaiting-approval')], restarts: { infra: 1 } }), at: 9000 });
    expect(s.cellChanged.web).toEqual({ status: 9000 });
    expect(s.cellChanged.infra).toEqual({ restarts: 9000 });
  });

  it('marks awaiting actions for approval and resets marks for a new decision', () => {
    const two = decision({ actions: [dispatchRecord(0, 'web'), dispatchRecord(1, 'infra', { status: 'executed' })] });
    let s = withSnap(snapshot({ decision: two }));
    s = reduce(s, { type: 'action.mark' });
    expect(s.marked).toEqual([0]);
    s = reduce(s, { type: 'action.cursor', delta: 5 });
    expect(s.actionCursor).toBe(1);
    expect(reduce(s, { type: 'action.mark' })).toBe(s);
    s = reduce(s, { type: 'snapshot.received', snapshot: snapshot({ decision: { ...two, id: 'd-2' } }), at: 2 });
    expect(s.marked).toEqual([]);
    expect(s.actionCursor).toBe(0);
  });

  it('streams transcript chunks and restarts on a new file', () => {
    let s = base();
    s = reduce(s, { type: 'transcript.chunk', path: '/e/brain/a.response.md', text: 'hel', at: 1 });
    s = reduce(s, { type: 'transcript.chunk', path: '/e/brain/a.response.md', text: 'lo', at: 2 });
    expect(s.transcript).toEqual({ path: '/e/brain/a.response.md', text: 'hello', at: 2, bytes: 5 });
    s = reduce(s, { type: 'transcript.chunk', path: '/e/brain/b.response.md', text: 'x'.repeat(70_000), at: 3 });
    expect(s.transcript.text).toHaveLength(64 * 1024);
    expect(s.transcript.bytes).toBe(70_000);
  });

  it('shows and expires toasts by their time to live', () => {
    let s = base();
    s = reduce(s, { type: 'toast.show', level: 'info', text: 'a', at: 0 });
    s = reduce(s, { type: 'toast.show', level: 'error', text: 'b', at: 0 });
    expect(s.toasts.map((t) => t.id)).toEqual([1, 2]);
    s = reduce(s, { type: 'toast.expire', now: 5000 });
    expect(s.toasts.map((t) => t.text)).toEqual(['b']);
    expect(reduce(s, { type: 'toast.expire', now: 5001 })).toBe(s);
    expect(reduce(s, { type: 'toast.expire', now: 20_000 }).toasts).toEqual([]);
  });

  it('keeps pane captures only for the selected lane', () => {
    const s = withSnap();
    expect(reduce(s, { type: 'pane.captured', lane: 'web', text: 'x', at: 't' })).toBe(s);
    const t = reduce(s, { type: 'pane.captured', lane: 'coord', text: '$ ls', at: 't' });
    expect(t.pane).toEqual({ lane: 'coord', text: '$ ls', capturedAt: 't', error: null });
    expect(reduce(t, { type: 'pane.captured', lane: 'coord', text: '$ ls', at: 't2' })).toBe(t);
    expect(reduce(t, { type: 'pane.failed', lane: 'coord', error: 'gone' }).pane.error).toBe('gone');
  });

  it('tracks the connection and returns the same state when nothing changed', () => {
    const s = reduce(base(), { type: 'connection.changed', status: 'offline', error: 'protocol mismatch: x', mismatch: true });
    expect(s.connection).toEqual({ status: 'offline', error: 'protocol mismatch: x', mismatch: true });
    expect(reduce(s, { type: 'connection.changed', status: 'offline', error: 'protocol mismatch: x', mismatch: true })).toBe(s);
    expect(reduce(s, { type: 'busy', what: null })).toBe(s);
  });
});
