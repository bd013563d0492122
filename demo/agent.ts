#!/usr/bin/env node
/**
 * The demo agent: a small program that behaves like an agent CLI for `npm run demo`. It says on
 * screen that it is a demo agent, not an AI. It shows an idle prompt; a pasted task (bracketed
 * paste, then Enter) makes it "work" for a few seconds with a spinner, append a note to its own
 * lane page `ops-wiki/lanes/<lane>.md`, write a mailbox message `done <task id>` to coord, and
 * return to its prompt. It only writes inside its partition (its lane page + new mailbox files).
 *
 * Env: LOOP_LANE (lane name; set by `loop up`/`add-lane`), LOOP_PROJECT_ROOT (default cwd),
 * DEMO_AGENT_WORK_S (seconds of "work", default 4).
 */
import { join } from 'node:path';
import { appendLanePage } from '../substrate/files/wiki.js';
import { writeMessage } from '../substrate/files/mailbox.js';

const lane = process.env.LOOP_LANE || 'lane';
const root = process.env.LOOP_PROJECT_ROOT || process.cwd();
const workS = Number(process.env.DEMO_AGENT_WORK_S ?? 4);
const SPIN = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

let composer = '';
let pasting = false;
let busy = false;
const out = (s: string): void => { process.stdout.write(s); };

function prompt(): void {
  out(`demo-agent idle · lane ${lane} · a demo agent, not an AI\r\n❯ `);
}

function drawComposer(): void {
  const lines = composer.split(/\r\n|\r|\n/).length;
  const shown = lines > 1 ? `[pasted ${lines} lines] ${composer.split(/\r\n|\r|\n/).filter(Boolean).pop()?.slice(-40) ?? ''}` : composer;
  out(`\r\x1b[2K❯ ${shown}`);
}

/** Find the task id in a pasted task file (`id: T0001`) or free text (`T0001`). */
export function taskId(text: string): string | null {
  const m = /^id:\s*(T\d{4})\s*$/m.exec(text) ?? /\b(T\d{4})\b/.exec(text);
  return m ? m[1]! : null;
}

async function work(text: string): Promise<void> {
  busy = true;
  const id = taskId(text);
  const what = id ?? 'the request';
  out('\r\n');
  const t0 = Date.now();
  let i = 0;
  while (Date.now() - t0 < workS * 1000) {
    const s = Math.floor((Date.now() - t0) / 1000);
    out(`\r\x1b[2K${SPIN[i++ % SPIN.length]} demo-agent working on ${what} (${s}s)`);
    await new Promise((r) => setTimeout(r, 120));
  }
  const now = new Date();
  appendLanePage(join(root, 'ops-wiki'), lane, `${what} — demo agent note`, [
    `- received ${text.split(/\r\n|\r|\n/).length} line(s) for ${what}`,
    `- pretended to work for ${workS}s (this is a demo agent, not an AI; nothing was changed)`,
  ], now);
  if (id) writeMessage(join(root, '.loop', 'messages'), { from: lane, to: 'coord', subject: `done ${id}`, body: `${id} finished by the demo agent in lane ${lane}. Nothing was verified: this is a demo.\n`, now });
  out(`\r\x1b[2K✓ ${what} done — noted in ops-wiki/lanes/${lane}.md${id ? ` and reported to coord (done ${id})` : ''}\r\n`);
  busy = false;
  prompt();
}

function onData(chunk: string): void {
  let s = chunk;
  while (s.length) {
    if (pasting) {
      const end = s.indexOf(PASTE_END);
      if (end < 0) { composer += s; break; }
      composer += s.slice(0, end);
      s = s.slice(end + PASTE_END.length);
      pasting = false;
      drawComposer();
      continue;
    }
    const start = s.indexOf(PASTE_START);
    const head = start < 0 ? s : s.slice(0, start);
    for (const ch of head) {
      if (ch === '\x03') { out('\r\n'); process.stdin.setRawMode?.(false); process.exitCode = 130; process.stdin.pause(); return; }
      if (ch === '\r' || ch === '\n') {
        const text = composer;
        composer = '';
        if (busy) continue;
        if (text.trim()) void work(text); else { out('\r\n'); prompt(); }
      } else if (ch === '\x7f') { composer = composer.slice(0, -1); drawComposer(); }
      else if (ch === '\x1b') { /* Escape: nothing to interrupt in a demo */ }
      else if (ch >= ' ') { composer += ch; drawComposer(); }
    }
    if (start < 0) break;
    s = s.slice(start + PASTE_START.length);
    pasting = true;
  }
}

if (process.stdin.isTTY) process.stdin.setRawMode(true);
process.stdin.setEncoding('utf8');
out('\x1b[?2004h');
out(`demo agent for lane ${lane} (project ${root})\r\n`);
prompt();
process.stdin.on('data', onData);
process.on('exit', () => out('\x1b[?2004l'));
