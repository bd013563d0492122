/** Starts the deck headless (fake TTY streams) against a fake engine, with screen-reading helpers. */
import { startDeck, type DeckRun } from '../../deck/start.js';
import { waitFor } from '../helpers/wait-for.js';
import { FakeTTYInput, FakeTTYOutput, screenText } from './fake-tty.js';
import type { FakeEngine } from './fake-engine.js';
import { snapshot } from './fixtures.js';

const runs: DeckRun[] = [];
/** Tear down every deck started since the last call (afterEach). */
export function stopAll(): void { for (const r of runs.splice(0)) r.teardown(); }

export interface Deck { run: DeckRun; input: FakeTTYInput; text: () => string; waitText: (s: string | RegExp, what?: string) => Promise<string>; waitToast: (s: string) => Promise<string> }

export function start(engine: FakeEngine, cols = 120, rows = 40): Deck {
  const input = new FakeTTYInput();
  const output = new FakeTTYOutput(cols, rows);
  const r = startDeck({ root: '/tmp/p', session: 'demo', io: { input, output }, deps: engine.deps, pollMs: 50 });
  runs.push(r);
  const text = (): string => screenText(r.screen);
  const waitText = (s: string | RegExp, what?: string): Promise<string> => waitFor(() => {
    const t = text();
    return (typeof s === 'string' ? t.includes(s) : s.test(t)) ? t : null;
  }, { timeoutMs: 5000, what: what ?? `screen to show ${String(s)}`, onTimeout: text });
  /** The toast line sits just above the footer. */
  const waitToast = (s: string): Promise<string> => waitFor(() => {
    const line = text().split('\n')[rows - 2]?.trim() ?? '';
    return line.includes(s) ? line : null;
  }, { timeoutMs: 5000, what: `a toast saying ${s}`, onTimeout: text });
  return { run: r, input, text, waitText, waitToast };
}

export const offlineSnap = snapshot({ source: 'offline', engine: { ...snapshot().engine, state: 'off', approval_mode: null, brain: null, last_cycle: null, brain_calls_hour: 0 }, events: [] });

