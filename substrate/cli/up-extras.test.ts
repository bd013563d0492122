import { describe, expect, it } from 'vitest';
import { bootSeconds } from './up-extras.js';
import { stateDirFor } from './session-check.js';

describe('up flags (pure parts)', () => {
  it('--boot-check: absent → null, bare → 8, digits → that many, anything else → usage error exit 1', () => {
    expect(bootSeconds(undefined)).toBeNull();
    expect(bootSeconds(true)).toBe(8);
    expect(bootSeconds('20')).toBe(20);
    expect(() => bootSeconds('2.5')).toThrow(/--boot-check expects whole seconds \(got '2.5'\)/);
    try { bootSeconds('x'); } catch (e) { expect((e as { exitCode: number }).exitCode).toBe(1); }
  });

  it('--state-dir precedence: flag > LOOP_TMUX_STATE_DIR > <root>/.loop/sessions/<session>', () => {
    expect(stateDirFor('/f', '/r', 's', { LOOP_TMUX_STATE_DIR: '/e' })).toBe('/f');
    expect(stateDirFor(undefined, '/r', 's', { LOOP_TMUX_STATE_DIR: '/e' })).toBe('/e');
    expect(stateDirFor(undefined, '/r', 's', {})).toBe('/r/.loop/sessions/s');
  });
});
