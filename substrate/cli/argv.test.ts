import { describe, it, expect } from 'vitest';
import { hoistGlobalOptions } from './argv.js';

describe('hoistGlobalOptions', () => {
  it('moves options that precede the verb after it', () => {
    expect(hoistGlobalOptions(['n', 's', '-L', 'x', '--project-root=/p', 'lane-status', '--json', 'S'])).toEqual(['n', 's', 'lane-status', '-L', 'x', '--project-root=/p', '--json', 'S']);
  });
  it('leaves argv alone when nothing precedes the verb', () => {
    const a = ['n', 's', 'up', '-L', 'x'];
    expect(hoistGlobalOptions(a)).toBe(a);
  });
  it('leaves --help and unknown leading flags to the parser', () => {
    const a = ['n', 's', '--help'];
    expect(hoistGlobalOptions(a)).toBe(a);
    expect(hoistGlobalOptions(['n', 's', '--bogus', 'x'])).toEqual(['n', 's', '--bogus', 'x']);
  });
});

it('puts hoisted options after the sub-verb of a verb group (harness, adr, config)', () => {
  expect(hoistGlobalOptions(['node', 'loop', '-L', 'x', 'harness', 'probe', 'pi'])).toEqual(['node', 'loop', 'harness', 'probe', '-L', 'x', 'pi']);
  expect(hoistGlobalOptions(['node', 'loop', '--project-root', '/p', 'adr', 'list'])).toEqual(['node', 'loop', 'adr', 'list', '--project-root', '/p']);
  expect(hoistGlobalOptions(['node', 'loop', '--project-root', '/p', 'adr', '--help'])).toEqual(['node', 'loop', 'adr', '--project-root', '/p', '--help']);
});
