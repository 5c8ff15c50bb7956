import { describe, expect, it } from 'vitest';
import { readableLine } from './logging.js';

describe('the readable log line', () => {
  const at = new Date(2026, 10, 29, 8, 30, 5).getTime();

  it('says a request in one line: method, url, status, ms and who asked', () => {
    const json = JSON.stringify({ level: 30, time: at, pid: 1, hostname: 'h', reqId: 'r', req: { method: 'GET', url: '/api/projects?page=2', remoteAddress: '127.0.0.1' }, res: { statusCode: 200 }, responseTime: 12.4, user: 'xinqu', msg: 'request completed' });
    expect(readableLine(json)).toBe('08:30:05 GET /api/projects?page=2 200 12 ms xinqu');
  });

  it('leaves out the user when nobody is signed in, and colours the status at a terminal', () => {
    const json = JSON.stringify({ level: 30, time: at, req: { method: 'POST', url: '/api/auth/login' }, res: { statusCode: 401 }, responseTime: 3, msg: 'request completed' });
    expect(readableLine(json)).toBe('08:30:05 POST /api/auth/login 401 3 ms');
    expect(readableLine(json, true)).toContain('\u001b[33m401\u001b[39m');
  });

  it('writes other records as level, message, their own fields and an error stack', () => {
    const json = JSON.stringify({ level: 50, time: at, pid: 1, hostname: 'h', job: 'nightly', err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at x' }, msg: 'job failed' });
    expect(readableLine(json)).toBe('08:30:05 ERROR job failed {"job":"nightly"}\nError: boom\n    at x');
  });

  it('passes a line that is not JSON through', () => {
    expect(readableLine('plain text\n')).toBe('plain text');
  });
});
