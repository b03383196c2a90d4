/**
 * Which cache tier the product purges by cache tag when reader-visible content changes, and how to reach it
 * (src/cache/purge-adapters.ts talks to it; `npm run doctor` checks it answers).
 *
 *   PURGE_ADAPTER               none (default: nothing is purged), varnish, fastly, cloudflare or webhook
 *   PURGE_VARNISH_URLS          varnish: each Varnish's address, comma-separated, e.g. http://127.0.0.1:6081
 *   PURGE_FASTLY_SERVICE_ID     fastly: the service whose cache is purged
 *   PURGE_FASTLY_API_TOKEN      fastly: an API token with purge rights on it
 *   PURGE_FASTLY_SOFT           fastly: true marks content stale instead of removing it (Fastly-Soft-Purge)  (default false)
 *   PURGE_CLOUDFLARE_ZONE_ID    cloudflare: the zone whose cache is purged
 *   PURGE_CLOUDFLARE_API_TOKEN  cloudflare: an API token with the Cache Purge permission on the zone
 *   PURGE_WEBHOOK_URL           webhook: where `{"tags": [...]}` is POSTed
 *   PURGE_WEBHOOK_SECRET        webhook: when set, sent as `Authorization: Bearer <secret>`
 *   PURGE_TIMEOUT_MS            longest wait for one HTTP request of a purge, 100-60000                     (default 5000)
 *   PURGE_FASTLY_API_URL        Fastly's API (tests point it elsewhere)                (default https://api.fastly.com)
 *   PURGE_CLOUDFLARE_API_URL    Cloudflare's API (tests point it elsewhere)  (default https://api.cloudflare.com/client/v4)
 *
 * Values are trimmed; an unset or empty variable means the default. Only the chosen adapter's variables
 * are read (and PURGE_TIMEOUT_MS, always).
 */
import type { Core } from '@strapi/strapi';
import { collect, readInteger, valueOf, type Env } from './env';
import { isPlaceholder } from './secrets';

export const PURGE_ADAPTERS = ['none', 'varnish', 'fastly', 'cloudflare', 'webhook'] as const;
export type PurgeAdapterName = (typeof PURGE_ADAPTERS)[number];

export const DEFAULT_PURGE_TIMEOUT_MS = 5000;
export const DEFAULT_FASTLY_API_URL = 'https://api.fastly.com';
export const DEFAULT_CLOUDFLARE_API_URL = 'https://api.cloudflare.com/client/v4';

export type PurgeSettings =
  | { adapter: 'none'; timeoutMs: number }
  | { adapter: 'varnish'; timeoutMs: number; urls: string[] }
  | { adapter: 'fastly'; timeoutMs: number; apiUrl: string; serviceId: string; apiToken: string; soft: boolean }
  | { adapter: 'cloudflare'; timeoutMs: number; apiUrl: string; zoneId: string; apiToken: string }
  | { adapter: 'webhook'; timeoutMs: number; url: string; secret: string | null };

/** `value` as an http(s) URL (normalised), or null after adding a problem naming `name`. */
function httpUrl(name: string, value: string, problems: string[]): string | null {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    // reported below, like a URL of another scheme
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    problems.push(`${name} must be an http(s) URL such as https://cache.example.com (got ${JSON.stringify(value)})`);
    return null;
  }
  // fetch refuses URLs with credentials, and error messages name the URL: secrets go in their own variables.
  if (url.username || url.password) {
    problems.push(`${name} must not hold a user name or password (got a URL with credentials for ${url.host})`);
    return null;
  }
  return url.href;
}

/** A required variable of the chosen adapter; '' after adding a problem when unset. */
function required(env: Env, name: string, adapter: PurgeAdapterName, problems: string[]): string {
  const value = valueOf(env, name);
  if (value === undefined) problems.push(`${name} is missing: PURGE_ADAPTER=${adapter} needs it`);
  return value ?? '';
}

/** A required API token: also refused when it still holds a template's placeholder. */
function token(env: Env, name: string, adapter: PurgeAdapterName, problems: string[]): string {
  const value = required(env, name, adapter, problems);
  if (value && isPlaceholder(value)) problems.push(`${name} still holds a placeholder value: set the real token`);
  return value;
}

/** An optional http(s) URL with a default (the APIs' base URLs). */
const apiUrl = (env: Env, name: string, fallback: string, problems: string[]): string => {
  const value = valueOf(env, name);
  return value === undefined ? fallback : (httpUrl(name, value, problems)?.replace(/\/+$/, '') ?? fallback);
};

export function readPurgeSettings(env: Env = process.env): PurgeSettings {
  return collect((problems): PurgeSettings => {
    const timeoutMs = readInteger(env, 'PURGE_TIMEOUT_MS', DEFAULT_PURGE_TIMEOUT_MS, 100, 60_000, 'an integer from 100 to 60000 milliseconds', problems);
    const rawAdapter = (valueOf(env, 'PURGE_ADAPTER') ?? 'none').toLowerCase();
    if (!(PURGE_ADAPTERS as readonly string[]).includes(rawAdapter)) {
      problems.push(`PURGE_ADAPTER "${rawAdapter}" is not one of ${PURGE_ADAPTERS.join(', ')}`);
      return { adapter: 'none', timeoutMs };
    }
    const adapter = rawAdapter as PurgeAdapterName;

    switch (adapter) {
      case 'none':
        return { adapter, timeoutMs };
      case 'varnish': {
        const list = required(env, 'PURGE_VARNISH_URLS', adapter, problems);
        const parts = list
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean);
        if (list && parts.length === 0) problems.push('PURGE_VARNISH_URLS lists no address: give each Varnish, comma-separated');
        const urls = parts.map((part) => httpUrl('PURGE_VARNISH_URLS', part, problems)).filter((url): url is string => url !== null);
        return { adapter, timeoutMs, urls: [...new Set(urls)] };
      }
      case 'fastly': {
        const soft = (valueOf(env, 'PURGE_FASTLY_SOFT') ?? 'false').toLowerCase();
        if (soft !== 'true' && soft !== 'false') problems.push(`PURGE_FASTLY_SOFT must be true or false (got ${JSON.stringify(soft)})`);
        return {
          adapter,
          timeoutMs,
          apiUrl: apiUrl(env, 'PURGE_FASTLY_API_URL', DEFAULT_FASTLY_API_URL, problems),
          serviceId: required(env, 'PURGE_FASTLY_SERVICE_ID', adapter, problems),
          apiToken: token(env, 'PURGE_FASTLY_API_TOKEN', adapter, problems),
          soft: soft === 'true',
        };
      }
      case 'cloudflare':
        return {
          adapter,
          timeoutMs,
          apiUrl: apiUrl(env, 'PURGE_CLOUDFLARE_API_URL', DEFAULT_CLOUDFLARE_API_URL, problems),
          zoneId: required(env, 'PURGE_CLOUDFLARE_ZONE_ID', adapter, problems),
          apiToken: token(env, 'PURGE_CLOUDFLARE_API_TOKEN', adapter, problems),
        };
      case 'webhook': {
        const rawUrl = required(env, 'PURGE_WEBHOOK_URL', adapter, problems);
        const secret = valueOf(env, 'PURGE_WEBHOOK_SECRET') ?? null;
        if (secret && isPlaceholder(secret)) problems.push('PURGE_WEBHOOK_SECRET still holds a placeholder value: set the real secret, or leave it empty');
        return { adapter, timeoutMs, url: (rawUrl && httpUrl('PURGE_WEBHOOK_URL', rawUrl, problems)) || '', secret };
      }
    }
  });
}

/** The settings read at start-up (config/purge.ts). */
export const purgeSettings = (strapi: Core.Strapi): PurgeSettings => strapi.config.get<PurgeSettings>('purge');
