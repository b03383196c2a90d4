/**
 * A tiny reader front-end: `GET /articles/:slug` renders the article page from the reader API.
 *
 *   npx tsc -p examples/reader
 *   READER_API_URL=http://127.0.0.1:1337 PORT=3000 node examples/reader/dist/server.js
 *
 * One API request per page view (`GET /api/articles/by-slug/:slug`), revalidated with its ETag.
 * Unknown slugs get a 404 page; when the API cannot be reached or fails, a 502 page (504 on timeout).
 */
import http from 'node:http';
import { EtagCache, fetchArticlePage, type ArticlePageResult } from './client';
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
}

const DEFAULT_API_URL = 'http://127.0.0.1:1337';
const ARTICLE_PATH = /^\/articles\/([^/]+)\/?$/;

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; img-src 'self' http: https: data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

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

/** The article slug of a request path, or null when the path is not an article page. */
export function slugFromPath(pathname: string): string | null {
  const match = ARTICLE_PATH.exec(pathname);
  if (!match) return null;
  try {
    const slug = decodeURIComponent(match[1]);
    return slug === '' || slug.includes('/') ? null : slug;
  } catch {
    return null;
  }
}

/** An HTTP server for the reader pages; call `listen()` on it (port 0 picks a free port). */
export function createReaderServer(options: ReaderServerOptions = {}): http.Server {
  const apiUrl = options.apiUrl ?? process.env.READER_API_URL ?? DEFAULT_API_URL;
  const mediaBaseUrl = options.mediaBaseUrl ?? process.env.READER_MEDIA_URL ?? apiUrl;
  const etagCache = options.etagCache === undefined ? new EtagCache() : options.etagCache;
  const onError = options.onError ?? ((message: string) => console.error(message));
  const pageOptions = { siteName: options.siteName };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(req, res, 405, renderErrorPage('Method not allowed', 'This address can only be read.', pageOptions), { Allow: 'GET, HEAD', 'Cache-Control': 'no-store' });
      return;
    }
    const { pathname } = new URL(req.url ?? '/', 'http://reader.invalid');
    const slug = slugFromPath(pathname);
    if (slug === null) {
      send(req, res, 404, renderNotFound(pageOptions), { 'Cache-Control': 'no-store' });
      return;
    }

    const result: ArticlePageResult = await fetchArticlePage(apiUrl, slug, {
      etagCache,
      timeoutMs: options.timeoutMs,
      fetch: options.fetch,
    });
    if (result.ok) {
      const html = renderArticlePage(result.page, { mediaBaseUrl, siteName: options.siteName });
      send(req, res, 200, html, { 'Cache-Control': 'public, max-age=60' });
    } else if (result.status === 404) {
      send(req, res, 404, renderNotFound(pageOptions), { 'Cache-Control': 'public, max-age=60' });
    } else {
      onError(`reader: GET ${slug} from ${apiUrl} failed: ${result.status} ${result.error.name}: ${result.error.message}`);
      const status = result.error.name === 'TimeoutError' ? 504 : 502;
      send(req, res, status, renderUnavailable(pageOptions), { 'Cache-Control': 'no-store', 'Retry-After': '30' });
    }
  }

  return http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      onError(`reader: ${req.method} ${req.url} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) send(req, res, 500, renderUnavailable(pageOptions), { 'Cache-Control': 'no-store' });
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
    const shown = typeof address === 'object' && address ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}` : String(address);
    console.log(`Reader listening on ${shown}, reading ${process.env.READER_API_URL ?? DEFAULT_API_URL}`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
