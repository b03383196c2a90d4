/**
 * What an outside attacker found on the integrated build (issue 11's second round), beyond the fuzzer's
 * generated reader queries: each request here once answered in a way that told the attacker something.
 */
import crypto from 'crypto';
import { startApp, type TestApp } from '../harness/strapi';

jest.setTimeout(120_000);

let app: TestApp;

beforeAll(async () => {
  // As in production: no introspection (config/plugins.ts).
  app = await startApp({ GRAPHQL_INTROSPECTION: 'false' });
});

afterAll(async () => {
  await app?.stop();
});

describe('POST /api/auth/forgot-password does not tell which addresses have accounts', () => {
  test('an address with an account answers as one without (the reset email cannot be sent here)', async () => {
    const username = `reader${crypto.randomBytes(3).toString('hex')}`;
    const email = `${username}@example.test`;
    expect((await app.http().post('/api/auth/local/register').send({ username, email, password: 'Passw0rd-long' })).status).toBe(200);

    const known = await app.http().post('/api/auth/forgot-password').send({ email });
    const unknown = await app.http().post('/api/auth/forgot-password').send({ email: `nobody-${username}@example.test` });
    expect(unknown.status).toBe(200);
    expect({ status: known.status, body: known.body }).toEqual({ status: unknown.status, body: unknown.body });
  });

  test('GraphQL forgotPassword: the same for an address with an account as for one without', async () => {
    const username = `reader${crypto.randomBytes(3).toString('hex')}`;
    const email = `${username}@example.test`;
    expect((await app.http().post('/api/auth/local/register').send({ username, email, password: 'Passw0rd-long' })).status).toBe(200);
    const mutation = (address: string) => app.http().post('/graphql').send({ query: 'mutation($email: String!) { forgotPassword(email: $email) { ok } }', variables: { email: address } });
    const known = await mutation(email);
    const unknown = await mutation(`nobody-${username}@example.test`);
    expect(unknown.body).toEqual({ data: { forgotPassword: { ok: true } } });
    expect({ status: known.status, body: known.body }).toEqual({ status: unknown.status, body: unknown.body });
  });

  test('a malformed address is still a 400', async () => {
    const res = await app.http().post('/api/auth/forgot-password').send({ email: { $ne: '' } });
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
