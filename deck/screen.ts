/**
 * The blessed screen, with the settings that work in real terminals and inside tmux (deps.md §4
 * items 6–7): `terminal: 'xterm-256color'` (blessed cannot parse Debian's ncurses-6 terminfo) and
 * full Unicode. Input and output are injectable so tests render headless with fake TTY streams.
 */
import blessed from 'blessed';

export interface ScreenIO { input?: NodeJS.ReadableStream; output?: NodeJS.WritableStream }

/** Create the deck's screen. */
export function createScreen(io: ScreenIO = {}): blessed.Widgets.Screen {
  return blessed.screen({
    smartCSR: true, fullUnicode: true, terminal: 'xterm-256color', title: 'loopdeck deck',
    warnings: false, autoPadding: true, input: io.input, output: io.output,
  });
}
