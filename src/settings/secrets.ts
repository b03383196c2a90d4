/**
 * The secrets Strapi and its plugins require. None has a default value anywhere in code: a missing one,
 * or one still holding a template's placeholder, stops start-up with its name (all of them at once).
 */
import { collect, valueOf, type Env } from './env';

const PLACEHOLDERS = new Set(['tobemodified', 'changeme', 'change-me', 'replaceme', 'replace-me', 'secret']);

/**
 * True for the values templates ship: `tobemodified`, Strapi's `toBeModified1,toBeModified2`, `changeme`...
 * (case-insensitive, with or without a trailing number, in any comma-separated part).
 */
export function isPlaceholder(value: string): boolean {
  return value.split(',').some((part) =>
    PLACEHOLDERS.has(
      part
        .trim()
        .toLowerCase()
        .replace(/[-_]?\d+$/, ''),
    ),
  );
}

/** The secret `name` (trimmed), or '' after adding why it is unusable to `problems`. */
export function requiredSecret(env: Env, name: string, problems: string[]): string {
  const value = valueOf(env, name);
  if (!value) problems.push(`${name} is missing: set it in .env (npm run develop creates one with random values)`);
  else if (isPlaceholder(value)) problems.push(`${name} still holds a placeholder value: replace it with a random secret`);
  else return value;
  return '';
}

export interface Secrets {
  /** APP_KEYS, comma-separated: the session cookie keys. */
  appKeys: string[];
  apiTokenSalt: string;
  adminJwtSecret: string;
  transferTokenSalt: string;
  encryptionKey: string;
  /** Reader accounts' tokens (users-permissions). */
  jwtSecret: string;
}

export function readSecrets(env: Env): Secrets {
  return collect((problems) => ({
    appKeys: requiredSecret(env, 'APP_KEYS', problems)
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
    apiTokenSalt: requiredSecret(env, 'API_TOKEN_SALT', problems),
    adminJwtSecret: requiredSecret(env, 'ADMIN_JWT_SECRET', problems),
    transferTokenSalt: requiredSecret(env, 'TRANSFER_TOKEN_SALT', problems),
    encryptionKey: requiredSecret(env, 'ENCRYPTION_KEY', problems),
    jwtSecret: requiredSecret(env, 'JWT_SECRET', problems),
  }));
}
