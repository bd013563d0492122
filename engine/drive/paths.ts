/**
 * Where the headless drive keeps things (spec/engine.md §0, §1, §10): a worktree lane's checkout is
 * `<root>/.loop/worktrees/<session>/<window>`, verify results `<sessionDir>/verify/<window>-<token>.json`
 * (log beside it), build logs `<worktree>/.loop/build/codex-build-<epoch>.log`. Pure.
 */
import { join } from 'node:path';

export const BASE_BRANCH = 'main';
/** Build runner deadline (spec §10). */
export const BUILD_TIMEOUT_S = 1500;
/** Verify soft and hard timeouts (spec §10). */
export const VERIFY_SOFT_TIMEOUT_S = 2400;
export const VERIFY_HARD_TIMEOUT_S = 4800;

export const worktreePath = (root: string, session: string, window: string): string => join(root, '.loop', 'worktrees', session, window);
export const verifyDir = (root: string, session: string): string => join(root, '.loop', 'sessions', session, 'verify');
export const buildLogDir = (worktree: string): string => join(worktree, '.loop', 'build');

/** The ledger branch of every window that has one (`loops.<w>.branch` non-empty): the worktree lanes. */
export function ledgerBranches(ledger: Record<string, unknown> | null): Record<string, string> {
  const out: Record<string, string> = {};
  const loops = ledger?.loops;
  if (!loops || typeof loops !== 'object' || Array.isArray(loops)) return out;
  for (const [w, v] of Object.entries(loops as Record<string, unknown>)) {
    const b = v && typeof v === 'object' ? (v as Record<string, unknown>).branch : undefined;
    if (typeof b === 'string' && b.trim() !== '') out[w] = b;
  }
  return out;
}

/** `loops.<w>.verified_tip` when it is a string, else null. */
export function verifiedTip(ledger: Record<string, unknown> | null, window: string): string | null {
  const e = (ledger?.loops as Record<string, Record<string, unknown>> | undefined)?.[window];
  return e && typeof e.verified_tip === 'string' ? e.verified_tip : null;
}
