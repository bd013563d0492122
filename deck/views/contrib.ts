/**
 * Typed loaders for the blessed-contrib widgets the deck uses (deps.md §4 item 8, §5.4). Each
 * widget module is required on its own: `blessed-contrib`'s index loads every widget (maps,
 * charts, drawille) and costs ~600 ms at start — more than the whole first-frame budget. Its
 * bundled d.ts types sizes as strings and makes `LogOptions.border` required; these accept what
 * blessed really takes.
 */
import { createRequire } from 'node:module';
import type contrib from 'blessed-contrib';

const require = createRequire(import.meta.url);
type Loose<T, K extends keyof T> = Omit<T, K> & { [P in K]?: number | string | boolean | object };

/** `contrib.log` with numeric/percent sizes and an optional border. */
export function contribLog(o: Loose<contrib.Widgets.LogOptions, 'border' | 'width' | 'height' | 'top' | 'left' | 'bottom' | 'interactive'>): contrib.Widgets.LogElement {
  const Log = require('blessed-contrib/lib/widget/log.js') as (o: contrib.Widgets.LogOptions) => contrib.Widgets.LogElement;
  return Log(o as unknown as contrib.Widgets.LogOptions);
}

/** `contrib.sparkline` (one or more titled series) with numeric/percent sizes. */
export function contribSparkline(o: Record<string, unknown>): contrib.Widgets.SparklineElement {
  const Sparkline = require('blessed-contrib/lib/widget/sparkline.js') as (o: contrib.Widgets.SparklineOptions) => contrib.Widgets.SparklineElement;
  return Sparkline(o as unknown as contrib.Widgets.SparklineOptions);
}
