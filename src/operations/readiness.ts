import type { Core } from '@strapi/strapi';

/** Liveness is Strapi's own `GET /_health` (204, no database); readiness adds the database. */
export const READY_PATH = '/_ready';

export interface Readiness {
  status: 'ok' | 'unavailable';
  database: 'up' | 'down';
  /** Present while the instance drains its requests after SIGTERM. */
  shuttingDown?: true;
}

type Ctx = { status: number; body: unknown; set: (field: string, value: string) => void };

/** Resolves true when the database answers `select 1` within `timeoutMs`; never rejects. */
export async function databaseAnswers(strapi: Core.Strapi, timeoutMs: number): Promise<{ up: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([strapi.db.connection.raw('select 1'), timeout]);
    return { up: true };
  } catch (error) {
    return { up: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /_ready` for load balancers: 200 `{ status: 'ok', database: 'up' }` when this instance can serve,
 * 503 when the database does not answer within READY_TIMEOUT_MS or the instance is shutting down
 * (its HTTP server no longer listens). Never cached; no authentication; no details of the failure
 * in the answer (they go to the log).
 */
export function readinessHandler(strapi: Core.Strapi) {
  return async (ctx: Ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const shuttingDown = !strapi.server.httpServer.listening;
    const timeoutMs = strapi.config.get<number>('operations.readyTimeoutMs', 2000);
    const database = await databaseAnswers(strapi, timeoutMs);
    if (!database.up) strapi.log.warn(`Readiness: the database does not answer (${database.error})`);
    const ready = database.up && !shuttingDown;
    const body: Readiness = { status: ready ? 'ok' : 'unavailable', database: database.up ? 'up' : 'down' };
    if (shuttingDown) body.shuttingDown = true;
    ctx.status = ready ? 200 : 503;
    ctx.body = body;
  };
}

/** Adds `GET /_ready` next to Strapi's `/_health`, outside `/api` (call from `register`). */
export function registerReadiness(strapi: Core.Strapi): void {
  strapi.server.routes([{ method: 'GET', path: READY_PATH, handler: readinessHandler(strapi), config: { auth: false } }]);
}
