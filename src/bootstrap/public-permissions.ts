import type { Core } from '@strapi/strapi';

/**
 * What a reader may do: read published newsroom content. Nothing else is public. The page endpoints
 * (`bySlug`, `moreFrom`) are checked against `findOne` (see their routes), so they need no grant of
 * their own; they stay listed so that the Users & Permissions screen shows them ticked like the rest.
 */
export const PUBLIC_READ_ACTIONS = [
  'api::article.article.find',
  'api::article.article.findOne',
  'api::article.article.bySlug',
  'api::section.section.find',
  'api::section.section.findOne',
  'api::section.section.moreFrom',
  'api::teaser.teaser.find',
  'api::teaser.teaser.findOne',
  'api::search.search.find',
] as const;

/**
 * The users-permissions roles that get the reader actions. Signed-in readers (the Authenticated role
 * of the open sign-up) are checked against their own role, not Public: without the grant they would be
 * refused what every anonymous visitor may read.
 */
export const READER_ROLE_TYPES = ['public', 'authenticated'] as const;

/** Grants the reader actions to one users-permissions role; looks before it writes, so a restart adds nothing twice. */
export async function grantRead(
  strapi: Core.Strapi,
  roleType: (typeof READER_ROLE_TYPES)[number],
  actions: readonly string[] = PUBLIC_READ_ACTIONS,
): Promise<string[]> {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: roleType } });
  if (!role) throw new Error(`The users-permissions ${roleType} role is missing`);

  const existing: Array<{ action: string }> = await strapi.db
    .query('plugin::users-permissions.permission')
    .findMany({ select: ['action'], where: { role: role.id, action: { $in: [...actions] } } });
  const have = new Set(existing.map((permission) => permission.action));
  const missing = actions.filter((action) => !have.has(action));
  for (const action of missing) {
    await strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
  }
  return missing;
}

/** Grants the reader actions to anonymous visitors (Public) and to signed-in readers (Authenticated). */
export async function grantReaderAccess(strapi: Core.Strapi): Promise<void> {
  for (const roleType of READER_ROLE_TYPES) await grantRead(strapi, roleType);
}
