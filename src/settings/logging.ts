/**
 * How the server logs.
 *
 *   LOG_LEVEL   lowest level written (default http)
 *   LOG_FORMAT  `json` (one JSON object per line, for log shippers) or `pretty` (human-readable);
 *               otherwise JSON in production and pretty everywhere else
 */
import type { Env } from './env';

export type LogFormat = 'json' | 'pretty';

export interface LoggingSettings {
  level: string;
  format: LogFormat;
}

export function logFormat(env: Env = process.env): LogFormat {
  const chosen = env.LOG_FORMAT?.trim().toLowerCase();
  if (chosen === 'json' || chosen === 'pretty') return chosen;
  return env.NODE_ENV === 'production' ? 'json' : 'pretty';
}

export const readLoggingSettings = (env: Env): LoggingSettings => ({ level: env.LOG_LEVEL || 'http', format: logFormat(env) });
