import { describe, expect, it } from 'vitest';
import { restoreExtraCaCerts } from './ca-env.js';

describe('restoreExtraCaCerts', () => {
  it('moves the parked value back', () => {
    const env: NodeJS.ProcessEnv = { LOOPDECK_EXTRA_CA_CERTS: '/etc/ssl/certs/ca bundle.crt' };
    restoreExtraCaCerts(env);
    expect(env).toEqual({ NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca bundle.crt' });
  });
  it('keeps an unset variable unset (empty parked value)', () => {
    const env: NodeJS.ProcessEnv = { LOOPDECK_EXTRA_CA_CERTS: '' };
    restoreExtraCaCerts(env);
    expect(env).toEqual({});
  });
  it('leaves env alone when nothing is parked', () => {
    const env: NodeJS.ProcessEnv = { NODE_EXTRA_CA_CERTS: '/x.pem' };
    restoreExtraCaCerts(env);
    expect(env).toEqual({ NODE_EXTRA_CA_CERTS: '/x.pem' });
  });
  it('never overrides a NODE_EXTRA_CA_CERTS that is already set', () => {
    const env: NodeJS.ProcessEnv = { NODE_EXTRA_CA_CERTS: '/direct.pem', LOOPDECK_EXTRA_CA_CERTS: '/parked.pem' };
    restoreExtraCaCerts(env);
    expect(env).toEqual({ NODE_EXTRA_CA_CERTS: '/direct.pem' });
  });
});
