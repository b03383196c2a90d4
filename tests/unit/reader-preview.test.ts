/**
 * The reference reader's preview route, `GET /preview/articles/:documentId?secret=…&status=…`,
 * against a fake CMS: who gets in (the secret, compared in constant time, checked before anything
 * else), what is asked of the CMS (the secret in a header, never in the URL, never from a cache),
 * what is answered (the normal article page with a preview banner, or an error page) and with which
 * headers (no-store, noindex, framable by the admin panel only).
 */
import http from 'http';
import type { AddressInfo } from 'net';
import { fetchPreviewPage, previewPageUrl } from '../../examples/reader/src/client';
import { renderArticlePage } from '../../examples/reader/src/render';
import { createReaderServer, httpOrigin, previewDocumentIdFromPath, previewSecretMatches } from '../../examples/reader/src/server';
import { visibleText } from '../../examples/reader/src/text';
import type * as Reader from '../../examples/reader/src/types';
import { articlePage, moreFromItem } from '../harness/reader-pages';

/** The URL a fetch was called with, whichever form it came in. */
const urlOf = (input: Parameters<typeof fetch>[0]): string => (typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);

const SECRET = 'reader-preview-secret-0123456789';
const API = 'http://cms.invalid:1337';

/** A draft as the CMS's preview API answers it: never published, so no last-update line. */
function draftPage(overrides: Partial<Reader.ArticlePage> = {}): Reader.ArticlePage {
  return articlePage({
    documentId: 'draft-doc-1',
    title: 'Embargoed: talks resume in Vienna',
    slug: 'embargoed-talks-resume-in-vienna',
    byline: 'By the desk',
    body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Not yet for readers.' }] }],
    publishedAt: null,
    publicationDate: null,
    lastUpdate: null,
    moreFrom: { title: 'More from World', section: { name: 'World', slug: 'world' }, items: [moreFromItem('five-killed', 'Five killed in Mexico')] },
    ...overrides,
  });
}

function json(status: number, value: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json', ...headers } });
}
const apiError = (status: number, name: string, message = name) => json(status, { data: null, error: { status, name, message, details: {} } });

interface Call {
  url: string;
  headers: Record<string, string>;
}

/** A fake CMS that records every request and answers with `answer`. */
function fakeCms(answer: (url: string) => Response | Promise<Response> = () => json(200, { data: draftPage(), meta: {} }, { etag: '"v1"' })) {
  const calls: Call[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = urlOf(input);
    calls.push({ url, headers: Object.fromEntries(new Headers(init?.headers).entries()) });
    return answer(url);
  };
  return { calls, fetch: fetchImpl };
}

const servers: http.Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

async function start(options: Parameters<typeof createReaderServer>[0]) {
  const server = createReaderServer({ apiUrl: API, previewSecret: SECRET, onError: () => undefined, ...options });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const previewPath = (documentId: string, query: Record<string, string> = {}) => {
  const search = new URLSearchParams(query).toString();
  return `/preview/articles/${encodeURIComponent(documentId)}${search ? `?${search}` : ''}`;
};

function expectPreviewHeaders(response: Response, adminOrigin = 'http://cms.invalid:1337') {
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('x-robots-tag')).toBe('noindex');
  expect(response.headers.get('etag')).toBeNull();
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'none'");
  expect(
    csp
      .split(';')
      .map((part) => part.trim())
      .filter((part) => part.startsWith('frame-ancestors')),
  ).toEqual([`frame-ancestors ${adminOrigin}`]);
}

describe('who may see a preview', () => {
  it('401 without the secret, with a wrong or empty one, and the CMS is never asked', async () => {
    const cms = fakeCms();
    const url = await start({ fetch: cms.fetch });
    for (const query of [{}, { secret: 'wrong' }, { secret: '' }, { secret: `${SECRET}x` }, { secret: SECRET.slice(0, -1) }, { status: 'draft' }] as Array<
      Record<string, string>
    >) {
      const response = await fetch(`${url}${previewPath('draft-doc-1', query)}`);
      expect([query, response.status]).toEqual([query, 401]);
      expectPreviewHeaders(response);
      const html = await response.text();
      expect(visibleText(html)[0]).toBe('Preview not authorised');
      expect(html).not.toContain('Embargoed');
    }
    // The secret is checked before the status: a bad status without the secret is a 401, not a 400.
    expect((await fetch(`${url}${previewPath('draft-doc-1', { status: 'archived' })}`)).status).toBe(401);
    expect(cms.calls).toEqual([]);
  });

  it('401 for everyone when the reader has no preview secret configured', async () => {
    const cms = fakeCms();
    const previous = process.env.PREVIEW_SECRET;
    delete process.env.PREVIEW_SECRET;
    try {
      const url = await start({ fetch: cms.fetch, previewSecret: undefined });
      for (const query of [{}, { secret: '' }, { secret: 'undefined' }] as Array<Record<string, string>>) {
        expect((await fetch(`${url}${previewPath('draft-doc-1', query)}`)).status).toBe(401);
      }
      const blank = await start({ fetch: cms.fetch, previewSecret: '   ' });
      expect((await fetch(`${blank}${previewPath('draft-doc-1', { secret: '   ' })}`)).status).toBe(401);
    } finally {
      if (previous !== undefined) process.env.PREVIEW_SECRET = previous;
    }
    expect(cms.calls).toEqual([]);
  });

  it('reads the secret from PREVIEW_SECRET by default', async () => {
    const cms = fakeCms();
    const previous = process.env.PREVIEW_SECRET;
    process.env.PREVIEW_SECRET = ` ${SECRET}\n`;
    try {
      const url = await start({ fetch: cms.fetch, previewSecret: undefined });
      expect((await fetch(`${url}${previewPath('draft-doc-1', { secret: SECRET })}`)).status).toBe(200);
    } finally {
      if (previous === undefined) delete process.env.PREVIEW_SECRET;
      else process.env.PREVIEW_SECRET = previous;
    }
    expect(cms.calls[0].headers['x-preview-secret']).toBe(SECRET);
  });

  it('previewSecretMatches compares whole values and never matches when no secret is configured', () => {
    expect(previewSecretMatches(SECRET, SECRET)).toBe(true);
    expect(previewSecretMatches(`${SECRET} `, SECRET)).toBe(false);
    expect(previewSecretMatches(SECRET.toUpperCase(), SECRET)).toBe(false);
    expect(previewSecretMatches('', '')).toBe(false);
    expect(previewSecretMatches(null, SECRET)).toBe(false);
    expect(previewSecretMatches('anything', null)).toBe(false);
    expect(previewSecretMatches('anything', '')).toBe(false);
  });
});

describe('what the reader asks the CMS', () => {
  it('GET /api/preview/articles/:documentId?status=draft with the secret in X-Preview-Secret, never in the URL', async () => {
    const cms = fakeCms();
    const url = await start({ fetch: cms.fetch, apiUrl: 'http://cms.invalid:1337/strapi/' });
    const response = await fetch(`${url}${previewPath('draft doc?1', { secret: SECRET })}`);
    expect(response.status).toBe(200);
    expect(cms.calls).toEqual([
      {
        url: 'http://cms.invalid:1337/strapi/api/preview/articles/draft%20doc%3F1?status=draft',
        headers: expect.objectContaining({ 'x-preview-secret': SECRET, accept: 'application/json' }),
      },
    ]);
    expect(cms.calls[0].url).not.toContain(SECRET);
  });

  it('passes status=published on, and answers 400 for any other status without asking the CMS', async () => {
    const cms = fakeCms();
    const url = await start({ fetch: cms.fetch });
    expect((await fetch(`${url}${previewPath('doc', { secret: SECRET, status: 'published' })}`)).status).toBe(200);
    expect(cms.calls.map((call) => call.url)).toEqual([`${API}/api/preview/articles/doc?status=published`]);
    for (const status of ['archived', '', 'DRAFT', 'draft ']) {
      const response = await fetch(`${url}${previewPath('doc', { secret: SECRET, status })}`);
      expect([status, response.status]).toEqual([status, 400]);
      expectPreviewHeaders(response);
      expect(visibleText(await response.text())[0]).toBe('Bad preview link');
    }
    expect(cms.calls).toHaveLength(1);
  });

  it('never uses the ETag cache: no If-None-Match, every view asks again', async () => {
    const cms = fakeCms();
    const url = await start({ fetch: cms.fetch });
    for (let i = 0; i < 3; i += 1) {
      const response = await fetch(`${url}${previewPath('doc', { secret: SECRET })}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBeNull();
    }
    expect(cms.calls).toHaveLength(3);
    for (const call of cms.calls) expect(call.headers['if-none-match']).toBeUndefined();
  });

  it('only /preview/articles/:documentId is a preview page', async () => {
    const cms = fakeCms();
    const url = await start({ fetch: cms.fetch });
    for (const path of ['/preview', '/preview/articles', '/preview/articles/', '/preview/articles/a/b', '/preview/articles/%ZZ', '/preview/articles/..']) {
      expect([path, (await fetch(`${url}${path}?secret=${SECRET}`)).status]).toEqual([path, 404]);
    }
    expect(cms.calls).toEqual([]);
    expect(previewDocumentIdFromPath('/preview/articles/abc123/')).toBe('abc123');
    expect(previewDocumentIdFromPath('/articles/abc123')).toBeNull();
  });
});

describe('what the reader answers', () => {
  it('the draft rendered like an article page, with a preview banner, without a last-update line', async () => {
    const cms = fakeCms();
    const url = await start({ fetch: cms.fetch });
    const response = await fetch(`${url}${previewPath('draft-doc-1', { secret: SECRET, status: 'draft' })}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expectPreviewHeaders(response);
    const html = await response.text();
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).not.toContain('class="last-update"');
    expect(visibleText(html)).toEqual([
      'Preview \u2014 draft',
      'Embargoed: talks resume in Vienna',
      'By the desk',
      'Not yet for readers.',
      'More from World',
      'Five killed in Mexico',
      'Five killed in Mexico, in short.',
    ]);
  });

  it('the published version with its last-update line and a banner that says so', async () => {
    const published = draftPage({
      publishedAt: '2016-05-17T19:42:00.000Z',
      lastUpdate: {
        datetime: '2016-05-17T19:42:00.000Z',
        formatted: 'Tue, 17/05/2016 - 19:42',
        label: 'Last update: Tue, 17/05/2016 - 19:42',
        timeZone: 'UTC',
      },
    });
    const url = await start({ fetch: fakeCms(() => json(200, { data: published, meta: {} })).fetch });
    const lines = visibleText(await (await fetch(`${url}${previewPath('d', { secret: SECRET, status: 'published' })}`)).text());
    expect(lines[0]).toBe('Preview \u2014 published version');
    expect(lines).toContain('Last update: Tue, 17/05/2016 - 19:42');
  });

  it('never puts the secret into the page or its links', async () => {
    const page = draftPage({
      body: [{ type: 'paragraph', children: [{ type: 'link', url: '/articles/other', children: [{ type: 'text', text: 'other story' }] }] }],
      moreFrom: { title: 'More from World', section: { name: 'World', slug: 'world' }, items: [moreFromItem('a', 'A'), moreFromItem('b', 'B')] },
    });
    const url = await start({ fetch: fakeCms(() => json(200, { data: page, meta: {} })).fetch });
    const html = await (await fetch(`${url}${previewPath('d', { secret: SECRET })}`)).text();
    expect(html).not.toContain(SECRET);
    expect(html).not.toContain(encodeURIComponent(SECRET));
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);
    expect(hrefs).toEqual(['/articles/other', '/articles/a', '/articles/b']);
  });

  it('HEAD: the same status and headers, no body', async () => {
    const url = await start({ fetch: fakeCms().fetch });
    const head = await fetch(`${url}${previewPath('d', { secret: SECRET })}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expectPreviewHeaders(head);
    expect(await head.text()).toBe('');
  });

  it.each([
    ['the CMS has no such version (404)', () => apiError(404, 'NotFoundError'), 404, 'Page not found'],
    ['the CMS refuses the secret (401)', () => apiError(401, 'UnauthorizedError'), 401, 'Preview not authorised'],
    ['the CMS rejects the request (400)', () => apiError(400, 'ValidationError'), 502, 'Temporarily unavailable'],
    ['the CMS fails (500)', () => apiError(500, 'InternalServerError', 'boom'), 502, 'Temporarily unavailable'],
    ['a proxy answers non-JSON', () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }), 502, 'Temporarily unavailable'],
    ['the CMS answers 200 without a page', () => json(200, { data: null }), 502, 'Temporarily unavailable'],
  ])('%s → %i', async (_label, answer, status, heading) => {
    const errors: string[] = [];
    const url = await start({ fetch: fakeCms(answer).fetch, onError: (message) => errors.push(message) });
    const response = await fetch(`${url}${previewPath('d', { secret: SECRET })}`);
    expect(response.status).toBe(status);
    expectPreviewHeaders(response);
    expect(visibleText(await response.text())[0]).toBe(heading);
    if (status === 404) expect(errors).toEqual([]);
    else expect(errors).toEqual([expect.any(String)]);
    for (const message of errors) expect(message).not.toContain(SECRET);
  });

  it('502 when the CMS cannot be reached or does not answer in time', async () => {
    const refused: typeof fetch = async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: new Error('connect ECONNREFUSED') });
    };
    const down = await start({ fetch: refused });
    expect((await fetch(`${down}${previewPath('d', { secret: SECRET })}`)).status).toBe(502);
    const hanging: typeof fetch = (_input, init) =>
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- rejects with the signal's reason, as fetch does
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const slow = await start({ fetch: hanging, timeoutMs: 50 });
    const response = await fetch(`${slow}${previewPath('d', { secret: SECRET })}`);
    expect(response.status).toBe(502);
    expectPreviewHeaders(response);
  });
});

describe('framing by the admin panel', () => {
  it('frame-ancestors is the adminOrigin option, else CMS_ADMIN_ORIGIN, else the API origin', async () => {
    const cms = fakeCms();
    const explicit = await start({ fetch: cms.fetch, adminOrigin: 'https://cms.example.com/admin/' });
    expectPreviewHeaders(await fetch(`${explicit}${previewPath('d', { secret: SECRET })}`), 'https://cms.example.com');

    const previous = process.env.CMS_ADMIN_ORIGIN;
    process.env.CMS_ADMIN_ORIGIN = 'http://admin.example.com:8080';
    try {
      const fromEnv = await start({ fetch: cms.fetch });
      expectPreviewHeaders(await fetch(`${fromEnv}${previewPath('d', { secret: SECRET })}`), 'http://admin.example.com:8080');
    } finally {
      if (previous === undefined) delete process.env.CMS_ADMIN_ORIGIN;
      else process.env.CMS_ADMIN_ORIGIN = previous;
    }
  });

  it('only the preview route may be framed: article and error pages keep frame-ancestors none', async () => {
    const url = await start({ fetch: fakeCms().fetch });
    for (const path of ['/articles/some-slug', '/nowhere']) {
      const csp = (await fetch(`${url}${path}`)).headers.get('content-security-policy');
      expect([path, csp]).toEqual([path, expect.stringContaining("frame-ancestors 'none'")]);
    }
  });

  it('refuses an admin origin that is not an http(s) URL, naming where it came from', () => {
    expect(() => createReaderServer({ apiUrl: API, adminOrigin: "'self'; script-src *" })).toThrow(/adminOrigin must be an http\(s\) URL/);
    expect(() => createReaderServer({ apiUrl: API, adminOrigin: 'javascript:alert(1)' })).toThrow(/adminOrigin/);
    expect(httpOrigin('https://cms.example.com:443/admin?x=1', 'x')).toBe('https://cms.example.com');
  });
});

describe('fetchPreviewPage and the preview renderer', () => {
  it('builds the URL without the secret and returns the page without an ETag', async () => {
    expect(previewPageUrl('http://api/', 'a/b', 'published', 3)).toBe('http://api/api/preview/articles/a%2Fb?status=published&moreFromLimit=3');
    expect(previewPageUrl('http://api/', 'a', 'draft', undefined, 'de')).toBe('http://api/api/preview/articles/a?status=draft&locale=de');
    const cms = fakeCms();
    const result = await fetchPreviewPage('http://api', 'doc', { secret: SECRET, fetch: cms.fetch });
    expect(result).toMatchObject({ ok: true, status: 200, etag: null, fromCache: false, page: { title: 'Embargoed: talks resume in Vienna' } });
    expect(cms.calls[0]).toEqual({ url: 'http://api/api/preview/articles/doc?status=draft', headers: expect.objectContaining({ 'x-preview-secret': SECRET }) });
  });

  it('renderArticlePage without the preview option shows no banner and no robots meta', () => {
    const html = renderArticlePage(draftPage());
    expect(html).not.toContain('class="preview-banner"');
    expect(html).not.toContain('name="robots"');
    expect(visibleText(renderArticlePage(draftPage(), { preview: 'draft' }))[0]).toBe('Preview \u2014 draft');
  });
});
