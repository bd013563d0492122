import { describe, expect, it } from 'vitest';
import { crashLine, crashLogPath } from './crash-log.js';

describe('crash log line', () => {
  const at = new Date('2026-11-21T10:00:00.123Z');

  it('is one line: UTC stamp, component, type and message with whitespace collapsed', () => {
    expect(crashLine(new TypeError('bad\n  thing\thappened '), at)).toBe('2026-11-21T10:00:00Z component=deck error=TypeError: bad thing happened');
    expect(crashLine('just a string', at)).toBe('2026-11-21T10:00:00Z component=deck error=string: just a string');
  });

  it('lives in the session engine directory', () => {
    expect(crashLogPath('/p', 's')).toBe('/p/.loop/sessions/s/engine/deck-crash.log');
  });
});
