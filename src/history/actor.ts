/**
 * Who made a change: the admin user or API token of the request in progress, the scheduler, or the system (the seed,
 * scripts). The scheduler and the seed say so with `asActor`; everything else is read from Strapi's request context.
 */
import { AsyncLocalStorage } from 'async_hooks';
import type { Core } from '@strapi/strapi';

export const AUTHOR_KINDS = ['admin', 'api-token', 'user', 'scheduler', 'system'] as const;
export type AuthorKind = (typeof AUTHOR_KINDS)[number];

export interface Actor {
  kind: AuthorKind;
  /** The admin user's, API token's or users-permissions user's id; null for the scheduler and the system. */
  id: number | null;
  name: string;
}

interface ActorScope {
  actor?: Actor;
  /** The action the versions written in this scope record instead of `update` (a restore). */
  action?: 'restore';
  /** The version a restore wrote. */
  restoredVersion?: number;
}

// One store per process, also when this module is loaded twice (the tests load src/ next to the app's dist/).
const SCOPE_KEY = Symbol.for('newsroom.history.actor');
const holder = globalThis as unknown as Record<symbol, AsyncLocalStorage<ActorScope> | undefined>;
const scope = (holder[SCOPE_KEY] ??= new AsyncLocalStorage<ActorScope>());

export const SCHEDULER: Actor = { kind: 'scheduler', id: null, name: 'Scheduler' };
export const systemActor = (name: string): Actor => ({ kind: 'system', id: null, name });

/** Runs `work` with the changes it makes attributed to `actor` (the scheduler, the seed, a script). */
export function asActor<T>(actor: Actor, work: () => T): T {
  return scope.run({ ...scope.getStore(), actor }, work);
}

/** Runs `work` with its updates recorded as `restore`; returns its result and the version the restore wrote. */
export async function asRestore<T>(work: () => Promise<T>): Promise<{ result: T; version: number | null }> {
  const store: ActorScope = { ...scope.getStore(), action: 'restore' };
  const result = await scope.run(store, work);
  return { result, version: store.restoredVersion ?? null };
}

/** Called by the history middleware when it wrote a restore's version. */
export function noteRestoredVersion(id: number): void {
  const store = scope.getStore();
  if (store?.action === 'restore') store.restoredVersion = id;
}

export const overriddenAction = (): 'restore' | undefined => scope.getStore()?.action;

interface AuthState {
  auth?: { strategy?: { name?: string }; credentials?: { id?: unknown; name?: unknown; username?: unknown; email?: unknown } };
  user?: { id?: unknown; firstname?: unknown; lastname?: unknown; username?: unknown; email?: unknown };
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const numeric = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : null;

/** The admin user's name as the admin panel shows it: first and last name, else the username, else the e-mail. */
export function adminName(user: { firstname?: unknown; lastname?: unknown; username?: unknown; email?: unknown }): string {
  return [text(user.firstname), text(user.lastname)].filter(Boolean).join(' ') || text(user.username) || text(user.email) || 'Admin user';
}

/** The author of a change made now. */
export function currentActor(strapi: Core.Strapi): Actor {
  const given = scope.getStore()?.actor;
  if (given) return given;
  const state = (strapi.requestContext.get() as { state?: AuthState } | undefined)?.state;
  const strategy = state?.auth?.strategy?.name;
  if (strategy === 'admin' && state?.user) return { kind: 'admin', id: numeric(state.user.id), name: adminName(state.user) };
  const credentials = state?.auth?.credentials;
  // Content API tokens (Settings › API Tokens) and, where Strapi offers them, admin tokens: the token by its name.
  if ((strategy === 'content-api-token' || strategy === 'api-token' || strategy === 'admin-token') && credentials)
    return { kind: 'api-token', id: numeric(credentials.id), name: text(credentials.name) || 'API token' };
  if (strategy === 'users-permissions' && credentials) {
    return { kind: 'user', id: numeric(credentials.id), name: text(credentials.username) || text(credentials.email) || 'User' };
  }
  return systemActor('System');
}
