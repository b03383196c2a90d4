/** The purge settings (PURGE_*): the defaults, each adapter's variables, and every problem named at once. */
import { readSettings, SettingsError } from '../../src/settings';
import { readPurgeSettings } from '../../src/settings/purge';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS script, no types to import
const { randomSecrets } = require('../../scripts/lib/secrets') as { randomSecrets: () => Record<string, string> };

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    readPurgeSettings(env);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as SettingsError).problems;
  }
  throw new Error('expected a SettingsError');
};

test('unset: nothing is purged, requests wait 5 s at most', () => {
  expect(readPurgeSettings({})).toEqual({ adapter: 'none', timeoutMs: 5000 });
  expect(readPurgeSettings({ PURGE_ADAPTER: ' ', PURGE_TIMEOUT_MS: '' })).toEqual({ adapter: 'none', timeoutMs: 5000 });
  expect(readSettings({ ...randomSecrets() }).purge).toEqual({ adapter: 'none', timeoutMs: 5000 });
});

test('each adapter reads its own variables, with the documented defaults', () => {
  expect(
    readPurgeSettings({ PURGE_ADAPTER: 'Varnish', PURGE_VARNISH_URLS: ' http://127.0.0.1:6081, https://cache-2.internal:6081/ ,', PURGE_TIMEOUT_MS: '250' }),
  ).toEqual({
    adapter: 'varnish',
    timeoutMs: 250,
    urls: ['http://127.0.0.1:6081/', 'https://cache-2.internal:6081/'],
  });
  expect(readPurgeSettings({ PURGE_ADAPTER: 'fastly', PURGE_FASTLY_SERVICE_ID: 'SU1Z0isxPaozGVKXdv0eY', PURGE_FASTLY_API_TOKEN: 'tok-123' })).toEqual({
    adapter: 'fastly',
    timeoutMs: 5000,
    apiUrl: 'https://api.fastly.com',
    serviceId: 'SU1Z0isxPaozGVKXdv0eY',
    apiToken: 'tok-123',
    soft: false,
  });
  expect(
    readPurgeSettings({
      PURGE_ADAPTER: 'fastly',
      PURGE_FASTLY_SERVICE_ID: 'svc',
      PURGE_FASTLY_API_TOKEN: 'tok',
      PURGE_FASTLY_SOFT: 'TRUE',
      PURGE_FASTLY_API_URL: 'http://127.0.0.1:9/',
    }),
  ).toMatchObject({ soft: true, apiUrl: 'http://127.0.0.1:9' });
  expect(readPurgeSettings({ PURGE_ADAPTER: 'cloudflare', PURGE_CLOUDFLARE_ZONE_ID: 'zone1', PURGE_CLOUDFLARE_API_TOKEN: 'cf-tok' })).toEqual({
    adapter: 'cloudflare',
    timeoutMs: 5000,
    apiUrl: 'https://api.cloudflare.com/client/v4',
    zoneId: 'zone1',
    apiToken: 'cf-tok',
  });
  expect(readPurgeSettings({ PURGE_ADAPTER: 'webhook', PURGE_WEBHOOK_URL: 'https://hooks.example.com/purge?k=1' })).toEqual({
    adapter: 'webhook',
    timeoutMs: 5000,
    url: 'https://hooks.example.com/purge?k=1',
    secret: null,
  });
  expect(readPurgeSettings({ PURGE_ADAPTER: 'webhook', PURGE_WEBHOOK_URL: 'http://purger:8080/', PURGE_WEBHOOK_SECRET: 's3cr3t-value' })).toMatchObject({
    secret: 's3cr3t-value',
  });
});

test("another adapter's variables are not read", () => {
  expect(
    readPurgeSettings({ PURGE_ADAPTER: 'webhook', PURGE_WEBHOOK_URL: 'http://purger/', PURGE_VARNISH_URLS: 'ftp://x', PURGE_FASTLY_API_URL: 'nope' }),
  ).toMatchObject({
    adapter: 'webhook',
  });
});

test.each([
  ['an unknown adapter', { PURGE_ADAPTER: 'akamai' }, ['PURGE_ADAPTER "akamai" is not one of none, varnish, fastly, cloudflare, webhook']],
  ['a timeout that is not an integer', { PURGE_TIMEOUT_MS: '5s' }, ['PURGE_TIMEOUT_MS "5s" is not an integer from 100 to 60000 milliseconds']],
  ['a timeout out of range', { PURGE_TIMEOUT_MS: '99' }, ['PURGE_TIMEOUT_MS "99" is not an integer from 100 to 60000 milliseconds']],
  ['varnish without addresses', { PURGE_ADAPTER: 'varnish' }, ['PURGE_VARNISH_URLS is missing: PURGE_ADAPTER=varnish needs it']],
  ['varnish with only commas', { PURGE_ADAPTER: 'varnish', PURGE_VARNISH_URLS: ' , ,' }, [expect.stringMatching(/^PURGE_VARNISH_URLS lists no address/)]],
  [
    'a Varnish address that is not http(s)',
    { PURGE_ADAPTER: 'varnish', PURGE_VARNISH_URLS: 'http://ok:6081,varnish:6081,ftp://x' },
    [
      'PURGE_VARNISH_URLS must be an http(s) URL such as https://cache.example.com (got "varnish:6081")',
      'PURGE_VARNISH_URLS must be an http(s) URL such as https://cache.example.com (got "ftp://x")',
    ],
  ],
  [
    'fastly without service or token',
    { PURGE_ADAPTER: 'fastly' },
    ['PURGE_FASTLY_SERVICE_ID is missing: PURGE_ADAPTER=fastly needs it', 'PURGE_FASTLY_API_TOKEN is missing: PURGE_ADAPTER=fastly needs it'],
  ],
  [
    'fastly with a placeholder token, a bad soft flag and a bad API URL',
    {
      PURGE_ADAPTER: 'fastly',
      PURGE_FASTLY_SERVICE_ID: 'svc',
      PURGE_FASTLY_API_TOKEN: 'changeme',
      PURGE_FASTLY_SOFT: 'yes',
      PURGE_FASTLY_API_URL: 'api.fastly.com',
    },
    [
      'PURGE_FASTLY_API_URL must be an http(s) URL such as https://cache.example.com (got "api.fastly.com")',
      'PURGE_FASTLY_SOFT must be true or false (got "yes")',
      'PURGE_FASTLY_API_TOKEN still holds a placeholder value: set the real token',
    ],
  ],
  [
    'cloudflare without zone or token',
    { PURGE_ADAPTER: 'cloudflare', PURGE_CLOUDFLARE_API_URL: 'file:///etc' },
    [
      'PURGE_CLOUDFLARE_API_URL must be an http(s) URL such as https://cache.example.com (got "file:///etc")',
      'PURGE_CLOUDFLARE_ZONE_ID is missing: PURGE_ADAPTER=cloudflare needs it',
      'PURGE_CLOUDFLARE_API_TOKEN is missing: PURGE_ADAPTER=cloudflare needs it',
    ],
  ],
  ['a webhook without URL', { PURGE_ADAPTER: 'webhook' }, ['PURGE_WEBHOOK_URL is missing: PURGE_ADAPTER=webhook needs it']],
  [
    'a webhook URL with credentials and a placeholder secret',
    { PURGE_ADAPTER: 'webhook', PURGE_WEBHOOK_URL: 'https://user:pw@hooks.example.com/x', PURGE_WEBHOOK_SECRET: 'tobemodified' },
    [
      'PURGE_WEBHOOK_URL must not hold a user name or password (got a URL with credentials for hooks.example.com)',
      'PURGE_WEBHOOK_SECRET still holds a placeholder value: set the real secret, or leave it empty',
    ],
  ],
])('%s: each problem named', (_name, env, expected) => {
  const problems = problemsOf(env);
  expect(problems).toEqual(expect.arrayContaining(expected));
  expect(problems).toHaveLength(expected.length);
  expect(problems.join('\n')).not.toContain('pw@');
});

test("purge problems come with the other concerns' problems, in one error", () => {
  try {
    readSettings({ ...randomSecrets(), PURGE_ADAPTER: 'varnish', PURGE_TIMEOUT_MS: 'x', NEWS_TIMEZONE: 'Mars/Base' });
    throw new Error('expected a SettingsError');
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as SettingsError).problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^NEWS_TIMEZONE/),
        expect.stringMatching(/^PURGE_TIMEOUT_MS "x"/),
        expect.stringMatching(/^PURGE_VARNISH_URLS is missing/),
      ]),
    );
  }
});
