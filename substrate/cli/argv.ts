/**
 * Accept the options every verb takes before the verb too (`loop -L x lane-status …`): move them
 * after the verb so the verb's own option parsing sees them. Pure.
 */
const WITH_VALUE = new Set(['-L', '--socket-name', '-S', '--socket-path', '--project-root', '--session']);
/** Verbs with sub-verbs (`loop harness list`): the options go after the sub-verb, where they are declared. */
const GROUPS = new Set(['harness', 'adr', 'config']);

export function hoistGlobalOptions(argv: string[]): string[] {
  const [node, script, ...rest] = argv;
  const moved: string[] = [];
  let i = 0;
  while (i < rest.length) {
    const a = rest[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (WITH_VALUE.has(name)) {
      if (eq > 0) { moved.push(a); i += 1; } else { moved.push(a, rest[i + 1] ?? ''); i += 2; }
      continue;
    }
    break;
  }
  const remaining = rest.slice(i);
  if (!moved.length || !remaining.length || remaining[0]!.startsWith('-')) return argv;
  const head = GROUPS.has(remaining[0]!) && remaining[1] !== undefined && !remaining[1].startsWith('-') ? 2 : 1;
  return [node!, script!, ...remaining.slice(0, head), ...moved, ...remaining.slice(head)];
}
