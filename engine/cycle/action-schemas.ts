/**
 * Per-kind validation of decision actions (spec/engine.md §5.3): one zod schema per kind fills the
 * defaults, drops unknown keys and checks each field's type; `validateActionFields` adds the
 * required-field check and the lane-membership rules that need the snapshot. Pure: no I/O.
 * Messages carry no `action <idx> (<kind>)` prefix — parse-decision.ts adds it — and are written to
 * be pasted verbatim into the corrective re-prompt (spec §4.10 step 16).
 */
import { z } from 'zod';
import type { Action, ActionKind } from '../protocol/decision.js';
import { isKnownHarness, harnessNames } from '../../substrate/harness/registry.js';

/** The lanes a decision may name: snapshot lanes (may include coord) and ledger windows with a branch. */
export interface ParseContext { liveLanes: string[]; worktreeLanes: string[] }

export type FieldsResult = { ok: true; action: Action } | { ok: false; error: string };

/** Most characters (Unicode code points) in a payload or brief (spec §5.3 "text cap"). */
export const TEXT_CAP = 16384;
export const WINDOW_RE = /^[A-Za-z][A-Za-z0-9_-]+$/;
export const MODEL_RE = /^[A-Za-z0-9._:/-]+$/;
export const TASK_ID_RE = /^T\d{4}$/;
/** The coordinator lane: never the target of an action. */
export const COORD = 'coord';

/** A short, prompt-safe rendering of any value for error messages (strings quoted, cut at 60 chars). */
export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

/** Length in code points, counted only when the UTF-16 length could exceed the cap. */
function codePoints(s: string): number {
  if (s.length <= TEXT_CAP) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const isNonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/**
 * Control characters other than newline and tab: ESC could end a bracketed paste and CR press
 * Enter inside a lane, so brain text carrying them is refused outright.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARS = /[\x00-\x08\x0b-\x1f\x7f]/;
/** For one-line fields (names, commands): no control characters at all. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const LINE_CONTROL_CHARS = /[\x00-\x1f\x7f]/;
const controlError = (f: string, multiline: boolean) => `${f} contains a control character (${multiline ? 'only newline and tab are allowed' : 'it must be a single line'}); remove escape sequences and carriage returns`;

const str = (f: string) => z.custom<string>(isNonEmpty, { error: (iss) => `${f} must be a non-empty string (got ${show(iss.input)})` })
  .refine((s) => !CONTROL_CHARS.test(s), { error: controlError(f, true) });
const optStr = (f: string) => z.custom<string | null>((v) => v === null || isNonEmpty(v), { error: (iss) => `${f} must be a non-empty string or null (got ${show(iss.input)})` })
  .refine((s) => s === null || !LINE_CONTROL_CHARS.test(s), { error: controlError(f, false) }).default(null);
const text = (f: string) => str(f).refine((s) => codePoints(s) <= TEXT_CAP, { error: (iss) => `${f} is too long: ${codePoints(iss.input as string)} characters, at most ${TEXT_CAP} allowed` });
const bool = (f: string) => z.custom<boolean>((v) => typeof v === 'boolean', { error: (iss) => `${f} must be true or false (got ${show(iss.input)})` }).default(false);
const int = (f: string, dflt: number) => z.custom<number>((v) => typeof v === 'number' && Number.isSafeInteger(v), { error: (iss) => `${f} must be an integer (got ${show(iss.input)})` }).default(dflt);
const mode = z.custom<'text' | 'command'>((v) => v === 'text' || v === 'command', { error: (iss) => `mode must be "text" or "command" (got ${show(iss.input)})` }).default('text');
/** A lane/window target: non-empty, never coord (checked before membership, spec §5.3). */
const target = (f: string) => str(f).refine((s) => s !== COORD, { error: `${f} "coord" is the coordinator itself and can never be the target of an action` });
const windowName = (f: string) => target(f).refine((s) => WINDOW_RE.test(s), { error: (iss) => `${f} ${show(iss.input)} must match ${WINDOW_RE.source} (a letter, then at least one letter, digit, _ or -)` });
const taskId = (f: string) => z.custom<string>((v) => typeof v === 'string' && TASK_ID_RE.test(v), { error: (iss) => `${f} must be a task id like "T0042" (matching ${TASK_ID_RE.source}; got ${show(iss.input)})` });
const taskTo = z.custom<'in-progress' | 'review'>((v) => v === 'in-progress' || v === 'review', {
  error: (iss) => (iss.input === 'done' || iss.input === 'dropped'
    ? `only a human moves a task to done or dropped; use to: review when the work is ready for a human`
    : `to must be "in-progress" or "review" (got ${show(iss.input)})`),
});
const model = optStr('model').refine((m) => m === null || MODEL_RE.test(m), { error: (iss) => `model ${show(iss.input)} must match ${MODEL_RE.source} (letters, digits and . _ : / - only)` });

/** One schema per kind; output types are checked against the shared protocol types. */
export const ACTION_SCHEMAS = {
  dispatch: z.object({ kind: z.literal('dispatch'), lane: target('lane'), payload: text('payload'), rationale: str('rationale'), mode, wait_ready: bool('wait_ready'), task: taskId('task').nullable().default(null) }),
  steer: z.object({ kind: z.literal('steer'), lane: target('lane'), payload: text('payload'), rationale: str('rationale'), mode, interrupt: bool('interrupt'), wait_for_idle: bool('wait_for_idle'), expects_reply: bool('expects_reply'), reply_timeout_s: int('reply_timeout_s', 1800) }),
  add_lane: z.object({ kind: z.literal('add_lane'), window: windowName('window'), brief: text('brief'), rationale: str('rationale'), harness: optStr('harness'), cmd: optStr('cmd'), model, role: optStr('role'), auto_approve: bool('auto_approve'), worktree: z.custom<boolean>((v) => typeof v === 'boolean', { error: (iss) => `worktree must be true or false (got ${show(iss.input)})` }).optional() }),
  drop_lane: z.object({ kind: z.literal('drop_lane'), window: target('window'), rationale: str('rationale') }),
  stop: z.object({ kind: z.literal('stop'), rationale: str('rationale') }),
  escalate: z.object({ kind: z.literal('escalate'), summary: str('summary'), rationale: str('rationale') }),
  verify: z.object({ kind: z.literal('verify'), lane: windowName('lane'), rationale: str('rationale') }),
  build: z.object({ kind: z.literal('build'), window: windowName('window'), brief: text('brief'), rationale: str('rationale') }),
  task_status: z.object({ kind: z.literal('task_status'), task: taskId('task'), to: taskTo, rationale: str('rationale') }),
} satisfies { [K in ActionKind]: z.ZodType<Extract<Action, { kind: K }>> };

/** Required fields per kind (spec §5.3 table; `task_status` is loopdeck's own). */
export const REQUIRED_FIELDS: { readonly [K in ActionKind]: readonly string[] } = {
  dispatch: ['lane', 'payload', 'rationale'],
  steer: ['lane', 'payload', 'rationale'],
  add_lane: ['window', 'brief', 'rationale'],
  drop_lane: ['window', 'rationale'],
  stop: ['rationale'],
  escalate: ['summary', 'rationale'],
  verify: ['lane', 'rationale'],
  build: ['window', 'brief', 'rationale'],
  task_status: ['task', 'to', 'rationale'],
};

/** `a, b, c` sorted, coord left out (it is never a valid target), or `(none)`. */
function laneList(names: Iterable<string>): string {
  const list = [...new Set(names)].filter((n) => n !== COORD).sort();
  return list.length === 0 ? '(none)' : list.join(', ');
}

/** Lane-membership rules that need the snapshot (spec §5.3 "extra rules"); null when fine. */
function membership(a: Action, ctx: ParseContext): string | null {
  const live = new Set(ctx.liveLanes);
  const worktree = new Set(ctx.worktreeLanes);
  switch (a.kind) {
    case 'dispatch': case 'steer':
      if (live.has(a.lane)) return null;
      return worktree.has(a.lane)
        ? `lane ${show(a.lane)} is a headless worktree lane, not a live lane (only build/verify can use it); live lanes: ${laneList(live)}`
        : `lane ${show(a.lane)} is not a live lane; live lanes: ${laneList(live)}`;
    case 'drop_lane':
      return live.has(a.window) ? null : `window ${show(a.window)} is not a live lane; live lanes: ${laneList(live)}`;
    case 'add_lane':
      if (a.harness === null && a.cmd === null) return 'add_lane needs a harness or a cmd (or both)';
      if (a.harness !== null && !isKnownHarness(a.harness)) return `harness ${show(a.harness)} is not a registered harness; known: ${harnessNames().join(', ')}`;
      if (live.has(a.window)) return `window ${show(a.window)} is already a live lane; pick a new name (existing lanes: ${laneList([...live, ...worktree])})`;
      if (worktree.has(a.window)) return `window ${show(a.window)} is already a worktree lane; pick a new name (existing lanes: ${laneList([...live, ...worktree])})`;
      return null;
    case 'verify': case 'build': {
      const name = a.kind === 'verify' ? a.lane : a.window;
      if (live.has(name) || worktree.has(name)) return null;
      return `${a.kind === 'verify' ? 'lane' : 'window'} ${show(name)} is neither a live lane nor a worktree lane; valid lanes: ${laneList([...live, ...worktree])}`;
    }
    default:
      return null;
  }
}

/**
 * Validate the fields of one action mapping whose `kind` is already known (spec §5.3): required
 * fields present (missing ones listed, sorted), field types, defaults filled, unknown keys
 * dropped, coord refused, lane membership checked against `ctx`.
 * Returns `{ok: true, action}` with every field present, or `{ok: false, error}` (first problem,
 * no `action <idx>` prefix). Never throws.
 */
export function validateActionFields(kind: ActionKind, obj: Record<string, unknown>, ctx: ParseContext): FieldsResult {
  const missing = REQUIRED_FIELDS[kind].filter((f) => !Object.hasOwn(obj, f)).sort();
  if (missing.length > 0) return { ok: false, error: `missing required field${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}` };
  const parsed = ACTION_SCHEMAS[kind].safeParse({ ...obj, kind });
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? 'invalid action' };
  const action = parsed.data as Action;
  const problem = membership(action, ctx);
  return problem === null ? { ok: true, action } : { ok: false, error: problem };
}
