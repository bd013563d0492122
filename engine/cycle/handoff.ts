/**
 * Lane handoff (spec/engine.md §7, spec/wiki-tasks-pm-deck.md §2.3): before a drop, an idle agent
 * lane's screen is flushed into a `## Handoff state` section of its lane page (append-only, pane
 * text indented four spaces, never fenced); when a lane of that name is added again, its brief is
 * prefixed with a recovery preamble telling the successor to resume from that section and ack.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendLine, writeFileExclusive } from '../../substrate/files/atomic.js';

export const HANDOFF_HEADING = '## Handoff state';

/** The lane page path. */
export const lanePage = (root: string, window: string): string => join(root, 'ops-wiki', 'lanes', `${window}.md`);

/** Does the lane page carry a handoff section? Never throws. */
export function hasHandoff(root: string, window: string): boolean {
  try { const p = lanePage(root, window); return existsSync(p) && readFileSync(p, 'utf8').includes(HANDOFF_HEADING); } catch { return false; }
}

/** The handoff section text (pure): heading, bullets, pane tail indented 4 spaces. */
export function handoffSection(o: { window: string; harness: string; ts: string; worktree: string; tail: string }): string {
  const pane = o.tail.split('\n').map((l) => `    ${l}`.replace(/\s+$/, '')).join('\n');
  return [
    HANDOFF_HEADING, '',
    `### [${o.ts}] ${o.window} handoff — ${o.harness} (drop_lane flush)`, '',
    `- as-of: ${o.ts}`, `- harness: ${o.harness}`, `- working tree: ${o.worktree}`, '- pane tail at drop (indented, verbatim data):', '',
    pane, '',
  ].join('\n');
}

/** Append the section to the lane page, creating the page when missing. @throws on I/O errors. */
export function writeHandoff(root: string, section: { window: string; harness: string; ts: string; worktree: string; tail: string }): string {
  const p = lanePage(root, section.window);
  writeFileExclusive(p, `# lane: ${section.window}\n`);
  appendLine(p, handoffSection(section), { blankLineBefore: true });
  return p;
}

/** The recovery preamble for a successor lane (pure). */
export function recoveryPreamble(o: { window: string; mailboxDir: string; branch: string | null }): string {
  return [
    `You are taking over lane ${o.window} from a predecessor that was dropped.`,
    `First read the "${HANDOFF_HEADING}" section of ops-wiki/lanes/${o.window}.md and the active task, then resume the work.`,
    `Acknowledge by writing a mailbox message in ${o.mailboxDir} named <YYYYMMDD-HHMMSS>-${o.window}-to-coord.md whose frontmatter is:`,
    '---', `subject: re:handoff:${o.window}`, '---',
    ...(o.branch ? [`Your worktree and branch carry over: branch ${o.branch}.`] : []),
    '--- your brief ---',
  ].join('\n');
}
