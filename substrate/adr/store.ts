/**
 * The ADR directory on disk (spec/substrate.md §9): create a record from the template, find one by id, and the
 * human-only accept. Listing lives in files/adr.ts (shared with the digest). Writes are atomic and keep the file's
 * mode (the reference left accepted files 0600, §16 quirk 7).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { packageRoot } from '../pkg.js';
import { writeFileAtomic, writeFileExclusive } from '../files/atomic.js';
import { LoopError } from '../errors.js';
import { acceptText, missingForAccept, nextId, normaliseId, renderAdr, slugify } from './record.js';

/** The ADR dir (spec §9): `--adr-dir`/`--dir`, else env LOOP_ADR_DIR, else `<root>/docs/adr`; relative paths from `cwd`. */
export function adrDirFrom(flag: string | undefined, root: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const d = flag || env.LOOP_ADR_DIR || '';
  if (!d) return join(root, 'docs', 'adr');
  return isAbsolute(d) ? d : resolve(cwd, d);
}

/** Local date `YYYY-MM-DD` (the reference writes local dates into ADRs). */
export function localDate(d = new Date()): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The template: `<dir>/0000-template.md` when the project has one, else the package's adr-template/0000-template.md. */
export function adrTemplate(dir: string): string {
  for (const p of [join(dir, '0000-template.md'), join(packageRoot(), 'adr-template', '0000-template.md')]) {
    if (existsSync(p)) return readFileSync(p, 'utf8');
  }
  return '# 0000. Title\n\n## Context and Problem Statement\n\n## Decision Outcome\n';
}

/**
 * Create `<dir>/<id>-<slug>.md` (the dir is created). @returns its path and id.
 * @throws LoopError usage (empty title, exit 1) | adr-exists (exit 1).
 */
export function newAdr(dir: string, title: string, opts: { deciders?: string; now?: Date } = {}): { path: string; id: string } {
  if (!title.trim()) throw new LoopError('usage', 'adr new: a title is required', { exitCode: 1, hint: 'loop adr new "Choose the job queue: Redis vs SQS"' });
  mkdirSync(dir, { recursive: true });
  const id = nextId(readdirSync(dir));
  const path = join(dir, `${id}-${slugify(title)}.md`);
  const text = renderAdr(adrTemplate(dir), { id, title: title.trim(), date: localDate(opts.now), deciders: opts.deciders || 'coord, human' });
  if (!writeFileExclusive(path, text)) throw new LoopError('adr-exists', `adr new: ${path} already exists`, { hint: 'pick another title' });
  return { path, id };
}

/**
 * The first `<NNNN>-*.md` of `dir` for `id` (digits extracted, zero-padded). @throws LoopError adr-not-found (exit 1).
 */
export function findAdr(dir: string, id: string): string {
  const n = normaliseId(id);
  let names: string[] = [];
  try { names = readdirSync(dir).sort(); } catch { /* missing dir: not found below */ }
  const hit = n ? names.find((f) => f.startsWith(`${n}-`) && f.endsWith('.md')) : undefined;
  if (!hit) throw new LoopError('adr-not-found', `no ADR ${n ?? JSON.stringify(id)} in ${dir}`, { hint: `list them with \`loop adr list --adr-dir ${dir}\`` });
  return join(dir, hit);
}

/** Result of a successful accept. */
export interface AcceptResult { id: string; file: string; oldStatus: string; status: 'Accepted' }

/**
 * Accept ADR `id` — a HUMAN action only (spec §9; AGENTS.md): refuses unless the frontmatter links `verify_record`
 * and (`rollback` or `canary_record`); then sets `status: Accepted` and today's date in the frontmatter, keeping
 * the file mode. Re-accepting is allowed.
 * @throws LoopError adr-not-found | adr-not-ready (exit 1; the message names each missing item).
 */
export function acceptAdr(dir: string, id: string, opts: { now?: Date } = {}): AcceptResult {
  const file = findAdr(dir, id);
  const text = readFileSync(file, 'utf8');
  const missing = missingForAccept(text);
  if (missing.length) {
    throw new LoopError('adr-not-ready', `refusing to accept ${file}: missing ${missing.join(' and ')}`, { hint: 'link the verify record and a rollback plan (or canary record) in the frontmatter, then accept again' });
  }
  const { text: next, oldStatus } = acceptText(text, localDate(opts.now));
  writeFileAtomic(file, next, { mode: statSync(file).mode & 0o777 });
  return { id: normaliseId(id)!, file, oldStatus, status: 'Accepted' };
}
