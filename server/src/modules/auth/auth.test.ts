import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionCookieOf, type TestApp } from '../../../test/harness.js';
import { totpCode } from './totp.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const login = (username: string, password: string, ip = '10.1.0.1', lang?: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip, headers: lang ? { 'accept-language': lang } : {} });

describe('login', () => {
  it('answers the user, a CSRF token and an HttpOnly SameSite=Strict cookie', async () => {
    const res = await login('xinqu', 'Gongjian@2026');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({ username: 'xinqu', displayName: '赵磊', unitName: '镇江新区' });
    expect(body.user.roles.map((r: { code: string }) => r.code)).toEqual(['district']);
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
    const cookie = res.cookies.find((c) => c.name === 'gj_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: sessionCookieOf(res) } });
    expect(me.json().username).toBe('xinqu');
  });

  it('gives the same answer for an unknown user and a wrong password, in the asked language', async () => {
    const unknown = await login('nobody', 'Whatever#2026', '10.1.0.2');
    const wrong = await login('gaoxin', 'Whatever#2026', '10.1.0.2');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe(wrong.json().error.code);
    expect(unknown.json().error.message).toBe('用户名或密码错误。');
    const english = await login('nobody', 'x', '10.1.0.2', 'en-US,en;q=0.9');
    expect(english.json().error.message).toBe('Wrong username or password.');
    expect(english.json().error.requestId).toMatch(/[0-9a-f-]{36}/);
  });

  it('issues a new token at every login', async () => {
    const a = sessionCookieOf(await login('fagai', 'Gongjian@2026'));
    const b = sessionCookieOf(await login('fagai', 'Gongjian@2026'));
    expect(a).not.toBe(b);
  });
});

describe('lockout', () => {
  it('locks after 5 failures for 30 minutes, refuses the right password meanwhile, then lets in', async () => {
    for (let i = 0; i < 4; i++) expect((await login('jingkou', 'Wrong#Pass1', '10.2.0.1')).statusCode).toBe(401);
    const fifth = await login('jingkou', 'Wrong#Pass1', '10.2.0.1');
    expect(fifth.statusCode).toBe(401);
    const locked = await login('jingkou', 'Gongjian@2026', '10.2.0.1');
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
    t.clock.advanceMinutes(29);
    expect((await login('jingkou', 'Gongjian@2026', '10.2.0.1')).statusCode).toBe(423);
    t.clock.advanceMinutes(2);
    expect((await login('jingkou', 'Gongjian@2026', '10.2.0.1')).statusCode).toBe(200);
    const actions = await t.app.gj.db.selectFrom('audit_log').select(['action', 'result']).where('username', '=', 'jingkou').execute();
    expect(actions.filter((a) => a.action === 'auth.lockout')).toHaveLength(1);
    expect(actions.filter((a) => a.action === 'auth.login' && a.result === 'failure').length).toBeGreaterThanOrEqual(6);
  });

  it('limits one IP across many accounts with 429', async () => {
    const ip = '10.3.0.1';
    const names = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9', 'u10'];
    for (let i = 0; i < 20; i++) expect((await login(names[i % names.length]!, 'Wrong#Pass1', ip)).statusCode).toBe(401);
    const limited = await login('leader', 'Gongjian@2026', ip);
    expect(limited.statusCode).toBe(429);
    expect((await login('leader', 'Gongjian@2026', '10.3.0.2')).statusCode).toBe(200);
    t.clock.advanceMinutes(16);
    expect((await login('leader', 'Gongjian@2026', ip)).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('ends after 30 idle minutes for a business user and 15 for an administrator', async () => {
    const user = await t.login('shangwu');
    const admin = await t.login('admin');
    t.clock.advanceMinutes(14);
    expect((await user.get('/api/me')).statusCode).toBe(200);
    expect((await admin.get('/api/me')).statusCode).toBe(200);
    t.clock.advanceMinutes(16);
    expect((await user.get('/api/me')).statusCode).toBe(200);
    const expired = await admin.get('/api/me');
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('SESSION_EXPIRED');
    t.clock.advanceMinutes(31);
    expect((await user.get('/api/me')).statusCode).toBe(401);
  });

  it('ends after 12 hours however active', async () => {
    const user = await t.login('leader', undefined, '10.4.0.1');
    // Active every 20 minutes for 11h40m, so only the absolute limit can end it.
    for (let i = 0; i < 35; i++) {
      t.clock.advanceMinutes(20);
      expect((await user.get('/api/me')).statusCode).toBe(200);
    }
    t.clock.advanceMinutes(21);
    expect((await user.get('/api/me')).statusCode).toBe(401);
  });

  it('ends at logout, and the old cookie no longer works', async () => {
    const user = await t.login('icbc');
    expect((await user.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await user.get('/api/me')).statusCode).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a state change without the token or with a wrong one, and not with the right one', async () => {
    const user = await t.login('ziguiju');
    const none = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: user.cookie } });
    expect(none.statusCode).toBe(403);
    expect(none.json().error.code).toBe('CSRF_INVALID');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: user.cookie, 'x-csrf-token': 'x'.repeat(43) } });
    expect(wrong.statusCode).toBe(403);
    const again = await user.get('/api/auth/csrf');
    expect(again.json().csrfToken).toBe(user.csrfToken);
    expect((await user.post('/api/auth/logout')).statusCode).toBe(204);
  });
});

describe('second factor', () => {
  it('enrols TOTP, then asks for it at login and refuses a replayed code', async () => {
    const user = await t.login('gaoxin', undefined, '10.5.0.1');
    const setup = await user.post('/api/account/mfa/setup');
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUrl, qrDataUrl } = setup.json();
    expect(otpauthUrl).toContain('otpauth://totp/');
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect((await user.post('/api/account/mfa/enable', { code: '000000' === totpCode(secret, t.clock.now()) ? '111111' : '000000' })).statusCode).toBe(400);
    expect((await user.post('/api/account/mfa/enable', { code: totpCode(secret, t.clock.now()) })).statusCode).toBe(204);

    t.clock.advance(31_000);
    const first = await login('gaoxin', 'Gongjian@2026', '10.5.0.1');
    expect(first.json()).toMatchObject({ mfaRequired: true });
    expect(first.cookies.find((c) => c.name === 'gj_session')).toBeUndefined();
    const code = totpCode(secret, t.clock.now());
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/mfa', payload: { ticket: first.json().ticket, code }, remoteAddress: '10.5.0.1' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.totpEnabled).toBe(true);

    const second = await login('gaoxin', 'Gongjian@2026', '10.5.0.1');
    const replay = await t.app.inject({ method: 'POST', url: '/api/auth/mfa', payload: { ticket: second.json().ticket, code }, remoteAddress: '10.5.0.1' });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('MFA_CODE_INVALID');
    // A ticket is good once: after it was used, even a fresh code is refused on it.
    t.clock.advance(30_000);
    const used = await t.app.inject({ method: 'POST', url: '/api/auth/mfa', payload: { ticket: first.json().ticket, code: totpCode(secret, t.clock.now()) }, remoteAddress: '10.5.0.1' });
    expect(used.statusCode).toBe(401);
    expect(used.json().error.code).toBe('MFA_TICKET_INVALID');
  });
});

describe('second factor lockout', () => {
  it('counts wrong codes like wrong passwords: 5 wrong codes after the right password lock the account', async () => {
    const user = await t.login('dagang', undefined, '10.7.0.1');
    const { secret } = (await user.post('/api/account/mfa/setup')).json();
    expect((await user.post('/api/account/mfa/enable', { code: totpCode(secret, t.clock.now()) })).statusCode).toBe(204);
    t.clock.advance(31_000);
    const wrongCode = () => {
      const right = totpCode(secret, t.clock.now());
      return right === '000000' ? '111111' : '000000';
    };
    for (let i = 0; i < 5; i++) {
      const step1 = await login('dagang', 'Gongjian@2026', '10.7.0.1');
      expect(step1.statusCode, `attempt ${i + 1}`).toBe(200);
      const step2 = await t.app.inject({ method: 'POST', url: '/api/auth/mfa', payload: { ticket: step1.json().ticket, code: wrongCode() }, remoteAddress: '10.7.0.1' });
      expect(step2.statusCode).toBe(401);
    }
    const locked = await login('dagang', 'Gongjian@2026', '10.7.0.1');
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
    t.clock.advanceMinutes(31);
    // After the lock, only the full login (password and code) clears the count: a right password alone does not.
    for (let i = 0; i < 4; i++) {
      const step1 = await login('dagang', 'Gongjian@2026', '10.7.0.1');
      await t.app.inject({ method: 'POST', url: '/api/auth/mfa', payload: { ticket: step1.json().ticket, code: wrongCode() }, remoteAddress: '10.7.0.1' });
    }
    const fifth = await login('dagang', 'Gongjian@2026', '10.7.0.1');
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/mfa', payload: { ticket: fifth.json().ticket, code: wrongCode() }, remoteAddress: '10.7.0.1' })).statusCode).toBe(401);
    expect((await login('dagang', 'Gongjian@2026', '10.7.0.1')).statusCode).toBe(423);
    t.clock.advanceMinutes(31);
    const ok = await login('dagang', 'Gongjian@2026', '10.7.0.1');
    const done = await t.app.inject({ method: 'POST', url: '/api/auth/mfa', payload: { ticket: ok.json().ticket, code: totpCode(secret, t.clock.now()) }, remoteAddress: '10.7.0.1' });
    expect(done.statusCode).toBe(200);
    const row = await t.app.gj.db.selectFrom('users').select(['failed_count', 'locked_until']).where('username', '=', 'dagang').executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_count: 0, locked_until: null });
  });
});

describe('no account enumeration through the lockout', () => {
  it('answers 423 for an unknown name after 5 failures, exactly as for a known one', async () => {
    const answers: Record<string, { status: number; code: string; message: string }[]> = {};
    for (const name of ['xcl', 'no_such_user']) {
      answers[name] = [];
      for (let i = 0; i < 7; i++) {
        const res = await login(name, 'Wrong#Pass1', `10.9.0.${name === 'xcl' ? 1 : 2}`);
        answers[name]!.push({ status: res.statusCode, code: res.json().error.code, message: res.json().error.message });
      }
    }
    expect(answers.xcl!.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 423, 423]);
    expect(answers.no_such_user).toEqual(answers.xcl);
    // The lock ends for both after the same 30 minutes.
    t.clock.advanceMinutes(31);
    expect((await login('no_such_user', 'Wrong#Pass1', '10.9.0.2')).statusCode).toBe(401);
    expect((await login('xcl', 'Wrong#Pass1', '10.9.0.1')).statusCode).toBe(401);
  });
});

describe('security headers and errors', () => {
  it('sends a strict CSP, nosniff, a referrer policy, frame-ancestors none and no-store on the API', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    const api = await t.app.inject({ method: 'GET', url: '/api/public/info' });
    expect(api.headers['cache-control']).toBe('no-store');
  });

  it('marks the cookie Secure and sends HSTS when served over HTTPS', async () => {
    const secure = await createTestApp();
    const app = await (await import('../../app.js')).buildApp({ ...secure.config, https: true });
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'leader', password: 'Gongjian@2026' } });
    expect(res.cookies.find((c) => c.name === 'gj_session')?.secure).toBe(true);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    await app.close();
    await secure.close();
  });

  it('never shows a stack, SQL or path: an internal error is a code, a message and a request id', async () => {
    const user = await t.login('leader', undefined, '10.6.0.1');
    // Break the database under the app: every query now fails inside the driver.
    const broken = await createTestApp();
    const agent = await broken.login('leader', undefined, '10.6.0.2');
    await broken.app.gj.database.close().catch(() => {});
    const res = await agent.get('/api/units');
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'requestId']);
    expect(body.error.code).toBe('INTERNAL');
    expect(res.body).not.toMatch(/at .*\.ts|select |SQLITE|node_modules|\/work\//i);
    expect((await user.get('/api/me')).statusCode).toBe(200);
    await broken.app.close().catch(() => {});
  });

  it('answers the OpenAPI document with every API route in it', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const documented = new Set(Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    for (const route of t.app.gj.routes) {
      if (route.url === '/api/openapi.json') continue;
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      expect(documented, `${route.method} ${route.url} is in the OpenAPI document`).toContain(`${route.method} ${path}`);
    }
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
  });
});
