/**
 * The world hash (issue 4 §9, DESIGN.md §10 "brain calls on an unchanged world: 0"): a digest of
 * everything the brain decides on. Pure. Lane screens are excluded (spinners change every frame);
 * lane status words are included.
 */
import { createHash } from 'node:crypto';

export interface WorldFacts {
  lanes: Array<{ lane: string; status: string }>;
  tasks: Array<{ id: string; status: string; depends_on: string[] }>;
  mailboxPending: string[];
  reports: string[];
  ledgerRaw: string | null;
  asks: string[];
}

/** sha256 hex (first 16 chars) over a canonical JSON rendering of the facts. */
export function worldHash(f: WorldFacts): string {
  const canon = JSON.stringify({
    lanes: [...f.lanes].map((l) => [l.lane, l.status]).sort(),
    tasks: [...f.tasks].map((t) => [t.id, t.status, [...t.depends_on].sort()]).sort(),
    mailbox: [...f.mailboxPending].sort(),
    reports: [...f.reports].sort(),
    ledger: f.ledgerRaw === null ? null : createHash('sha256').update(f.ledgerRaw).digest('hex'),
    asks: [...f.asks].sort(),
  });
  return createHash('sha256').update(canon).digest('hex').slice(0, 16);
}
