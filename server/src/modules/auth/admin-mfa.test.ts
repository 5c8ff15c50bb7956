import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { totpCode } from './totp.js';

// Outside the demo: administrators must enrol a second factor before anything else.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: false });
});
afterAll(async () => t.close());

describe('outside the demo', () => {
  it('shows no demo accounts and no password on the login page', async () => {
    const info = (await t.app.inject({ method: 'GET', url: '/api/public/info' })).json();
    expect(info).toMatchObject({ demo: false, demoAccounts: [], demoPassword: null });
  });

  it('makes each of the three administrators enrol TOTP first, and keeps it on', async () => {
    for (const name of ['admin', 'secadmin', 'auditor']) {
      const agent = await t.login(name);
      expect((await agent.get('/api/me')).json().mustEnrolMfa).toBe(true);
      const blocked = await agent.get(name === 'auditor' ? '/api/audit' : '/api/roles');
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json().error.code).toBe('MFA_ENROLMENT_REQUIRED');
      const { secret } = (await agent.post('/api/account/mfa/setup')).json();
      expect((await agent.post('/api/account/mfa/enable', { code: totpCode(secret, t.clock.now()) })).statusCode).toBe(204);
      expect((await agent.get('/api/me')).json().mustEnrolMfa).toBe(false);
      expect((await agent.get(name === 'auditor' ? '/api/audit' : '/api/roles')).statusCode).toBe(200);
      const off = await agent.post('/api/account/mfa/disable', { password: 'Gongjian@2026' });
      expect(off.json().error.code).toBe('MFA_REQUIRED_FOR_ADMIN');
      t.clock.advance(31_000);
    }
  });

  it('does not ask a business user for a second factor', async () => {
    const agent = await t.login('xinqu');
    expect((await agent.get('/api/me')).json().mustEnrolMfa).toBe(false);
    expect((await agent.get('/api/units')).statusCode).toBe(200);
  });
});
