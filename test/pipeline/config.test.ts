import { describe, expect, it } from 'vitest';
import { DEFAULTS, loadConfig } from '../../pipeline/core/config.ts';
import { UserError } from '../../pipeline/core/errors.ts';

describe('loadConfig', () => {
  it('uses the defaults on an empty environment', () => {
    const config = loadConfig({});
    expect(config.dbPath).toBe(DEFAULTS.dbPath);
    expect(config.secDataUrl).toBe('https://data.sec.gov');
    expect(config.secWwwUrl).toBe('https://www.sec.gov');
    expect(config.secMaxRps).toBe(8);
    expect(config.redisUrl).toBeNull();
    expect(config.secUserAgent).toBeNull();
  });

  it('reads every variable and strips trailing slashes from base URLs', () => {
    const config = loadConfig({
      MINERPIVOT_DB: '/tmp/x.db',
      REDIS_URL: 'redis://127.0.0.1:6379',
      SEC_USER_AGENT: 'Jane Doe Research jane@example.org',
      SEC_DATA_URL: 'http://127.0.0.1:8080/data/',
      SEC_WWW_URL: 'http://127.0.0.1:8080/www',
      SEC_MAX_RPS: '5',
    });
    expect(config).toMatchObject({
      dbPath: '/tmp/x.db',
      redisUrl: 'redis://127.0.0.1:6379',
      secDataUrl: 'http://127.0.0.1:8080/data',
      secMaxRps: 5,
    });
  });

  it('reports every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ SEC_MAX_RPS: '12', SEC_DATA_URL: 'not a url', REDIS_URL: 'localhost', SEC_USER_AGENT: 'curl' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    const message = (error as Error).message;
    expect(message).toContain('SEC_MAX_RPS=12');
    expect(message).toContain('SEC_DATA_URL=not a url');
    expect(message).toContain('REDIS_URL=localhost');
    // Named, but never echoed: a User-Agent holds an email.
    expect(message).toContain('SEC_USER_AGENT: the SEC asks for');
    expect(message).not.toContain('curl');
  });

  it.each(['0', '-1', 'ten', '10.5'])('refuses SEC_MAX_RPS=%s', (value) => {
    expect(() => loadConfig({ SEC_MAX_RPS: value })).toThrow(/SEC_MAX_RPS/);
  });

  it('accepts the SEC ceiling itself', () => {
    expect(loadConfig({ SEC_MAX_RPS: '10' }).secMaxRps).toBe(10);
  });
});
