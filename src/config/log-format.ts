/**
 * How the server logs: `json` (one JSON object per line, for log shippers) or `pretty` (human-readable).
 * LOG_FORMAT wins; otherwise JSON in production and pretty everywhere else.
 */
export type LogFormat = 'json' | 'pretty';

export function logFormat(env: Record<string, string | undefined> = process.env): LogFormat {
  const chosen = env.LOG_FORMAT?.trim().toLowerCase();
  if (chosen === 'json' || chosen === 'pretty') return chosen;
  return env.NODE_ENV === 'production' ? 'json' : 'pretty';
}
