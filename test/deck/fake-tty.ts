/** Fake TTY streams for rendering the deck headless (deps.md §5.4), and the screen as plain text. */
import { PassThrough } from 'node:stream';
import type blessed from 'blessed';

export class FakeTTYOutput extends PassThrough {
  isTTY = true as const;
  chunks: string[] = [];
  constructor(public columns = 120, public rows = 40) {
    super();
    this.on('data', (c: Buffer) => this.chunks.push(c.toString('utf8')));
  }
  getWindowSize(): [number, number] { return [this.columns, this.rows]; }
  get written(): string { return this.chunks.join(''); }
}

export class FakeTTYInput extends PassThrough {
  isTTY = true as const;
  isRaw = false;
  setRawMode(mode: boolean): this { this.isRaw = mode; return this; }
}

/** Plain text of blessed's cell buffer (no escape codes); `screen.lines` is untyped in @types/blessed. */
export function screenText(screen: blessed.Widgets.Screen): string {
  const lines = (screen as unknown as { lines: Array<Array<[number, string]>> }).lines;
  return lines.map((r) => r.map((c) => c[1]).join('').trimEnd()).join('\n');
}
