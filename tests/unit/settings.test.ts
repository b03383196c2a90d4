/** The settings module reports every problem of every variable at once, in one SettingsError. */
import { readSettings, SettingsError } from '../../src/settings';
import { readCorsSettings } from '../../src/settings/cors';
import { readRequestBudgets } from '../../src/settings/limits';
import { readSecrets } from '../../src/settings/secrets';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS script, no types to import
const { randomSecrets } = require('../../scripts/lib/secrets') as { randomSecrets: () => Record<string, string> };

const problemsOf = (read: () => unknown): readonly string[] => {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as SettingsError).problems;
  }
  throw new Error('expected a SettingsError');
};

test('a good environment reads, with the documented defaults', () => {
  const settings = readSettings({ ...randomSecrets() });
  expect(settings.server).toMatchObject({ host: '0.0.0.0', port: 1337, cronEnabled: true, bodyLimits: { json: '1mb', form: '1mb', text: '1mb' } });
  expect(settings.database).toMatchObject({ client: 'sqlite', port: 5432, pool: { min: 2, max: 10 } });
  expect(settings.news).toMatchObject({ timeZone: 'UTC', dateFormat: 'EEE, dd/MM/yyyy - HH:mm', moreFromLimit: 5, cacheMaxAge: 60 });
  expect(settings.news.locales).toMatchObject({ defaultLocale: 'en', fallbackLocale: null, words: {} });
  expect(settings.upload).toBeNull();
});

test('several bad variables of several concerns are all reported in one error, one line each', () => {
  const problems = problemsOf(() =>
    readSettings({
      ...randomSecrets(),
      JWT_SECRET: undefined,
      APP_KEYS: 'changeme',
      DATABASE_CLIENT: 'mysql',
      NEWS_TIMEZONE: 'Mars/Olympus_Mons',
      READER_URL: 'ftp://reader',
      SHUTDOWN_TIMEOUT_MS: 'soon',
      GRAPHQL_DEPTH_LIMIT: '0',
      READER_MAX_RESPONSE_BYTES: '12',
      CORS_ORIGINS: 'reader.example.com',
      ADMIN_CORS_ORIGINS: '*',
      S3_BUCKET: 'media',
    }),
  );
  expect(problems).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^APP_KEYS still holds a placeholder value/),
      expect.stringMatching(/^JWT_SECRET is missing/),
      'DATABASE_CLIENT "mysql" is not supported (use one of: sqlite, postgres)',
      expect.stringMatching(/^NEWS_TIMEZONE "Mars\/Olympus_Mons" is not an IANA time zone/),
      expect.stringMatching(/^READER_URL must be an absolute http\(s\) URL/),
      expect.stringMatching(/^SHUTDOWN_TIMEOUT_MS "soon" is not an integer/),
      expect.stringMatching(/^GRAPHQL_DEPTH_LIMIT must be a whole number of at least 1/),
      expect.stringMatching(/^READER_MAX_RESPONSE_BYTES must be a whole number of at least 1024/),
      expect.stringMatching(/^CORS_ORIGINS takes/),
      expect.stringMatching(/^ADMIN_CORS_ORIGINS takes/),
      expect.stringMatching(/^S3_REGION is missing/),
    ]),
  );
  expect(problems).toHaveLength(11);
});

test('within one concern too, every bad variable is named, not only the first', () => {
  expect(problemsOf(() => readRequestBudgets({ DATABASE_STATEMENT_TIMEOUT_MS: 'x', READER_QUEUE_TIMEOUT_MS: '0' }))).toEqual([
    expect.stringMatching(/^DATABASE_STATEMENT_TIMEOUT_MS must be/),
    expect.stringMatching(/^READER_QUEUE_TIMEOUT_MS must be/),
  ]);
  expect(problemsOf(() => readCorsSettings({ CORS_ORIGINS: 'nope', ADMIN_CORS_ORIGINS: 'also-nope' }))).toHaveLength(2);
  expect(problemsOf(() => readSecrets({}))).toEqual(
    ['APP_KEYS', 'API_TOKEN_SALT', 'ADMIN_JWT_SECRET', 'TRANSFER_TOKEN_SALT', 'ENCRYPTION_KEY', 'JWT_SECRET'].map(
      (name) => `${name} is missing: set it in .env (npm run develop creates one with random values)`,
    ),
  );
});

test('HISTORY_RETENTION_DAYS: unset keeps every version; whole days from 1 to 36500; anything else is named', () => {
  expect(readSettings({ ...randomSecrets() }).history).toEqual({ retentionDays: null });
  expect(readSettings({ ...randomSecrets(), HISTORY_RETENTION_DAYS: ' 365 ' }).history).toEqual({ retentionDays: 365 });
  expect(readSettings({ ...randomSecrets(), HISTORY_RETENTION_DAYS: '36500' }).history).toEqual({ retentionDays: 36500 });
  for (const bad of ['0', '-1', '1.5', '30d', 'forever', '36501', '1e3']) {
    expect(problemsOf(() => readSettings({ ...randomSecrets(), HISTORY_RETENTION_DAYS: bad }))).toEqual([expect.stringMatching(/^HISTORY_RETENTION_DAYS "/)]);
  }
});
