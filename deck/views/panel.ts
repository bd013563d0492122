/**
 * Shared pieces of the panel views: a bordered, labelled box placed where layout.ts says, the focus
 * border colour, and a cheap "did the props change" check so unchanged panels are not redrawn.
 */
import blessed from 'blessed';

/** Where a panel goes on the screen, in cells (layout.ts computes these). */
export interface Rect { top: number; left: number; width: number; height: number }

/** Move/resize an element, touching only what changed. */
export function placeAt(el: blessed.Widgets.BoxElement, r: Rect): void {
  const pos = el.position as { top?: unknown; left?: unknown; width?: unknown; height?: unknown };
  if (pos.top !== r.top) el.top = r.top;
  if (pos.left !== r.left) el.left = r.left;
  if (pos.width !== r.width) el.width = r.width;
  if (pos.height !== r.height) el.height = r.height;
}

/** A bordered panel box. `tags` enables blessed style tags in its content. */
export function panelBox(parent: blessed.Widgets.Node, place: Rect, label: string, opts: { tags?: boolean; scrollable?: boolean } = {}): blessed.Widgets.BoxElement {
  return blessed.box({
    parent, ...place, label: ` ${label} `, tags: opts.tags ?? true,
    border: { type: 'line' }, style: { border: { fg: 'grey' }, label: { fg: 'white' } },
    scrollable: opts.scrollable ?? false, alwaysScroll: opts.scrollable ?? false, wrap: true,
  });
}

/** Border colour for the focused panel. */
export function showFocus(el: blessed.Widgets.BoxElement, focused: boolean): void {
  const style = el.style as { border?: { fg?: string } };
  style.border = { ...(style.border ?? {}), fg: focused ? 'cyan' : 'grey' };
}

/** A memo of the last props a view drew; `changed(p)` is true (and remembers p) when they differ. */
export function propsMemo<P>(): { changed: (p: P) => boolean } {
  let last: string | null = null;
  return {
    changed: (p) => {
      const k = JSON.stringify(p);
      if (k === last) return false;
      last = k;
      return true;
    },
  };
}
