import { describe, expect, it } from 'vitest';
import { relayArgs } from './metrics.js';

describe('loop metrics relay argv', () => {
  it('relays every option given, with its value, and nothing else', () => {
    expect(relayArgs({ projectRoot: [] })).toEqual([]);
    expect(relayArgs({ session: 's1', projectRoot: ['/a', '/b'], socketName: 'x', all: true, log: true, json: true, experimentStart: 'e1', note: 'a note', experiment: 'e0' }))
      .toEqual(['--session', 's1', '--project-root', '/a', '--project-root', '/b', '-L', 'x', '--all', '--log', '--json', '--experiment-start', 'e1', '--note', 'a note', '--experiment', 'e0']);
    expect(relayArgs({ projectRoot: [], socketPath: '/tmp/s', note: '' })).toEqual(['-S', '/tmp/s', '--note', '']);
  });
});
