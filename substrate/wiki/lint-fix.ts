/**
 * The mechanical part of the wiki lint (spec/wiki-tasks-pm-deck.md §7.1), `loop wiki-lint --fix`:
 * finds the five categories that can be found without judgement, auto-fixes ONLY ORPHAN (index
 * bullet) and MISSING-LINK (a bare page path becomes a link), queues CONTRADICTION and
 * SUSPECT-INSTRUCTION under `## Lint review queue` above the checkpoint marker, leaves STALE noted,
 * and logs `lint | <n> pages, <n> findings`. Writes go through the lint partition (substrate/wiki/partitions.ts).
 */
import { statSync } from 'node:fs';
import { join, dirname, relative, posix } from 'node:path';
import { readTextIfExists } from '../files/atomic.js';
import { appendLog, checkMarker, splitAtMarker } from '../files/wiki.js';
import type { FileProblem } from '../files/problems.js';
import { isImperative } from './provenance.js';
import { wikiPages } from './lint-prompt.js';
import { writeWiki } from './partitions.js';

export interface LintFinding { category: 'CONTRADICTION' | 'STALE' | 'ORPHAN' | 'MISSING-LINK' | 'SUSPECT-INSTRUCTION'; file: string; line: number; text: string; fixed: boolean; queued: boolean }

const LINK = /\[[^\]]*\]\(([^)\s]+)\)/g;
const BARE = /(?<![[(/\w.-])((?:lanes|loops|decisions)\/[A-Za-z0-9._-]+\.md)\b/g;

const isDir = (p: string): boolean => { try { return statSync(p).isDirectory(); } catch { return false; } };

/** Wiki-relative targets of the markdown links in `text` of page `rel` (external and anchors dropped). Pure. */
export function linksOf(rel: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(LINK)) {
    const t = (m[1] ?? '').split('#')[0] ?? '';
    if (t === '' || /^[a-z]+:/i.test(t)) continue;
    out.push(posix.normalize(posix.join(posix.dirname(rel), t)));
  }
  return out;
}

/** Lines outside any code fence, with 1-based numbers. Pure. */
function proseLines(text: string): Array<{ n: number; l: string }> {
  const out: Array<{ n: number; l: string }> = [];
  let fence: string | null = null;
  text.split('\n').forEach((l, i) => {
    const f = /^\s*(`{3,}|~{3,})/.exec(l);
    if (fence === null && f) { fence = f[1] ?? '```'; return; }
    if (fence !== null) { if (l.trim().startsWith(fence) && l.trim().replace(/[`~]/g, '') === '') fence = null; return; }
    out.push({ n: i + 1, l });
  });
  return out;
}

const SECTION_FOR: Record<string, string> = { lanes: '## Lanes', loops: '## Loops', decisions: '## Decisions' };

/** Add `- [rel](rel) — summary` to the index section for `rel`'s folder, replacing a `(…)` placeholder. Pure. */
export function addIndexBullet(index: string, rel: string, summary: string): string {
  const heading = SECTION_FOR[rel.split('/')[0] ?? ''] ?? '## Core';
  const bullet = `- [${rel}](${rel}) — ${summary}`;
  const lines = index.split('\n');
  const h = lines.findIndex((l) => l.trim() === heading);
  if (h < 0) { return `${index.replace(/\n*$/, '\n')}\n${heading}\n\n${bullet}\n`; }
  let end = h + 1;
  while (end < lines.length && !/^#{1,2} /.test(lines[end] ?? '')) end++;
  const ph = lines.slice(h + 1, end).findIndex((l) => /^\(.*\)$/.test(l.trim()));
  if (ph >= 0) { lines[h + 1 + ph] = bullet; return lines.join('\n'); }
  let last = end;
  while (last > h + 1 && (lines[last - 1] ?? '').trim() === '') last--;
  lines.splice(last, 0, bullet);
  return lines.join('\n');
}

/** Append queue bullets under `## Lint review queue` in `above` (created before the end), skipping ones already queued (compared without the date). Pure. */
export function addToReviewQueue(above: string, bullets: readonly string[]): string {
  const strip = (b: string): string => b.replace(/^- \[\d{4}-\d{2}-\d{2}\] /, '');
  const have = new Set(above.split('\n').filter((l) => l.startsWith('- [')).map(strip));
  const fresh = bullets.filter((b) => !have.has(strip(b)));
  if (!fresh.length) return above;
  const lines = above.replace(/\n*$/, '').split('\n');
  const h = lines.findIndex((l) => l.trim() === '## Lint review queue');
  if (h < 0) return `${lines.join('\n')}\n\n## Lint review queue\n\n${fresh.join('\n')}\n\n`;
  let end = h + 1;
  while (end < lines.length && !/^#{1,2} /.test(lines[end] ?? '')) end++;
  let last = end;
  while (last > h + 1 && (lines[last - 1] ?? '').trim() === '') last--;
  const ph = lines.slice(h + 1, last).findIndex((l) => l.trim() === '(none)');
  if (ph >= 0) { lines.splice(h + 1 + ph, 1); last--; }
  lines.splice(last, 0, ...fresh);
  return `${lines.join('\n')}\n\n`;
}

/**
 * Run the mechanical lint over `<root>/ops-wiki` (see the file header). `ledgerLoops` = the ledger's
 * `loops` (id → {status}) for STALE. A checkpoint.md with no marker or several is reported in
 * `problems` and left untouched (nothing is queued). A missing ops-wiki/ or one without pages is a
 * problem too, and then nothing at all is written. Returns the pages, findings and problems.
 */
export function runMechanicalLint(root: string, now: Date, ledgerLoops: Record<string, { status?: unknown }> = {}): { pages: number; findings: LintFinding[]; problems: FileProblem[] } {
  const wiki = join(root, 'ops-wiki');
  const findings: LintFinding[] = [];
  const problems: FileProblem[] = [];
  // No wiki (or an empty one): report and write nothing — never create ops-wiki/log.md or index.md.
  if (!isDir(wiki)) return { pages: 0, findings, problems: [{ file: wiki, message: 'missing ops-wiki/ directory; nothing linted (run `loop init`)' }] };
  const pages = wikiPages(wiki).map((p) => p.slice('ops-wiki/'.length));
  if (!pages.length) return { pages: 0, findings, problems: [{ file: wiki, message: 'no pages (*.md) under ops-wiki/; nothing linted' }] };
  const text = new Map(pages.map((p) => [p, readTextIfExists(join(wiki, p)) ?? '']));
  const date = now.toISOString().slice(0, 10);
  // ORPHAN: not reachable from index.md within two hops.
  const hop1 = new Set(linksOf('index.md', text.get('index.md') ?? ''));
  const reach = new Set(['index.md', ...hop1]);
  for (const p of hop1) for (const q of linksOf(p, text.get(p) ?? '')) reach.add(q);
  let index = text.get('index.md') ?? '# ops-wiki index\n';
  for (const p of pages) {
    if (reach.has(p) || p === 'decisions-archive.md') continue;
    const title = /^# (.*)$/m.exec(text.get(p) ?? '')?.[1]?.replace(/^loop:\s*/, '') ?? p;
    index = addIndexBullet(index, p, `${title} (added by wiki-lint)`);
    findings.push({ category: 'ORPHAN', file: `ops-wiki/${p}`, line: 1, text: 'not reachable from index.md within two hops; linked from the index', fixed: true, queued: false });
  }
  if (index !== (text.get('index.md') ?? '')) { writeWiki(wiki, { kind: 'lint' }, 'index.md', 'rewrite', index); text.set('index.md', index); }
  // MISSING-LINK: a bare page path in a lint-writable page becomes a relative link.
  for (const p of pages) {
    if (!/^(loops|decisions)\/|^index\.md$/.test(p)) continue;
    const src = text.get(p) ?? '';
    let changed = false;
    const out = src.split('\n').map((l, i) => {
      if (/^\s*(`{3,}|~{3,})/.test(l) || l.includes('`')) return l;
      return l.replace(BARE, (m: string) => {
        if (!text.has(m) || m === p) return m;
        changed = true;
        findings.push({ category: 'MISSING-LINK', file: `ops-wiki/${p}`, line: i + 1, text: `bare reference ${m} linked`, fixed: true, queued: false });
        return `[${m}](${relative(dirname(join(wiki, p)), join(wiki, m)).split('\\').join('/')})`;
      });
    }).join('\n');
    if (changed) writeWiki(wiki, { kind: 'lint' }, p, 'rewrite', out);
  }
  // CONTRADICTION, SUSPECT-INSTRUCTION (queued), STALE (noted).
  for (const p of pages) {
    if (p === 'log.md' || p === 'checkpoint.md') continue;
    for (const { n, l } of proseLines(text.get(p) ?? '')) {
      if (/^>\s*CONFLICT:/.test(l)) findings.push({ category: 'CONTRADICTION', file: `ops-wiki/${p}`, line: n, text: l.replace(/^>\s*/, '').trim(), fixed: false, queued: true });
      else if (isImperative(l)) findings.push({ category: 'SUSPECT-INSTRUCTION', file: `ops-wiki/${p}`, line: n, text: `"${l.trim().slice(0, 200)}"`, fixed: false, queued: true });
    }
    const loop = /^loops\/(.+)\.md$/.exec(p)?.[1];
    const want = loop ? ledgerLoops[loop]?.status : undefined;
    if (typeof want === 'string') {
      for (const { n, l } of proseLines(text.get(p) ?? '')) {
        const m = /^\s*(?:[-*]\s*)?\**status\**\s*[:=]\s*\**`?([a-z-]+)/i.exec(l);
        if (m && m[1] !== want) findings.push({ category: 'STALE', file: `ops-wiki/${p}`, line: n, text: `page says status ${m[1]}, ledger says ${want}`, fixed: false, queued: false });
      }
    }
  }
  const queued = findings.filter((f) => f.queued);
  const cp = join(wiki, 'checkpoint.md');
  const bad = checkMarker(cp);
  if (bad) { problems.push(bad); for (const f of queued) f.queued = false; }
  else if (queued.length) {
    const above = splitAtMarker(readTextIfExists(cp) ?? '').above;
    writeWiki(wiki, { kind: 'lint' }, 'checkpoint.md', 'above-marker', addToReviewQueue(above, queued.map((f) => `- [${date}] ${f.category}: ${f.text} (${f.file}:${f.line})`)));
  }
  appendLog(join(wiki, 'log.md'), 'lint', `${pages.length} pages, ${findings.length} findings`, now);
  return { pages: pages.length, findings, problems };
}
