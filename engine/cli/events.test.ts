import { describe, expect, it } from 'vitest';
import { parseLimit, parseSince } from './events.js';

describe('engine events argument parsing', () => {
  it('--limit takes a non-negative integer and refuses anything else', () => {
    expect(parseLimit('0')).toBe(0);
    expect(parseLimit('20')).toBe(20);
    for (const bad of ['-1', 'abc', '1.5', '', '3x']) expect(() => parseLimit(bad)).toThrow(/--limit must be a non-negative integer/);
  });
  it('--since takes a seq or an ISO time (UTC when no zone)', () => {
    expect(parseSince('12')).toEqual({ afterSeq: 12 });
    expect(parseSince('2026-06-11T10:00').sinceTs).toBe('2026-06-11T10:00:00Z');
    expect(() => parseSince('2026-13-45')).toThrow(/--since/);
  });
});
