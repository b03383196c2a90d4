/** Secrets have no default value anywhere in code: a missing one stops start-up with its name. */
const PLACEHOLDERS = new Set(['tobemodified', 'changeme', 'change-me', 'secret', 'toBeModified']);

type Env = (name: string) => string | undefined;

export function requireSecret(env: Env, name: string): string {
  const value = env(name)?.trim();
  if (!value) throw new Error(`${name} is missing: set it in .env (npm run develop creates one with random values)`);
  if (PLACEHOLDERS.has(value) || value.split(',').some((part) => PLACEHOLDERS.has(part.trim()))) {
    throw new Error(`${name} still holds a placeholder value: replace it with a random secret`);
  }
  return value;
}

export function requireSecretList(env: Env, name: string): string[] {
  return requireSecret(env, name)
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}
