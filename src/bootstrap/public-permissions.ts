import type { Core } from '@strapi/strapi';

/** What an anonymous reader may do: read published newsroom content. Nothing else is public. */
export const PUBLIC_READ_ACTIONS = [
  'api::article.article.find',
  'api::article.article.findOne',
  'api::article.article.bySlug',
  'api::section.section.find',
  'api::section.section.findOne',
  'api::section.section.moreFrom',
  'api::teaser.teaser.find',
  'api::teaser.teaser.findOne',
] as const;

/** Grants the reader actions to the Public role; looks before it writes, so a restart adds nothing twice. */
export async function grantPublicRead(strapi: Core.Strapi, actions: readonly string[] = PUBLIC_READ_ACTIONS): Promise<string[]> {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
  if (!role) throw new Error('The users-permissions Public role is missing');

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
