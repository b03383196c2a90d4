/**
 * A typed client for `GET /api/articles/by-slug/:slug`, with ETag revalidation, and for the
 * preview page of a draft, `GET /api/preview/articles/:documentId` (secret in a header, never cached).
 *
 * The API sends a strong `ETag` and `Cache-Control: public, max-age=...` with every article page.
 * This client keeps the last page and ETag per request URL, sends `If-None-Match` next time, and on
 * `304 Not Modified` hands back the page it already has: no body is transferred, nothing parsed.
 */
import type { ApiError, ArticlePage } from './types';

export type ArticlePageResult =
  | {
      ok: true;
      status: 200;
      page: ArticlePage;
      /** The page's ETag, when the API sent one. */
      etag: string | null;
      /** True when the API answered 304 and `page` is the cached copy. */
      fromCache: boolean;
    }
  | {
      ok: false;
      /** The HTTP status; 0 when there was no HTTP response (API unreachable, timeout, aborted). */
      status: number;
      error: ApiError;
    };

interface CacheEntry {
  etag: string;
  page: ArticlePage;
}

/** Last ETag and page per request URL; least recently used entries go first when it is full. */
export class EtagCache {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(readonly maxEntries = 500) {}

  get(key: string): CacheEntry | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: CacheEntry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The cache `fetchArticlePage` uses unless told otherwise. */
export const defaultEtagCache = new EtagCache();

export interface FetchArticlePageInit extends Omit<RequestInit, 'method' | 'body'> {
  /** Where ETags and pages are kept; `null` turns revalidation off. Default: `defaultEtagCache`. */
  etagCache?: EtagCache | null;
  /** Items in the "More from" list (1-20); default: the API's setting (5). */
  moreFromLimit?: number;
  /** The locale of the page (`de`); default: the CMS's default locale. A locale the CMS does not offer is a 400. */
  locale?: string;
  /** Give up after this many milliseconds (ignored when `signal` is given). Default 10000. */
  timeoutMs?: number;
  /** The fetch to use (tests, instrumentation). Default: the global `fetch`. */
  fetch?: typeof fetch;
}

/**
 * The URL of an article page on the API (`apiUrl` may carry a path prefix, e.g. behind a proxy), in `locale`
 * when given (else the CMS's default locale).
 */
export function articlePageUrl(apiUrl: string, slug: string, moreFromLimit?: number, locale?: string): string {
  const base = apiUrl.replace(/\/+$/, '');
  const query = new URLSearchParams();
  if (moreFromLimit !== undefined) query.set('moreFromLimit', String(moreFromLimit));
  if (locale !== undefined) query.set('locale', locale);
  const search = query.toString();
  return `${base}/api/articles/by-slug/${encodeURIComponent(slug)}${search ? `?${search}` : ''}`;
}

const failure = (status: number, name: string, message: string): ArticlePageResult => ({
  ok: false,
  status,
  error: { status, name, message },
});

function isApiError(value: unknown): value is ApiError {
  if (typeof value !== 'object' || value === null) return false;
  const error = value as Record<string, unknown>;
  return typeof error.name === 'string' && typeof error.message === 'string';
}

function isArticlePage(value: unknown): value is ArticlePage {
  if (typeof value !== 'object' || value === null) return false;
  const page = value as Record<string, unknown>;
  const moreFrom = page.moreFrom as Record<string, unknown> | null | undefined;
  return typeof page.title === 'string' && typeof page.slug === 'string' && typeof moreFrom === 'object' && moreFrom !== null && Array.isArray(moreFrom.items);
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.text()) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Fetches the article page with this slug. Never throws for HTTP or network problems: the result
 * says what happened (`ok: false` with the API's error, or status 0 when the API was unreachable).
 */
export async function fetchArticlePage(apiUrl: string, slug: string, init: FetchArticlePageInit = {}): Promise<ArticlePageResult> {
  const { etagCache = defaultEtagCache, moreFromLimit, locale, timeoutMs = 10000, fetch: fetchImpl = fetch, ...requestInit } = init;
  // '', '.' and '..' would change the path of the URL (".." climbs a level) instead of naming an article.
  if (slug === '' || slug === '.' || slug === '..') return failure(404, 'NotFoundError', 'Not Found');

  const url = articlePageUrl(apiUrl, slug, moreFromLimit, locale);
  const headers = new Headers(requestInit.headers);
  // The caller's own If-None-Match wins; then a 304 answers their question, not ours.
  const cached = etagCache && !headers.has('if-none-match') ? etagCache.get(url) : undefined;
  if (cached) {
    headers.set('if-none-match', cached.etag);
    // fetch() adds `Cache-Control: no-cache` to any request carrying If-None-Match unless one is set
    // (Fetch standard, "HTTP-network-or-cache fetch"), and the API (Koa's `ctx.fresh`) answers a
    // no-cache request with the full 200 body. `max-age=0` asks for the same end-to-end revalidation
    // and lets the API answer 304.
    if (!headers.has('cache-control')) headers.set('cache-control', 'max-age=0');
  }

  const response = await callApi(url, { ...requestInit, headers }, timeoutMs, fetchImpl);
  if (!(response instanceof Response)) return response;

  if (response.status === 304) {
    if (cached) return { ok: true, status: 200, page: cached.page, etag: cached.etag, fromCache: true };
    return failure(304, 'NotModified', 'Not Modified, and no cached copy of the page is at hand');
  }

  const result = await readPage(response);
  if (result.ok && etagCache) {
    if (result.etag) etagCache.set(url, { etag: result.etag, page: result.page });
    else etagCache.delete(url);
  }
  // An article that was unpublished must not come back from the cache later.
  if (response.status === 404 || response.status === 410) etagCache?.delete(url);
  return result;
}

/** Which version of an article a preview shows: the draft (default) or the published one. */
export type PreviewStatus = 'draft' | 'published';
export const PREVIEW_STATUSES: readonly PreviewStatus[] = ['draft', 'published'];

/** The header that carries the preview secret to the CMS (kept out of URLs and access logs). */
export const PREVIEW_SECRET_HEADER = 'X-Preview-Secret';

export interface FetchPreviewPageInit extends Omit<RequestInit, 'method' | 'body'> {
  /** The CMS's preview secret (PREVIEW_SECRET), sent in the X-Preview-Secret header, never in the URL. */
  secret: string;
  /** Default `draft`. */
  status?: PreviewStatus;
  /** The translation to show (`de`); default: the CMS's default locale. */
  locale?: string | null;
  moreFromLimit?: number;
  /** Give up after this many milliseconds (ignored when `signal` is given). Default 10000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The URL of an article's preview page on the API; it never contains the secret. */
export function previewPageUrl(apiUrl: string, documentId: string, status: PreviewStatus = 'draft', moreFromLimit?: number, locale?: string | null): string {
  const base = apiUrl.replace(/\/+$/, '');
  const query = new URLSearchParams({ status });
  if (locale) query.set('locale', locale);
  if (moreFromLimit !== undefined) query.set('moreFromLimit', String(moreFromLimit));
  return `${base}/api/preview/articles/${encodeURIComponent(documentId)}?${query.toString()}`;
}

/**
 * Fetches the page of any version of an article (`GET /api/preview/articles/:documentId`), for a
 * preview. Same page shape as `fetchArticlePage`; never cached (no ETag, no If-None-Match). A draft
 * has `publishedAt: null` and usually `lastUpdate: null`.
 */
export async function fetchPreviewPage(apiUrl: string, documentId: string, init: FetchPreviewPageInit): Promise<ArticlePageResult> {
  const { secret, status = 'draft', locale, moreFromLimit, timeoutMs = 10000, fetch: fetchImpl = fetch, ...requestInit } = init;
  if (documentId === '' || documentId === '.' || documentId === '..') return failure(404, 'NotFoundError', 'Not Found');
  const headers = new Headers(requestInit.headers);
  headers.set(PREVIEW_SECRET_HEADER, secret);
  headers.set('cache-control', 'no-cache');
  const response = await callApi(previewPageUrl(apiUrl, documentId, status, moreFromLimit, locale), { ...requestInit, headers }, timeoutMs, fetchImpl);
  if (!(response instanceof Response)) return response;
  const result = await readPage(response);
  return result.ok ? { ...result, etag: null } : result;
}

/** One GET to the API; a failure result (status 0) when there was no HTTP response at all. */
async function callApi(
  url: string,
  requestInit: Omit<RequestInit, 'method' | 'body'> & { headers: Headers },
  timeoutMs: number,
  fetchImpl: typeof fetch,
): Promise<Response | ArticlePageResult> {
  const signal = requestInit.signal ?? (timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined);
  const { headers } = requestInit;
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  try {
    return await fetchImpl(url, { ...requestInit, method: 'GET', headers, signal });
  } catch (error) {
    // Duck-typed: an abort reason is a DOMException, which is not always `instanceof Error`.
    const { name, message, cause } = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as {
      name?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    const kind = name === 'TimeoutError' || name === 'AbortError' ? name : 'NetworkError';
    // undici puts the reason (ECONNREFUSED, ...) in `cause`.
    const reason =
      typeof cause === 'object' && cause !== null && typeof (cause as { message?: unknown }).message === 'string'
        ? `: ${(cause as { message: string }).message}`
        : '';
    return failure(0, kind, `${typeof message === 'string' ? message : 'fetch failed'}${reason}`);
  }
}

/** The page in a 2xx answer, or the API's error (Strapi's format, else the HTTP status). */
async function readPage(response: Response): Promise<ArticlePageResult> {
  const body = await readJson(response);
  if (response.ok) {
    const data = (body as { data?: unknown } | undefined)?.data;
    if (!isArticlePage(data)) return failure(response.status, 'InvalidResponse', `The API answered ${response.status} without an article page`);
    return { ok: true, status: 200, page: data, etag: response.headers.get('etag'), fromCache: false };
  }
  const error = (body as { error?: unknown } | undefined)?.error;
  if (isApiError(error)) return { ok: false, status: response.status, error: { ...error, status: response.status } };
  return failure(response.status, 'HttpError', response.statusText || `HTTP ${response.status}`);
}
