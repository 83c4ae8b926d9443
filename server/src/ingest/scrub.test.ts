import { describe, expect, it } from 'vitest';
import { FILTERED, isSecretKey, scrubContext, scrubText } from './scrub.ts';

describe('isSecretKey', () => {
  it.each([
    'password',
    'DB_PASSWORD',
    'passwd',
    'client_secret',
    'X-Auth-Token',
    'access_token',
    'Authorization',
    'api_key',
    'apiKey',
    'X-API-Key',
    'Cookie',
    'set-cookie',
    'private_key',
    'sessionid',
    'csrftoken',
    'auth',
    'pwd',
    'credentials',
    'dsn',
  ])('%s is secret', (key) => expect(isSecretKey(key)).toBe(true));
  it.each(['author', 'job_name', 'namespace', 'user', 'pwdir', 'authenticated_via'])('%s is not', (key) =>
    expect(isSecretKey(key)).toBe(false),
  );
});

describe('scrubText', () => {
  it('hides the value of secret assignments, keeping the name', () => {
    expect(scrubText('GET /cb?code=1&access_token=abc.def&state=x')).toBe(
      `GET /cb?code=1&access_token=${FILTERED}&state=x`,
    );
    expect(scrubText('mysql -u root --password=hunter2 db')).toBe(`mysql -u root --password=${FILTERED} db`);
    expect(scrubText('{"api_key": "sk_live_123"}')).toBe(`{"api_key": "${FILTERED}"}`);
  });

  it('hides card-like numbers that pass the Luhn check, and only those', () => {
    expect(scrubText('paid with 4111 1111 1111 1111 today')).toBe(`paid with ${FILTERED} today`);
    expect(scrubText('card 5500-0000-0000-0004')).toBe(`card ${FILTERED}`);
    expect(scrubText('order 4111111111111112')).toBe('order 4111111111111112');
    expect(scrubText('took 1234 ms')).toBe('took 1234 ms');
  });
});

describe('scrubContext', () => {
  it('replaces secret values at any depth and keeps the rest', () => {
    const out = scrubContext({
      job_name: 'deploy',
      request: {
        url: 'https://x.test/login?password=pw1',
        headers: { Authorization: 'Bearer abc', Accept: 'text/html', Cookie: 'sid=1' },
        pairs: [
          ['X-Api-Key', 'k1'],
          ['Host', 'x.test'],
        ],
      },
      env: [{ DATABASE_PASSWORD: 's3cret' }, { HOME: '/root' }],
      config: { secret: { nested: 'whole subtree' } },
      token: null,
    });
    expect(out).toEqual({
      job_name: 'deploy',
      request: {
        url: `https://x.test/login?password=${FILTERED}`,
        headers: { Authorization: FILTERED, Accept: 'text/html', Cookie: FILTERED },
        pairs: [
          ['X-Api-Key', FILTERED],
          ['Host', 'x.test'],
        ],
      },
      env: [{ DATABASE_PASSWORD: FILTERED }, { HOME: '/root' }],
      config: { secret: FILTERED },
      token: null,
    });
  });
});
