/**
 * Filing a decision in the coordinator's part of ops-wiki/checkpoint.md (spec/engine.md §8.5,
 * spec/wiki-tasks-pm-deck.md §2.3): below the `<!-- coord-decisions -->` marker, everything
 * above it untouched byte for byte, old entries rotated into decisions-archive.md.
 */
import { join } from 'node:path';
import { fileBelowMarker } from '../../substrate/files/wiki.js';
import { describeError } from '../../substrate/errors.js';
import { actionTarget, type DecisionDoc } from '../protocol/decision.js';
import type { EngineContext } from '../context.js';

/** The entry text (spec §8.5). Pure. */
export function renderEntry(doc: DecisionDoc): string {
  const lines = [`### [${doc.decided_at ?? doc.created_at}] decision ${doc.id} (${doc.status})`, ''];
  // Quoted, so a critique line can never pass for an entry header (`### …`) or the marker.
  const crit = doc.critique.trim();
  if (crit) lines.push(...crit.split('\n').map((l) => (l ? `> ${l}` : '>')), '');
  for (const r of doc.actions) lines.push(`${r.idx}. ${r.action.kind} ${actionTarget(r.action) ?? (r.action.kind === 'task_status' ? r.action.task : '-')} [${r.classification}/${r.status}]: ${r.action.rationale.replace(/\s+/g, ' ').trim()}`);
  return lines.join('\n') + '\n';
}

/** File `doc` below the marker; a failure becomes an event, never an exception. */
export function fileDecision(ctx: EngineContext, doc: DecisionDoc): void {
  const wiki = join(ctx.root, 'ops-wiki');
  try {
    fileBelowMarker(join(wiki, 'checkpoint.md'), renderEntry(doc), { keep: ctx.config.checkpoint.keep_decisions, archivePath: join(wiki, 'decisions-archive.md') });
  } catch (e) {
    ctx.emit('error', { kind: 'wiki-file-failed', id: doc.id, error: describeError(e) });
  }
}
