/**
 * The "More from" teaser order is written once, in SQL: a cleared position counts as 0 on every
 * database. Before, the SQL sorted `position` raw with a LIMIT of 100 and JavaScript re-sorted what came
 * back; PostgreSQL sorts NULL last, so in a section with more than 100 shown teasers a teaser whose
 * position was cleared fell outside the 100 and was never shown.
 */
import { useApp } from '../harness/app';
import { contentKit } from '../harness/content';
import { TEASER } from '../harness/constants';

const app = useApp();

test('a teaser whose position was cleared comes first in a section with more than 100 shown teasers', async () => {
  const kit = contentKit(app.strapi);
  const section = await kit.section();
  const older = await kit.article({ section, publicationDate: '2026-01-01T08:00:00.000Z' });
  const newer = await kit.article({ section, publicationDate: '2026-01-02T08:00:00.000Z' });
  for (let i = 0; i < 101; i += 1) await kit.teaser({ article: newer, section, headline: `Ranked ${i}`, position: 1 });
  // An editor empties the position field of a teaser and publishes it again.
  const cleared = await kit.teaser({ article: older, section, headline: 'Position cleared', position: 2 });
  await app.strapi.documents(TEASER).update({ documentId: cleared.documentId, data: { position: null } as never });
  await app.strapi.documents(TEASER).publish({ documentId: cleared.documentId });

  const res = await app.http().get(`/api/sections/${section.slug}/more-from?limit=5`);
  expect(res.status).toBe(200);
  expect(res.body.data.items.map((item: { headline: string }) => item.headline)).toEqual(['Position cleared', 'Ranked 0']);
});
