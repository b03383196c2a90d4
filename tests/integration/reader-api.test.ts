/**
 * The reader API over REST, against the real Strapi: the article page by slug, "More from <Section>"
 * lists, "Last update" lines, core routes, validation and errors, and the cost of one page in queries.
 */
import { PURGE_TABLE } from '../../src/cache/purge-queue';
import { useApp } from '../harness/app';
import { paragraphs, type ArticleDoc, type SectionDoc } from '../harness/content';
import { daysFromNow, sleep } from '../harness/time';
import { REFERENCE_SLUG, ARTICLE, TEASER } from '../harness/constants';
import { readReferencePage } from '../harness/reference-page';

const app = useApp({ seed: true });

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read loosely; the assertions check their shape

const articlePage = (slug: string, query = '') => app.http().get(`/api/articles/by-slug/${encodeURIComponent(slug)}${query}`);
const sectionList = (slug: string, query = '') => app.http().get(`/api/sections/${encodeURIComponent(slug)}/more-from${query}`);

async function pageOf(slug: string, query = ''): Promise<Json> {
  const res = await articlePage(slug, query);
  expect(res.status).toBe(200);
  return res.body.data;
}

async function listOf(section: SectionDoc, query = ''): Promise<Json> {
  const res = await sectionList(section.slug, query);
  expect(res.status).toBe(200);
  return res.body.data;
}

const slugsOf = (list: Json) => (list.items as Json[]).map((item) => item.slug);
const headlinesOf = (list: Json) => (list.items as Json[]).map((item) => item.headline);

/** Articles in `section`, oldest first: publication dates one hour apart, ending `hoursAgo` hours ago. */
async function articlesIn(section: SectionDoc, count: number, hoursAgo = 1): Promise<ArticleDoc[]> {
  const created: ArticleDoc[] = [];
  for (let i = 0; i < count; i += 1) {
    const publicationDate = new Date(Date.now() - (hoursAgo + count - 1 - i) * 3600_000).toISOString();
    created.push(await app.kit.article({ section, title: `${section.name} story ${i + 1}`, publicationDate }));
  }
  return created;
}

const newestFirst = (articles: ArticleDoc[]) => [...articles].reverse().map((a) => a.slug);

// ---------------------------------------------------------------------------------------------
// The reference page (tests/fixtures/article-page.txt) against the seed
// ---------------------------------------------------------------------------------------------

const textOf = (node: Json): string => (typeof node.text === 'string' ? node.text : ((node.children as Json[] | undefined) ?? []).map(textOf).join(''));

describe('the reference article page (seed)', () => {
  const reference = readReferencePage();

  it('renders the fixture: last update line, "More from World" and its five items verbatim', async () => {
    // The fixture is what the issue shows; these two lines are quoted in the issue itself.
    expect(reference.lastUpdateLine).toBe('Last update: Tue, 17/05/2016 - 19:42');
    expect(reference.moreFromHeading).toBe('More from World');
    expect(reference.items).toHaveLength(5);
    // The no-break spaces of the fixture are part of what must come through.
    expect(reference.items.some((item) => /\u00A0/.test(item.headline) || /\u00A0/.test(item.summary))).toBe(true);

    const res = await articlePage(REFERENCE_SLUG);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/json');
    expect(res.body.meta).toEqual({});
    const page = res.body.data;

    expect(page.title).toBe(reference.title);
    expect(page.slug).toBe(REFERENCE_SLUG);
    expect(page.section).toEqual({ name: 'World', slug: 'world' });
    expect((page.body as Json[]).map(textOf)).toEqual(reference.bodyParagraphs);
    expect(page.seo).toMatchObject({ metaTitle: reference.title });
    expect(typeof page.documentId).toBe('string');
    expect(Date.parse(page.publishedAt)).not.toBeNaN();

    expect(page.lastUpdate).toEqual({
      datetime: '2016-05-17T19:42:00.000Z',
      formatted: 'Tue, 17/05/2016 - 19:42',
      label: reference.lastUpdateLine,
      timeZone: 'UTC',
    });

    expect(page.moreFrom.title).toBe(reference.moreFromHeading);
    expect(page.moreFrom.section).toEqual({ name: 'World', slug: 'world' });
    expect((page.moreFrom.items as Json[]).map(({ headline, summary }) => ({ headline, summary }))).toEqual(reference.items);
    for (const item of page.moreFrom.items as Json[]) {
      expect(Object.keys(item).sort()).toEqual(['documentId', 'headline', 'image', 'publishedAt', 'section', 'slug', 'summary']);
      expect(item.section).toEqual({ name: 'World', slug: 'world' });
      expect(item.slug).not.toBe(REFERENCE_SLUG);
      expect(Array.from(item.summary as string).length).toBeLessThanOrEqual(120);
    }
    // Each item leads to a published article with that slug.
    for (const item of page.moreFrom.items as Json[]) {
      const target = await pageOf(item.slug);
      expect(target.documentId).toBe(item.documentId);
    }
  });

  it('serves the same World list from the section endpoint when the reference article is excluded', async () => {
    const page = await pageOf(REFERENCE_SLUG);
    const list = await listOf({ documentId: '', name: 'World', slug: 'world' }, `?exclude=${REFERENCE_SLUG}`);
    // The section's list says its locale too (the page says it once, for the whole page).
    expect(list).toEqual({ locale: 'en', ...page.moreFrom });
  });
});

// ---------------------------------------------------------------------------------------------
// "More from <Section>" on content made here (a fresh section per test)
// ---------------------------------------------------------------------------------------------

describe('More from: latest articles', () => {
  it('lists the newest published articles of the section by first publication, never the article being read', async () => {
    const section = await app.kit.section();
    const other = await app.kit.section();
    // Created newest-first, so that the order of creation (publishedAt) is the reverse of publicationDate.
    const now = Date.now();
    const d = (hours: number) => new Date(now - hours * 3600_000).toISOString();
    const a4 = await app.kit.article({ section, title: 'Fourth', publicationDate: d(1) });
    const a3 = await app.kit.article({ section, title: 'Third', publicationDate: d(2) });
    const a2 = await app.kit.article({ section, title: 'Second', publicationDate: d(3) });
    const a1 = await app.kit.article({ section, title: 'First', publicationDate: d(4) });
    await app.kit.article({ section: other, title: 'Elsewhere and newest', publicationDate: d(0.5) });

    const page = await pageOf(a2.slug);
    expect(page.moreFrom.title).toBe(`More from ${section.name}`);
    expect(page.moreFrom.section).toEqual({ name: section.name, slug: section.slug });
    expect(slugsOf(page.moreFrom)).toEqual([a4.slug, a3.slug, a1.slug]);
    expect(headlinesOf(page.moreFrom)).toEqual(['Fourth', 'Third', 'First']);
    // An item's date is the article's first publication.
    expect((page.moreFrom.items as Json[]).map((item) => new Date(item.publishedAt).toISOString())).toEqual([d(1), d(2), d(4)]);

    const list = await listOf(section);
    expect(list.title).toBe(`More from ${section.name}`);
    expect(slugsOf(list)).toEqual([a4.slug, a3.slug, a2.slug, a1.slug]);
    expect(slugsOf(await listOf(section, `?exclude=${a3.slug}`))).toEqual([a4.slug, a2.slug, a1.slug]);
  });

  it('keeps an article at its first-publication place when it is edited and re-published', async () => {
    const section = await app.kit.section();
    const [oldest, middle, newest] = await articlesIn(section, 3);
    await sleep(5);
    await app.kit.saveDraft(oldest.documentId, { title: 'Oldest, corrected' });
    await app.kit.publish(ARTICLE, oldest.documentId);

    const list = await listOf(section);
    expect(slugsOf(list)).toEqual([newest.slug, middle.slug, oldest.slug]);
    expect(headlinesOf(list)[2]).toBe('Oldest, corrected');
  });

  it('uses the first paragraph as the summary, at most 120 code points cut at a space, and the cover as image', async () => {
    const section = await app.kit.section();
    const cover = await app.kit.image('cover');
    const long =
      'Scientists in Kraków say the rare\u00A0comet, first seen on Tuesday evening, will be visible to the naked eye for about two more weeks before fading.';
    const withHeading = await app.kit.article({
      section,
      title: 'Comet over Kraków',
      cover,
      body: [{ type: 'heading', level: 2, children: [{ type: 'text', text: 'A heading is not a summary' }] }, ...paragraphs(long, 'Second paragraph.')],
      publicationDate: daysFromNow(-1),
    });
    const short = await app.kit.article({ section, title: 'Short one', body: paragraphs('Just this.'), publicationDate: daysFromNow(-2) });

    const list = await listOf(section);
    expect(slugsOf(list)).toEqual([withHeading.slug, short.slug]);
    const [first, second] = list.items as Json[];
    // At most 117 code points before "...": "two" would end at code point 118, so the cut is after "about".
    // The no-break space is kept as the editor typed it.
    expect(first.summary).toBe('Scientists in Kraków say the rare\u00A0comet, first seen on Tuesday evening, will be visible to the naked eye for about...');
    expect(Array.from(first.summary as string).length).toBeLessThanOrEqual(120);
    expect(first.headline).toBe('Comet over Kraków');
    expect(first.image).toMatchObject({ url: cover.url, width: 800, height: 450, mime: 'image/jpeg' });
    expect(first.image.formats.thumbnail.url).toMatch(/^\/uploads\/thumbnail_/);
    expect(second.summary).toBe('Just this.');
    expect(second.image).toBeNull();
  });
});

describe('More from: teasers', () => {
  it('puts active teasers first by position, then newer article first, then the latest articles', async () => {
    const section = await app.kit.section();
    const [a1, a2, a3, a4, a5, a6] = await articlesIn(section, 6);
    await app.kit.teaser({ article: a1, section, position: 2 });
    await app.kit.teaser({ article: a2, section, position: 0 });
    await app.kit.teaser({ article: a3, section, position: 1 });
    await app.kit.teaser({ article: a4, section, position: 1 }); // same position as a3, newer article first

    const list = await listOf(section, '?limit=20');
    expect(slugsOf(list)).toEqual([a2.slug, a4.slug, a3.slug, a1.slug, a6.slug, a5.slug]);
    const page = await pageOf(a4.slug, '?moreFromLimit=20');
    expect(slugsOf(page.moreFrom)).toEqual([a2.slug, a3.slug, a1.slug, a6.slug, a5.slug]);
  });

  it('treats a cleared position as the default position 0, the same on every database', async () => {
    const section = await app.kit.section();
    const [oldest, middle, newest] = await articlesIn(section, 3);
    await app.kit.teaser({ article: newest, section, headline: 'position 0', position: 0 });
    await app.kit.teaser({ article: middle, section, headline: 'position 3', position: 3 });
    // An editor emptied the field (the admin panel saves null): SQLite sorts NULL first, PostgreSQL last.
    const cleared = await app.kit.teaser({ article: oldest, section, headline: 'position cleared' });
    await app.strapi.documents(TEASER).update({ documentId: cleared.documentId, data: { position: null } as never, status: 'published' });
    const stored = await app.strapi.db.query(TEASER).findOne({ where: { documentId: cleared.documentId, publishedAt: { $notNull: true } } });
    expect(stored?.position ?? null).toBeNull();

    expect(headlinesOf(await listOf(section))).toEqual(['position 0', 'position cleared', 'position 3']);
  });

  it('shows a teaser only inside its startsAt/endsAt window', async () => {
    const section = await app.kit.section();
    const [future, past, openStart, openEnd, inside, none] = await articlesIn(section, 6);
    await app.kit.teaser({ article: future, section, headline: 'not yet', startsAt: daysFromNow(1) });
    await app.kit.teaser({ article: past, section, headline: 'over', startsAt: daysFromNow(-3), endsAt: daysFromNow(-1) });
    await app.kit.teaser({ article: openStart, section, headline: 'until tomorrow', endsAt: daysFromNow(1), position: 1 });
    await app.kit.teaser({ article: openEnd, section, headline: 'since yesterday', startsAt: daysFromNow(-1), position: 2 });
    await app.kit.teaser({ article: inside, section, headline: 'this week', startsAt: daysFromNow(-2), endsAt: daysFromNow(2), position: 3 });
    await app.kit.teaser({ article: none, section, headline: 'always', position: 4 });

    const list = await listOf(section, '?limit=20');
    // Hidden teasers leave their articles to the "latest" part, with their own titles.
    expect(headlinesOf(list)).toEqual(['until tomorrow', 'since yesterday', 'this week', 'always', past.title, future.title]);
    expect(slugsOf(list)).toEqual([openStart, openEnd, inside, none, past, future].map((a) => a.slug));
  });

  it('files a teaser with an empty section under its article\u2019s section, and a teaser under its own section', async () => {
    const section = await app.kit.section();
    const other = await app.kit.section();
    const [here1, here2] = await articlesIn(section, 2);
    const [there] = await articlesIn(other, 1);
    const [there2] = await articlesIn(other, 1, 10);
    await app.kit.teaser({ article: here1, section: null, headline: 'Unfiled, promoted here' });
    await app.kit.teaser({ article: there, section: null, headline: 'Unfiled, belongs to the other section' });
    await app.kit.teaser({ article: there2, section, headline: 'Filed here, from the other section', position: 1 });

    const list = await listOf(section);
    expect(headlinesOf(list)).toEqual(['Unfiled, promoted here', 'Filed here, from the other section', here2.title]);
    expect((list.items as Json[])[1].section).toEqual({ name: other.name, slug: other.slug });
    expect((list.items as Json[])[0].section).toEqual({ name: section.name, slug: section.slug });

    const otherList = await listOf(other);
    expect(headlinesOf(otherList)).toEqual(['Unfiled, belongs to the other section', there2.title]);
  });

  it('hides teasers that are unpublished or never published, and teasers of draft or unpublished articles', async () => {
    const section = await app.kit.section();
    const [visible, unpublishedTeaser, draftTeaser] = await articlesIn(section, 3);
    const draftArticle = await app.kit.article({ section, title: 'Draft only', status: 'draft', publicationDate: daysFromNow(0) });
    const withdrawn = await app.kit.article({ section, title: 'Withdrawn', publicationDate: daysFromNow(0) });

    await app.kit.teaser({ article: visible, section, headline: 'Promoted' });
    const t1 = await app.kit.teaser({ article: unpublishedTeaser, section, headline: 'Teaser taken down' });
    await app.kit.unpublish(TEASER, t1.documentId);
    await app.kit.teaser({ article: draftTeaser, section, headline: 'Teaser still a draft', status: 'draft' });
    await app.kit.teaser({ article: draftArticle, section, headline: 'Teaser of a draft article' });
    await app.kit.teaser({ article: withdrawn, section: null, headline: 'Teaser of a withdrawn article' });
    await app.kit.unpublish(ARTICLE, withdrawn.documentId);

    const list = await listOf(section, '?limit=20');
    expect(headlinesOf(list)).toEqual(['Promoted', draftTeaser.title, unpublishedTeaser.title]);
    const page = await pageOf(visible.slug, '?moreFromLimit=20');
    expect(headlinesOf(page.moreFrom)).toEqual([draftTeaser.title, unpublishedTeaser.title]);
  });

  it('shows a teaser of an article once the article is published', async () => {
    const section = await app.kit.section();
    const [older] = await articlesIn(section, 1);
    const later = await app.kit.article({ section, title: 'Embargoed', status: 'draft', publicationDate: daysFromNow(-5) });
    await app.kit.teaser({ article: later, section, headline: 'Embargo lifted' });
    expect(headlinesOf(await listOf(section))).toEqual([older.title]);

    await app.kit.publish(ARTICLE, later.documentId);
    expect(headlinesOf(await listOf(section))).toEqual(['Embargo lifted', older.title]);
  });

  it('keeps a teaser when its article is edited and re-published', async () => {
    const section = await app.kit.section();
    const [a1, a2] = await articlesIn(section, 2);
    await app.kit.teaser({ article: a1, section, headline: 'Still promoted' });
    await app.kit.saveDraft(a1.documentId, { title: 'Edited' });
    await app.kit.publish(ARTICLE, a1.documentId);
    expect(headlinesOf(await listOf(section))).toEqual(['Still promoted', a2.title]);
  });

  it('lists an article once even when two teasers promote it', async () => {
    const section = await app.kit.section();
    const [a1, a2, a3] = await articlesIn(section, 3);
    await app.kit.teaser({ article: a1, section, headline: 'First teaser', position: 0 });
    await app.kit.teaser({ article: a1, section: null, headline: 'Second teaser', position: 1 });
    await app.kit.teaser({ article: a2, section, headline: 'Other', position: 2 });

    const list = await listOf(section, '?limit=20');
    expect(headlinesOf(list)).toEqual(['First teaser', 'Other', a3.title]);
    expect(new Set(slugsOf(list)).size).toBe(3);
  });

  it('takes headline, summary and image from the teaser when set, else from the article', async () => {
    const section = await app.kit.section();
    const cover = await app.kit.image('cover');
    const picture = await app.kit.image('teaser-picture');
    const body = paragraphs('What the article itself says first.');
    const full = await app.kit.article({ section, title: 'Article title A', body, cover, publicationDate: daysFromNow(-1) });
    const bare = await app.kit.article({ section, title: 'Article title B', body, cover, publicationDate: daysFromNow(-2) });
    const blank = await app.kit.article({ section, title: 'Article title C', body, cover, publicationDate: daysFromNow(-3) });
    await app.kit.teaser({ article: full, section, headline: 'Teaser headline', summary: 'Teaser summary.', image: picture, position: 0 });
    await app.kit.teaser({ article: bare, section, position: 1 });
    await app.kit.teaser({ article: blank, section, headline: '   ', summary: '  ', position: 2 });

    const items = (await listOf(section)).items as Json[];
    expect(items.map(({ headline, summary }) => ({ headline, summary }))).toEqual([
      { headline: 'Teaser headline', summary: 'Teaser summary.' },
      { headline: 'Article title B', summary: 'What the article itself says first.' },
      { headline: 'Article title C', summary: 'What the article itself says first.' },
    ]);
    expect(items.map((item) => item.image?.url)).toEqual([picture.url, cover.url, cover.url]);
    expect(items.map((item) => item.slug)).toEqual([full.slug, bare.slug, blank.slug]);
  });
});

describe('drafts and unpublished articles', () => {
  it('never lists or serves drafts and unpublished articles, and serves the published version of an edited one', async () => {
    const section = await app.kit.section();
    const [published, edited] = await articlesIn(section, 2, 5);
    const draft = await app.kit.article({ section, title: 'Never published', status: 'draft', publicationDate: daysFromNow(0) });
    const withdrawn = await app.kit.article({ section, title: 'Withdrawn', publicationDate: daysFromNow(0) });
    await app.kit.unpublish(ARTICLE, withdrawn.documentId);
    await app.kit.saveDraft(edited.documentId, { title: 'Unpublished correction' });

    const list = await listOf(section, '?limit=20');
    expect(headlinesOf(list)).toEqual([edited.title, published.title]);
    expect(headlinesOf((await pageOf(published.slug)).moreFrom)).toEqual([edited.title]);
    expect((await pageOf(edited.slug)).title).toBe(edited.title);

    for (const hidden of [draft, withdrawn]) {
      const res = await articlePage(hidden.slug);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ data: null, error: { status: 404, name: 'NotFoundError' } });
      // Not even when asked for explicitly.
      const core = await app.http().get(`/api/articles?filters[slug][$eq]=${hidden.slug}&status=draft`);
      expect(core.status).toBe(200);
      expect(core.body.data).toEqual([]);
    }
    const core = await app.http().get(`/api/articles/${edited.documentId}?status=draft`);
    expect(core.status).toBe(200);
    expect(core.body.data.title).toBe(edited.title);
  });
});

describe('list sizes', () => {
  it('defaults to NEWS_MORE_FROM_LIMIT (5) and honours moreFromLimit / limit from 1 to 20', async () => {
    const section = await app.kit.section();
    const articles = await articlesIn(section, 23);
    const [t1, t2, t3] = articles;
    await app.kit.teaser({ article: t1, section, position: 0 });
    await app.kit.teaser({ article: t2, section, position: 1 });
    await app.kit.teaser({ article: t3, section, position: 2 });
    const reading = articles[22];
    const latest = newestFirst(articles.slice(3));

    expect(slugsOf((await pageOf(reading.slug)).moreFrom)).toEqual([t1.slug, t2.slug, t3.slug, ...latest.slice(1, 3)]);
    expect(slugsOf(await listOf(section))).toEqual([t1.slug, t2.slug, t3.slug, ...latest.slice(0, 2)]);

    expect(slugsOf((await pageOf(reading.slug, '?moreFromLimit=1')).moreFrom)).toEqual([t1.slug]);
    expect(slugsOf((await pageOf(reading.slug, '?moreFromLimit=2')).moreFrom)).toEqual([t1.slug, t2.slug]);
    expect(slugsOf((await pageOf(reading.slug, '?moreFromLimit=4')).moreFrom)).toEqual([t1.slug, t2.slug, t3.slug, latest[1]]);
    expect(slugsOf((await pageOf(reading.slug, '?moreFromLimit=20')).moreFrom)).toEqual([t1.slug, t2.slug, t3.slug, ...latest.slice(1, 18)]);
    expect(slugsOf(await listOf(section, '?limit=1'))).toEqual([t1.slug]);
    expect(slugsOf(await listOf(section, '?limit=20'))).toEqual([t1.slug, t2.slug, t3.slug, ...latest.slice(0, 17)]);
  });

  it('returns fewer items when the section has fewer, and an empty list for a lone article', async () => {
    const section = await app.kit.section();
    const [only] = await articlesIn(section, 1);
    const page = await pageOf(only.slug, '?moreFromLimit=20');
    expect(page.moreFrom).toEqual({ title: `More from ${section.name}`, section: { name: section.name, slug: section.slug }, items: [] });
    const empty = await app.kit.section();
    expect(await listOf(empty)).toEqual({ locale: 'en', title: `More from ${empty.name}`, section: { name: empty.name, slug: empty.slug }, items: [] });
  });
});

describe('errors', () => {
  it('answers 404 NotFoundError for unknown article and section slugs', async () => {
    for (const res of [await articlePage('no-such-article'), await sectionList('no-such-section'), await sectionList('no-such-section', '?limit=3')]) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ data: null, error: { status: 404, name: 'NotFoundError', message: expect.any(String), details: expect.anything() } });
    }
  });

  const BAD = ['-1', '0', '21', '1e9', 'abc', '2.5'];
  const cases: Array<[string, (name: string) => string]> = [
    ...BAD.map((value): [string, (name: string) => string] => [JSON.stringify(value), (name) => `${name}=${value}`]),
    ['an array', (name) => `${name}[]=1`],
    ['a repeated parameter', (name) => `${name}=1&${name}=2`],
    ['an object', (name) => `${name}[a]=1`],
  ];

  it.each(cases)('answers 400 ValidationError for a limit given as %s', async (_label, query) => {
    const section = await app.kit.section();
    const [article] = await articlesIn(section, 1);
    const responses = [
      await articlePage(article.slug, `?${query('moreFromLimit')}`),
      await articlePage(REFERENCE_SLUG, `?${query('moreFromLimit')}`),
      await sectionList(section.slug, `?${query('limit')}`),
      await sectionList('world', `?exclude=${REFERENCE_SLUG}&${query('limit')}`),
    ];
    for (const res of responses) {
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ data: null, error: { status: 400, name: 'ValidationError', message: expect.any(String), details: expect.anything() } });
      expect(res.headers['cache-control'] ?? '').not.toMatch(/public/);
    }
  });

  it('ignores an `exclude` slug that names no published article', async () => {
    const section = await app.kit.section();
    const articles = await articlesIn(section, 3);
    const other = await app.kit.section();
    const [elsewhere] = await articlesIn(other, 1);
    const full = slugsOf(await listOf(section));
    expect(full).toEqual(newestFirst(articles));
    expect(slugsOf(await listOf(section, '?exclude=no-such-article'))).toEqual(full);
    expect(slugsOf(await listOf(section, `?exclude=${elsewhere.slug}`))).toEqual(full);
    expect(slugsOf(await listOf(section, '?exclude='))).toEqual(full);
  });
});

describe('core routes', () => {
  it('carry lastUpdate on find and findOne, also when `fields` leaves the dates out', async () => {
    const section = await app.kit.section();
    const [article] = await articlesIn(section, 1);
    const expected = (await pageOf(article.slug)).lastUpdate;
    expect(expected.label).toMatch(/^Last update: \w{3}, \d{2}\/\d{2}\/\d{4} - \d{2}:\d{2}$/);

    const one = await app.http().get(`/api/articles/${article.documentId}`);
    expect(one.status).toBe(200);
    expect(one.body.data.lastUpdate).toEqual(expected);

    const many = await app.http().get(`/api/articles?filters[slug][$eq]=${article.slug}`);
    expect(many.status).toBe(200);
    expect(many.body.data).toHaveLength(1);
    expect(many.body.data[0].lastUpdate).toEqual(expected);
    expect(many.body.meta.pagination).toMatchObject({ total: 1 });

    const narrow = await app.http().get(`/api/articles?filters[slug][$eq]=${article.slug}&fields[0]=title`);
    expect(narrow.status).toBe(200);
    expect(narrow.body.data[0].lastUpdate).toEqual(expected);

    const reference = await app.http().get(`/api/articles?filters[slug][$eq]=${REFERENCE_SLUG}&fields[0]=title`);
    expect(reference.body.data[0].lastUpdate.label).toBe('Last update: Tue, 17/05/2016 - 19:42');

    const all = await app.http().get('/api/articles?pagination[pageSize]=100');
    expect(all.status).toBe(200);
    for (const row of all.body.data as Json[]) expect(row.lastUpdate).toEqual(expect.objectContaining({ label: expect.stringMatching(/^Last update: /) }));

    const missing = await app.http().get('/api/articles/doesnotexist0000000000000');
    expect(missing.status).toBe(404);
  });
});

describe('last update', () => {
  it('is the publish time of the current published version: a re-publish moves it, saving a draft does not', async () => {
    const section = await app.kit.section();
    const before = Date.now();
    const [article] = await articlesIn(section, 1);
    const after = Date.now();
    const first = (await pageOf(article.slug)).lastUpdate;
    expect(Date.parse(first.datetime)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(first.datetime)).toBeLessThanOrEqual(after + 1000);
    expect(first.timeZone).toBe('UTC');

    await sleep(1100);
    await app.kit.saveDraft(article.documentId, { title: 'Edited, not yet published' });
    const afterDraft = await pageOf(article.slug);
    expect(afterDraft.lastUpdate).toEqual(first);
    expect(afterDraft.title).not.toBe('Edited, not yet published');

    await app.kit.publish(ARTICLE, article.documentId);
    const republished = await pageOf(article.slug);
    expect(republished.title).toBe('Edited, not yet published');
    expect(Date.parse(republished.lastUpdate.datetime)).toBeGreaterThan(Date.parse(first.datetime) + 1000);
    expect(republished.lastUpdate.label).toBe(`Last update: ${republished.lastUpdate.formatted}`);
    expect(republished.lastUpdate.datetime).toBe(new Date(republished.publishedAt).toISOString());
  });

  it('is lastUpdatedAt when an editor set it', async () => {
    const section = await app.kit.section();
    const article = await app.kit.article({ section, lastUpdatedAt: '2020-02-02T23:05:00.000Z' });
    const page = await pageOf(article.slug);
    expect(page.lastUpdate).toEqual({
      datetime: '2020-02-02T23:05:00.000Z',
      formatted: 'Sun, 02/02/2020 - 23:05',
      label: 'Last update: Sun, 02/02/2020 - 23:05',
      timeZone: 'UTC',
    });

    // Set on a draft, it counts once published, and a later re-publish keeps it.
    const plain = await app.kit.article({ section });
    await app.kit.saveDraft(plain.documentId, { lastUpdatedAt: '2021-06-30T08:00:00.000Z' });
    expect((await pageOf(plain.slug)).lastUpdate.datetime).not.toBe('2021-06-30T08:00:00.000Z');
    await app.kit.publish(ARTICLE, plain.documentId);
    expect((await pageOf(plain.slug)).lastUpdate.label).toBe('Last update: Wed, 30/06/2021 - 08:00');
    await app.kit.publish(ARTICLE, plain.documentId);
    expect((await pageOf(plain.slug)).lastUpdate.label).toBe('Last update: Wed, 30/06/2021 - 08:00');
  });
});

describe('cost of an article page', () => {
  /** The SQL statements one request sends (not the purge worker's, which runs on its own timer meanwhile). */
  async function queriesOf(run: () => PromiseLike<unknown>): Promise<string[]> {
    const statements: string[] = [];
    const listener = (query: { sql: string }) => {
      if (!query.sql.includes(PURGE_TABLE)) statements.push(query.sql);
    };
    app.strapi.db.connection.on('query', listener);
    try {
      await run();
    } finally {
      app.strapi.db.connection.removeListener('query', listener);
    }
    return statements;
  }

  it('is a fixed number of queries, whatever the size of the section', async () => {
    // Same kinds of content on both sides (covers, a teaser with an image), different amounts: Strapi
    // skips a populate query when there is nothing to populate, so only the amount may differ.
    const cover = await app.kit.image('cover');
    const picture = await app.kit.image('teaser');

    const small = await app.kit.section();
    const smallArticles: ArticleDoc[] = [];
    for (let i = 0; i < 3; i += 1) {
      smallArticles.push(await app.kit.article({ section: small, cover, publicationDate: new Date(Date.now() - (i + 1) * 60_000).toISOString() }));
    }
    await app.kit.teaser({ article: smallArticles[2], section: small, headline: 'Small promo', image: picture });

    const big = await app.kit.section();
    const bigArticles: ArticleDoc[] = [];
    for (let i = 0; i < 40; i += 1) {
      bigArticles.push(await app.kit.article({ section: big, cover, publicationDate: new Date(Date.now() - (i + 1) * 60_000).toISOString() }));
    }
    for (let i = 0; i < 10; i += 1) {
      await app.kit.teaser({ article: bigArticles[10 + i], section: i % 2 ? big : null, headline: `Promo ${i}`, image: picture, position: i });
    }

    const smallPage = () => articlePage(smallArticles[0].slug).expect(200);
    const bigPage = () => articlePage(bigArticles[0].slug, '?moreFromLimit=20').expect(200);
    await smallPage(); // warm-up
    await bigPage();

    const smallCount = (await queriesOf(smallPage)).length;
    const bigCount = (await queriesOf(bigPage)).length;
    const bigDefaultCount = (await queriesOf(() => articlePage(bigArticles[0].slug).expect(200))).length;
    const smallListCount = (await queriesOf(() => sectionList(small.slug, `?exclude=${smallArticles[0].slug}`).expect(200))).length;
    const bigListCount = (await queriesOf(() => sectionList(big.slug, `?exclude=${bigArticles[0].slug}&limit=20`).expect(200))).length;

    // Recorded for the report.
    console.info(
      `article page queries (${app.client}): 3 articles + 1 teaser = ${smallCount}; 40 articles + 10 teasers = ${bigCount} ` +
        `(default limit: ${bigDefaultCount}); section list: ${smallListCount} vs ${bigListCount}`,
    );
    expect(smallCount).toBeGreaterThan(0);
    expect(bigCount).toBeLessThanOrEqual(smallCount);
    expect(bigDefaultCount).toBeLessThanOrEqual(smallCount);
    expect(bigListCount).toBeLessThanOrEqual(smallListCount);

    // And the big page really did the work: 10 teasers then 10 of the latest articles, all with images.
    const page = await pageOf(bigArticles[0].slug, '?moreFromLimit=20');
    expect(headlinesOf(page.moreFrom).slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, i) => `Promo ${i}`));
    expect(page.moreFrom.items).toHaveLength(20);
    expect((page.moreFrom.items as Json[]).map((item) => item.image?.url)).toEqual([...Array(10).fill(picture.url), ...Array(10).fill(cover.url)]);
  });
});
