/**
 * `loop dispatch` against a private tmux server (spec/substrate.md §5; acceptance 26–28, 30, 31):
 * text mode into Node fake agents that record every byte they receive, command mode into a real
 * bash and into a recorder, concurrency, and the refusals (nothing is sent when delivery fails).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { assertBuilt } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';
import { waitFor } from '../helpers/wait-for.js';
import { startRig, expectExit, waitAgentReady, waitScreen, type Rig } from './_lib.js';

let rig: Rig;
let p: TestProject;
const S = 'dp';
const id: Record<string, string> = {};
beforeAll(async () => {
  assertBuilt();
  rig = startRig();
  p = makeProject();
  rig.agentConfig('helper', { workMs: 2000 });
  expectExit(await rig.loop('up', ['--session', S, '--no-attach', '--web-cmd', 'pi', '--infra-cmd', 'pi'], { cwd: p.root }), 0);
  expectExit(await rig.loop('add-lane', ['--session', S, '--window', 'helper', '--harness', 'claude'], { cwd: p.root }), 0);
  expectExit(await rig.loop('add-lane', ['--session', S, '--window', 'rec', '--cmd', 'fake-agent'], { cwd: p.root }), 0);
  for (const x of rig.panes(S)) if (x.index === 0 || x.window === 'validate') id[x.index === 0 ? x.window : `${x.window}.${x.index}`] = x.id;
  await Promise.all(['web', 'infra', 'helper', 'rec'].map((l) => waitAgentReady(rig, l, id[l]!)));
});
afterAll(() => { rig.cleanup(); p.cleanup(); });

const dispatch = (args: string[], env: Record<string, string> = {}) => rig.loop('dispatch', ['--session', S, ...args], { env });
const count = (lane: string, ev: string): number => rig.events(lane).filter((e) => e.ev === ev).length;
const since = (lane: string, n: number) => rig.events(lane).slice(n);
const crlf = (s = ''): string => s.replace(/\r/g, '\n');
const rawAfter = (lane: string, n: number): string => since(lane, n).filter((e) => e.ev === 'raw').map((e) => e.text).join('');

describe('loop dispatch (text mode)', () => {
  it('delivers a single-line payload exactly once: one paste, one Enter; words are joined with single spaces', async () => {
    const n = rig.events('web').length;
    const r = expectExit(await dispatch(['web', 'hello', 'fleet  two']), 0);
    expect(r.stdout.trim()).toBe(`Dispatched to ${id.web}`);
    await waitFor(() => count('web', 'submit') > 0 && since('web', n).some((e) => e.ev === 'submit'), { what: 'web submit' });
    const ev = since('web', n).filter((e) => e.ev !== 'raw');
    expect(ev.filter((e) => e.ev === 'paste').map((e) => e.text)).toEqual(['hello fleet  two']);
    expect(ev.filter((e) => e.ev.startsWith('submit')).map((e) => [e.ev, e.text])).toEqual([['submit', 'hello fleet  two']]);
  });

  it('acceptance 27: a multi-line payload arrives as ONE bracketed paste and a single Enter submits it', async () => {
    const payload = 'line one\nline two\n  indented three';
    const n = rig.events('infra').length;
    const r = expectExit(await dispatch(['infra', payload, '--json']), 0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ contract_version: 1, session: S, lane: 'infra', target: id.infra, mode: 'text', delivered: true, confirmed: true });
    expect(typeof doc.elapsed_ms).toBe('number');
    await waitFor(() => since('infra', n).some((e) => e.ev === 'submit'), { what: 'infra submit' });
    await waitFor(() => since('infra', n).some((e) => e.ev === 'prompt'), { what: 'infra back at its prompt' });
    const ev = since('infra', n);
    const pastes = ev.filter((e) => e.ev === 'paste');
    expect(pastes).toHaveLength(1);
    expect(crlf(pastes[0]!.text)).toBe(payload);
    expect(ev.filter((e) => e.ev.startsWith('submit')).map((e) => crlf(e.text))).toEqual([payload]);
    // Outside the paste markers exactly one CR arrived: the Enter.
    const outside = rawAfter('infra', n).split('\x1b[200~').map((part, i) => (i === 0 ? part : part.slice(part.indexOf('\x1b[201~') + 6))).join('');
    expect(outside).toBe('\r');
  });

  it('--no-enter pastes without submitting; --interrupt sends Escape before the payload', async () => {
    const n = rig.events('rec').length;
    expectExit(await dispatch(['rec', 'draft only', '--no-enter']), 0);
    await waitFor(() => since('rec', n).some((e) => e.ev === 'paste'), { what: 'rec paste' });
    expect(since('rec', n).filter((e) => e.ev.startsWith('submit'))).toEqual([]);
    rig.t.run('send-keys', '-t', id.rec!, 'Enter'); // the draft is still in the composer: submit it by hand
    await waitFor(() => since('rec', n).some((e) => e.ev === 'submit'), { what: 'draft submitted' });
    expect(since('rec', n).find((e) => e.ev === 'submit')!.text).toBe('draft only');
    const m = rig.events('rec').length;
    expectExit(await dispatch(['rec', 'steer', 'now', '--interrupt']), 0);
    await waitFor(() => since('rec', m).some((e) => e.ev === 'submit'), { what: 'rec submit' });
    const order = since('rec', m).filter((e) => e.ev !== 'raw' && e.ev !== 'prompt').map((e) => e.ev);
    expect(order).toEqual(['escape', 'paste', 'submit']);
    expect(since('rec', m).find((e) => e.ev === 'submit')!.text).toBe('steer now');
  });

  it('--wait-ready holds the payload until a working lane reads idle again', async () => {
    const n = rig.events('helper').length;
    expectExit(await dispatch(['helper', 'first job', '--no-clear']), 0);
    await waitFor(async () => (await rig.loop('lane-status', [S, 'helper'])).stdout === 'working\n', { what: 'helper working', timeoutMs: 5000 });
    expectExit(await dispatch(['helper', 'second job', '--wait-ready', '--ready-timeout', '15'], { LOOP_DISPATCH_NO_CLEAR: '1' }), 0);
    await waitFor(() => since('helper', n).filter((e) => e.ev === 'submit').length === 2, { what: 'two submits', timeoutMs: 10_000 });
    const ev = since('helper', n).filter((e) => e.ev !== 'raw').map((e) => `${e.ev}${e.text === undefined ? '' : `:${e.text}`}`);
    expect(ev).toEqual(['paste:first job', 'submit:first job', 'prompt', 'paste:second job', 'submit:second job']);
  });

  it('acceptance 28: two concurrent dispatches to different lanes each deliver their own payload; no paste buffer remains', async () => {
    const a = rig.events('web').length;
    const b = rig.events('infra').length;
    const pa = 'for web\nonly web';
    const pb = 'for infra\nonly infra';
    const [ra, rb] = await Promise.all([dispatch(['web', pa]), dispatch(['infra', pb])]);
    expectExit(ra, 0);
    expectExit(rb, 0);
    await waitFor(() => since('web', a).some((e) => e.ev === 'submit') && since('infra', b).some((e) => e.ev === 'submit'), { what: 'both submits' });
    expect(since('web', a).filter((e) => e.ev === 'paste').map((e) => crlf(e.text))).toEqual([pa]);
    expect(since('infra', b).filter((e) => e.ev === 'paste').map((e) => crlf(e.text))).toEqual([pb]);
    expect(rig.t.run('list-buffers', '-F', '#{buffer_name}').trim()).toBe('');
  });
});

describe('loop dispatch (command mode)', () => {
  it("acceptance 26: the lane only ever sees `bash '<tmp>'; rm …` — never the payload bytes", async () => {
    const n = rig.events('rec').length;
    expectExit(await dispatch(['--mode', 'command', 'rec', 'echo', "it's"]), 0);
    await waitFor(() => since('rec', n).some((e) => e.ev === 'submit'), { what: 'rec got the line' });
    const raw = rawAfter('rec', n);
    expect(raw).not.toContain("it's");
    const m = /^bash '(\/[^']+)'; rm -rf '(\/[^']+)'\r$/.exec(raw);
    expect(m, JSON.stringify(raw)).not.toBeNull();
    const [, file, dir] = m!;
    expect(dirname(file!)).toBe(dir);
    // The recorder never runs it, so the temp file is still there to inspect: the payload + newline, mode 0600.
    expect(readFileSync(file!, 'utf8')).toBe("echo it's\n");
    expect(statSync(file!).mode & 0o777).toBe(0o600);
    rmSync(dir!, { recursive: true, force: true });
  });

  it('acceptance 26: an unbalanced quote does not strand the shell; the temp file is removed; the next command runs', async () => {
    const target = id.docs!;
    await waitScreen(rig, target, (s) => /^\$ ?$/m.test(s), 'docs shell prompt');
    expectExit(await dispatch(['--mode', 'command', 'docs', 'echo', "it's"]), 0);
    const screen = await waitScreen(rig, target, (s) => /unexpected EOF/.test(s) && /\n\$ ?\s*$/.test(s.trimEnd() + '\n'), 'bash error then a fresh prompt');
    expect(screen).not.toMatch(/^> /m); // no continuation prompt
    expect(screen).not.toContain("echo it's");
    const dir = /rm -rf '([^']+)'/.exec(screen)![1]!;
    await waitFor(() => !existsSync(dir), { what: 'the temp dir to be removed' });
    expectExit(await dispatch(['--mode', 'command', 'docs', 'echo', 'after-$((40+2))']), 0);
    await waitScreen(rig, target, (s) => /^after-42$/m.test(s), 'the next command ran');
  });
});

describe('loop dispatch refusals (nothing is sent)', () => {
  const snapshot = () => ['web', 'infra', 'helper', 'rec'].map((l) => count(l, 'raw')); // input bytes only

  it('acceptance 31: an unknown lane (or a mere prefix of one) exits 1 "Unknown lane or window"', async () => {
    const before = snapshot();
    const lanes = ['nosuch', 'hel', 'Web'];
    const rs = await Promise.all(lanes.map((lane) => dispatch([lane, 'payload'])));
    rs.forEach((r, i) => {
      expect(r.code, lanes[i]).toBe(1);
      expect(r.stderr).toContain(`Unknown lane or window: ${lanes[i]}`);
    });
    expect(snapshot()).toEqual(before);
  });

  it('acceptance 31: a missing session is non-zero; so is a server that is not running', async () => {
    const [r, dead] = await Promise.all([
      rig.loop('dispatch', ['--session', 'nope', 'web', 'payload']),
      rig.loop('dispatch', ['-L', `${rig.t.name}-none`, '--session', S, 'web', 'payload']),
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("tmux session 'nope' does not exist");
    expect(dead.code).not.toBe(0);
    expect(dead.stderr).toContain('no tmux server is running');
  });

  it('an unknown --mode, an empty payload and a missing session flag exit 1 before any keystroke', async () => {
    const before = snapshot();
    const [mode, empty, ns, usage] = await Promise.all([dispatch(['--mode', 'bogus', 'web', 'x']), dispatch(['web', '']), rig.loop('dispatch', ['web', 'x']), dispatch(['web'])]);
    expect(mode.code).toBe(1);
    expect(mode.stderr).toContain('Unknown mode: bogus');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('empty payload');
    expect(ns.code).toBe(1);
    expect(ns.stderr).toContain('--session');
    expect(usage.code).toBe(2);
    expect(snapshot()).toEqual(before);
  });

  it('a whitespace-only payload is refused like an empty one (exit 1) before any keystroke: no /clear, no Escape, copy mode kept', async () => {
    const before = snapshot();
    const escapes = count('rec', 'escape');
    const docs = rig.capture(id.docs!);
    rig.t.run('copy-mode', '-t', id.rec!);
    try {
      const rs = await Promise.all([
        dispatch(['web', '   ']),
        dispatch(['helper', '\n\t']), // an idle dynamic claude lane: /clear would come first
        dispatch(['rec', ' ', ' ', '--interrupt']), // words join to '   '; --interrupt would send Escape
        dispatch(['--mode', 'command', 'docs', ' \t ']),
        rig.loop('dispatch', ['--window', id.rec!, '\t\n']),
      ]);
      for (const r of rs) {
        expect(r.code, r.stderr).toBe(1);
        expect(r.stderr).toMatch(/^error: dispatch: empty payload \(only whitespace\)$/m);
      }
      expect(rig.t.run('display-message', '-p', '-t', id.rec!, '#{pane_in_mode}').trim()).toBe('1');
    } finally {
      rig.t.run('send-keys', '-X', '-t', id.rec!, 'cancel');
    }
    expect(snapshot()).toEqual(before);
    expect(count('rec', 'escape')).toBe(escapes);
    expect(rig.capture(id.docs!)).toBe(docs);
  });

  it('a payload with control characters (ESC, or the 8-bit CSI U+009B) is refused before any keystroke: --interrupt sends no Escape, --window none either', async () => {
    const before = snapshot();
    const escapes = count('rec', 'escape');
    const [esc, c1, win] = await Promise.all([
      dispatch(['rec', 'a\x1b[201~b', '--interrupt']),
      dispatch(['rec', 'x\u009b201~y', '--interrupt']),
      rig.loop('dispatch', ['--window', id.rec!, '--interrupt', 'z\x1b[201~']),
    ]);
    for (const r of [esc, c1, win]) {
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('control characters');
    }
    expect(snapshot()).toEqual(before);
    expect(count('rec', 'escape')).toBe(escapes);
  });

  // BUG (substrate/dispatch.ts deliver): a lane a person left in copy mode (scrolled back) swallows the
  // paste and the Enter, yet dispatch exits 0 with `delivered: true, confirmed: true` (the copy-mode
  // indicator counts as "the screen changed"). Contract: exit 0 = delivered. Fix: read #{pane_in_mode}
  // (add it to PANE_FORMAT) and leave the mode first (`send-keys -X -t <pane> cancel`), or refuse (exit 1).
  it('a lane left in copy mode either gets the payload or dispatch fails (never a silent exit 0)', async () => {
    expectExit(await rig.loop('add-lane', ['--session', S, '--window', 'scrolled', '--cmd', 'fake-agent'], { cwd: p.root }), 0);
    const pane = rig.panes(S).find((x) => x.window === 'scrolled')!.id;
    await waitAgentReady(rig, 'scrolled', pane);
    rig.t.run('copy-mode', '-t', pane);
    try {
      const r = await dispatch(['scrolled', 'while scrolled back']);
      if (r.code === 0) await waitFor(() => rig.events('scrolled').some((e) => e.ev === 'submit'), { what: 'the submit', timeoutMs: 3000 });
      else expect(rig.events('scrolled').filter((e) => e.ev === 'paste')).toEqual([]);
    } finally {
      try { rig.t.run('send-keys', '-X', '-t', pane, 'cancel'); } catch { /* not in a mode */ }
    }
  });
});

describe('loop dispatch: auto /clear, --window, --verify (spec §5 steps 4, 8; acceptance 29, 33, 34)', () => {
  const evs = (lane: string, n: number): string[] => since(lane, n).filter((e) => e.ev === 'paste' || e.ev === 'submit').map((e) => `${e.ev}:${e.text}`);

  it('acceptance 29: an idle dynamic claude lane gets /clear+Enter before the payload; --no-clear, the env and --interrupt send none; a base lane never', async () => {
    expectExit(await rig.loop('add-lane', ['--session', S, '--window', 'cl', '--harness', 'claude'], { cwd: p.root }), 0);
    const pane = rig.panes(S).find((x) => x.window === 'cl')!.id;
    await waitAgentReady(rig, 'cl', pane);
    let n = rig.events('cl').length;
    const r = JSON.parse(expectExit(await dispatch(['cl', 'job one', '--json']), 0).stdout) as { cleared: boolean };
    expect(r.cleared).toBe(true);
    await waitFor(() => evs('cl', n).length === 3, { what: 'clear, paste, submit' });
    expect(evs('cl', n)).toEqual(['submit:/clear', 'paste:job one', 'submit:job one']);
    for (const [args, env] of [[['--no-clear'], {}], [[], { LOOP_DISPATCH_NO_CLEAR: '1' }], [['--interrupt'], {}]] as Array<[string[], Record<string, string>]>) {
      await waitScreen(rig, pane, (x) => /accept edits on\s*$/.test(x.trimEnd()), 'cl idle again');
      n = rig.events('cl').length;
      expectExit(await dispatch(['cl', 'job two', ...args], env), 0);
      await waitFor(() => evs('cl', n).length === 2, { what: `paste+submit with ${args.join(' ') || JSON.stringify(env)}` });
      expect(evs('cl', n)).toEqual(['paste:job two', 'submit:job two']);
    }
    const w = rig.events('web').length;
    expectExit(await dispatch(['web', 'base lane job']), 0);
    await waitFor(() => evs('web', w).length === 2, { what: 'web paste+submit' });
    expect(evs('web', w)).toEqual(['paste:base lane job', 'submit:base lane job']);
  });

  it('acceptance 33: --window TARGET --wait-ready warns that wait-ready is ignored and still delivers; a bad target exits 1', async () => {
    const n = rig.events('rec').length;
    const r = expectExit(await rig.loop('dispatch', ['--window', `${S}:rec`, '--wait-ready', 'via', 'window']), 0);
    expect(r.stderr).toMatch(/warning: --wait-ready is ignored with --window/);
    expect(r.stdout).toBe(`Dispatched to ${id.rec}\n`);
    await waitFor(() => evs('rec', n).length === 2, { what: 'rec paste+submit' });
    expect(evs('rec', n)).toEqual(['paste:via window', 'submit:via window']);
    const bad = expectExit(await rig.loop('dispatch', ['--window', `${S}:nope`, 'x']), 1);
    expect(bad.stderr).toMatch(/^error: Unable to resolve tmux target: dp:nope/);
  });

  it('acceptance 34: --verify prints Dispatched to, the tail header and at most 5 non-blank pane lines; exit 0', async () => {
    const r = expectExit(await dispatch(['rec', 'verify me', '--verify']), 0);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines[0]).toBe(`Dispatched to ${id.rec}`);
    expect(lines[1]).toBe('--- pane tail after dispatch ---');
    expect(lines.length - 2).toBeGreaterThan(0);
    expect(lines.length - 2).toBeLessThanOrEqual(5);
    expect(r.stdout).toMatch(/verify me/);
  });
});
