/**
 * The idle-lane utilization prompt block (spec/engine.md §10.6, only when
 * `target_lane_utilization > 0`), pure: candidates are non-coord live lanes that are not busy plus
 * non-coord worktree lanes whose live status (if any) is not busy; a lane's routable backlog is the
 * tasks of its loop (`loop:` = the lane name) with status exactly `open` whose `depends_on` are all
 * `done`; lanes with a drive marker are left out. Returns "" when no lane qualifies.
 */
const BUSY = new Set(['working', 'awaiting-approval']);

export interface UtilInput {
  lanes: Array<{ lane: string; status: string; kind: string }>;
  worktreeLanes: string[];
  tasks: Array<{ id: string; status: string; loop: string | null; depends_on: unknown }>;
  marked: Set<string>;
  maxDispatches: number;
}

/** Routable idle lanes with their backlog ids, sorted by lane. */
export function routableIdle(u: UtilInput): Array<{ lane: string; status: string; kind: string; backlog: string[] }> {
  const status = new Map(u.tasks.map((t) => [t.id, t.status]));
  const ready = (t: UtilInput['tasks'][number]): boolean => {
    if (t.status !== 'open') return false;
    const d = t.depends_on;
    if (d === null || d === undefined || d === '') return true;
    if (!Array.isArray(d) || d.some((x) => typeof x !== 'string' || x.trim() === '')) return false;
    return d.every((x) => status.get(x as string) === 'done');
  };
  const live = new Map(u.lanes.map((l) => [l.lane, l]));
  const cands = new Map<string, { status: string; kind: string }>();
  for (const l of u.lanes) if (l.lane !== 'coord' && !BUSY.has(l.status)) cands.set(l.lane, { status: l.status, kind: l.kind });
  for (const w of u.worktreeLanes) {
    const l = live.get(w);
    if (w !== 'coord' && !(l && BUSY.has(l.status))) cands.set(w, { status: l?.status ?? 'unknown', kind: l?.kind ?? 'headless-worktree' });
  }
  return [...cands].filter(([lane]) => !u.marked.has(lane)).map(([lane, c]) => ({ lane, ...c, backlog: u.tasks.filter((t) => t.loop === lane && ready(t)).map((t) => t.id).sort() }))
    .filter((r) => r.backlog.length > 0).sort((a, b) => (a.lane < b.lane ? -1 : 1));
}

/** The block and its rubric, or "". */
export function utilizationBlock(u: UtilInput): string {
  const rows = routableIdle(u);
  if (!rows.length) return '';
  return [
    '--- idle lanes (route work here before stop) ---',
    ...rows.map((r) => `- lane=${r.lane} status=${r.status} kind=${r.kind} routable-backlog=${r.backlog.join(',')}`),
    '--- utilization rubric ---',
    '- Route work to these lanes before proposing `stop`: dispatch/steer for live agent lanes, `build` for worktree lanes, highest backlog first.',
    `- At most ${u.maxDispatches} dispatches per cycle. \`stop\` only when no idle lane has routable backlog. Never target coord.`,
  ].join('\n');
}
