/**
 * The state digest (spec/substrate.md §7): ledger, mailbox, unpushed commits and the ADR ledger,
 * as the contract JSON document or a human frame. A message without `subject:` or a malformed
 * ledger never breaks it (the reference's §16.6 quirk is fixed).
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readLedger } from './files/ledger.js';
import { listMailbox } from './files/mailbox.js';
import { listAdrs } from './files/adr.js';
import { contractTs } from './observe.js';

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

/** Unpushed commits for one repo: branch, first existing upstream of origin/<b>, origin/main, origin/master. */
export async function unpushed(repo: string): Promise<DigestDoc['unpushed'][number] | null> {
  if (!existsSync(join(repo, '.git'))) return null;
  const { simpleGit } = await import('simple-git');
  const git = simpleGit({ baseDir: repo });
  let branch = '?';
  try { branch = (await git.revparse(['--abbrev-ref', 'HEAD'])).trim(); } catch { return { repo: basename(repo), path: repo, branch, upstream: null, count: null }; }
  for (const up of [`origin/${branch}`, 'origin/main', 'origin/master']) {
    try {
      await git.revparse(['--verify', '--quiet', up]);
      const n = Number((await git.raw(['rev-list', '--count', `${up}..HEAD`])).trim());
      return { repo: basename(repo), path: repo, branch, upstream: up, count: Number.isFinite(n) ? n : null };
    } catch { /* try the next candidate */ }
  }
  return { repo: basename(repo), path: repo, branch, upstream: null, count: null };
}

/** Build the `digest --json` document. Never throws for bad content. */
export async function buildDigest(input: DigestInput, opts: { git?: boolean } = {}): Promise<DigestDoc> {
  const problems: string[] = [];
  const ledger = readLedger(input.stateFile);
  if (ledger.problem) problems.push(`${ledger.problem.file}${ledger.problem.line ? `:${ledger.problem.line}` : ''}: ${ledger.problem.message}`);
  const mb = listMailbox(input.mailboxDir);
  for (const p of mb.problems) problems.push(`${p.file}: ${p.message}`);
  const adrs = existsSync(input.adrDir) && statSync(input.adrDir).isDirectory() ? listAdrs(input.adrDir) : { adrs: [], problems: [] };
  const rows: DigestDoc['unpushed'] = [];
  if (opts.git !== false) for (const r of input.repos) { const u = await unpushed(r).catch(() => null); if (u) rows.push(u); }
  return {
    contract_version: 1,
    generated_at: contractTs(),
    state: ledger.state,
    mailbox: { pending: mb.pending.map(({ file, from, to, subject, mtime }) => ({ file, from, to, subject, mtime })), processed_count: mb.processedCount },
    unpushed: rows,
    adrs: adrs.adrs.map(({ id, status, title, path }) => ({ id, status, title, path })),
    problems,
  };
}

const cut = (s: string, n: number): string => (s.length > n ? s.slice(0, n - 1) + '…' : s);
const padr = (s: string, n: number): string => (s.length >= n ? s + ' ' : s + ' '.repeat(n - s.length));

/** The human frame (§7.1; not contractual). */
export function renderDigest(d: DigestDoc, now = new Date()): string {
  const hh = now.toTimeString().slice(0, 5);
  const out: string[] = [`════ orchestrator loops @ ${hh} ════`];
  if (!d.state) out.push('  (no readable state file)');
  else {
    const s = d.state as { schema_version?: unknown; session?: unknown; updated_at?: unknown; loops?: unknown };
    out.push(`schema_version=${String(s.schema_version ?? '?')}  session=${String(s.session ?? '-')}  updated=${String(s.updated_at ?? '?')}`, '');
    const loops = s.loops && typeof s.loops === 'object' ? Object.entries(s.loops as Record<string, unknown>) : [];
    if (!loops.length) out.push('LOOPS: (none)');
    else {
      out.push('LOOPS:');
      for (const [id, l] of loops) {
        const r = (l && typeof l === 'object' ? l : {}) as Record<string, unknown>;
        out.push(`  ${padr(cut(id, 18), 18)}${padr(cut(String(r.status ?? '?'), 24), 24)}${padr(cut(String(r.branch ?? '-'), 14), 14)}${String(r.name ?? '')}`);
      }
    }
  }
  out.push('', '════ latest 4 messages ════');
  const msgs = [...d.mailbox.pending].sort((a, b) => b.mtime - a.mtime || b.file.localeCompare(a.file)).slice(0, 4);
  if (!msgs.length) out.push('  (no messages)');
  for (const m of msgs) out.push(`  ${padr(m.file, 40)} ${m.subject || '-'}`);
  out.push(`  pending ${d.mailbox.pending.length} · processed ${d.mailbox.processed_count}`);
  out.push('', '════ unpushed commits ════');
  if (!d.unpushed.length) out.push('  (no repos configured; pass --project-root)');
  for (const u of d.unpushed) out.push(`  ${padr(u.repo, 40)}  ${u.count ?? '?'} (${u.branch} vs ${u.upstream ?? 'no-upstream'})`);
  out.push('', '════ decisions (MADR) ════');
  if (!d.adrs.length) out.push('  (no ADRs)');
  for (const a of d.adrs.slice(0, 8)) out.push(`  ${padr(a.id, 6)} ${padr(a.status, 10)} ${cut(a.title, 48)}`);
  for (const p of d.problems) out.push(`  ! ${p}`);
  return out.join('\n');
}
