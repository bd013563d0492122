/**
 * Shared pieces of the panel views: a bordered, labelled box placed where layout.ts says, the focus
 * border colour, and a cheap "did the props change" check so unchanged panels are not redrawn.
 */
import blessed from 'blessed';

/** Where a panel goes inside its parent (numbers are cells; strings are blessed expressions like `40%`). */
export interface Place { top?: number | string; left?: number | string; right?: number | string; bottom?: number | string; width?: number | string; height?: number | string }

/** A bordered panel box. `tags` enables blessed style tags in its content. */
export function panelBox(parent: blessed.Widgets.Node, place: Place, label: string, opts: { tags?: boolean; scrollable?: boolean } = {}): blessed.Widgets.BoxElement {
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
