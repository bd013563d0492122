/**
 * `loop digest` as a process on a real project (spec/substrate.md §7; acceptance 46–47): the
 * contract JSON, robustness against a subject-less message and a malformed ledger, unpushed commits
 * against a real (local, bare) origin, and the human frame.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuilt, runCli, BIN } from '../helpers/cli.js';
import { makeProject, type TestProject } from '../helpers/project.js';
import { waitFor } from '../helpers/wait-for.js';

let p: TestProject;
const extra: string[] = [];
beforeAll(() => assertBuilt());
afterEach(() => { p.cleanup(); for (const d of extra.splice(0)) rmSync(d, { recursive: true, force: true }); });

interface Digest {
  contract_version: number; generated_at: string; state: Record<string, unknown> | null;
  mailbox: { pending: Array<{ file: string; from: string | null; to: string | null; subject: string; mtime: number }>; processed_count: number };
  unpushed: Array<{ repo: string; path: string; branch: string; upstream: string | null; count: number | null }>;
  adrs: Array<{ id: string; status: string; title: string; path: string }>;
  problems: string[];
}
const git = (cwd: string, ...args: string[]): string => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8' });
const digest = async (args: string[] = [], cwd = p.root): Promise<Digest> => {
  const r = await runCli('loop', ['digest', '--json', ...args], { cwd, env: { LOOP_DIGEST_ADR_DIR: undefined } });
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Digest;
};

/** The acceptance-46 project: ledger, two pending messages (one without subject), one processed, two ADRs. */
function fixture(): void {
  p = makeProject();
  p.write('.loop/orchestrator-state.json', JSON.stringify({ schema_version: 2, session: 'demo', loops: { L1: { status: 'implement', branch: 'loop/x' } }, extra_key: [1] }));
  const m = p.write('.loop/messages/20260415-112233-web-to-infra.md', '---\nfrom: web\nto: infra\nsubject: Need token\n---\nPlease.\n');
  utimesSync(m, 1_776_000_000, 1_776_000_000.7);
  p.write('.loop/messages/20260415-112240-infra-to-coord.md', 'no frontmatter, no subject line at all\n');
  p.write('.loop/messages/odd-name.md', 'subject: "Quoted: yes"\n');
  p.write('.loop/messages/README.md', 'subject: not a message\n');
  p.write('.loop/messages/notes.txt', 'subject: not markdown\n');
  p.write('.loop/messages/processed/20260101-000000-a-to-b.md', 'subject: old\n');
  p.write('docs/adr/0001-choose-queue.md', '---\nstatus: Accepted\n---\n# 0001. Choose the job queue\n');
  p.write('docs/adr/0002-no-heading.md', '---\nstatus: Proposed\n---\nbody only\n');
}

describe('loop digest --json', () => {
  it('acceptance 46: the §7.2 shape — state object, pending sorted by name with from/to/subject/integer mtime, processed_count, ADRs newest first', async () => {
    fixture();
    const d = await digest();
    expect(Object.keys(d).sort()).toEqual(['adrs', 'contract_version', 'generated_at', 'mailbox', 'problems', 'state', 'unpushed']);
    expect(d.contract_version).toBe(1);
    expect(d.generated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(d.state).toEqual({ schema_version: 2, session: 'demo', loops: { L1: { status: 'implement', branch: 'loop/x' } }, extra_key: [1] });
    expect(d.mailbox.pending.map((m) => m.file)).toEqual(['20260415-112233-web-to-infra.md', '20260415-112240-infra-to-coord.md', 'odd-name.md']);
    expect(d.mailbox.pending[0]).toEqual({ file: '20260415-112233-web-to-infra.md', from: 'web', to: 'infra', subject: 'Need token', mtime: 1_776_000_000 });
    for (const m of d.mailbox.pending) expect(Number.isInteger(m.mtime)).toBe(true);
    expect(d.mailbox.processed_count).toBe(1);
    expect(d.adrs).toEqual([
      { id: '0002', status: 'Proposed', title: '0002-no-heading.md', path: join(p.root, 'docs/adr/0002-no-heading.md') },
      { id: '0001', status: 'Accepted', title: 'Choose the job queue', path: join(p.root, 'docs/adr/0001-choose-queue.md') },
    ]);
  });

  it('cached counts and subjects: a message added, moved to processed/ or edited right after a cached run shows at once; a useless cache dir is ignored', async () => {
    fixture();
    const cache = mkdtempSync(join(tmpdir(), 'loopdeck-digest-cache-'));
    extra.push(cache);
    const run = async (env: Record<string, string>): Promise<Digest> => {
      const r = await runCli('loop', ['digest', '--json'], { cwd: p.root, env: { LOOP_DIGEST_ADR_DIR: undefined, ...env } });
      if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
      return JSON.parse(r.stdout) as Digest;
    };
    await new Promise((r) => setTimeout(r, 2200)); // past the racy window: this run records
    const d0 = await run({ LOOPDECK_CACHE_DIR: cache });
    expect(readdirSync(cache).sort().map((n) => n.replace(/-.*/, ''))).toEqual(['count', 'pending']);
    expect(d0.mailbox.processed_count).toBe(1);
    p.write('.loop/messages/processed/20260101-000001-a-to-b.md', 'subject: new\n');
    expect((await run({ LOOPDECK_CACHE_DIR: cache })).mailbox.processed_count).toBe(2);
    renameSync(join(p.root, '.loop/messages/odd-name.md'), join(p.root, '.loop/messages/processed/odd-name.md'));
    p.write('.loop/messages/20260415-112233-web-to-infra.md', '---\nfrom: web\nto: infra\nsubject: Edited\n---\nPlease.\n');
    const d1 = await run({ LOOPDECK_CACHE_DIR: cache });
    expect(d1.mailbox.processed_count).toBe(3);
    expect(d1.mailbox.pending.map((m) => [m.file, m.subject])).toEqual([['20260415-112233-web-to-infra.md', 'Edited'], ['20260415-112240-infra-to-coord.md', '']]);
    const blocked = join(cache, 'count-' + '0'.repeat(16) + '.json', 'below-a-file');
    writeFileSync(join(cache, 'count-' + '0'.repeat(16) + '.json'), 'x');
    const d2 = await run({ LOOPDECK_CACHE_DIR: blocked });
    expect({ ...d2, generated_at: '' }).toEqual({ ...d1, generated_at: '' });
  });

  it('a message without `subject:` (and a non-matching name) does not break it: subject "", from/to null, a problem entry', async () => {
    fixture();
    const d = await digest();
    expect(d.mailbox.pending[1]).toMatchObject({ from: 'infra', to: 'coord', subject: '' });
    expect(d.mailbox.pending[2]).toMatchObject({ file: 'odd-name.md', from: null, to: null, subject: 'Quoted: yes' });
    expect(d.problems.some((x) => x.includes('20260415-112240-infra-to-coord.md') && /subject/.test(x))).toBe(true);
  });

  it('acceptance 47: a malformed ledger gives state null and a problem naming file and line; a non-object or missing one gives null too', async () => {
    fixture();
    const ledger = join(p.root, '.loop/orchestrator-state.json');
    writeFileSync(ledger, '{\n  "schema_version": 2,\n  oops\n}\n');
    const d = await digest();
    expect(d.state).toBeNull();
    expect(d.problems.find((x) => x.startsWith(`${ledger}:3:`))).toMatch(/invalid JSON/);
    expect(d.mailbox.pending).toHaveLength(3); // the rest of the digest is intact
    writeFileSync(ledger, '[1, 2]\n');
    expect((await digest()).state).toBeNull();
    rmSync(ledger);
    const gone = await digest();
    expect(gone.state).toBeNull();
    expect(gone.problems.filter((x) => x.includes('orchestrator-state'))).toEqual([]);
  });

  it('acceptance 47: a repo with no origin → upstream null, count null; with an origin the unpushed commits are counted', async () => {
    p = makeProject();
    const d0 = await digest();
    expect(d0.unpushed).toEqual([{ repo: p.root.split('/').pop(), path: p.root, branch: 'main', upstream: null, count: null }]);
    const origin = mkdtempSync(join(tmpdir(), 'loopdeck-origin-'));
    extra.push(origin);
    git(origin, 'init', '-q', '--bare', '-b', 'main');
    git(p.root, 'remote', 'add', 'origin', origin);
    git(p.root, 'push', '-q', 'origin', 'main');
    git(p.root, 'commit', '-q', '--allow-empty', '-m', 'one');
    git(p.root, 'commit', '-q', '--allow-empty', '-m', 'two');
    const other = makeProject({ init: false });
    extra.push(other.root);
    const d = await digest(['--extra-repo', other.root]);
    expect(d.unpushed).toEqual([
      { repo: p.root.split('/').pop(), path: p.root, branch: 'main', upstream: 'origin/main', count: 2 },
      { repo: other.root.split('/').pop(), path: other.root, branch: 'main', upstream: null, count: null },
    ]);
    // A lane worktree (`.git` is a file) is counted too (spec §16.6 quirk fixed), and packed refs are read.
    const wt = join(mkdtempSync(join(tmpdir(), 'loopdeck-wt-')), 'lane');
    extra.push(join(wt, '..'));
    git(p.root, 'worktree', 'add', '-q', '-b', 'loop/s/lane', wt);
    git(wt, 'commit', '-q', '--allow-empty', '-m', 'three');
    git(p.root, 'pack-refs', '--all');
    const w = await digest(['--extra-repo', wt]);
    expect(w.unpushed[1]).toEqual({ repo: 'lane', path: wt, branch: 'loop/s/lane', upstream: 'origin/main', count: 3 });
    expect(w.unpushed[0]).toMatchObject({ upstream: 'origin/main', count: 2 });
  });

  it('--state-file, --mailbox-dir and --adr-dir override the project defaults; missing dirs read as empty', async () => {
    p = makeProject({ init: false, git: false });
    const alt = p.write('alt/state.json', '{"schema_version":2,"objective":"x"}');
    p.write('alt/mail/20260101-010101-a-to-b.md', 'subject: hi\n');
    p.write('alt/adr/0007-seven.md', 'status: Accepted\n# 7. Seven\n');
    const d = await digest(['--state-file', alt, '--mailbox-dir', join(p.root, 'alt/mail'), '--adr-dir', join(p.root, 'alt/adr')]);
    expect(d.state).toEqual({ schema_version: 2, objective: 'x' });
    expect(d.mailbox.pending.map((m) => m.subject)).toEqual(['hi']);
    expect(d.adrs.map((a) => [a.id, a.title])).toEqual([['0007', 'Seven']]);
    const empty = await digest(['--mailbox-dir', join(p.root, 'nope'), '--adr-dir', join(p.root, 'nope')]);
    expect(empty.mailbox).toEqual({ pending: [], processed_count: 0 });
    expect(empty.adrs).toEqual([]);
    expect(empty.unpushed).toEqual([]); // not a git repo
  });
});

describe('loop digest (human frame)', () => {
  it('--once prints the four blocks, survives a subject-less message and shows `-` for it', async () => {
    fixture();
    const r = await runCli('loop', ['digest', '--once'], { cwd: p.root });
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout;
    for (const banner of [/^════ orchestrator loops @ \d\d:\d\d ════$/m, /^════ latest 4 messages ════$/m, /^════ unpushed commits ════$/m, /^════ decisions \(MADR\) ════$/m]) expect(out).toMatch(banner);
    expect(out).toMatch(/schema_version=2 {2}session=demo/);
    expect(out).toMatch(/^ {2}L1 +implement +loop\/x/m);
    expect(out).toMatch(/^ {2}20260415-112240-infra-to-coord\.md +-$/m);
    expect(out).toMatch(/^ {2}20260415-112233-web-to-infra\.md +Need token$/m);
    expect(out).toMatch(/^ {2}0001 +Accepted +Choose the job queue$/m);
  });

  it('--once with a malformed ledger still renders every block', async () => {
    fixture();
    writeFileSync(join(p.root, '.loop/orchestrator-state.json'), '{nope');
    const r = await runCli('loop', ['digest', '--once'], { cwd: p.root });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('════ decisions (MADR) ════');
    expect(r.stdout).toContain('Need token');
  });

  it('without --once it refreshes every --interval; --no-clear prints frames without the clear-screen escape', async () => {
    fixture();
    const child = spawn(process.execPath, [BIN.loop, 'digest', '--interval', '0.2', '--no-clear'], { cwd: p.root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await waitFor(() => (out.match(/════ orchestrator loops/g) ?? []).length >= 2, { what: 'two frames', timeoutMs: 10_000 });
    } finally { child.kill(); }
    expect(out).not.toContain('\x1b[2J');
  });
});
