/**
 * Filing a decision in the coordinator's part of ops-wiki/checkpoint.md (spec/engine.md §8.5,
 * spec/wiki-tasks-pm-deck.md §2.3): below the `<!-- coord-decisions -->` marker, everything
 * above it untouched byte for byte, old entries rotated into decisions-archive.md.
 */
import { join } from 'node:path';
import { fileBelowMarker, renderDecisionEntry } from '../../substrate/files/wiki.js';
import { describeError } from '../../substrate/errors.js';
import type { DecisionDoc } from '../protocol/decision.js';
import type { EngineContext } from '../context.js';

/** File `doc` below the marker; a failure becomes an event, never an exception. */
export function fileDecision(ctx: EngineContext, doc: DecisionDoc): void {
  const wiki = join(ctx.root, 'ops-wiki');
  try {
    fileBelowMarker(join(wiki, 'checkpoint.md'), renderDecisionEntry(doc), { keep: ctx.config.checkpoint.keep_decisions, archivePath: join(wiki, 'decisions-archive.md') });
  } catch (e) {
    ctx.emit('error', { kind: 'wiki-file-failed', id: doc.id, error: describeError(e) });
  }
}
