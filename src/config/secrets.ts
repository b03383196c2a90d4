/** Secrets have no default value anywhere in code: a missing one stops start-up with its name. */
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

type Env = (name: string) => string | undefined;

/** A required secret that is missing or still a placeholder; `variable` names it (read by the start-up checks). */
export class SecretError extends Error {
  readonly variable: string;

  constructor(variable: string, message: string) {
    super(message);
    this.name = 'SecretError';
    this.variable = variable;
  }
}

export function requireSecret(env: Env, name: string): string {
  const value = env(name)?.trim();
  if (!value) throw new SecretError(name, `${name} is missing: set it in .env (npm run develop creates one with random values)`);
  if (isPlaceholder(value)) {
    throw new SecretError(name, `${name} still holds a placeholder value: replace it with a random secret`);
  }
  return value;
}

export function requireSecretList(env: Env, name: string): string[] {
  return requireSecret(env, name)
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}
