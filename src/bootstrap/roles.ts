import { HISTORY_ACTIONS } from '../history/routes';
import { isLocalizedType, offeredLocales } from '../locales';
import type { Core, Schema, UID } from '@strapi/strapi';
import { withMethods } from '../internals/shapes';
import { CORRECTED_AT, READER_LAST_UPDATE } from '../documents/sync-reader-last-update';

/**
 * Admin-panel roles as code. Run on every start: each role is created when missing and its
 * permissions are set to exactly the lists below (Strapi's role service diffs them, so a restart
 * adds nothing twice and a permission removed here is removed from the database). The Super Admin
 * role is Strapi's own and is not touched; Strapi's default "Author" role is left as it is.
 */

export const ARTICLE = 'api::article.article';
export const TEASER = 'api::teaser.teaser';
export const SECTION = 'api::section.section';

const CM = 'plugin::content-manager.explorer';

/** Fields only an editor may write: setting `scheduledAt` schedules a publication. */
export const EDITOR_ONLY_FIELDS = ['scheduledAt'];

/** Fields the product computes: every role reads them, none writes them. */
export const COMPUTED_FIELDS: Partial<Record<string, string[]>> = { [ARTICLE]: [READER_LAST_UPDATE, CORRECTED_AT] };

export interface RoleSpec {
  code: string;
  name: string;
  description: string;
}

export const REPORTER: RoleSpec = {
  code: 'newsroom-reporter',
  name: 'Reporter',
  description: 'Reporters write and edit drafts of articles and teasers and upload media. They cannot publish, unpublish, schedule or delete.',
};

/** Strapi creates "Editor" (code strapi-editor) on the first start; the newsroom takes it over. */
export const EDITOR: RoleSpec = {
  code: 'strapi-editor',
  name: 'Editor',
  description: 'Editors do everything reporters do, and publish, unpublish, schedule and delete articles and teasers, and manage sections.',
};

export interface PermissionInput {
  action: string;
  subject: string | null;
  properties: { fields?: string[]; locales?: string[] };
  conditions: string[];
}

/** The locales each role may work in, per localised content type (Strapi's locale permissions). */
export type RoleLocales = (subject: UID.ContentType, action: string) => string[];

interface AdminRole {
  id: number;
  code: string;
  name: string;
  description?: string | null;
}

/** Every field path of a content type, as the admin's permission editor lists them (components included). */
function allFields(strapi: Core.Strapi, uid: UID.ContentType): string[] {
  const service = withMethods<{ getNestedFields(model: Schema.ContentType, options: { components: Core.Strapi['components'] }): string[] }>(
    strapi.service('admin::content-type'),
    ['getNestedFields'],
    'the admin content-type service',
  );
  return service.getNestedFields(strapi.contentTypes[uid], { components: strapi.components });
}

function contentPermissions(
  strapi: Core.Strapi,
  subject: UID.ContentType,
  actions: Array<'create' | 'read' | 'update' | 'delete' | 'publish'>,
  locales: RoleLocales,
  withoutFields: string[] = [],
): PermissionInput[] {
  const localized = isLocalizedType(strapi, subject);
  const fields = allFields(strapi, subject);
  const omit = [...withoutFields, ...(COMPUTED_FIELDS[subject] ?? [])];
  const writable = fields.filter((field) => !omit.some((omitted) => field === omitted || field.startsWith(`${omitted}.`)));
  return actions.map((action) => {
    const scoped = action === 'create' || action === 'update' ? writable : action === 'read' ? fields : undefined;
    const name = `${CM}.${action}`;
    return {
      action: name,
      subject,
      properties: { ...(scoped ? { fields: scoped } : {}), ...(localized ? { locales: locales(subject, name) } : {}) },
      conditions: [],
    };
  });
}

const plugin = (action: string, conditions: string[] = []): PermissionInput => ({ action, subject: null, properties: {}, conditions });

/** Media library: browse and reuse every file, upload new ones; a reporter changes or deletes only their own. */
function mediaPermissions(role: 'reporter' | 'editor'): PermissionInput[] {
  return [
    plugin('plugin::upload.read'),
    plugin('plugin::upload.assets.create'),
    plugin('plugin::upload.assets.update', role === 'reporter' ? ['admin::is-creator'] : []),
    plugin('plugin::upload.assets.download'),
    plugin('plugin::upload.assets.copy-link'),
    ...(role === 'editor' ? [plugin('plugin::upload.configure-view')] : []),
  ];
}

export function reporterPermissions(strapi: Core.Strapi, locales: RoleLocales): PermissionInput[] {
  return [
    ...contentPermissions(strapi, ARTICLE, ['create', 'read', 'update'], locales, EDITOR_ONLY_FIELDS),
    ...contentPermissions(strapi, TEASER, ['create', 'read', 'update'], locales, EDITOR_ONLY_FIELDS),
    ...contentPermissions(strapi, SECTION, ['read'], locales),
    ...mediaPermissions('reporter'),
    // Revision history (src/history/routes.ts): see it, restore into drafts.
    plugin(HISTORY_ACTIONS.read),
    plugin(HISTORY_ACTIONS.restore),
  ];
}

export function editorPermissions(strapi: Core.Strapi, locales: RoleLocales): PermissionInput[] {
  return [
    ...contentPermissions(strapi, ARTICLE, ['create', 'read', 'update', 'delete', 'publish'], locales),
    ...contentPermissions(strapi, TEASER, ['create', 'read', 'update', 'delete', 'publish'], locales),
    ...contentPermissions(strapi, SECTION, ['create', 'read', 'update', 'delete'], locales),
    ...mediaPermissions('editor'),
    // Revision history: also the audit trail and public corrections.
    ...Object.values(HISTORY_ACTIONS).map((action) => plugin(action)),
  ];
}

/** The role with this code; else the one with this name (adopted: its code is set); else a new one. */
async function ensureRole(strapi: Core.Strapi, spec: RoleSpec): Promise<AdminRole> {
  const roles = strapi.db.query('admin::role');
  let role = ((await roles.findOne({ where: { code: spec.code } })) ?? (await roles.findOne({ where: { name: spec.name } }))) as AdminRole | null;
  if (!role) {
    role = (await strapi.service('admin::role').create({ ...spec })) as AdminRole;
    strapi.log.info(`Admin role "${spec.name}" created`);
    return role;
  }
  if (role.code !== spec.code || role.name !== spec.name || role.description !== spec.description) {
    role = (await roles.update({ where: { id: role.id }, data: { code: spec.code, name: spec.name, description: spec.description } })) as AdminRole;
  }
  return role;
}

/**
 * The locales of a role's existing permissions: what an administrator ticked in Settings › Roles is kept
 * (a reporter limited to German stays limited across restarts); a permission the role does not have
 * yet gets every locale; `added` (a locale just created) is given to every permission, as Strapi gives
 * it to super admins: a new locale is open to the newsroom until an administrator limits it.
 */
async function keptLocales(strapi: Core.Strapi, roleId: number, offered: string[], added: string | null): Promise<RoleLocales> {
  const existing: Array<{ action: string; subject: string | null; properties?: { locales?: unknown } | null }> = await strapi.db
    .query('admin::permission')
    .findMany({ where: { role: { id: roleId } }, select: ['action', 'subject', 'properties'] });
  const held = new Map<string, string[]>();
  for (const permission of existing) {
    const locales = permission.properties?.locales;
    if (Array.isArray(locales))
      held.set(
        `${permission.action} ${permission.subject}`,
        locales.filter((code): code is string => typeof code === 'string'),
      );
  }
  return (subject, action) => {
    const kept = held.get(`${action} ${subject}`);
    if (!kept) return offered;
    return offered.filter((code) => kept.includes(code) || code === added);
  };
}

/**
 * Creates or brings up to date the Reporter and Editor roles and their permissions. Editors work in every
 * locale; reporters in the locales an administrator leaves them (see `keptLocales`). `added`: a locale
 * created just now (src/locales/).
 */
export async function ensureNewsroomRoles(strapi: Core.Strapi, added: string | null = null): Promise<{ reporter: AdminRole; editor: AdminRole }> {
  const roleService = withMethods<{ assignPermissions(roleId: number, permissions: PermissionInput[]): Promise<unknown> }>(
    strapi.service('admin::role'),
    ['assignPermissions'],
    'the admin role service',
  );
  const reporter = await ensureRole(strapi, REPORTER);
  const editor = await ensureRole(strapi, EDITOR);
  const offered = await offeredLocales(strapi);
  await roleService.assignPermissions(reporter.id, reporterPermissions(strapi, await keptLocales(strapi, reporter.id, offered, added)));
  await roleService.assignPermissions(
    editor.id,
    editorPermissions(strapi, () => offered),
  );
  return { reporter, editor };
}
