/**
 * Graceful shutdown of the HTTP server, used by `npm start` (scripts/start.js).
 *
 * Strapi's own signal handler destroys every open connection at once, so a request in flight on
 * SIGTERM is cut off. Here, on SIGTERM or SIGINT: the server stops accepting connections (and says
 * `Connection: close` on the responses still to come), requests in flight may finish for up to
 * SHUTDOWN_TIMEOUT_MS, then Strapi is destroyed (remaining sockets, cron, database pool) and the
 * process exits 0. A second signal, or a destroy that hangs, ends the process at once with 1.
 */
import type { IncomingMessage, Server, ServerResponse } from 'http';

export interface RequestTracker {
  /** Requests whose response has not finished yet. */
  readonly inFlight: number;
  /**
   * Stops accepting connections, closes idle keep-alive connections, and waits until no request is in
   * flight or `timeoutMs` has passed. Resolves with what was left unfinished.
   */
  drain(timeoutMs: number): Promise<{ drained: boolean; remaining: number; waitedMs: number }>;
}

/** Starts counting the server's requests in flight; call before the server listens. */
export function trackRequests(server: Server): RequestTracker {
  const open = new Set<ServerResponse>();
  const waiters = new Set<() => void>();
  let draining = false;

  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    open.add(res);
    if (draining && !res.headersSent) res.setHeader('Connection', 'close');
    res.on('close', () => {
      open.delete(res);
      if (draining) server.closeIdleConnections();
      if (open.size === 0) for (const wake of waiters) wake();
    });
  });

  return {
    get inFlight() {
      return open.size;
    },
    async drain(timeoutMs) {
      const started = Date.now();
      const deadline = started + timeoutMs;
      draining = true;
      for (const res of open) if (!res.headersSent) res.setHeader('Connection', 'close');
      if (server.listening) server.close();
      server.closeIdleConnections();
      const idle = () =>
        new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            waiters.delete(done);
            resolve();
          };
          const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
          waiters.add(done);
        });
      // A request already read from a keep-alive connection may not have reached the 'request' event
      // yet: look again one turn of the event loop after the count reaches zero.
      for (;;) {
        if (open.size > 0) await idle();
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (open.size === 0 || Date.now() >= deadline) break;
      }
      // What is still connected now carries no request: close it, so that no new request can start
      // while the application (database pool included) is being destroyed.
      if (open.size === 0) server.closeAllConnections();
      return { drained: open.size === 0, remaining: open.size, waitedMs: Date.now() - started };
    },
  };
}

export interface ShutdownDeps {
  tracker: RequestTracker;
  timeoutMs: number;
  log: { info: (message: string) => void; warn: (message: string) => void; error: (message: string) => void };
  /** Stops scheduled jobs so that none starts while the instance drains. */
  stopJobs: () => void;
  /** Destroys the application: open sockets, database pool. */
  destroy: () => Promise<void>;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Drains the requests in flight, then destroys the application. Resolves with the exit code (0, or 1 if destroy failed). */
export async function shutdown(signal: string, deps: ShutdownDeps): Promise<number> {
  const { tracker, timeoutMs, log } = deps;
  log.info(`${signal} received: no longer accepting connections; ${plural(tracker.inFlight, 'request')} in flight, waiting up to ${timeoutMs} ms`);
  try {
    deps.stopJobs();
  } catch (error) {
    log.warn(`Could not stop scheduled jobs: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = await tracker.drain(timeoutMs);
  if (result.drained) log.info(`Requests in flight finished after ${result.waitedMs} ms`);
  else log.warn(`Shutdown timeout (${timeoutMs} ms) reached: cutting off ${plural(result.remaining, 'request')} still in flight`);
  try {
    await deps.destroy();
    return 0;
  } catch (error) {
    log.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

/**
 * Runs `shutdown` on the first SIGTERM or SIGINT and exits with its code; a second signal exits 1 at
 * once, and so does a shutdown still running `graceMs` after the drain timeout.
 */
export function exitGracefullyOnSignals(deps: ShutdownDeps, exit: (code: number) => void = (code) => process.exit(code), graceMs = 5000): void {
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) {
      deps.log.warn(`${signal} received again: exiting now`);
      exit(1);
      return;
    }
    started = true;
    setTimeout(() => {
      deps.log.error(`Shutdown did not finish within ${deps.timeoutMs + graceMs} ms: exiting`);
      exit(1);
    }, deps.timeoutMs + graceMs).unref();
    void shutdown(signal, deps).then(exit);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, onSignal);
}
