/**
 * The adapters that purge the cache tier by cache tag (PURGE_ADAPTER, src/settings/purge.ts): HTTP `PURGE`
 * with an xkey header to each Varnish, Fastly's and Cloudflare's purge APIs, or a JSON webhook.
 *
 * `purge(tags)` sends every tag, in as many requests as the tier's limit per request needs, and either
 * resolves (everything purged) or throws one PurgeError naming each endpoint that failed and what it
 * answered. Retrying is the purge worker's job, not the adapters'. No message holds an API token or secret.
 */
import type { PurgeSettings } from '../settings/purge';

export interface PurgeAdapter {
  readonly name: string;
  /** Purges every tag; resolves when all are purged, else throws a PurgeError. */
  purge(tags: readonly string[]): Promise<void>;
  /** A cheap reachability check (`npm run doctor`): null when the tier answered as expected, else one line saying why not. */
  probe(): Promise<string | null>;
}

/** A purge that did not fully happen: the message names each endpoint and what it answered (never a secret). */
export class PurgeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PurgeError';
  }
}

export type Fetch = typeof fetch;

/** The longest `xkey: ...` header line sent to Varnish (its default limit, http_req_hdr_len, is 8 KB). */
export const VARNISH_MAX_HEADER_BYTES = 4000;
/** Fastly purges at most 256 surrogate keys per batch request (https://www.fastly.com/documentation/reference/api/purging/). */
export const FASTLY_MAX_KEYS = 256;
/**
 * Cloudflare: "up to 100 operations per request" for purge by tag, on every plan since 2025 (it was 30 before):
 * https://developers.cloudflare.com/cache/how-to/purge-cache/ ("Purge limits").
 */
export const CLOUDFLARE_MAX_TAGS = 100;
/** Our own bound for the webhook, so that one body stays small whatever receives it. */
export const WEBHOOK_MAX_TAGS = 1000;
/** A tag no response ever carries: purging it tests the way without dropping anything. */
export const PROBE_TAG = 'newsroom-doctor-probe';

/** Longest part of an answer's body quoted in a PurgeError. */
const BODY_EXCERPT_CHARS = 200;

/** Visible ASCII without spaces: what every tier accepts in a tag list (header or JSON). */
const SENDABLE_TAG = /^[\x21-\x7e]+$/;

interface PurgeRequest {
  method: 'PURGE' | 'POST' | 'GET';
  url: string;
  /** The URL as error messages show it (the webhook's may hold a secret in its path or query). */
  shown: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** Sends one request; the answer's body when it is 2xx, else a PurgeError naming the request and what happened. */
async function send(fetchImpl: Fetch, request: PurgeRequest, timeoutMs: number, secrets: readonly string[]): Promise<string> {
  const what = `${request.method} ${request.shown}`;
  const fail = (reason: string) => new PurgeError(redact(`${what} ${reason}`, secrets));
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(request.url, {
      method: request.method,
      headers: request.body === undefined ? request.headers : { 'Content-Type': 'application/json', ...request.headers },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      // A redirect would turn a POST into a GET elsewhere: an answer that is not 2xx is a failure.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    throw fail(networkReason(error, timeoutMs));
  }
  if (response.status < 200 || response.status > 299) {
    throw fail(`answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${excerpt(text)}`);
  }
  return text;
}

/** An error's name, message and cause, read by shape: fetch's errors may come from another realm (a vm context, Jest). */
const errorParts = (value: unknown): { name?: unknown; message?: unknown; cause?: unknown } => (typeof value === 'object' && value !== null ? value : {});

/** `connect ECONNREFUSED 127.0.0.1:1`, `did not answer within 5000 ms`: what fetch's error means, in one line. */
function networkReason(error: unknown, timeoutMs: number): string {
  const { name, message, cause } = errorParts(error);
  if (name === 'TimeoutError' || name === 'AbortError') return `did not answer within ${timeoutMs} ms`;
  // fetch throws `TypeError: fetch failed` with the real reason (connect ECONNREFUSED ...) in `cause`.
  const reason = errorParts(cause).message ?? message;
  return `failed: ${typeof reason === 'string' && reason ? reason : String(error)}`;
}

/** The start of an answer's body on one line (the text of an HTML error page), or ''. */
const excerpt = (text: string): string => {
  const line = text
    .slice(0, 20 * BODY_EXCERPT_CHARS)
    .replace(/<(script|style)[^>]*>[^<]*<\/\1>|<[^>]*>/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!line) return '';
  return `: ${line.length > BODY_EXCERPT_CHARS ? `${line.slice(0, BODY_EXCERPT_CHARS)}…` : line}`;
};

/** Every secret replaced, in case an endpoint echoes one back in its answer. */
const redact = (message: string, secrets: readonly string[]): string =>
  secrets.filter(Boolean).reduce((text, secret) => text.split(secret).join('[redacted]'), message);

/** The tags in runs of at most `size`. */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** The tags in runs whose header line `<prefix><tag> <tag> ...` is at most `maxBytes` long. */
export function chunksByBytes(tags: readonly string[], prefix: string, maxBytes: number): string[][] {
  const base = Buffer.byteLength(prefix);
  const chunks: string[][] = [];
  let current: string[] = [];
  let bytes = base;
  for (const tag of tags) {
    const size = Buffer.byteLength(tag);
    if (base + size > maxBytes) throw new PurgeError(`the tag ${JSON.stringify(`${tag.slice(0, 50)}…`)} is too long for one ${prefix.trim()} header`);
    if (current.length > 0 && bytes + 1 + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = base;
    }
    bytes += (current.length > 0 ? 1 : 0) + size;
    current.push(tag);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Runs the requests one after the other: the APIs rate-limit purges, and the first failure stops the rest (the worker retries). */
async function sequentially(requests: readonly (() => Promise<unknown>)[]): Promise<void> {
  for (const request of requests) await request();
}

/** Waits for every endpoint; one PurgeError listing each that failed, if any did. */
async function everywhere(jobs: readonly Promise<unknown>[]): Promise<void> {
  const failures = (await Promise.allSettled(jobs)).flatMap((result) =>
    result.status === 'rejected' ? [result.reason instanceof Error ? result.reason.message : String(result.reason)] : [],
  );
  if (failures.length > 0) throw new PurgeError(failures.join('; '));
}

/** null when `check` resolves, else the reason it failed in one line. */
async function reachable(check: () => Promise<unknown>): Promise<string | null> {
  try {
    await check();
    return null;
  } catch (error) {
    if (error instanceof PurgeError) return error.message;
    throw error;
  }
}

/** Refuses what no tier can take (a programming error upstream): a tag with spaces, control or non-ASCII characters. */
function checkTags(tags: readonly string[]): void {
  const bad = tags.find((tag) => !SENDABLE_TAG.test(tag));
  if (bad !== undefined) throw new PurgeError(`the tag ${JSON.stringify(bad.slice(0, 50))} cannot be purged: tags are visible ASCII without spaces`);
}

/** An adapter from its parts; `purge` checks the tags and sends nothing for an empty list. */
function adapter(name: string, purgeTags: (tags: readonly string[]) => Promise<void>, probe: () => Promise<string | null>): PurgeAdapter {
  return {
    name,
    purge: async (tags) => {
      checkTags(tags);
      if (tags.length > 0) await purgeTags(tags);
    },
    probe,
  };
}

/** The webhook's URL as messages show it: its origin only, since its path or query may be the secret. */
const webhookShown = (url: string): string => {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname === '/' && !parsed.search ? '/' : '/…'}`;
};

/** One line for `npm run doctor`: which tier, where. */
export function purgeTarget(settings: PurgeSettings): string {
  switch (settings.adapter) {
    case 'none':
      return 'none';
    case 'varnish':
      return `varnish (${settings.urls.length} address${settings.urls.length === 1 ? '' : 'es'})`;
    case 'fastly':
      return `fastly (service ${settings.serviceId}${settings.soft ? ', soft purges' : ''})`;
    case 'cloudflare':
      return `cloudflare (zone ${settings.zoneId})`;
    case 'webhook':
      return `webhook (${webhookShown(settings.url)})`;
  }
}

export function createPurgeAdapter(settings: PurgeSettings, fetchImpl: Fetch = fetch): PurgeAdapter {
  const { timeoutMs } = settings;
  switch (settings.adapter) {
    case 'none':
      return adapter(
        'none',
        () => Promise.resolve(),
        () => Promise.resolve(null),
      );

    case 'varnish': {
      const purgeAt = (url: string, tags: readonly string[]) =>
        send(fetchImpl, { method: 'PURGE', url, shown: url, headers: { xkey: tags.join(' ') } }, timeoutMs, []);
      return adapter(
        'varnish',
        async (tags) => {
          const chunks = chunksByBytes(tags, 'xkey: ', VARNISH_MAX_HEADER_BYTES);
          await everywhere(settings.urls.map((url) => sequentially(chunks.map((chunk) => () => purgeAt(url, chunk)))));
        },
        () => reachable(() => everywhere(settings.urls.map((url) => purgeAt(url, [PROBE_TAG])))),
      );
    }

    case 'fastly': {
      const service = `${settings.apiUrl}/service/${encodeURIComponent(settings.serviceId)}`;
      const headers = { 'Fastly-Key': settings.apiToken, Accept: 'application/json' };
      const secrets = [settings.apiToken];
      return adapter(
        'fastly',
        (tags) =>
          sequentially(
            chunksOf(tags, FASTLY_MAX_KEYS).map(
              (chunk) => () =>
                send(
                  fetchImpl,
                  {
                    method: 'POST',
                    url: `${service}/purge`,
                    shown: `${service}/purge`,
                    headers: settings.soft ? { ...headers, 'Fastly-Soft-Purge': '1' } : headers,
                    body: { surrogate_keys: chunk },
                  },
                  timeoutMs,
                  secrets,
                ),
            ),
          ),
        () => reachable(() => send(fetchImpl, { method: 'GET', url: service, shown: service, headers }, timeoutMs, secrets)),
      );
    }

    case 'cloudflare': {
      const zone = `${settings.apiUrl}/zones/${encodeURIComponent(settings.zoneId)}`;
      const headers = { Authorization: `Bearer ${settings.apiToken}`, Accept: 'application/json' };
      const secrets = [settings.apiToken];
      /** Cloudflare's API answers `{"success": false, "errors": [...]}`, sometimes with a 200: that is a failure too. */
      const call = async (request: PurgeRequest) => {
        const text = await send(fetchImpl, request, timeoutMs, secrets);
        if (!cloudflareSucceeded(text)) throw new PurgeError(redact(`${request.method} ${request.shown} answered success false${excerpt(text)}`, secrets));
      };
      return adapter(
        'cloudflare',
        (tags) =>
          sequentially(
            chunksOf(tags, CLOUDFLARE_MAX_TAGS).map(
              (chunk) => () => call({ method: 'POST', url: `${zone}/purge_cache`, shown: `${zone}/purge_cache`, headers, body: { tags: chunk } }),
            ),
          ),
        // Needs the token's Zone Read permission besides Cache Purge; it answers without purging anything.
        () => reachable(() => call({ method: 'GET', url: zone, shown: zone, headers })),
      );
    }

    case 'webhook': {
      const headers: Record<string, string> = settings.secret ? { Authorization: `Bearer ${settings.secret}` } : {};
      const secrets = settings.secret ? [settings.secret] : [];
      const post = (tags: readonly string[]) =>
        send(fetchImpl, { method: 'POST', url: settings.url, shown: webhookShown(settings.url), headers, body: { tags } }, timeoutMs, secrets);
      return adapter(
        'webhook',
        (tags) => sequentially(chunksOf(tags, WEBHOOK_MAX_TAGS).map((chunk) => () => post(chunk))),
        () => reachable(() => post([])),
      );
    }
  }
}

function cloudflareSucceeded(text: string): boolean {
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === 'object' && body !== null && (body as { success?: unknown }).success === true;
  } catch {
    return false;
  }
}
