/**
 * The decision panel (spec §9.5 "Decision queue"): the decision header, its critique, then per action
 * `<idx> <kind> <target> <classification> <status>` with every executable field on its own warning
 * line (`mode=command`, `payload=`, `cmd=`, `model=`, each ≤ 200 chars) and the gate's reasons, so
 * approval is never blind. Pure.
 */
import { actionTarget, type Action, type ActionRecord, type DecisionDoc } from '../../engine/protocol/decision.js';
import { esc, oneLine, paint } from './format.js';

/** Style tags for an action status. */
export function actionStatusStyles(status: string): string[] {
  switch (status) {
    case 'awaiting-approval': return ['yellow-fg'];
    case 'approved': case 'executed': case 'auto': return ['green-fg'];
    case 'rejected': return ['red-fg'];
    case 'failed': return ['bold', 'red-fg'];
    case 'executing': return ['cyan-fg'];
    case 'unknown': return ['magenta-fg'];
    default: return [];
  }
}

/** Style tags for a gate classification. */
export function classificationStyles(c: string): string[] {
  return c === 'safe' ? ['green-fg'] : c === 'destructive' ? ['yellow-fg'] : c === 'blocked' ? ['bold', 'red-fg'] : [];
}

const warn = (text: string): string => '    ' + paint(esc(text), 'yellow-fg');
const dim = (text: string): string => '    ' + paint(esc(text), 'grey-fg');

/** The executable and descriptive fields of one action, as indented lines. */
export function actionFields(a: Action): string[] {
  const out: string[] = [];
  switch (a.kind) {
    case 'dispatch': case 'steer':
      if (a.mode === 'command') out.push(warn('mode=command'), warn(`payload=${oneLine(a.payload)}`));
      else out.push(dim(`text=${oneLine(a.payload, 100)}`));
      if (a.kind === 'dispatch' && a.task) out.push(dim(`task=${a.task}`));
      if (a.kind === 'steer' && a.interrupt) out.push(warn('interrupt=true'));
      break;
    case 'add_lane':
      if (a.cmd) out.push(warn(`cmd=${oneLine(a.cmd)}`));
      if (a.model) out.push(warn(`model=${oneLine(a.model)}`));
      if (a.harness) out.push(dim(`harness=${a.harness}${a.role ? ` role=${a.role}` : ''}${a.auto_approve ? ' auto_approve' : ''}`));
      if (a.brief) out.push(dim(`brief=${oneLine(a.brief)}`));
      break;
    case 'build': out.push(dim(`brief=${oneLine(a.brief)}`)); break;
    case 'escalate': out.push(dim(`summary=${oneLine(a.summary)}`)); break;
    case 'task_status': out.push(dim(`task=${a.task} to=${a.to}`)); break;
    default: break;
  }
  return out;
}

/** One action: the summary line, its fields, the gate's reasons, an error, the rationale. */
export function actionLines(r: ActionRecord, ui: DecisionUi | null = null, pos = -1): string[] {
  const a = r.action;
  const pick = ui ? `${ui.focused && ui.cursor === pos ? '▸' : ' '}${r.status === 'awaiting-approval' ? (ui.marked.includes(r.idx) ? '[x] ' : '[ ] ') : '    '}` : '';
  const head = `${pick}${r.idx} ${esc(a.kind)} ${esc(actionTarget(a) ?? '-')} ${paint(esc(r.classification), ...classificationStyles(r.classification))} ${paint(esc(r.status), ...actionStatusStyles(r.status))}`;
  const out = [head, ...actionFields(a)];
  if (r.reasons.length) out.push('    ' + paint(esc(`gate: ${oneLine(r.reasons.join('; '))}`), r.classification === 'safe' ? 'grey-fg' : 'yellow-fg'));
  if (r.error) out.push('    ' + paint(esc(`error: ${oneLine(r.error)}`), 'bold', 'red-fg'));
  if (a.rationale) out.push(dim(`why: ${oneLine(a.rationale)}`));
  return out;
}

/** The decision panel's own UI state: action cursor (when focused) and the actions marked for approval. */
export interface DecisionUi { cursor: number; marked: readonly number[]; focused: boolean }

/** The whole panel for the snapshot's decision (pending, or the most recent one; offline: read from the store); null → placeholder. */
export function decisionLines(d: DecisionDoc | null, offline = false, ui: DecisionUi | null = null): string[] {
  if (!d) return [paint(offline ? '(no pending decision; the engine is off)' : '(no pending decision)', 'grey-fg')];
  const open = d.status === 'pending' || d.status === 'needs-human';
  const out = [
    `${paint(esc(d.id), 'bold')} [${paint(esc(d.status), ...(open ? ['bold', 'yellow-fg'] : ['grey-fg']))}] mode=${esc(d.approval_mode)}`,
    `critique: ${esc(oneLine(d.critique || '-', 400))}`,
  ];
  if (!d.actions.length) out.push(paint('(no actions)', 'grey-fg'));
  d.actions.forEach((r, i) => out.push(...actionLines(r, open ? ui : null, i)));
  if (d.decided_by) out.push(paint(esc(`${d.status} by ${d.decided_by}${d.decided_at ? ` at ${d.decided_at}` : ''}${d.reason ? `: ${oneLine(d.reason)}` : ''}`), 'grey-fg'));
  // Offline the decision is read from the store (read-only): the keys need a running engine.
  if (open && offline) out.push('', paint(esc(`engine off (read-only): engine start, or engine approve|reject ${d.id}`), 'bold'));
  else if (open) {
    const marked = ui?.marked.length ? `#${ui.marked.join(',#')}` : 'all';
    out.push('', paint(`y approve ${marked} · space mark · Y all · N reject`, 'bold'));
  }
  return out;
}
