/**
 * MADR decision records as text (spec/substrate.md §9): slugs, ids, the frontmatter fields the accept gate reads,
 * rendering a new record from the template, and the accept rewrite. Pure: strings in, strings out.
 *
 * Deliberate fixes of the reference (§16 quirk 7): fields are read from, and `status:`/`date:` rewritten in, the
 * leading `---` frontmatter block only (a body line that starts with `status:` is left alone); a file without
 * frontmatter falls back to the reference rule (first line starting with the key, anywhere).
 */

/** The lowercase slug of a title: every run of non-`[a-z0-9]` becomes `-`, ends trimmed; `decision` if empty. */
export function slugify(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'decision';
}

/** Next id: max 4-digit prefix among `NNNN-*.md` names + 1, zero-padded to 4 (`0001` when there are none). */
export function nextId(names: readonly string[]): string {
  let max = 0;
  for (const n of names) {
    const m = /^(\d{4})-.*\.md$/.exec(n);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return String(max + 1).padStart(4, '0');
}

/** `7`, `0007`, `ADR-7`, `0007-foo.md` → `0007`; null when there are no digits (spec §9 `show`). */
export function normaliseId(id: string): string | null {
  const digits = /\d+/.exec(id)?.[0];
  return digits ? String(Number.parseInt(digits, 10)).padStart(4, '0') : null;
}

/** Line range `[start, end)` of the leading frontmatter block's inner lines, or null when there is none. */
function frontmatterRange(lines: readonly string[]): [number, number] | null {
  if ((lines[0] ?? '').replace(/^\uFEFF/, '').trimEnd() !== '---') return null;
  for (let i = 1; i < lines.length; i++) if ((lines[i] ?? '').trimEnd() === '---') return [1, i];
  return null;
}

/**
 * The value of `key` (text after `key:` on the first line starting with it, trimmed): in the frontmatter when the
 * record has one, else anywhere. `''` when absent or empty.
 */
export function adrField(text: string, key: string): string {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const r = frontmatterRange(lines);
  const scope = r ? lines.slice(r[0], r[1]) : lines;
  const hit = scope.find((l) => l.startsWith(`${key}:`));
  return hit === undefined ? '' : hit.slice(key.length + 1).trim();
}

/**
 * What the accept gate misses (spec §9): `verify_record` must be non-empty AND (`rollback` OR `canary_record`).
 * Returns the missing items' names (`verify_record`, `rollback (or canary_record)`), empty when acceptable.
 */
export function missingForAccept(text: string): string[] {
  // A YAML-empty value (`""`, `''`, `~`, `null`, or only a `# comment`) links nothing (departure: the reference counted any text).
  const linked = (key: string): boolean => !/^(|""|''|~|null|Null|NULL)$/.test(adrField(text, key).replace(/(^|\s)#.*$/, '').trim());
  const missing: string[] = [];
  if (!linked('verify_record')) missing.push('verify_record');
  if (!linked('rollback') && !linked('canary_record')) missing.push('rollback (or canary_record)');
  return missing;
}

/** The accept rewrite: `status: Accepted` and `date: <today>` (YYYY-MM-DD) in the frontmatter; old status returned. */
export function acceptText(text: string, today: string): { text: string; oldStatus: string } {
  const lines = text.split('\n');
  const r = frontmatterRange(lines.map((l) => l.replace(/\r$/, '')));
  const [from, to] = r ?? [0, lines.length];
  const oldStatus = adrField(text, 'status') || '?';
  let sawStatus = false;
  let sawDate = false;
  for (let i = from; i < to; i++) {
    const l = lines[i] ?? '';
    const cr = l.endsWith('\r') ? '\r' : '';
    if (l.startsWith('status:')) { lines[i] = `status: Accepted${cr}`; sawStatus = true; }
    else if (l.startsWith('date:')) { lines[i] = `date: ${today}${cr}`; sawDate = true; }
  }
  if (r && (!sawStatus || !sawDate)) {
    const add = [...(sawStatus ? [] : ['status: Accepted']), ...(sawDate ? [] : [`date: ${today}`])];
    lines.splice(r[0], 0, ...add);
  }
  return { text: lines.join('\n'), oldStatus };
}

/**
 * A new record from the MADR template (adr-template/0000-template.md): frontmatter `status: Proposed`, `date`,
 * `deciders` and empty `verify_record`/`canary_record`/`rollback` (spec §9 order), then the template's body with its
 * first `# …` heading replaced by `# <id>. <title>`. A template without frontmatter or heading gets them added.
 */
export function renderAdr(template: string, o: { id: string; title: string; date: string; deciders: string }): string {
  const front = ['---', 'status: Proposed', `date: ${o.date}`, `deciders: ${o.deciders}`, 'verify_record:', 'canary_record:', 'rollback:', '---'];
  const lines = template.replace(/\r\n/g, '\n').split('\n');
  const r = frontmatterRange(lines);
  const body = r ? lines.slice(r[1] + 1) : lines;
  const heading = `# ${o.id}. ${o.title}`;
  const h = body.findIndex((l) => /^# /.test(l));
  if (h >= 0) body[h] = heading; else body.unshift('', heading);
  const text = [...front, ...body].join('\n');
  return text.endsWith('\n') ? text : text + '\n';
}
