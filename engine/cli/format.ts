/** Human renderings shared by engine verbs (not contractual; JSON is). */
import { actionTarget, type ActionRecord, type DecisionDoc } from '../protocol/decision.js';

const cut = (s: string, n: number): string => (s.length > n ? s.slice(0, n) + '…' : s);

/** spec/engine.md §16.3 action line: `<idx>. <kind> <target|-> [<class>/<status>]` + executable fields. */
export function actionLines(r: ActionRecord): string[] {
  const a = r.action;
  const tgt = actionTarget(a) ?? (a.kind === 'task_status' ? `${a.task}→${a.to}` : '-');
  const lines = [`${r.idx}. ${a.kind} ${tgt} [${r.classification}/${r.status}]`];
  const extra: string[] = [];
  if ((a.kind === 'dispatch' || a.kind === 'steer') && a.mode === 'command') extra.push('mode=command');
  if (a.kind === 'add_lane') { if (a.cmd) extra.push(`cmd=${cut(a.cmd, 200)}`); if (a.model) extra.push(`model=${a.model}`); }
  if (a.kind === 'dispatch' || a.kind === 'steer') extra.push(`payload=${cut(a.payload.replace(/\s+/g, ' '), 200)}`);
  if (a.kind === 'add_lane' && a.brief) extra.push(`payload=${cut(a.brief.replace(/\s+/g, ' '), 200)}`);
  if (extra.length) lines.push(`     ${extra.join(' ')}`);
  if (r.reasons.length) lines.push(`     gate: ${r.reasons.join('; ')}`);
  if (r.error) lines.push(`     error: ${r.error}`);
  return lines;
}

export function decisionLines(d: DecisionDoc): string[] {
  const out = [`decision ${d.id} (${d.status}, mode=${d.approval_mode}, brain=${d.brain})`];
  for (const l of d.critique.split('\n')) out.push(`  | ${l}`);
  for (const r of d.actions) for (const l of actionLines(r)) out.push(`  ${l}`);
  if (!d.actions.length) out.push('  (no actions)');
  return out;
}
