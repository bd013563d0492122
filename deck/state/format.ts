/**
 * Small pure text helpers shared by the selectors: blessed tag escaping and colouring, fixed-width
 * cells, clock times, truncation. No blessed import: tags are plain strings (`{red-fg}…{/red-fg}`).
 */

/** Escape text so blessed shows `{` and `}` literally inside a tag-enabled box. */
export function esc(s: string): string {
  return s.replace(/[{}]/g, (c) => (c === '{' ? '{open}' : '{close}'));
}

/** Wrap already-escaped text in blessed style tags, e.g. `paint('x', 'bold', 'red-fg')`. */
export function paint(s: string, ...styles: string[]): string {
  if (!styles.length) return s;
  return styles.map((t) => `{${t}}`).join('') + s + [...styles].reverse().map((t) => `{/${t}}`).join('');
}

/** Visible length in code points (good enough for lane names, harnesses and statuses). */
export const width = (s: string): number => Array.from(s).length;

/** Cut to `w` code points, ending with `…` when cut. */
export function fit(s: string, w: number): string {
  const cps = Array.from(s);
  if (cps.length <= w) return s;
  return w <= 1 ? cps.slice(0, w).join('') : cps.slice(0, w - 1).join('') + '…';
}

/** Fit and pad to exactly `w` code points. */
export function cell(s: string, w: number): string {
  const f = fit(s, w);
  return f + ' '.repeat(Math.max(0, w - width(f)));
}

/** One line, at most `max` characters, `…` when cut (executable fields: never approve blind). */
export function oneLine(s: string, max = 200): string {
  // Control characters (ESC sequences above all) could repaint the terminal and hide part of what
  // a person is approving: show each as a visible placeholder instead.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const flat = s.replace(/\r?\n/g, '⏎').replace(/\t/g, ' ').replace(/[\x00-\x1f\x7f]/g, '�');
  return fit(flat, max);
}

const two = (n: number): string => String(n).padStart(2, '0');

/** `HH:MM:SS` in local time for an ISO/contract timestamp or epoch ms; `-` when absent or invalid. */
export function clock(t: string | number | null | undefined): string {
  if (t === null || t === undefined || t === '') return '-';
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return '-';
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** JSON with keys sorted (stable event lines). */
export function sortedJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));
}
