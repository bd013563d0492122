/**
 * The blessed screen, with the settings that work in real terminals and inside tmux (deps.md §4
 * items 6–7): `terminal: 'xterm-256color'` (blessed cannot parse Debian's ncurses-6 terminfo) and
 * full Unicode. Input and output are injectable so tests render headless with fake TTY streams.
 */
import blessed from 'blessed';

export interface ScreenIO { input?: NodeJS.ReadableStream; output?: NodeJS.WritableStream }

/** Create the deck's screen. */
export function createScreen(io: ScreenIO = {}): blessed.Widgets.Screen {
  // @types/blessed swaps the stream types of input and output; blessed reads input, writes output.
  const streams = { input: io.input, output: io.output } as unknown as Pick<blessed.Widgets.IScreenOptions, 'input' | 'output'>;
  return blessed.screen({
    smartCSR: true, fullUnicode: true, terminal: 'xterm-256color', title: 'loopdeck deck',
    warnings: false, autoPadding: true, ...streams,
  });
}
