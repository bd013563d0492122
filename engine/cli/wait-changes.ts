/** What `engine wait` reports for each daemon notification (pure). Noise (routine events, unchanged cycles) is null. */
export interface Change { kind: string; type?: string; text: string; [k: string]: unknown }

/** Event types that count as a change for a person. */
export const NOTABLE_EVENTS = new Set(['ask', 'reply-received', 'reply-timeout', 'escalate', 'decision-pending', 'tmux-server-gone', 'quota-backoff-set', 'model-unavailable-backoff-set', 'action-recovered']);

export function describeChange(method: string, p: unknown): Change | null {
  const o = (p ?? {}) as Record<string, unknown>;
  switch (method) {
    case 'lane.changed': return { kind: 'lane', lane: o.lane, from: o.from, to: o.to, text: `lane ${String(o.lane)}: ${String(o.from ?? '-')} → ${String(o.to)}` };
    case 'decision.queued':
    case 'decision.resolved': {
      const d = (o.decision ?? {}) as { id?: string; status?: string };
      return { kind: method === 'decision.queued' ? 'decision-queued' : 'decision-resolved', id: d.id, status: d.status, text: `decision ${d.id ?? '?'} ${d.status ?? ''}`.trim() };
    }
    case 'mailbox.changed': return { kind: 'mailbox', pending: o.pending, text: `mailbox: ${String(o.pending)} pending` };
    case 'engine.paused': return { kind: 'paused', by: o.by, text: `engine paused by ${String(o.by)}` };
    case 'engine.resumed': return { kind: 'resumed', by: o.by, text: `engine resumed by ${String(o.by)}` };
    case 'cycle.finished':
      if (o.outcome === 'unchanged') return null;
      return { kind: 'cycle', rc: o.rc, outcome: o.outcome, decision: o.decision, text: `cycle finished: ${String(o.outcome)} (rc ${String(o.rc)})` };
    case 'event.appended': {
      const type = String(o.type);
      const data = (o.data ?? {}) as Record<string, unknown>;
      if (!NOTABLE_EVENTS.has(type) && !(type === 'error' && String(data.kind).startsWith('tmux-'))) return null;
      return { kind: 'event', type, seq: o.seq, data, text: `#${String(o.seq)} ${type} ${JSON.stringify(data)}` };
    }
    default: return null;
  }
}
