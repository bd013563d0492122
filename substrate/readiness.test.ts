import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LANE_STATUSES, classifyForHarness, classifyScreen, screenTail, type LaneStatus } from './readiness.js';

const SCREENS = fileURLToPath(new URL('../test/fixtures/screens/', import.meta.url));
const screen = (file: string): string => readFileSync(SCREENS + file, 'utf8');
const lines = (...ls: string[]): string => ls.join('\n');
const FOOTER = ['', '  ⏎ send   ⌃J newline', '  gpt-5.5 high · 98% context left', '  ~/src/shop', '  ?'];

/**
 * Screens of agent CLIs (test/fixtures/screens/<harness>-<state>.txt): the word with the harness's registry
 * markers, and with heuristics only (no harness). The demo agent's idle, working and done screens are real
 * captures (tmux capture-pane of dist/demo/agent.js); the other CLIs' screens are reconstructions, since no
 * agent CLI is installed here. pi and the demo agent have no approval UI.
 */
const FIXTURES: Record<string, { markers: LaneStatus; heuristics: LaneStatus; why?: string }> = {
  'claude-idle.reconstructed.txt': { markers: 'idle', heuristics: 'idle' },
  'claude-working.reconstructed.txt': { markers: 'working', heuristics: 'working' },
  'claude-approval.reconstructed.txt': { markers: 'awaiting-approval', heuristics: 'awaiting-approval' },
  'claude-error.reconstructed.txt': { markers: 'errored', heuristics: 'errored' },
  'codex-idle.reconstructed.txt': { markers: 'unknown', heuristics: 'unknown', why: 'codex idle needs LOOP_LANE_IDLE_HOME_PATTERN (§6.5)' },
  'codex-working.reconstructed.txt': { markers: 'working', heuristics: 'working' },
  'codex-approval.reconstructed.txt': { markers: 'awaiting-approval', heuristics: 'unknown', why: 'codex prompts with `›` and "Press enter to confirm": its approval marker only' },
  'codex-error.reconstructed.txt': { markers: 'errored', heuristics: 'errored' },
  'gemini-idle.reconstructed.txt': { markers: 'idle', heuristics: 'unknown', why: 'the composer placeholder is a gemini marker only' },
  'gemini-working.reconstructed.txt': { markers: 'working', heuristics: 'working' },
  'gemini-approval.reconstructed.txt': { markers: 'awaiting-approval', heuristics: 'working', why: '`⠏ Waiting for user confirmation...` is a braille line to the heuristics; the approval marker sees the prompt' },
  'gemini-error.reconstructed.txt': { markers: 'errored', heuristics: 'errored' },
  'pi-idle.reconstructed.txt': { markers: 'idle', heuristics: 'unknown', why: 'pi shows no prompt glyph; its idle marker is the footer context gauge' },
  'pi-working.reconstructed.txt': { markers: 'working', heuristics: 'working' },
  'pi-error.reconstructed.txt': { markers: 'errored', heuristics: 'errored' },
  'aider-idle.reconstructed.txt': { markers: 'idle', heuristics: 'unknown', why: 'aider prompts with `>`, not one of `$ % ❯`' },
  'aider-working.reconstructed.txt': { markers: 'working', heuristics: 'unknown', why: 'the waiting spinner is an aider marker only' },
  'aider-approval.reconstructed.txt': { markers: 'awaiting-approval', heuristics: 'unknown', why: '`(Y)es/(N)o` is aider\'s approval marker, not a §6.4 pattern' },
  'aider-error.reconstructed.txt': { markers: 'errored', heuristics: 'errored' },
  'opencode-idle.reconstructed.txt': { markers: 'idle', heuristics: 'unknown', why: 'the key hints `ctrl+p commands` are opencode\'s idle marker' },
  'opencode-working.reconstructed.txt': { markers: 'working', heuristics: 'unknown', why: '`esc interrupt` (no timer, no `Verb...`) is opencode\'s working marker' },
  'opencode-approval.reconstructed.txt': { markers: 'awaiting-approval', heuristics: 'unknown', why: '"Allow once  Allow always  Reject" is opencode\'s approval marker' },
  'opencode-error.reconstructed.txt': { markers: 'errored', heuristics: 'errored' },
  'demo-idle.txt': { markers: 'idle', heuristics: 'idle' },
  'demo-working.txt': { markers: 'working', heuristics: 'working' },
  'demo-done.txt': { markers: 'idle', heuristics: 'idle', why: 'back at its prompt after a task: the finished line must not read as working' },
  'demo-error.txt': { markers: 'idle', heuristics: 'idle', why: 'a Node crash trace pushes `Error:` out of BOTTOM and ends at `$`; observe.ts reads the bare shell as errored' },
};

describe('captured agent screens (test/fixtures/screens)', () => {
  it('has a row for every fixture file and a file for every row; only the demo screens are real captures', () => {
    expect(readdirSync(SCREENS).filter((f) => f.endsWith('.txt')).sort()).toEqual(Object.keys(FIXTURES).sort());
    for (const f of Object.keys(FIXTURES)) expect(f.endsWith('.reconstructed.txt'), f).toBe(!f.startsWith('demo-'));
  });

  for (const [file, want] of Object.entries(FIXTURES)) {
    const harness = file.slice(0, file.indexOf('-'));
    it(`${file}: ${want.markers} with ${harness} markers, ${want.heuristics} on heuristics${want.why ? ` (${want.why})` : ''}`, () => {
      expect(classifyForHarness(screen(file), harness)).toBe(want.markers);
      expect(classifyForHarness(screen(file), null)).toBe(want.heuristics);
    });
  }

  it('codex reads idle once LOOP_LANE_IDLE_HOME_PATTERN names its footer, and stays working/unknown otherwise', () => {
    const home = String.raw`gpt-5\.5.*·`;
    expect(classifyForHarness(screen('codex-idle.reconstructed.txt'), 'codex', home)).toBe('idle');
    expect(classifyForHarness(screen('codex-working.reconstructed.txt'), 'codex', home)).toBe('working');
    expect(classifyForHarness(screen('codex-approval.reconstructed.txt'), 'codex', home)).toBe('awaiting-approval');
  });

  it('Claude in default permission mode (`? for shortcuts` only) is idle with its markers, unknown on heuristics', () => {
    const text = screen('claude-idle.reconstructed.txt').replace('⏵⏵ accept edits on (shift+tab to cycle)', '? for shortcuts');
    expect(classifyForHarness(text, 'claude')).toBe('idle');
    expect(classifyForHarness(text, null)).toBe('unknown');
  });
});

describe('spec §15.2 classifier fixtures (same word with and without the named harness)', () => {
  const cases: [string, string, string, LaneStatus][] = [
    ['claude working', 'claude', lines('✻ Crunching… (12s · esc to interrupt)'), 'working'],
    ['claude idle', 'claude', lines('│ >  │', '? for shortcuts · accept edits on'), 'idle'],
    ['codex working + 5 footer lines', 'codex', lines('• Working (5s • esc to interrupt)', ...FOOTER), 'working'],
    ['pi working + 5 footer lines', 'pi', lines('⠙ Working…', ...FOOTER), 'working'],
    ['themed shell', 'shell', lines('ls', 'README.md', '➜  repo git:(main) ✗ '), 'idle'],
    ['bare $', 'shell', lines('echo hi', 'hi', '$ '), 'idle'],
    ['approval', 'claude', lines('Do you want to proceed?', '❯ 1. Yes', '  2. No'), 'awaiting-approval'],
    ['fatal', 'shell', lines('starting', 'FATAL: kaboom'), 'errored'],
  ];
  for (const [name, harness, text, want] of cases) {
    it(`${name} → ${want}`, () => {
      expect(classifyForHarness(text, harness)).toBe(want);
      expect(classifyForHarness(text, null)).toBe(want);
    });
  }

  it('`Running...` alone is working on heuristics but unknown for claude (its marker is preferred)', () => {
    expect(classifyForHarness('Running...', null)).toBe('working');
    expect(classifyForHarness('Running...', 'claude')).toBe('unknown');
  });

  it('an unknown harness name falls back to heuristics; empty input is unknown', () => {
    expect(classifyForHarness('Running...', 'cmd')).toBe('working');
    expect(classifyForHarness('', 'claude')).toBe('unknown');
    expect(classifyForHarness('\n  \n\n', null)).toBe('unknown');
  });
});

describe('acceptance 35–42', () => {
  it('35: a last line `$` is idle; `coverage 87%` and `user@host:~$` are unknown (quirk 5 kept)', () => {
    expect(classifyScreen(lines('make test', 'ok', '$'))).toBe('idle');
    expect(classifyScreen(lines('make test', 'coverage 87%'))).toBe('unknown');
    expect(classifyScreen(lines('make test', 'user@host:~$ '))).toBe('unknown');
  });

  it('36: an approval prompt in the bottom 5 beats a live timer line', () => {
    expect(classifyScreen(lines('✻ Thinking… (8s · esc to interrupt)', 'Do you want to proceed?', '❯ 1. Yes'))).toBe('awaiting-approval');
  });

  it('37: `FATAL:` as the last line beats idle chrome; 6+ lines above the bottom it does not count', () => {
    expect(classifyScreen(lines('⏵⏵ accept edits on (shift+tab to cycle)', 'FATAL: x'))).toBe('errored');
    expect(classifyScreen(lines('FATAL: x', 'a', 'b', 'c', 'd', 'e', '⏵⏵ accept edits on (shift+tab to cycle)'))).toBe('idle');
  });

  it('38: a timer + `esc to interrupt` line beats a `FATAL:` line (working precedes errored)', () => {
    expect(classifyScreen(lines('· Pondering… (3s · esc to interrupt)', 'FATAL: x'))).toBe('working');
  });

  it('39: `esc to interrupt` without a timer is not working on heuristics, but is for pi', () => {
    const text = lines('  esc to interrupt', '');
    expect(classifyForHarness(text, null)).not.toBe('working');
    expect(classifyForHarness(text, 'pi')).toBe('working');
  });

  it('40: `Web: ⠙ Working...` as the only spinner line is not working', () => {
    expect(classifyScreen(lines('Web: ⠙ Working...'))).not.toBe('working');
    expect(classifyScreen(lines('Infra: ✻ Crunching… (4s · esc to interrupt)', '$'))).toBe('idle');
  });

  it('40 (quirk 4 fixed): an echoed status line no longer vetoes a genuine spinner line', () => {
    expect(classifyScreen(lines('Web: ⠙ Working...', '⠹ Compiling the cart module'))).toBe('working');
    expect(classifyForHarness(lines('Coord: • Working (2s • esc to interrupt)', '• Working (5s • esc to interrupt)'), 'codex')).toBe('working');
  });

  it('41: `MyHarness ready` is idle with LOOP_LANE_IDLE_HOME_PATTERN, unknown without', () => {
    expect(classifyForHarness('MyHarness ready', null, 'MyHarness ready')).toBe('idle');
    expect(classifyScreen('MyHarness ready', { idleHomePattern: 'MyHarness ready' })).toBe('idle');
    expect(classifyForHarness('MyHarness ready', null)).toBe('unknown');
    expect(classifyForHarness('MyHarness ready', 'gemini', 'MyHarness ready')).toBe('idle');
  });

  it('42: box-drawing `│ > │` with `accept edits on` is idle, never working; box and ➜ lines are no spinner', () => {
    const box = lines('╭────────────╮', '│ >          │', '╰────────────╯', '  ⏵⏵ accept edits on (shift+tab to cycle)');
    expect(classifyForHarness(box, 'claude')).toBe('idle');
    expect(classifyForHarness(box, null)).toBe('idle');
    expect(classifyScreen(lines('│ ⎿ done │', '─────', '╰─╯', '➜ next', '⣿⠀ not a spinner frame'))).not.toBe('working');
  });
});

describe('deliberate fixes and robustness', () => {
  it('a 60-line screen whose content sits at the top classifies by that content (quirk 1 fixed)', () => {
    const tall = lines('$ ', ...Array<string>(59).fill(''));
    expect(tall.split('\n')).toHaveLength(60);
    expect(classifyScreen(tall)).toBe('idle');
    expect(classifyScreen(lines('FATAL: boot', ...Array<string>(59).fill('   ')))).toBe('errored');
  });

  it('only the last 40 lines count: a spinner 41 lines up is gone', () => {
    expect(classifyScreen(lines('⠙ Working', ...Array<string>(40).fill('log line')))).toBe('unknown');
    expect(classifyScreen(lines('⠙ Working', ...Array<string>(39).fill('log line')))).toBe('working');
  });

  it('an invalid marker or home pattern never throws: that marker falls back to the heuristics', () => {
    expect(classifyScreen('Running...', { workingMarker: '(' })).toBe('working');
    expect(classifyScreen('accept edits on', { idleMarker: '[' })).toBe('idle');
    expect(classifyScreen('MyHarness ready', { idleHomePattern: '(?<' })).toBe('unknown');
    expect(classifyScreen('$', { workingMarker: '\\', idleMarker: '*', idleHomePattern: ')' })).toBe('idle');
  });

  it('a declared working marker replaces the heuristics; a declared idle marker replaces only the home chrome', () => {
    expect(classifyScreen('⠙ Working...', { workingMarker: 'never-matches' })).toBe('unknown');
    expect(classifyScreen(lines('accept edits on', '$'), { idleMarker: 'Ready>' })).toBe('idle');
    expect(classifyScreen('accept edits on', { idleMarker: 'Ready>' })).toBe('unknown');
  });

  it('reads CRLF captures and the Unicode ellipsis does not count as a verb', () => {
    expect(classifyScreen('output\r\n$ \r\n')).toBe('idle');
    expect(classifyScreen('Thinking…')).toBe('unknown');
    expect(classifyScreen('Thinking...')).toBe('working');
  });
});

describe('screenTail', () => {
  it('drops trailing blank lines before keeping the last n (default 40)', () => {
    expect(screenTail(lines('a', 'b', '', '  ', ''))).toBe('a\nb');
    expect(screenTail(lines('a', '', 'b', 'c', '', ''), 2)).toBe('b\nc');
    const many = Array.from({ length: 50 }, (_, i) => `l${i}`);
    expect(screenTail(lines(...many, '', '')).split('\n')).toEqual(many.slice(10));
    expect(screenTail('\n\n')).toBe('');
  });

  it('rejects a count that is not a positive integer', () => {
    expect(() => screenTail('a', 0)).toThrow(RangeError);
    expect(() => screenTail('a', 1.5)).toThrow(RangeError);
  });
});

it('LANE_STATUSES lists the five frozen words in spec §6.1 order', () => {
  expect(LANE_STATUSES).toEqual(['working', 'awaiting-approval', 'idle', 'errored', 'unknown']);
});
