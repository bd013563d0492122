/**
 * The deck's crash path in a real terminal (a tmux pane of a private server): an unhandled
 * exception restores the terminal, appends one line to the session's deck-crash.log (the only file
 * the deck writes) and exits 70.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, assertBuilt } from '../helpers/cli.js';
import { startTmux, type TestTmux } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait-for.js';

let tmux: TestTmux | null = null;
let root: string | null = null;
beforeAll(() => assertBuilt());
afterEach(() => {
  tmux?.kill();
  tmux = null;
  if (root) rmSync(root, { recursive: true, force: true });
  root = null;
});

/** Every file under `dir`, relative. */
function files(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name), base) : [join(dir, e.name).slice(base.length + 1)]));
}

describe('deck crash log (in tmux)', () => {
  it('logs one line, restores the terminal and exits 70', async () => {
    tmux = startTmux();
    root = mkdtempSync(join(tmpdir(), 'ldk-crash-'));
    // The exception is thrown 300 ms after the deck first writes its fleet panel, not at a fixed time after
    // start: a loaded machine can take longer than any fixed delay to draw the first frame. ("fleet"+" (": the
    // stack printed on the crash shows this source, and the screen must not show the panel title after exit.)
    const boom = 'data:text/javascript,const w=process.stdout.write.bind(process.stdout);let armed=false;process.stdout.write=(c,...a)=>{if(!armed&&String(c).includes("fleet"+" (")){armed=true;setTimeout(()=>{throw new TypeError("boom\\n  in   the deck")},300)}return w(c,...a)};';
    const cmd = `NCURSES_NO_UTF8_ACS=1 '${process.execPath}' --import '${boom}' '${BIN.deck}' --project-root '${root}' --session s -L ${tmux.name}-none; echo EXITED $?; sleep 30`;
    tmux.run('new-session', '-d', '-s', 'd', '-x', '100', '-y', '30', cmd);
    const t = tmux;
    await waitFor(() => t.run('capture-pane', '-p', '-t', 'd').includes('fleet ('), { what: 'the deck to draw', onTimeout: () => t.run('capture-pane', '-p', '-t', 'd') });
    const screen = await waitFor(() => { const s = t.run('capture-pane', '-p', '-t', 'd'); return s.includes('EXITED') ? s : null; }, { what: 'the deck to exit' });
    expect(screen).toContain('EXITED 70');
    expect(screen).not.toContain('fleet (');
    const log = join(root, '.loop', 'sessions', 's', 'engine', 'deck-crash.log');
    expect(existsSync(log)).toBe(true);
    expect(readFileSync(log, 'utf8')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ component=deck error=TypeError: boom in the deck\n$/);
    expect(files(root)).toEqual(['.loop/sessions/s/engine/deck-crash.log']);
  });
});
