/**
 * Sparklines (blessed-contrib) for cycle latency and brain spend over the last hours, side by side
 * in one framed panel, from the snapshot's history series. Redrawn only when the series change.
 * (contrib's setData starts with a blank line: the panel's three inner rows are blank, title, line.)
 */
import type blessed from 'blessed';
import type contrib from 'blessed-contrib';
import { contribSparkline } from './contrib.js';
import type { SparkSeries } from '../state/select.js';
import { panelBox, placeAt, propsMemo, type Rect } from './panel.js';

export interface TrendsProps { series: { cycle: SparkSeries; spend: SparkSeries } | null }
export interface TrendsView { update: (p: TrendsProps) => void; place: (r: Rect) => void }

const sparkAt = (parent: blessed.Widgets.Node, left: string, fg: string): contrib.Widgets.SparklineElement =>
  contribSparkline({ parent, top: 0, left, width: '50%-1', bottom: 0, wrap: false, tags: true, style: { fg, titleFg: 'white' } });

/** Create the trends panel at `place`. */
export function create(parent: blessed.Widgets.Node, place: Rect): TrendsView {
  const frame = panelBox(parent, place, 'trends');
  const cycle = sparkAt(frame, '0', 'cyan');
  const spend = sparkAt(frame, '50%', 'yellow');
  const memo = propsMemo<TrendsProps>();
  return {
    update: (p) => {
      if (!memo.changed(p)) return;
      if (!p.series) { cycle.setData(['cycle ms: no history (engine off)'], [[]]); spend.setData(['brain $: no history'], [[]]); return; }
      cycle.setData([p.series.cycle.title], [p.series.cycle.data]);
      spend.setData([p.series.spend.title], [p.series.spend.data]);
    },
    place: (r) => { placeAt(frame, r); if (r.height < 4) frame.hide(); else frame.show(); },
  };
}
