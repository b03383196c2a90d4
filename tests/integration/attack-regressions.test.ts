/**
 * What an outside attacker found on the integrated build (issue 11's second round), beyond the fuzzer's
 * generated reader queries: each request here once answered in a way that told the attacker something.
 */
import crypto from 'crypto';
import { useApp } from '../harness/app';
import { contentKit } from '../harness/content';

jest.setTimeout(120_000);

/** Small enough that the list of articles below is over it. */
const MAX_BYTES = 2048;

// As in production: no introspection (config/plugins.ts).
const app = useApp({ env: { GRAPHQL_INTROSPECTION: 'false', READER_MAX_RESPONSE_BYTES: String(MAX_BYTES) } });

beforeAll(async () => {
  const kit = contentKit(app.strapi);
  const section = await kit.section('Paths');
  for (let i = 0; i < 20; i += 1) await kit.article({ section, title: `A story with a title long enough to weigh ${i}` });
});

describe('POST /api/auth/forgot-password does not tell which addresses have accounts', () => {
  // The stock sendmail provider would look the address's domain up in DNS; here the mail server is a stub that fails, as an unreachable one does.
  type Provider = { send: (options: unknown) => Promise<void> };
  let realSend: Provider['send'];
  beforeAll(() => {
    const provider = app.strapi.plugin('email').provider as Provider;
    realSend = provider.send;
    provider.send = () => Promise.reject(new Error('the mail server is unreachable (test stub)'));
  });
  afterAll(() => {
    (app.strapi.plugin('email').provider as Provider).send = realSend;
  });

  test('an address with an account answers as one without (the reset email cannot be sent here)', async () => {
    const username = `reader${crypto.randomBytes(3).toString('hex')}`;
    const email = `${username}@example.test`;
    expect((await app.http().post('/api/auth/local/register').send({ username, email, password: 'Passw0rd-long' })).status).toBe(200);

    const known = await app.http().post('/api/auth/forgot-password').send({ email });
    const unknown = await app
      .http()
      .post('/api/auth/forgot-password')
      .send({ email: `nobody-${username}@example.test` });
    expect(unknown.status).toBe(200);
    expect({ status: known.status, body: known.body }).toEqual({ status: unknown.status, body: unknown.body });
  });

  test('GraphQL forgotPassword: the same for an address with an account as for one without', async () => {
    const username = `reader${crypto.randomBytes(3).toString('hex')}`;
    const email = `${username}@example.test`;
    expect((await app.http().post('/api/auth/local/register').send({ username, email, password: 'Passw0rd-long' })).status).toBe(200);
    const mutation = (address: string) =>
      app
        .http()
        .post('/graphql')
        .send({ query: 'mutation($email: String!) { forgotPassword(email: $email) { ok } }', variables: { email: address } });
    const known = await mutation(email);
    const unknown = await mutation(`nobody-${username}@example.test`);
    expect(unknown.body).toEqual({ data: { forgotPassword: { ok: true } } });
    expect({ status: known.status, body: known.body }).toEqual({ status: unknown.status, body: unknown.body });
  });

  test('a slow mail server does not make an address with an account answer later', async () => {
    const username = `reader${crypto.randomBytes(3).toString('hex')}`;
    const email = `${username}@example.test`;
    expect((await app.http().post('/api/auth/local/register').send({ username, email, password: 'Passw0rd-long' })).status).toBe(200);
    const provider = app.strapi.plugin('email').provider as { send: (options: unknown) => Promise<void> };
    const realSend = provider.send;
    const sent: unknown[] = [];
    // The mail server holds every message until `release` (or 30 s): an answer that waited for it would come after.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
      setTimeout(resolve, 30_000).unref();
    });
    provider.send = async (options) => {
      await held;
      sent.push(options);
    };
    try {
      const res = await app.http().post('/api/auth/forgot-password').send({ email });
      expect(res.body).toEqual({ ok: true });
      expect(sent).toHaveLength(0);
      // The email still leaves once the mail server takes it.
      release();
      for (let tries = 0; sent.length === 0 && tries < 100; tries += 1) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(sent).toHaveLength(1);
    } finally {
      release();
      provider.send = realSend;
    }
  });

  test('a malformed address is still a 400', async () => {
    const res = await app
      .http()
      .post('/api/auth/forgot-password')
      .send({ email: { $ne: '' } });
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
  });
});

describe('GraphQL without introspection does not spell the schema out in suggestions', () => {
  test.each([
    ['a misspelt root field', '{ articlez { slug } }'],
    ['a misspelt field', '{ articles { titel } }'],
    ['a misspelt argument', '{ articles(sorts: "title") { slug } }'],
  ])('%s: 400 without "Did you mean"', async (_name, query) => {
    const res = await app.http().post('/graphql').send({ query });
    expect(res.status).toBe(400);
    expect(res.body.errors.length).toBeGreaterThan(0);
    expect(JSON.stringify(res.body)).not.toMatch(/did you mean/i);
  });
});

describe('the router matches paths case-insensitively and with a trailing slash: so do the budgets', () => {
  test.each(['/api/articles', '/API/articles', '/Api/Articles/', '/api/articles/'])('GET %s over READER_MAX_RESPONSE_BYTES: 400', async (url) => {
    const res = await app.http().get(url).query({ 'pagination[pageSize]': 20 });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ status: 400, name: 'ValidationError', details: { maxBytes: MAX_BYTES } });
  });

  test.each(['/graphql', '/GRAPHQL', '/GraphQL/'])('POST %s over READER_MAX_RESPONSE_BYTES: 400 in GraphQL format', async (url) => {
    const res = await app.http().post(url).send({ query: '{ articles(pagination: { limit: 20 }) { title slug documentId } }' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.error).toMatchObject({ name: 'ValidationError', details: { maxBytes: MAX_BYTES } });
  });

  test.each(['/graphql', '/GraphQL'])('POST %s with an unknown field: a GraphQL error, not a REST error around one', async (url) => {
    const res = await app.http().post(url).send({ query: '{ nosuchfield }' });
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
