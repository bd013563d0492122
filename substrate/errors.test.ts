import { describe, expect, it } from 'vitest';
import { isLoopError, LoopError, UsageError } from './errors.js';

describe('isLoopError', () => {
  it('recognises LoopError and its subclasses', () => {
    expect(isLoopError(new LoopError('x', 'm'))).toBe(true);
    expect(isLoopError(new UsageError('m'))).toBe(true);
  });
  it('recognises a LoopError made by another copy of the module (a separate bundle) by its brand', () => {
    const foreign = Object.assign(new Error('m'), { [Symbol.for('loopdeck.LoopError')]: true, code: 'no-session', exitCode: 1 });
    expect(isLoopError(foreign)).toBe(true);
  });
  it('rejects other errors, even with a code and an exit code', () => {
    expect(isLoopError(Object.assign(new Error('m'), { code: 'ENOENT', exitCode: 1 }))).toBe(false);
    expect(isLoopError({ [Symbol.for('loopdeck.LoopError')]: true })).toBe(false);
    expect(isLoopError(null)).toBe(false);
  });
});
