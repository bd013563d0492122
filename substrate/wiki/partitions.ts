/**
 * ops-wiki write partitions (spec/wiki-tasks-pm-deck.md §2.2): one writer per file, appends
 * preferred. `checkPartition` is the pure rule; `writeWiki` applies it and then writes through the
 * marker-rule and append-only helpers, so a refused write changes nothing.
 */
import { join, normalize } from 'node:path';
import { LoopError } from '../errors.js';
import { appendLine, writeFileAtomic } from '../files/atomic.js';
import { fileBelowMarker, rewriteAboveMarker } from '../files/wiki.js';
import { withFileLock } from '../files/lock.js';

/** Who writes: an implementation/validate/ops lane, the docs lane, the lint lane (acts for docs), the coordinator, the engine, or a tool (PM sync, metrics). */
export type WikiWriter = { kind: 'lane'; lane: string } | { kind: 'docs' } | { kind: 'lint' } | { kind: 'coord' } | { kind: 'engine' } | { kind: 'tool' };
/** append = add at the end; rewrite = replace the file; above-marker / below-marker = the two checkpoint regions. */
export type WikiWriteMode = 'append' | 'rewrite' | 'above-marker' | 'below-marker';

const who = (w: WikiWriter): string => (w.kind === 'lane' ? `lane ${w.lane}` : w.kind);

/**
 * Null when `writer` may write `rel` (a path relative to ops-wiki/) with `mode`, else the reason.
 * Rules: a lane → only `lanes/<itself>.md` (append or rewrite); docs and lint → `loops/`,
 * `decisions/`, `index.md` (any), `log.md` (append only), `checkpoint.md` (above-marker only), lint
 * also `.lint-scratchpad.md`; coord → `checkpoint.md` below-marker and appends to `loops/*.md`; the
 * engine → `checkpoint.md` below-marker, `decisions-archive.md`, appends to `lanes/*.md` (handoff)
 * and `log.md`; a tool → appends to `log.md`. `log.md` is never rewritten by anyone. Pure.
 */
export function checkPartition(writer: WikiWriter, rel: string, mode: WikiWriteMode): string | null {
  const p = normalize(rel).replace(/\\/g, '/');
  if (p.startsWith('../') || p.startsWith('/') || !p.endsWith('.md')) return `${p} is not a page inside ops-wiki/`;
  const isCheckpoint = p === 'checkpoint.md';
  if (isCheckpoint !== (mode === 'above-marker' || mode === 'below-marker')) return isCheckpoint ? 'checkpoint.md is written only above or below its marker' : `${mode} applies to checkpoint.md only`;
  if (p === 'log.md' && mode !== 'append') return 'log.md is append-only';
  const ok = ((): boolean => {
    switch (writer.kind) {
      case 'lane': return p === `lanes/${writer.lane}.md` && (mode === 'append' || mode === 'rewrite');
      case 'docs': case 'lint':
        return /^(loops|decisions)\/[^/]+\.md$/.test(p) || p === 'index.md' || p === 'log.md' || (isCheckpoint && mode === 'above-marker') || (writer.kind === 'lint' && p === '.lint-scratchpad.md');
      case 'coord': return (isCheckpoint && mode === 'below-marker') || (/^loops\/[^/]+\.md$/.test(p) && mode === 'append');
      case 'engine': return (isCheckpoint && mode === 'below-marker') || p === 'decisions-archive.md' || (/^lanes\/[^/]+\.md$/.test(p) && mode === 'append') || p === 'log.md';
      case 'tool': return p === 'log.md';
    }
  })();
  return ok ? null : `${who(writer)} may not ${mode === 'rewrite' ? 'rewrite' : `write (${mode})`} ops-wiki/${p} (spec §2.2 write partitions)`;
}

/**
 * Write `text` to `<wikiDir>/<rel>` as `writer` after checkPartition: append → one append-only write
 * (blank line before); rewrite → atomic replace; above-marker → rewriteAboveMarker; below-marker →
 * fileBelowMarker (keep = `keep`, default 10, archive = decisions-archive.md). Throws LoopError
 * `partition` (nothing written) or whatever the underlying writer throws.
 */
export function writeWiki(wikiDir: string, writer: WikiWriter, rel: string, mode: WikiWriteMode, text: string, opts: { keep?: number } = {}): void {
  const refused = checkPartition(writer, rel, mode);
  if (refused) throw new LoopError('partition', refused, { hint: 'write your own page or send a mailbox message instead' });
  const path = join(wikiDir, rel);
  // Appends and rewrites of one page take the page lock, so a rewrite composed from an older read
  // can never drop an append that landed meanwhile (the marker writers lock inside).
  if (mode === 'append') withFileLock(path, () => appendLine(path, text, { blankLineBefore: true }));
  else if (mode === 'rewrite') withFileLock(path, () => writeFileAtomic(path, text));
  else if (mode === 'above-marker') rewriteAboveMarker(path, text);
  else fileBelowMarker(path, text, { keep: opts.keep ?? 10, archivePath: join(wikiDir, 'decisions-archive.md') });
}
