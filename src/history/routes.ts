/**
 * The history's admin API, under `/newsroom-history` (admin authentication: the admin panel's token):
 *
 *   GET  /newsroom-history/versions?uid=&documentId=&locale=&page=&pageSize=   one locale's versions, newest first
 *   GET  /newsroom-history/versions/:id                                 one version with its content
 *   GET  /newsroom-history/compare?left=&right=                         two versions of one locale, field by field, words marked
 *   POST /newsroom-history/versions/:id/restore                         the version into its locale's draft
 *   GET  /newsroom-history/audit?author=&action=&uid=&locale=&from=&to=…  the audit trail
 *   GET  /newsroom-history/corrections?uid=&documentId=&locale=         an article's corrections in one locale
 *   POST /newsroom-history/corrections  { uid, documentId, locale, text }  appends a correction to one locale
 *
 * `locale` absent means NEWS_DEFAULT_LOCALE (the audit trail: every locale).
 *
 * Permissions: the actions below (Settings › Roles › "Newsroom history"), each together with the Content Manager's
 * own permission on the document's type — reading history needs `read` of the type, restoring needs `update`,
 * correcting needs `publish` of articles. Reporters read and restore; editors also see the audit trail and correct.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { localeParam } from '../http/request-params';
import { ARTICLE } from '../visibility/definition';
import { HISTORY_TYPES, type HistoryUid } from './snapshot';
import { appendCorrection, correctionsOf } from './corrections';
import { auditTrail, compareVersions, documentIdParam, getVersion, listVersions, onlyParams, restoreVersion, uidParam, versionIdParam } from './service';

export const HISTORY_PREFIX = '/newsroom-history';

export const HISTORY_ACTIONS = {
  read: 'api::history.read',
  restore: 'api::history.restore',
  audit: 'api::history.audit',
  correct: 'api::history.correct',
} as const;

const CM = 'plugin::content-manager.explorer';

/** Registers the permission actions (in register(), so that the super admin's reset at start-up includes them). */
export function registerHistoryActions(strapi: Core.Strapi): void {
  const actions = [
    { uid: 'history.read', displayName: 'Read versions and corrections' },
    { uid: 'history.restore', displayName: 'Restore a version into the draft' },
    { uid: 'history.audit', displayName: 'Read the audit trail' },
    { uid: 'history.correct', displayName: 'Append public corrections' },
  ].map((action) => ({ ...action, section: 'settings' as const, category: 'Newsroom history', subCategory: 'general' }));
  const service = strapi.service('admin::permission') as unknown as { actionProvider: { registerMany(actions: unknown[]): Promise<void> | void } };
  void service.actionProvider.registerMany(actions);
}

interface Ability {
  can(action: string, subject?: string): boolean;
}

function allow(ctx: Context, action: string, subjectAction?: { action: string; uid: string }): void {
  const ability = (ctx.state as { userAbility?: Ability }).userAbility;
  if (!ability) throw new errors.UnauthorizedError('Missing or invalid credentials');
  const permitted = ability.can(action) && (!subjectAction || ability.can(`${CM}.${subjectAction.action}`, subjectAction.uid));
  if (!permitted) throw new errors.ForbiddenError('Forbidden');
}

/** The recorded types whose documents this user may read. */
function readableTypes(ctx: Context): HistoryUid[] {
  const ability = (ctx.state as { userAbility?: Ability }).userAbility;
  return HISTORY_TYPES.filter((uid) => ability?.can(`${CM}.read`, uid));
}

const query = (ctx: Context) => ctx.query as Record<string, unknown>;
const param = (ctx: Context, name: string) => (ctx.params as Record<string, unknown>)[name];

/** The routes, with their handlers; mounted in register() (src/index.ts). */
export function historyRoutes(strapi: Core.Strapi) {
  const route = (method: 'GET' | 'POST', path: string, handler: (ctx: Context) => Promise<unknown>) => ({
    method,
    path,
    handler: async (ctx: Context) => {
      ctx.body = await handler(ctx);
    },
    info: { apiName: 'history', type: 'admin' },
    config: { policies: ['admin::isAuthenticatedAdmin'] },
  });
  return {
    type: 'admin' as const,
    prefix: HISTORY_PREFIX,
    routes: [
      route('GET', '/versions', async (ctx) => {
        const uid = uidParam(query(ctx).uid, true)!;
        allow(ctx, HISTORY_ACTIONS.read, { action: 'read', uid });
        return listVersions(strapi, query(ctx));
      }),
      route('GET', '/versions/:id', async (ctx) => {
        // The history permission first: without it, whether a version exists is not told either.
        allow(ctx, HISTORY_ACTIONS.read);
        onlyParams(query(ctx), []);
        const version = await getVersion(strapi, versionIdParam(param(ctx, 'id')));
        allow(ctx, HISTORY_ACTIONS.read, { action: 'read', uid: version.uid });
        return { data: version };
      }),
      route('GET', '/compare', async (ctx) => {
        allow(ctx, HISTORY_ACTIONS.read);
        const left = await getVersion(strapi, versionIdParam(query(ctx).left));
        allow(ctx, HISTORY_ACTIONS.read, { action: 'read', uid: left.uid });
        return compareVersions(strapi, query(ctx));
      }),
      route('POST', '/versions/:id/restore', async (ctx) => {
        allow(ctx, HISTORY_ACTIONS.restore);
        const version = await getVersion(strapi, versionIdParam(param(ctx, 'id')));
        allow(ctx, HISTORY_ACTIONS.restore, { action: 'update', uid: version.uid });
        return restoreVersion(strapi, version.id);
      }),
      route('GET', '/audit', async (ctx) => {
        allow(ctx, HISTORY_ACTIONS.audit);
        // Only the types this user may read in the Content Manager.
        return auditTrail(strapi, query(ctx), readableTypes(ctx));
      }),
      route('GET', '/corrections', async (ctx) => {
        onlyParams(query(ctx), ['uid', 'documentId', 'locale']);
        const uid = uidParam(query(ctx).uid, true)!;
        allow(ctx, HISTORY_ACTIONS.read, { action: 'read', uid });
        const documentId = documentIdParam(query(ctx).documentId, true)!;
        const locale = await localeParam(strapi, query(ctx).locale);
        return { data: (await correctionsOf(strapi, [documentId], locale)).get(documentId) ?? [] };
      }),
      route('POST', '/corrections', async (ctx) => {
        allow(ctx, HISTORY_ACTIONS.correct, { action: 'publish', uid: ARTICLE });
        ctx.status = 201;
        return { data: await appendCorrection(strapi, (ctx.request as { body?: unknown }).body) };
      }),
    ],
  };
}
