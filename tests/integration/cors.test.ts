/**
 * CORS as a browser meets it, origin × route × (preflight | actual request), with
 * CORS_ORIGINS=`*,<front-end>` and ADMIN_CORS_ORIGINS=`<admin host>`:
 * - the reader API (REST, GraphQL, media) lets any origin read without credentials, and only the listed
 *   front-end with credentials;
 * - the admin API (/admin/*, plugins' admin routes) answers only the listed admin origin, with credentials;
 * - `Origin: null`, a malformed origin and a request without Origin get no CORS header at all; never an
 *   empty `Access-Control-Allow-Origin`, never `*` with credentials.
 */
import { useApp } from '../harness/app';

const FRONT_END = 'https://www.example.com';
const ADMIN_HOST = 'https://cms.example.com';
const STRANGER = 'https://evil.example.net';

const app = useApp({ env: { CORS_ORIGINS: `*,${FRONT_END}`, ADMIN_CORS_ORIGINS: ADMIN_HOST } });

type Mode = 'actual' | 'preflight';
type Expected = 'credentials' | 'any' | 'none';

const READER_ROUTES: Array<[string, string]> = [
  ['GET', '/api/articles'],
  ['POST', '/graphql'],
  ['GET', '/uploads/nothing.png'],
];
const ADMIN_ROUTES: Array<[string, string]> = [
  ['POST', '/admin/access-token'],
  ['POST', '/admin/renew-token'],
  ['POST', '/admin/login'],
  ['GET', '/admin/init'],
  ['GET', '/content-manager/init'],
  ['GET', '/users-permissions/roles'],
  ['GET', '/_health'],
];
/** `undefined`: no Origin header. */
const ORIGINS: Array<string | undefined> = [FRONT_END, ADMIN_HOST, STRANGER, 'null', 'https://www.example.com/', 'file://', undefined];

function expectedFor(route: string, origin: string | undefined): Expected {
  if (origin === undefined || origin === 'null' || !/^https:\/\/[a-z.]+$/.test(origin)) return 'none';
  if (READER_ROUTES.some(([, path]) => path === route)) return origin === FRONT_END ? 'credentials' : 'any';
  return origin === ADMIN_HOST ? 'credentials' : 'none';
}

const CASES = [...READER_ROUTES, ...ADMIN_ROUTES].flatMap(([method, path]) =>
  ORIGINS.flatMap((origin) => (['actual', 'preflight'] as Mode[]).map((mode) => ({ method, path, origin, mode, expected: expectedFor(path, origin) }))),
);

async function send({ method, path, origin, mode }: { method: string; path: string; origin: string | undefined; mode: Mode }) {
  let req =
    mode === 'preflight'
      ? app.http().options(path).set('Access-Control-Request-Method', method).set('Access-Control-Request-Headers', 'content-type,authorization')
      : method === 'POST'
        ? app
            .http()
            .post(path)
            .set('Content-Type', 'application/json')
            .send(path === '/graphql' ? { query: '{ sections { slug } }' } : {})
        : app.http().get(path);
  if (origin !== undefined) req = req.set('Origin', origin);
  return req;
}

test.each(CASES)('$mode $method $path from $origin: $expected', async (testCase) => {
  const res = await send(testCase);
  const allowOrigin = res.headers['access-control-allow-origin'];
  const credentials = res.headers['access-control-allow-credentials'];
  expect(res.status).toBeLessThan(500);
  if (testCase.expected === 'none') {
    expect(allowOrigin).toBeUndefined();
    expect(credentials).toBeUndefined();
  } else if (testCase.expected === 'any') {
    expect(allowOrigin).toBe('*');
    expect(credentials).toBeUndefined();
  } else {
    expect(allowOrigin).toBe(testCase.origin);
    expect(credentials).toBe('true');
  }
  if (testCase.mode === 'preflight' && testCase.expected !== 'none') {
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-methods']).toContain(testCase.method);
    expect(res.headers['access-control-allow-headers']?.toLowerCase()).toMatch(/content-type.*authorization|authorization.*content-type/);
  }
  // Caches keep one answer per Origin.
  expect(res.headers.vary ?? '').toMatch(/\bOrigin\b/i);
});
