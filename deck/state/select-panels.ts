/**
 * Pure selectors for the data panels: fleet, loops, tasks, mailbox, events and the pane tail.
 * Tables come out as a header plus pre-padded, colour-tagged rows (the views only display them).
 */
import type { LaneRow } from '../../engine/protocol/snapshot.js';
import { cell, clock, esc, oneLine, paint, sortedJson, width } from './format.js';
import type { DeckState } from './types.js';

export interface TableProps {
  header: string;
  rows: string[];
  /** Row to highlight (the fleet cursor), or null. */
  selected: number | null;
  /** Shown instead of rows when there are none. */
  empty: string;
}

/** blessed style tags for a lane status (spec §9.5: working yellow, awaiting-approval red, …). */
export function statusStyles(status: string): string[] {
  switch (status) {
    case 'working': return ['yellow-fg'];
    case 'awaiting-approval': return ['red-fg'];
    case 'idle': return ['green-fg'];
    case 'errored': return ['bold', 'red-fg'];
    case 'unknown': return ['grey-fg'];
    default: return [];
  }
}

interface Column<T> { title: string; min: number; max: number; value: (row: T) => string; styles?: (row: T) => string[] }

/** Lay rows out in columns sized to the data (between each column's min and max), two spaces apart. */
export function layoutTable<T>(cols: ReadonlyArray<Column<T>>, rows: readonly T[]): { header: string; rows: string[] } {
  const widths = cols.map((c) => Math.min(c.max, Math.max(c.min, width(c.title), ...rows.map((r) => width(c.value(r))))));
  const line = (cells: string[]): string => cells.join('  ').trimEnd();
  return {
    header: line(cols.map((c, i) => esc(cell(c.title, widths[i] ?? c.min)))),
    rows: rows.map((r) => line(cols.map((c, i) => paint(esc(cell(c.value(r), widths[i] ?? c.min)), ...(c.styles?.(r) ?? []))))),
  };
}

/** When the lane's status last changed: the engine's time, else the one the deck saw, else `-`. */
export function laneChangedAt(s: DeckState, l: LaneRow): string {
  return clock(l.changed_at ?? s.laneSince[l.lane]?.since ?? null);
}

/** How long a changed fleet cell stays highlighted (ms). */
export const HIGHLIGHT_MS = 5000;
/** Spinner frames for working lanes, one per SPIN_MS. */
export const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;
export const SPIN_MS = 200;

/** The deck's clock: the last tick, or the last snapshot when it is newer. */
export const refNow = (s: DeckState): number => Math.max(s.now, s.receivedAt ?? 0);

/** True while a lane's cell is inside its highlight window. */
export function cellFresh(s: DeckState, lane: string, cellName: string): boolean {
  const at = s.cellChanged[lane]?.[cellName];
  return at !== undefined && refNow(s) - at < HIGHLIGHT_MS;
}

/** True while something on screen moves with the clock (a spinner, a highlight): the app ticks only then. */
export function needsTick(s: DeckState): boolean {
  if (s.busy && s.busySince) return true; // the status bar counts how long the engine has not answered
  if (s.snapshot?.lanes.some((l) => l.status === 'working')) return true;
  const now = refNow(s);
  return Object.values(s.cellChanged).some((c) => Object.values(c).some((at) => now - at < HIGHLIGHT_MS));
}

const hl = (s: DeckState, l: LaneRow, c: string, base: string[] = []): string[] => (cellFresh(s, l.lane, c) ? [...base, 'inverse'] : base);

/** The fleet table: LANE, HARNESS, ROLE, STATUS (spinner while working), RST, CHANGED; changed cells inverse for 5 s. */
export function fleetTable(s: DeckState): TableProps {
  const lanes = s.snapshot?.lanes ?? [];
  const spin = SPINNER[Math.floor(refNow(s) / SPIN_MS) % SPINNER.length] ?? '*';
  const rst = (l: LaneRow): number => s.snapshot?.restarts?.[l.lane] ?? 0;
  const t = layoutTable<LaneRow>([
    { title: 'LANE', min: 4, max: 20, value: (l) => l.lane },
    { title: 'HARNESS', min: 7, max: 12, value: (l) => l.harness ?? '-', styles: (l) => hl(s, l, 'harness') },
    { title: 'ROLE', min: 4, max: 12, value: (l) => l.role ?? '-', styles: (l) => hl(s, l, 'role') },
    { title: 'STATUS', min: 6, max: 17, value: (l) => (l.status === 'working' ? `${spin} working` : l.status), styles: (l) => hl(s, l, 'status', statusStyles(l.status)) },
    { title: 'RST', min: 3, max: 4, value: (l) => (rst(l) ? String(rst(l)) : '-'), styles: (l) => hl(s, l, 'restarts', rst(l) ? ['yellow-fg'] : []) },
    { title: 'CHANGED', min: 8, max: 8, value: (l) => laneChangedAt(s, l), styles: (l) => hl(s, l, 'status') },
  ], lanes);
  return { ...t, selected: lanes.length ? s.cursor : null, empty: s.snapshot ? '(no lanes in this session)' : '(waiting for the first snapshot…)' };
}

/** The loops table from the ledger: ID, STATUS, BRANCH, NAME. */
export function loopsTable(s: DeckState): TableProps {
  const loops = s.snapshot?.loops ?? [];
  const t = layoutTable<(typeof loops)[number]>([
    { title: 'ID', min: 2, max: 16, value: (l) => l.id },
    { title: 'STATUS', min: 6, max: 12, value: (l) => l.status },
    { title: 'BRANCH', min: 6, max: 24, value: (l) => l.branch ?? '-' },
    { title: 'NAME', min: 4, max: 60, value: (l) => l.name ?? '-' },
  ], loops);
  return { ...t, selected: null, empty: '(no loops)' };
}

/** The tasks table: ID, STATUS, TITLE. */
export function tasksTable(s: DeckState): TableProps {
  const tasks = s.snapshot?.tasks ?? [];
  const t = layoutTable<(typeof tasks)[number]>([
    { title: 'ID', min: 2, max: 14, value: (x) => x.id },
    { title: 'STATUS', min: 6, max: 12, value: (x) => x.status, styles: (x) => (x.status === 'review' ? ['yellow-fg'] : x.status === 'in-progress' ? ['cyan-fg'] : []) },
    { title: 'TITLE', min: 5, max: 80, value: (x) => x.title },
  ], tasks);
  return { ...t, selected: null, empty: '(no tasks)' };
}

/** Mailbox lines: `<from> -> <to>  <subject>` per pending message, then `processed: <n>`. */
export function mailboxLines(s: DeckState): string[] {
  const mb = s.snapshot?.mailbox;
  if (!mb) return [];
  const lines = mb.pending.map((m) => esc(`${m.from ?? '?'} -> ${m.to ?? '?'}  ${oneLine(m.subject, 160)}`));
  return [...(lines.length ? lines : [paint('(no pending messages)', 'grey-fg')]), paint(`processed: ${mb.processed_count}`, 'grey-fg')];
}

/** The events ticker: input problems first (yellow), then `<time> #<seq> <type> <data json>`. */
export function eventLines(s: DeckState): string[] {
  const snap = s.snapshot;
  if (!snap) return [];
  const problems = snap.problems.map((p) => paint(esc(`! ${oneLine(p, 200)}`), 'yellow-fg'));
  const events = snap.events.map((e) => {
    const data = Object.keys(e.data ?? {}).length ? ` ${sortedJson(e.data)}` : '';
    return `${paint(clock(e.ts), 'grey-fg')} #${e.seq} ${paint(esc(e.type), 'bold')}${esc(oneLine(data, 200))}`;
  });
  if (!problems.length && !events.length) return [paint(snap.source === 'offline' ? '(no events: the engine is off)' : '(no events)', 'grey-fg')];
  return [...problems, ...events];
}

export interface PaneProps { title: string; text: string }

/** The live tail of the selected lane (plain text: the pane box does not parse tags). */
export function paneTail(s: DeckState): PaneProps {
  const lane = s.selectedLane;
  if (!lane) return { title: 'pane', text: '(no lane selected)' };
  const row = s.snapshot?.lanes.find((l) => l.lane === lane);
  const title = `pane: ${lane}${row ? ` (${row.status}, ${row.target})` : ''}`;
  if (s.pane.lane !== lane) return { title, text: '(capturing…)' };
  if (s.pane.error) return { title, text: `(capture failed: ${s.pane.error})` };
  if (!s.pane.capturedAt) return { title, text: '(capturing…)' };
  return { title, text: s.pane.text.trim() ? s.pane.text.replace(/\s+$/, '') : '(empty pane)' };
}
