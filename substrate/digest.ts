/**
 * The state digest (spec/substrate.md §7): ledger, mailbox, unpushed commits and the ADR ledger,
 * as the contract JSON document or a human frame. A message without `subject:` or a malformed
 * ledger never breaks it (the reference's §16.6 quirk is fixed). Kept cheap for its budget: the
 * readers are digest-read.ts (no YAML library), and git runs only for repos that have an `origin`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { countProcessed, listPending, readState } from './digest-read.js';
import { listAdrs } from './files/adr.js';

/** Contract timestamp: UTC, second precision (kept local: observe.js would load the whole tmux stack). */
const contractTs = (d = new Date()): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface DigestDoc {
  contract_version: 1;
  generated_at: string;
  state: Record<string, unknown> | null;
  mailbox: { pending: Array<{ file: string; from: string | null; to: string | null; subject: string; mtime: number }>; processed_count: number };
  unpushed: Array<{ repo: string; path: string; branch: string; upstream: string | null; count: number | null }>;
  adrs: Array<{ id: string; status: string; title: string; path: string }>;
  /** Problems found while reading (file, line, what) — additive to the spec shape. */
  problems: string[];
}

export interface DigestInput { stateFile: string; mailboxDir: string; adrDir: string; repos: string[] }

/** Default inputs for a project root. */
export function digestInputFor(root: string): DigestInput {
  return { stateFile: join(root, '.loop', 'orchestrator-state.json'), mailboxDir: join(root, '.loop', 'messages'), adrDir: join(root, 'docs', 'adr'), repos: [root] };
}

/** The current branch from `.git/HEAD` (`HEAD` when detached, `?` when unreadable), without spawning git. */
function headBranch(repo: string): string {
  try {
    const head = readFileSync(join(repo, '.git', 'HEAD'), 'utf8').trim();
    return head.startsWith('ref: refs/heads/') ? head.slice('ref: refs/heads/'.length) : 'HEAD';
  } catch { return '?'; }
}

/** Could `origin/*` refs exist? A loose ref dir, a packed ref, or a reftable store (then git decides). Pure fs. */
function mayHaveOrigin(repo: string): boolean {
  const git = join(repo, '.git');
  if (existsSync(join(git, 'refs', 'remotes', 'origin')) || existsSync(join(git, 'reftable'))) return true;
  try { return readFileSync(join(git, 'packed-refs'), 'utf8').includes(' refs/remotes/origin/'); } catch { return false; }
}

/**
 * Unpushed commits for one repo (spec §7.1): `<repo>/.git` a directory, or a file (a linked worktree — lane
 * worktrees are where unpushed work lives; the reference skipped them, §16.6 fixed); branch = the current branch; upstream = the first existing of `origin/<branch>`,
 * `origin/main`, `origin/master`; count = commits in `upstream..HEAD`. A repo without any origin ref costs no git
 * process. Git runs through simple-git (one for-each-ref, one rev-list). Returns null when not a repo.
 */
export async function unpushed(repo: string): Promise<DigestDoc['unpushed'][number] | null> {
  let linked: boolean;
  try { linked = statSync(join(repo, '.git')).isFile(); } catch { return null; }
  const row = { repo: basename(repo), path: repo, branch: linked ? '?' : headBranch(repo), upstream: null as string | null, count: null as number | null };
  if (!linked && !mayHaveOrigin(repo)) return row;
  const { simpleGit } = await import('simple-git');
  const git = simpleGit({ baseDir: repo });
  if (linked) row.branch = await git.raw(['rev-parse', '--abbrev-ref', 'HEAD']).then((b) => b.trim() || '?', () => '?');
  const branch = row.branch;
  const candidates = [...(branch !== '?' && branch !== 'HEAD' ? [`origin/${branch}`] : []), 'origin/main', 'origin/master'];
  try {
    const have = new Set((await git.raw(['for-each-ref', '--format=%(refname:short)', ...candidates.map((c) => `refs/remotes/${c}`)])).split('\n').map((l) => l.trim()));
    const up = candidates.find((c) => have.has(c));
    if (!up) return row;
    row.upstream = up;
    const n = Number((await git.raw(['rev-list', '--count', `${up}..HEAD`])).trim());
    row.count = Number.isFinite(n) ? n : null;
  } catch { /* git failed: count stays null */ }
  return row;
}

/** Build the `digest --json` document. Never throws for bad content. */
export async function buildDigest(input: DigestInput, opts: { git?: boolean } = {}): Promise<DigestDoc> {
  const problems: string[] = [];
  const ledger = readState(input.stateFile);
  if (ledger.problem) problems.push(ledger.problem);
  const pending = listPending(input.mailboxDir);
  for (const m of pending) if (m.problem) problems.push(`${join(input.mailboxDir, m.file)}: ${m.problem}`);
  const adrs = listAdrs(input.adrDir);
  for (const p of adrs.problems) problems.push(`${p.file}: ${p.message}`);
  const rows: DigestDoc['unpushed'] = [];
  if (opts.git !== false) for (const u of await Promise.all(input.repos.map((r) => unpushed(r).catch(() => null)))) if (u) rows.push(u);
  return {
    contract_version: 1,
    generated_at: contractTs(),
    state: ledger.state,
    mailbox: { pending: pending.map(({ file, from, to, subject, mtime }) => ({ file, from, to, subject, mtime })), processed_count: countProcessed(input.mailboxDir) },
    unpushed: rows,
    adrs: adrs.adrs.map(({ id, status, title, path }) => ({ id, status, title, path })),
    problems,
  };
}

const cut = (s: string, n: number): string => (s.length > n ? s.slice(0, n - 1) + '…' : s);
const padr = (s: string, n: number): string => (s.length >= n ? s + ' ' : s + ' '.repeat(n - s.length));

/** The human frame (§7.1; not contractual). `input` names the files in the "(no … at <path>)" lines. */
export function renderDigest(d: DigestDoc, now = new Date(), input?: DigestInput): string {
  const hh = now.toTimeString().slice(0, 5);
  const out: string[] = [`════ orchestrator loops @ ${hh} ════`];
  const ledgerProblem = input ? d.problems.find((p) => p.startsWith(input.stateFile)) : undefined;
  if (!d.state) out.push(ledgerProblem ? `  (failed to read state file: ${ledgerProblem})` : input && !existsSync(input.stateFile) ? `  (no state file at ${input.stateFile})` : '  (no readable state file)');
  else {
    const s = d.state as { schema_version?: unknown; session?: unknown; updated_at?: unknown; loops?: unknown; lanes?: unknown };
    out.push(`schema_version=${String(s.schema_version ?? '?')}  session=${String(s.session ?? '-')}  updated=${String(s.updated_at ?? '?')}`, '');
    const lanes = s.lanes && typeof s.lanes === 'object' && !Array.isArray(s.lanes) ? Object.entries(s.lanes as Record<string, unknown>) : [];
    if (lanes.length) {
      out.push('LANES:');
      for (const [name, l] of lanes) {
        const r = (l && typeof l === 'object' ? l : {}) as Record<string, unknown>;
        out.push(`  ${padr(cut(name, 14), 14)}${padr(cut(String(r.status ?? r.cmd ?? '?'), 30), 30)}${String(r.agent ?? '-')}`);
      }
      out.push('');
    }
    const loops = s.loops && typeof s.loops === 'object' && !Array.isArray(s.loops) ? Object.entries(s.loops as Record<string, unknown>) : [];
    if (!loops.length) out.push('LOOPS: (none)');
    else {
      out.push('LOOPS:');
      for (const [id, l] of loops) {
        if (!l || typeof l !== 'object') { out.push(`  ${padr(cut(id, 18), 18)}${String(l)}`); continue; }
        const r = l as Record<string, unknown>;
        const dep = Array.isArray(r.deployed_to) ? r.deployed_to.map(String).join(',') : '';
        out.push(`  ${padr(cut(id, 18), 18)}${padr(cut(String(r.status ?? '?'), 24), 24)}${padr(cut(String(r.branch ?? '-'), 14), 14)}${padr(cut(dep || '-', 28), 28)}${String(r.name ?? '')}`.trimEnd());
      }
    }
  }
  out.push('', '════ latest 4 messages ════');
  const msgs = [...d.mailbox.pending].sort((a, b) => b.mtime - a.mtime || (a.file < b.file ? 1 : -1)).slice(0, 4);
  if (input && !existsSync(input.mailboxDir)) out.push(`  (no mailbox at ${input.mailboxDir})`);
  else if (!msgs.length) out.push('  (no messages)');
  for (const m of msgs) out.push(`  ${padr(m.file, 40)} ${m.subject || '-'}`);
  out.push(`  pending ${d.mailbox.pending.length} · processed ${d.mailbox.processed_count}`);
  out.push('', '════ unpushed commits ════');
  if (!d.unpushed.length) out.push('  (no repos configured; pass --project-root or --extra-repo)');
  for (const u of d.unpushed) out.push(`  ${padr(u.repo, 40)}  ${u.count ?? '?'} (${u.branch} vs ${u.upstream ?? 'no-upstream'})`);
  out.push('', '════ decisions (MADR) ════');
  if (!d.adrs.length) out.push(input && !existsSync(input.adrDir) ? `  (no ADRs at ${input.adrDir})` : input ? `  (no ADRs in ${input.adrDir})` : '  (no ADRs)');
  for (const a of d.adrs.slice(0, 8)) out.push(`  ${padr(a.id, 6)} ${padr(a.status, 10)} ${cut(a.title, 48)}`);
  for (const p of d.problems) if (p !== ledgerProblem) out.push(`  ! ${p}`);
  return out.join('\n');
}
