/**
 * Every `loop` verb's --help (CONTRACT.md "`loop` (substrate)"): walked from `loop --help` and the
 * group verbs' own help, so a new verb is checked too. Each usage line names `loop <verb>` (not
 * the engine a verb relays to), every option and argument has a description, and every read verb
 * offers --json. `loop metrics --help` describes `loop metrics` and says it relays to `engine metrics`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';

/** Verbs that only read (they must offer --json) and verbs that act; every leaf verb is in one. */
const READ = new Set([
  'list-lanes', 'lane-status', 'digest', 'watchdog', 'checkpoint', 'task-lint', 'wiki-pending', 'metrics',
  'harness list', 'harness fields', 'harness field', 'harness oneshot', 'harness probe', 'harness roster', 'harness health',
  'adr list', 'adr show', 'config print-resolved', 'config lane-launch', 'config lane-field', 'config validate', 'config lanes',
]);
const ACT = new Set(['init', 'up', 'add-lane', 'drop-lane', 'dispatch', 'task-done', 'wiki-lint', 'adr new', 'adr accept']);

const help = async (verb: string[]): Promise<string> => {
  const r = await runCli('loop', [...verb, '--help'], { env: { LOOP_SESSION: undefined } });
  expect(r.code, `${verb.join(' ')} --help: ${r.stderr}`).toBe(0);
  return r.stdout;
};

/** The entries of a help section (`Options:`, `Arguments:`, `Commands:`): [term, description]. */
function section(text: string, name: string): Array<[string, string]> {
  const lines = text.split('\n');
  const at = lines.indexOf(`${name}:`);
  if (at < 0) return [];
  const out: Array<[string, string]> = [];
  for (const l of lines.slice(at + 1)) {
    if (!l.startsWith('  ')) break;
    if (/^ {2}\S/.test(l)) {
      const m = /^ {2}(\S(?:.*?\S)?)(?: {2,}(\S.*))?$/.exec(l)!;
      out.push([m[1]!, m[2] ?? '']);
    } else if (out.length) out[out.length - 1]![1] += ` ${l.trim()}`;
  }
  return out;
}

let verbs: string[][] = [];
const texts = new Map<string, string>();
beforeAll(async () => {
  assertBuilt();
  const top = section(await help([]), 'Commands');
  const names = top.map(([t]) => t.split(' ')[0]!).filter((n) => n !== 'help');
  const groups = await Promise.all(names.map(async (n) => [n, section(await help([n]), 'Commands').map(([t]) => t.split(' ')[0]!)] as const));
  verbs = groups.flatMap(([n, subs]) => (subs.length ? subs.map((s) => [n, s]) : [[n]]));
  const all = await Promise.all(verbs.map(async (v) => [v.join(' '), await help(v)] as const));
  for (const [k, t] of all) texts.set(k, t);
}, 120_000);

describe('loop <verb> --help for every verb', () => {
  it('finds the verbs, and each is classified as a read verb or an acting one', () => {
    expect(verbs.length).toBeGreaterThan(25);
    for (const v of verbs) expect(READ.has(v.join(' ')) || ACT.has(v.join(' ')), `classify '${v.join(' ')}' in help.test.ts`).toBe(true);
  });

  it('each usage line names `loop <verb>`', () => {
    for (const [v, t] of texts) expect(t.split('\n')[0], v).toMatch(new RegExp(`^Usage: loop ${v.replace(/[-]/g, '\\-')} `));
  });

  it('every option and every argument has a description', () => {
    for (const [v, t] of texts) {
      const entries = [...section(t, 'Options'), ...section(t, 'Arguments')];
      expect(entries.length, v).toBeGreaterThan(0);
      for (const [term, desc] of entries) expect(desc.trim(), `${v}: ${term}`).not.toBe('');
    }
  });

  it('every read verb offers --json', () => {
    for (const v of READ) expect(section(texts.get(v) ?? '', 'Options').map(([term]) => term), v).toContain('--json');
  });

  it('loop metrics --help describes loop metrics, every option it relays, and that it relays to engine metrics', async () => {
    const t = texts.get('metrics')!;
    expect(t.split('\n')[0]).toBe('Usage: loop metrics [options]');
    expect(t.replace(/\s+/g, ' ')).toContain('Relays to `engine metrics`');
    const opts = section(t, 'Options').map(([term]) => term.split(' ').filter((w) => w.startsWith('--'))[0]);
    for (const f of ['--session', '--project-root', '--socket-name', '--socket-path', '--all', '--log', '--json', '--experiment-start', '--note', '--experiment']) expect(opts, f).toContain(f);
    expect((await runCli('loop', ['help', 'metrics'])).stdout).toBe(t);
    const bad = await runCli('loop', ['metrics', '--bogus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown option '--bogus'");
  });
});
