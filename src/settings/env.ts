/**
 * What every settings reader shares: the environment as one type, the one error that lists every
 * problem found, and the ways a variable is read (trimmed, or exactly as Strapi's `env` helper does).
 */

/** The environment: `process.env`, or a plain object in tests and checks. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Invalid settings, one line per problem in `problems` (and in `message`), each naming its variable. */
export class SettingsError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'SettingsError';
    this.problems = [...problems];
  }
}

/** Runs `read` with a list it adds problems to; throws them all as one SettingsError, or returns what it read. */
export function collect<T>(read: (problems: string[]) => T): T {
  const problems: string[] = [];
  const value = read(problems);
  if (problems.length > 0) throw new SettingsError(problems);
  return value;
}

/** What `read` returns, or undefined after adding the lines of its SettingsError to `problems` (any other error is rethrown). */
export function gather<T>(problems: string[], read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    problems.push(...error.problems);
    return undefined;
  }
}

/** The trimmed value; undefined when unset, empty or whitespace only. */
export const valueOf = (env: Env, name: string): string | undefined => env[name]?.trim() || undefined;

const isSet = (env: Env, name: string) => Object.prototype.hasOwnProperty.call(env, name);

/** Strapi's `env(name, fallback)`: the value as it is (even empty) when set. */
export const rawOr = (env: Env, name: string, fallback: string): string => (isSet(env, name) ? (env[name] ?? '') : fallback);

/** Strapi's `env.int(name, fallback)`: `parseInt` of the value when set. */
export const intOr = (env: Env, name: string, fallback: number): number => (isSet(env, name) ? parseInt(env[name] ?? '', 10) : fallback);

/** Strapi's `env.bool(name, fallback)`: true only for `true` when set. */
export const boolOr = (env: Env, name: string, fallback: boolean): boolean => (isSet(env, name) ? env[name] === 'true' : fallback);

/** An integer variable from `min` to `max`; unset means `fallback`; anything else adds a problem naming it and what is `expected`. */
export function readInteger(env: Env, name: string, fallback: number, min: number, max: number, expected: string, problems: string[]): number {
  const value = valueOf(env, name);
  if (value === undefined) return fallback;
  const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    problems.push(`${name} ${JSON.stringify(value)} is not ${expected}`);
    return fallback;
  }
  return parsed;
}
