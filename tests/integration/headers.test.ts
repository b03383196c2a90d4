/**
 * Response headers a browser and an attacker see: the security headers of `strapi::security` on the
 * API, GraphQL and the admin panel (with the reader's origin allowed in the admin's frame-src for
 * previews), no `X-Powered-By` nor `strapi` header, CORS limited to CORS_ORIGINS (GraphQL included; the full
 * table is cors.test.ts), and the login and password-reset endpoints answering 429 in Strapi's error format
 * after AUTH_/ADMIN_RATE_LIMIT_MAX attempts.
 */
import crypto from 'crypto';
import { useApp } from '../harness/app';
import { PASSWORD, roleId } from '../harness/admin-users';

const FRONT_END = 'https://www.example.com';
const READER = 'https://reader.example.com';
const STRANGER = 'https://evil.example.net';
const AUTH_MAX = 4;
const ADMIN_MAX = 3;

const app = useApp({
  env: {
    CORS_ORIGINS: `${FRONT_END},${READER}`,
    READER_URL: `${READER}/`,
    AUTH_RATE_LIMIT_MAX: String(AUTH_MAX),
    ADMIN_RATE_LIMIT_MAX: String(ADMIN_MAX),
  },
});

type Res = { status: number; headers: Record<string, string | undefined>; body: unknown };

/** The answers every check below looks at: REST, GraphQL and the admin API. */
const SAMPLES: Array<[string, () => Promise<Res>]> = [
  ['GET /api/articles', () => app.http().get('/api/articles')],
  ['GET /api/articles/by-slug/:slug (404)', () => app.http().get('/api/articles/by-slug/no-such-article')],
  ['POST /graphql', () => app.http().post('/graphql').set('Content-Type', 'application/json').send({ query: '{ sections { slug } }' })],
  ['GET /admin/init', () => app.http().get('/admin/init')],
  [
    'POST /admin/login (refused)',
    () =>
      app
        .http()
        .post('/admin/login')
        .send({ email: `nobody-${crypto.randomBytes(3).toString('hex')}@newsroom.test`, password: 'x' }),
  ],
];

const directives = (csp: string | undefined) =>
  new Map(
    (csp ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name, values]),
  );

describe('security headers', () => {
  test.each(SAMPLES)('%s: CSP, nosniff, frame and referrer policy, HSTS, no X-Powered-By', async (_name, send) => {
    const res = await send();
    expect(res.status).toBeLessThan(500);
    const csp = directives(res.headers['content-security-policy']);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    // Browsers honour HSTS only over HTTPS, so it is harmless on a plain-HTTP development server.
    expect(res.headers['strict-transport-security']).toMatch(/^max-age=(\d+); includeSubDomains/);
    expect(Number(/max-age=(\d+)/.exec(res.headers['strict-transport-security'] ?? '')?.[1])).toBeGreaterThanOrEqual(31536000);
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  test('the admin panel may frame the reader (preview), and nothing else from outside', async () => {
    const res = await app.http().get('/admin/init');
    const frameSrc = directives(res.headers['content-security-policy']).get('frame-src') ?? [];
    expect(frameSrc).toContain(READER);
    expect(frameSrc).not.toContain(STRANGER);
    expect(frameSrc).not.toContain('*');
  });
});

test.each(['/_health', '/_ready', '/api/articles', '/admin/init', '/no-such-page'])('GET %s: no header naming the server software', async (url) => {
  const res = await app.http().get(url);
  expect(res.headers.strapi).toBeUndefined();
  expect(res.headers['x-powered-by']).toBeUndefined();
});

test('GET /favicon.ico answers the icon, not a 500 (strapi::favicon needs favicon.png in the app folder)', async () => {
  const res = await app.http().get('/favicon.ico');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^image\//);
});

describe('CORS follows CORS_ORIGINS', () => {
  test.each([
    ['GET /api/articles', (origin: string) => app.http().get('/api/articles').set('Origin', origin)],
    [
      'POST /graphql',
      (origin: string) => app.http().post('/graphql').set('Origin', origin).set('Content-Type', 'application/json').send({ query: '{ sections { slug } }' }),
    ],
  ])('%s: a listed origin is allowed, another is not', async (_name, send) => {
    for (const origin of [FRONT_END, READER]) {
      const res = await send(origin);
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe(origin);
      expect(res.headers['access-control-expose-headers']).toMatch(/ETag/i);
    }
    const stranger = await send(STRANGER);
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
  });

  test.each(['/api/articles', '/graphql'])('preflight to %s: answered for a listed origin only', async (url) => {
    const allowed = await app
      .http()
      .options(url)
      .set('Origin', FRONT_END)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type');
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe(FRONT_END);
    expect(allowed.headers['access-control-allow-methods']).toMatch(/POST/);

    const refused = await app.http().options(url).set('Origin', STRANGER).set('Access-Control-Request-Method', 'POST');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });
});

/** Strapi's 429 body. */
function expectRateLimited(res: Res) {
  expect(res.status).toBe(429);
  expect(res.body).toEqual({ data: null, error: { status: 429, name: 'RateLimitError', message: expect.any(String), details: {} } });
}

describe('login endpoints are rate-limited', () => {
  test(`POST /api/auth/local: ${AUTH_MAX} failed attempts, then 429, also with the right password`, async () => {
    const username = `reader${crypto.randomBytes(3).toString('hex')}`;
    const email = `${username}@example.test`;
    const signUp = await app.http().post('/api/auth/local/register').send({ username, email, password: PASSWORD });
    expect(signUp.status).toBe(200);

    for (let attempt = 1; attempt <= AUTH_MAX; attempt += 1) {
      const res = await app
        .http()
        .post('/api/auth/local')
        .send({ identifier: email, password: `wrong-${attempt}` });
      expect(res.status).toBe(400);
    }
    expectRateLimited(await app.http().post('/api/auth/local').send({ identifier: email, password: PASSWORD }));
    // Another identifier from the same client does not get a fresh count.
    expectRateLimited(await app.http().post('/api/auth/local').send({ identifier: 'someone-else@example.test', password: 'x' }));
  });

  test(`POST /api/auth/forgot-password: ${AUTH_MAX} attempts per address, then 429`, async () => {
    const email = `forgetful-${crypto.randomBytes(3).toString('hex')}@example.test`;
    for (let attempt = 1; attempt <= AUTH_MAX; attempt += 1) {
      expect((await app.http().post('/api/auth/forgot-password').send({ email })).status).toBeLessThan(300);
    }
    expectRateLimited(await app.http().post('/api/auth/forgot-password').send({ email }));
  });

  test(`POST /admin/login: ${ADMIN_MAX} attempts per account, then 429; other accounts log in as usual`, async () => {
    const emails = [0, 1].map(() => `admin-${crypto.randomBytes(4).toString('hex')}@newsroom.test`);
    for (const email of emails) {
      await app.strapi.service('admin::user').create({
        email,
        firstname: 'Rate',
        lastname: 'Limit',
        password: PASSWORD,
        isActive: true,
        registrationToken: null,
        roles: [await roleId(app, 'strapi-editor')],
      });
    }
    const [target, other] = emails;
    for (let attempt = 1; attempt <= ADMIN_MAX; attempt += 1) {
      expect(
        (
          await app
            .http()
            .post('/admin/login')
            .send({ email: target, password: `Wrong-${attempt}` })
        ).status,
      ).toBe(400);
    }
    expectRateLimited(await app.http().post('/admin/login').send({ email: target, password: PASSWORD }));

    const otherLogin = await app.http().post('/admin/login').send({ email: other, password: PASSWORD });
    expect(otherLogin.status).toBe(200);
    expect(otherLogin.body.data.token).toEqual(expect.any(String));
  });

  test(`POST /admin/reset-password: ${ADMIN_MAX} guesses of a reset token per client, then 429`, async () => {
    for (let attempt = 1; attempt <= ADMIN_MAX; attempt += 1) {
      const res = await app
        .http()
        .post('/admin/reset-password')
        .send({ resetPasswordToken: crypto.randomBytes(20).toString('hex'), password: PASSWORD });
      expect(res.status).toBe(400);
    }
    expectRateLimited(
      await app
        .http()
        .post('/admin/reset-password')
        .send({ resetPasswordToken: crypto.randomBytes(20).toString('hex'), password: PASSWORD }),
    );
  });
});
