/**
 * A tiny reader front-end: `GET /articles/:slug` renders the article page from the reader API, in the
 * CMS's default locale; `GET /<locale>/articles/:slug` (`/de/articles/wahl`) in another locale. Each page
 * names its language versions as `<link rel="alternate" hreflang>` (and the default locale's as `x-default`)
 * at this site's own addresses, absolute when READER_SITE_URL is set.
 *
 *   npx tsc -p examples/reader
 *   READER_API_URL=http://127.0.0.1:1337 PORT=3000 node examples/reader/dist/server.js
 *
 * One API request per page view (`GET /api/articles/by-slug/:slug`), revalidated with its ETag.
 * Unknown slugs get a 404 page; when the API cannot be reached or fails, a 502 page (504 on timeout).
 *
 * `GET /preview/articles/:documentId?secret=…&status=draft|published&locale=…` renders any version of an
 * article for the CMS admin panel's preview (PREVIEW_SECRET): never cached, not indexed, and framable
 * by the admin panel's origin only.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { EtagCache, fetchArticlePage, fetchPreviewPage, PREVIEW_STATUSES, type ArticlePageResult, type PreviewStatus } from './client';
import { renderArticlePage, renderErrorPage, renderNotFound, renderUnavailable } from './render';

export interface ReaderServerOptions {
  /** The CMS's origin (plus path prefix, if any). Default: `READER_API_URL` or `http://127.0.0.1:1337`. */
  apiUrl?: string;
  /** Origin for relative media URLs (`/uploads/...`). Default: `READER_MEDIA_URL`, else `apiUrl`. */
  mediaBaseUrl?: string;
  /** ETag cache for API responses; `null` turns revalidation off. Default: a cache of this server's own. */
  etagCache?: EtagCache | null;
  /** Milliseconds to wait for the API. Default 10000. */
  timeoutMs?: number;
  /** Appended to page titles. */
  siteName?: string;
  /** The fetch used to call the API. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Told about every failed API call (not about 404s). Default: `console.error`. */
  onError?: (message: string) => void;
  /**
   * The CMS's preview secret (its PREVIEW_SECRET): a preview link must carry it as `?secret=`. Default:
   * `PREVIEW_SECRET`. Unset or empty: every preview request is refused with 401.
   */
  previewSecret?: string;
  /**
   * The origin of the CMS admin panel, the only page allowed to show previews in a frame
   * (CSP `frame-ancestors`). Default: `CMS_ADMIN_ORIGIN`, else the origin of `apiUrl`.
   */
  adminOrigin?: string;
  /**
   * The CMS's default locale (its NEWS_DEFAULT_LOCALE), served at `/articles/:slug` without a prefix. Default:
   * `READER_DEFAULT_LOCALE`, else `en`.
   */
  defaultLocale?: string;
  /** This site's public address (`https://news.example.com`), for absolute hreflang links. Default: `READER_SITE_URL`, else relative links. */
  siteUrl?: string;
}

const DEFAULT_API_URL = 'http://127.0.0.1:1337';
/** `/articles/:slug` or `/<locale>/articles/:slug`. */
const ARTICLE_PATH = /^\/(?:([a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3})\/)?articles\/([^/]+)\/?$/;
const PREVIEW_PATH = /^\/preview\/articles\/([^/]+)\/?$/;

const CSP_BASE = "default-src 'none'; img-src 'self' http: https: data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': `${CSP_BASE}; frame-ancestors 'none'`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

/**
 * Headers of every preview answer, error pages included: never stored or indexed, framable by the
 * admin panel only, and no Referer (the page's own URL carries the secret).
 */
const previewHeaders = (adminOrigin: string): Record<string, string> => ({
  'Content-Security-Policy': `${CSP_BASE}; frame-ancestors ${adminOrigin}`,
  'Cache-Control': 'no-store',
  'X-Robots-Tag': 'noindex',
  'Referrer-Policy': 'no-referrer',
});

function send(req: http.IncomingMessage, res: http.ServerResponse, status: number, html: string, headers: Record<string, string> = {}) {
  const body = Buffer.from(html, 'utf8');
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(body.length),
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The article (slug, and locale when the path names one) of a request path, or null when the path is not an article page. */
export function articleFromPath(pathname: string): { slug: string; locale: string | null } | null {
  const match = ARTICLE_PATH.exec(pathname);
  if (!match) return null;
  try {
    const slug = decodeURIComponent(match[2]);
    return slug === '' || slug.includes('/') ? null : { slug, locale: match[1] ?? null };
  } catch {
    return null;
  }
}

/** The article slug of a request path, or null when the path is not an article page. */
export const slugFromPath = (pathname: string): string | null => articleFromPath(pathname)?.slug ?? null;

/**
 * This site's address of an article in `locale`: `/articles/<slug>` for the default locale, `/<locale>/articles/<slug>`
 * for the others; below `siteUrl` when given.
 */
export function articlePath(locale: string, slug: string, defaultLocale: string, siteUrl = ''): string {
  const prefix = locale.toLowerCase() === defaultLocale.toLowerCase() ? '' : `/${encodeURIComponent(locale)}`;
  return `${siteUrl.replace(/\/+$/, '')}${prefix}/articles/${encodeURIComponent(slug)}`;
}

/** The document id of a preview path (`/preview/articles/:documentId`), or null. */
export function previewDocumentIdFromPath(pathname: string): string | null {
  const match = PREVIEW_PATH.exec(pathname);
  if (!match) return null;
  try {
    const documentId = decodeURIComponent(match[1]);
    return documentId === '' || documentId === '.' || documentId === '..' || documentId.includes('/') ? null : documentId;
  } catch {
    return null;
  }
}

const digest = (value: string) => crypto.createHash('sha256').update(value, 'utf8').digest();

/** Constant-time comparison of a presented secret with the configured one; never true when none is configured. */
export function previewSecretMatches(presented: string | null | undefined, secret: string | null | undefined): boolean {
  if (!secret || typeof presented !== 'string' || presented === '') return false;
  // Equal-length digests: the comparison takes the same time whatever the presented value.
  return crypto.timingSafeEqual(digest(presented), digest(secret));
}

/** The origin (`scheme://host[:port]`) of an http(s) URL; throws, naming `what`, for anything else. */
export function httpOrigin(value: string, what: string): string {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new Error(`${what} must be an http(s) URL or origin such as http://localhost:1337 (got ${JSON.stringify(value)})`);
  }
  return url.origin;
}

/** An HTTP server for the reader pages; call `listen()` on it (port 0 picks a free port). */
export function createReaderServer(options: ReaderServerOptions = {}): http.Server {
  const apiUrl = options.apiUrl ?? process.env.READER_API_URL ?? DEFAULT_API_URL;
  const mediaBaseUrl = options.mediaBaseUrl ?? process.env.READER_MEDIA_URL ?? apiUrl;
  const etagCache = options.etagCache === undefined ? new EtagCache() : options.etagCache;
  const onError = options.onError ?? ((message: string) => console.error(message));
  const pageOptions = { siteName: options.siteName };
  const defaultLocale = options.defaultLocale ?? (process.env.READER_DEFAULT_LOCALE?.trim() || 'en');
  const siteUrl = options.siteUrl ?? process.env.READER_SITE_URL?.trim() ?? '';
  // Trimmed, as the CMS trims its own PREVIEW_SECRET.
  const previewSecret = (options.previewSecret ?? process.env.PREVIEW_SECRET ?? '').trim();
  const adminOrigin = httpOrigin(
    options.adminOrigin ?? (process.env.CMS_ADMIN_ORIGIN?.trim() || apiUrl),
    options.adminOrigin !== undefined ? 'adminOrigin' : process.env.CMS_ADMIN_ORIGIN?.trim() ? 'CMS_ADMIN_ORIGIN' : 'The API URL',
  );

  /** GET /preview/articles/:documentId?secret=…&status=draft|published */
  async function handlePreview(req: http.IncomingMessage, res: http.ServerResponse, documentId: string, query: URLSearchParams) {
    const headers = previewHeaders(adminOrigin);
    // The secret first: without it, nothing is asked of the CMS and nothing about the article is said.
    if (!previewSecretMatches(query.get('secret'), previewSecret)) {
      send(
        req,
        res,
        401,
        renderErrorPage('Preview not authorised', 'This preview link is incomplete or no longer valid. Open the preview again from the CMS.', pageOptions),
        headers,
      );
      return;
    }
    const status = query.get('status') ?? 'draft';
    if (!PREVIEW_STATUSES.includes(status as PreviewStatus)) {
      send(req, res, 400, renderErrorPage('Bad preview link', 'The status of a preview must be "draft" or "published".', pageOptions), headers);
      return;
    }

    const result = await fetchPreviewPage(apiUrl, documentId, {
      secret: previewSecret,
      status: status as PreviewStatus,
      locale: query.get('locale'),
      timeoutMs: options.timeoutMs,
      fetch: options.fetch,
    });
    if (result.ok) {
      const html = renderArticlePage(result.page, { mediaBaseUrl, siteName: options.siteName, preview: status as PreviewStatus });
      send(req, res, 200, html, headers);
    } else if (result.status === 404) {
      send(req, res, 404, renderNotFound(pageOptions), headers);
    } else if (result.status === 401) {
      // The link's secret is ours, but the CMS refuses it: the two PREVIEW_SECRETs differ.
      onError(`reader: preview of ${documentId}: the CMS at ${apiUrl} refused the preview secret (is PREVIEW_SECRET the same on both?)`);
      send(
        req,
        res,
        401,
        renderErrorPage('Preview not authorised', 'The CMS refused this preview. Open the preview again from the CMS.', pageOptions),
        headers,
      );
    } else {
      onError(`reader: preview of ${documentId} from ${apiUrl} failed: ${result.status} ${result.error.name}: ${result.error.message}`);
      send(req, res, 502, renderUnavailable(pageOptions), { ...headers, 'Retry-After': '30' });
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(req, res, 405, renderErrorPage('Method not allowed', 'This address can only be read.', pageOptions), {
        Allow: 'GET, HEAD',
        'Cache-Control': 'no-store',
      });
      return;
    }
    const { pathname, searchParams } = new URL(req.url ?? '/', 'http://reader.invalid');
    const previewId = previewDocumentIdFromPath(pathname);
    if (previewId !== null) {
      await handlePreview(req, res, previewId, searchParams);
      return;
    }
    const wanted = articleFromPath(pathname);
    if (wanted === null) {
      send(req, res, 404, renderNotFound(pageOptions), { 'Cache-Control': 'no-store' });
      return;
    }
    const { slug } = wanted;
    const requestedLocale = wanted.locale ?? undefined;

    const result: ArticlePageResult = await fetchArticlePage(apiUrl, slug, {
      etagCache,
      timeoutMs: options.timeoutMs,
      fetch: options.fetch,
      locale: requestedLocale,
    });
    const lang = requestedLocale ?? defaultLocale;
    if (result.ok) {
      const page = result.page;
      const locale = typeof page.locale === 'string' ? page.locale : lang;
      const html = renderArticlePage(page, {
        mediaBaseUrl,
        siteName: options.siteName,
        lang,
        defaultLocale,
        articleHref: (moreSlug) => articlePath(locale, moreSlug, defaultLocale),
        alternateHref: (alternateLocale, alternateSlug) => articlePath(alternateLocale, alternateSlug, defaultLocale, siteUrl),
      });
      send(req, res, 200, html, { 'Cache-Control': 'public, max-age=60' });
    } else if (result.status === 404 || (result.status === 400 && requestedLocale !== undefined)) {
      // 400 for a prefixed path: a locale the CMS does not offer, so no page is here.
      send(req, res, 404, renderNotFound({ ...pageOptions, lang }), { 'Cache-Control': 'public, max-age=60' });
    } else {
      onError(`reader: GET ${slug} from ${apiUrl} failed: ${result.status} ${result.error.name}: ${result.error.message}`);
      const status = result.error.name === 'TimeoutError' ? 504 : 502;
      send(req, res, status, renderUnavailable(pageOptions), { 'Cache-Control': 'no-store', 'Retry-After': '30' });
    }
  }

  return http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // The path only: a preview URL's query carries the secret, which must not reach the logs.
      const path = (req.url ?? '').split('?')[0];
      onError(`reader: ${req.method} ${path} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      const headers = previewDocumentIdFromPath(path) !== null ? previewHeaders(adminOrigin) : { 'Cache-Control': 'no-store' };
      if (!res.headersSent) send(req, res, 500, renderUnavailable(pageOptions), headers);
      else res.destroy();
    });
  });
}

if (require.main === module) {
  const port = Number.parseInt(process.env.PORT ?? '3000', 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a port number, got ${JSON.stringify(process.env.PORT)}`);
    process.exit(1);
  }
  const server = createReaderServer();
  server.listen(port, process.env.HOST, () => {
    const address = server.address();
    const shown =
      typeof address === 'object' && address
        ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
        : String(address);
    const previews = process.env.PREVIEW_SECRET ? 'previews on' : 'previews off (no PREVIEW_SECRET)';
    console.log(`Reader listening on ${shown}, reading ${process.env.READER_API_URL ?? DEFAULT_API_URL}, ${previews}`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
