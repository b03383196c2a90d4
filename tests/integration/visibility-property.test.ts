/**
 * One rule for what a reader may see (src/visibility/): for random worlds of visible and hidden content,
 * built through the Document Service, the reader SQL (src/reader/queries/) and the Document Service with
 * the compiled filters return the same documents in the same order, and both agree with the world as
 * it was written. Runs on SQLite and PostgreSQL; a fixed seed unless VISIBILITY_SEED is set, and
 * VISIBILITY_RUNS for longer runs. A failure prints the seed and the shrunk world.
 */
import fc from 'fast-check';
import { useApp } from '../harness/app';
import { loadArticleRow, publishedDocumentIdBySlug } from '../../src/reader/queries/article';
import { loadLatestInSection } from '../../src/reader/queries/latest-in-section';
import { sectionIdOf } from '../../src/reader/queries/sections';
import { loadShownTeasers } from '../../src/reader/queries/shown-teasers';
import { ARTICLE, SECTION, TEASER } from '../../src/visibility/definition';
import { visibilityFilters } from '../../src/visibility/document-filters';

const SEED = Number(process.env.VISIBILITY_SEED ?? 20261126);
const RUNS = Number(process.env.VISIBILITY_RUNS ?? 20);
const HOUR = 3600_000;

const app = useApp();

/** Every state an article can be in for a reader; "later" is a draft when its teasers are made, published after. */
type ArticleState = 'published' | 'draftOnly' | 'unpublished' | 'scheduled' | 'publishedWithEdits' | 'publishedLater';
const VISIBLE_STATES: ReadonlySet<ArticleState> = new Set(['published', 'publishedWithEdits', 'publishedLater']);

/** A teaser window bound, relative to the moment the world is read. */
type Bound = 'none' | 'past' | 'future';

interface ArticleSpec {
  state: ArticleState;
  section: number;
  /** Index into DATES (ties on purpose), or null: stamped on first publish. */
  date: number | null;
}
interface TeaserSpec {
  article: number;
  /** Filed in this section, or null: unfiled. */
  section: number | null;
  position: number | null;
  startsAt: Bound;
  endsAt: Bound;
  published: boolean;
}
interface World {
  sections: number;
  articles: ArticleSpec[];
  teasers: TeaserSpec[];
}

const DATES = ['2026-01-01T08:00:00.000Z', '2026-01-02T08:00:00.000Z', '2026-01-02T08:00:00.000Z', '2026-01-03T08:00:00.000Z'];

/** Weighted so that a world shows a few teasers side by side: hidden content is the background, not all of it. */
const weighted = <T>(...choices: Array<[T, number]>) => fc.oneof(...choices.map(([value, weight]) => ({ arbitrary: fc.constant(value), weight })));
const articleState = weighted<ArticleState>(
  ['published', 3],
  ['publishedWithEdits', 2],
  ['publishedLater', 2],
  ['draftOnly', 1],
  ['unpublished', 1],
  ['scheduled', 1],
);
const bound = weighted<Bound>(['none', 3], ['past', 1], ['future', 1]);

const worldArbitrary: fc.Arbitrary<World> = fc.integer({ min: 1, max: 2 }).chain((sections) =>
  fc
    .array(
      fc.record({
        state: articleState,
        section: fc.integer({ min: 0, max: sections - 1 }),
        date: fc.option(fc.integer({ min: 0, max: DATES.length - 1 }), { nil: null }),
      }),
      { minLength: 1, maxLength: 6 },
    )
    .chain((articles) =>
      fc.record({
        sections: fc.constant(sections),
        articles: fc.constant(articles),
        teasers: fc.array(
          fc.record({
            article: fc.integer({ min: 0, max: articles.length - 1 }),
            section: fc.option(fc.integer({ min: 0, max: sections - 1 }), { nil: null }),
            position: fc.option(fc.integer({ min: 0, max: 1 }), { nil: null, freq: 3 }),
            startsAt: bound,
            endsAt: bound,
            published: weighted([true, 4], [false, 1]),
          }),
          { maxLength: 10 },
        ),
      }),
    ),
);

const boundValue = (bound: Bound, start: boolean) =>
  bound === 'none' ? null : new Date(Date.now() + (bound === 'past' ? -1 : 1) * (start ? 24 : 25) * HOUR).toISOString();

interface Built {
  sections: Array<{ documentId: string; id: number }>;
  articles: Array<{ documentId: string; slug: string; title: string }>;
  teasers: Array<{ documentId: string }>;
}

/** The world, written the way editors write it: articles, then teasers, then the articles' later changes. */
async function build(world: World, tag: string): Promise<Built> {
  const docs = app.strapi.documents;
  const sections: Built['sections'] = [];
  for (let i = 0; i < world.sections; i += 1) {
    const row = await docs(SECTION).create({ data: { name: `Desk ${tag}-${i}` } as never });
    sections.push({ documentId: row.documentId, id: Number(await sectionIdOf(app.strapi, row.documentId)) });
  }
  const articles: Built['articles'] = [];
  for (const [i, spec] of world.articles.entries()) {
    const title = `Story ${tag}-${i}`;
    const publishNow = spec.state === 'published' || spec.state === 'unpublished' || spec.state === 'publishedWithEdits';
    const row = await docs(ARTICLE).create({
      data: {
        title,
        section: sections[spec.section].documentId,
        ...(spec.date === null ? {} : { publicationDate: DATES[spec.date] }),
        ...(spec.state === 'scheduled' ? { scheduledAt: new Date(Date.now() + 48 * HOUR).toISOString() } : {}),
      } as never,
      ...(publishNow ? { status: 'published' as const } : {}),
    });
    articles.push({ documentId: row.documentId, slug: String(row.slug), title });
  }
  const teasers: Built['teasers'] = [];
  for (const [i, spec] of world.teasers.entries()) {
    const row = await docs(TEASER).create({
      data: {
        article: articles[spec.article].documentId,
        ...(spec.section === null ? {} : { section: sections[spec.section].documentId }),
        headline: `Teaser ${tag}-${i}`,
        position: spec.position,
        startsAt: boundValue(spec.startsAt, true),
        endsAt: boundValue(spec.endsAt, false),
      } as never,
      ...(spec.published ? { status: 'published' as const } : {}),
    });
    teasers.push({ documentId: row.documentId });
  }
  for (const [i, spec] of world.articles.entries()) {
    const documentId = articles[i].documentId;
    if (spec.state === 'unpublished') await docs(ARTICLE).unpublish({ documentId });
    if (spec.state === 'publishedLater') await docs(ARTICLE).publish({ documentId });
    if (spec.state === 'publishedWithEdits') await docs(ARTICLE).update({ documentId, data: { title: `Draft edit ${tag}-${i}` } as never });
  }
  return { sections, articles, teasers };
}

type DocRow = { id: number; documentId: string; position?: number | null; article?: { publicationDate?: string | null } | null };

/** The "More from" teaser order, as specified: a cleared position counts as 0, newest article first, then id. */
const teaserOrder = (a: DocRow, b: DocRow) =>
  (a.position ?? 0) - (b.position ?? 0) || Date.parse(b.article?.publicationDate ?? '') - Date.parse(a.article?.publicationDate ?? '') || a.id - b.id;

/** The section's shown teasers through the Document Service: the compiled filters, status published. */
async function shownTeasersByDocuments(sectionId: number, now: Date): Promise<DocRow[]> {
  const inSection = {
    $or: [{ section: { id: { $eq: sectionId } } }, { $and: [{ section: { id: { $null: true } } }, { article: { section: { id: { $eq: sectionId } } } }] }],
  };
  const found = (await app.strapi.documents(TEASER).findMany({
    status: 'published',
    filters: { $and: [...visibilityFilters(TEASER, { now, statusPassedOn: true }), inSection] } as never,
    fields: ['position'],
    populate: { article: { fields: ['publicationDate'] } },
    limit: 100,
  })) as unknown as DocRow[];
  // The Document Service cannot sort by COALESCE: the specified order, applied here, is the reference.
  return [...found].sort(teaserOrder);
}

async function latestByDocuments(sectionId: number, count: number): Promise<string[]> {
  const found = await app.strapi.documents(ARTICLE).findMany({
    status: 'published',
    filters: { $and: [...visibilityFilters(ARTICLE, { now: new Date(), statusPassedOn: true }), { section: { id: { $eq: sectionId } } }] } as never,
    sort: [{ publicationDate: 'desc' }, { publishedAt: 'desc' }, { id: 'desc' }],
    fields: ['documentId'],
    limit: count,
  });
  return found.map((row) => row.documentId);
}

/** What the world says a reader sees in section `s`: the teasers' documentIds, in no particular order. */
function expectedShownTeasers(world: World, built: Built, s: number): string[] {
  return world.teasers.flatMap((spec, i) => {
    const article = world.articles[spec.article];
    const inWindow = spec.startsAt !== 'future' && spec.endsAt !== 'past';
    const filedHere = spec.section === s || (spec.section === null && article.section === s);
    return spec.published && inWindow && VISIBLE_STATES.has(article.state) && filedHere ? [built.teasers[i].documentId] : [];
  });
}

let worldCount = 0;

test('the reader SQL and the Document Service with the compiled filters show the same documents in the same order', async () => {
  await fc.assert(
    fc.asyncProperty(worldArbitrary, async (world) => {
      worldCount += 1;
      const built = await build(world, `w${worldCount}`);
      const now = new Date();

      for (const [s, section] of built.sections.entries()) {
        const bySql = await loadShownTeasers(app.strapi, section.id, { excludeDocumentId: null, now, limit: 100 });
        const byDocuments = await shownTeasersByDocuments(section.id, now);
        expect(bySql.map((row) => row.id)).toEqual(byDocuments.map((row) => row.id));
        expect(byDocuments.map((row) => row.documentId).sort()).toEqual(expectedShownTeasers(world, built, s).sort());

        const latestBySql = (await loadLatestInSection(app.strapi, section.id, 10)).map((row) => row.documentId);
        expect(latestBySql).toEqual(await latestByDocuments(section.id, 10));
        const expectedLatest = built.articles.filter((_, i) => world.articles[i].section === s && VISIBLE_STATES.has(world.articles[i].state));
        expect([...latestBySql].sort()).toEqual(expectedLatest.map((article) => article.documentId).sort());
      }

      for (const [i, article] of built.articles.entries()) {
        const byDocuments = await app.strapi.documents(ARTICLE).findFirst({
          status: 'published',
          filters: { $and: [...visibilityFilters(ARTICLE, { now, statusPassedOn: true }), { slug: { $eq: article.slug } }] } as never,
          fields: ['documentId', 'title'],
        });
        const row = await loadArticleRow(app.strapi, { slug: article.slug }, 'published');
        expect(await publishedDocumentIdBySlug(app.strapi, article.slug)).toBe(byDocuments?.documentId ?? null);
        expect(row ? { documentId: row.documentId, title: row.title } : null).toEqual(
          byDocuments ? { documentId: byDocuments.documentId, title: byDocuments.title } : null,
        );
        // The published version's title, never a draft edit's; nothing for an article readers may not see.
        expect(row?.title ?? null).toBe(VISIBLE_STATES.has(world.articles[i].state) ? article.title : null);
      }
    }),
    { seed: SEED, numRuns: RUNS },
  );
});
