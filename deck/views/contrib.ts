/**
 * Typed wrappers for blessed-contrib widgets (deps.md §4 item 8, §5.4): its bundled d.ts types
 * sizes as strings and makes `LogOptions.border` required; these accept what blessed really takes.
 */
import contrib from 'blessed-contrib';

type Loose<T, K extends keyof T> = Omit<T, K> & { [P in K]?: number | string | boolean | object };

/** `contrib.log` with numeric/percent sizes and an optional border. */
export function contribLog(o: Loose<contrib.Widgets.LogOptions, 'border' | 'width' | 'height' | 'top' | 'left' | 'bottom' | 'interactive'>): contrib.Widgets.LogElement {
  return contrib.log(o as unknown as contrib.Widgets.LogOptions);
}
