import { describe, expect, it } from 'vitest';
import { actionObserve } from './execute.js';

describe('actionObserve', () => {
  it('gives each tmux call of an action at least 10 s, and keeps a longer setting and the idle pattern', () => {
    expect(actionObserve({}).timeoutMs).toBe(10_000);
    expect(actionObserve({ LOOP_LANE_STATUS_TMUX_TIMEOUT_S: '1' }).timeoutMs).toBe(10_000);
    expect(actionObserve({ LOOP_LANE_STATUS_TMUX_TIMEOUT_S: '30' }).timeoutMs).toBe(30_000);
    expect(actionObserve({ LOOP_LANE_IDLE_HOME_PATTERN: 'READY>' }).idleHomePattern).toBe('READY>');
  });
});
