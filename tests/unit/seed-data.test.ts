/**
 * Consistency checks for the seed content in database/seed/*.json, and its
 * agreement with the reference page in tests/fixtures/article-page.txt.
 */
import slugify from 'slugify';

import { readSeed, type SeedArticle } from '../../src/seed/seed';
import { excerptFromBlocks } from '../../src/newsroom/excerpt';
import { readReferencePage } from '../harness/reference-page';
import { GERMAN_PAGE_ENV, REFERENCE_SLUG, REFERENCE_SLUG_DE, SEED_DIR } from '../harness/constants';
import { slugFrom } from '../../src/newsroom/slug';
import { formatLastUpdate } from '../../src/newsroom/last-update';

/** A blocks node as the seed stores it (the product types bodies as `unknown[]`). */
interface BlockNode {
  type: string;
  text?: string;
  url?: string;
  level?: number;
  format?: string;
  children?: BlockNode[];
}

const seed = readSeed(SEED_DIR);
const { sections, teasers } = seed;
const articles = seed.articles as Array<Omit<SeedArticle, 'body'> & { body: BlockNode[] }>;

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

function toSlug(text: string): string {
  return slugify(text, { lower: true, strict: true });
}

/** Concatenated text of every text node under `node`, in document order. */
function textOf(node: BlockNode): string {
  if (node.type === 'text') return node.text ?? '';
  return (node.children ?? []).map(textOf).join('');
}

const page = readReferencePage();
const sectionSlugs = new Set(sections.map((s) => s.slug));
const articleBySlug = new Map(articles.map((a) => [a.slug, a] as const));

describe('fixture parsing', () => {
  it('finds the expected parts of the reference page', () => {
    expect(page.title).toBe("Russia seeks distance from Syria's al-Assad amid Vienna peace talks");
    expect(page.bodyParagraphs).toHaveLength(20);
    expect(page.lastUpdateLine).toBe('Last update: Tue, 17/05/2016 - 19:42');
    expect(page.moreFromHeading).toBe('More from World');
    expect(page.items).toHaveLength(5);
    for (const teaser of page.items) {
      expect(teaser.summary.endsWith('...')).toBe(true);
      expect(Array.from(teaser.summary).length).toBeLessThanOrEqual(120);
    }
  });
});

describe('sections.json', () => {
  it('has unique slugs derived from the names', () => {
    expect(sectionSlugs.size).toBe(sections.length);
    for (const section of sections) {
      expect(section.slug).toBe(toSlug(section.name));
    }
  });

  it('contains the required sections, with Europe under World', () => {
    for (const slug of ['world', 'europe', 'business', 'science', 'sport', 'culture']) {
      expect(sectionSlugs.has(slug)).toBe(true);
    }
    expect(sections.find((s) => s.slug === 'world')?.name).toBe('World');
    expect(sections.find((s) => s.slug === 'europe')?.parent).toBe('world');
  });

  it('only references existing parents, without cycles', () => {
    const parentOf = new Map(sections.map((s) => [s.slug, s.parent] as const));
    for (const section of sections) {
      const seen = new Set<string>([section.slug]);
      let parent = section.parent;
      while (parent !== null) {
        expect(sectionSlugs.has(parent)).toBe(true);
        expect(seen.has(parent)).toBe(false);
        seen.add(parent);
        parent = parentOf.get(parent) ?? null;
      }
    }
  });
});

describe('articles.json', () => {
  it('has unique slugs equal to slugify(title, { lower: true, strict: true })', () => {
    expect(articleBySlug.size).toBe(articles.length);
    for (const article of articles) {
      expect(article.slug).toBe(toSlug(article.title));
      expect(article.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  it('files every article in an existing section', () => {
    for (const article of articles) {
      expect(sectionSlugs.has(article.section)).toBe(true);
    }
  });

  it('uses ISO-8601 UTC dates, never updated before first publication', () => {
    for (const article of articles) {
      expect(article.firstPublishedAt).toMatch(ISO_UTC);
      if (article.lastUpdatedAt !== null) {
        expect(article.lastUpdatedAt).toMatch(ISO_UTC);
        expect(Date.parse(article.lastUpdatedAt)).toBeGreaterThanOrEqual(Date.parse(article.firstPublishedAt));
      }
    }
  });

  it('has a non-empty body of text-bearing blocks', () => {
    for (const article of articles) {
      expect(article.body.length).toBeGreaterThan(0);
      for (const block of article.body) {
        expect(['paragraph', 'quote', 'heading', 'list']).toContain(block.type);
        expect(textOf(block).trim()).not.toBe('');
      }
    }
  });

  it('includes the reference article, verbatim from the fixture', () => {
    const reference = articles.find((a) => a.title === page.title);
    expect(reference).toBeDefined();
    if (reference === undefined) return;
    expect(reference.slug).toBe(REFERENCE_SLUG);
    expect(reference.section).toBe('world');
    expect(reference.firstPublishedAt).toBe('2016-05-17T16:05:00.000Z');
    expect(reference.lastUpdatedAt).toBe('2016-05-17T19:42:00.000Z');
    expect(reference.body.map(textOf)).toEqual(page.bodyParagraphs);
    for (const block of reference.body) {
      expect(block.type).toBe(textOf(block).startsWith('"') ? 'quote' : 'paragraph');
    }
  });

  describe('"More from World" on the reference page', () => {
    const isUnderWorld = (sectionSlug: string): boolean => {
      let current: string | null = sectionSlug;
      while (current !== null) {
        if (current === 'world') return true;
        current = sections.find((s) => s.slug === current)?.parent ?? null;
      }
      return false;
    };
    const newest = (filter: (a: SeedArticle) => boolean): SeedArticle[] =>
      articles
        .filter(filter)
        .sort((a, b) => Date.parse(b.firstPublishedAt) - Date.parse(a.firstPublishedAt))
        .slice(0, page.items.length);

    it('the five newest world articles are the page teasers, newest first', () => {
      const newestWorld = newest((a) => a.section === 'world');
      expect(newestWorld.map((a) => a.title)).toEqual(page.items.map((t) => t.headline));
      // The same holds if the list also takes in World's sub-sections (Europe).
      expect(newest((a) => isUnderWorld(a.section)).map((a) => a.slug)).toEqual(newestWorld.map((a) => a.slug));
      // Strictly ordered, so the order cannot depend on tie-breaking.
      const times = newestWorld.map((a) => Date.parse(a.firstPublishedAt));
      expect(new Set(times).size).toBe(times.length);
    });

    it.each(page.items.map((t, i) => [i + 1, t.headline, t.summary] as const))(
      'teaser %i: the excerpt of the first paragraph is the printed summary',
      (_position, headline, summary) => {
        const article = articles.find((a) => a.title === headline);
        expect(article).toBeDefined();
        if (article === undefined) return;
        const first = article.body[0];
        expect(first.type).toBe('paragraph');
        // The first paragraph starts with the printed summary (byte for byte)...
        expect(textOf(first).startsWith(summary.slice(0, -'...'.length))).toBe(true);
        // ...and the excerpt rule cuts it exactly there, no-break spaces included.
        expect(excerptFromBlocks([first])).toBe(summary);
        expect(excerptFromBlocks(article.body)).toBe(summary);
      },
    );
  });
});

describe('teasers.json', () => {
  it('references existing articles and sections', () => {
    for (const teaser of teasers) {
      expect(articleBySlug.has(teaser.article)).toBe(true);
      if (teaser.section !== null) expect(sectionSlugs.has(teaser.section)).toBe(true);
    }
  });

  it('puts no teaser in World, whose list is the newest World articles', () => {
    for (const teaser of teasers) {
      const effectiveSection = teaser.section ?? articleBySlug.get(teaser.article)?.section;
      expect(effectiveSection).not.toBe('world');
    }
  });

  it('has sane positions and time windows', () => {
    for (const teaser of teasers) {
      expect(Number.isInteger(teaser.position)).toBe(true);
      expect(teaser.position).toBeGreaterThanOrEqual(0);
      if (teaser.startsAt !== null) expect(teaser.startsAt).toMatch(ISO_UTC);
      if (teaser.endsAt !== null) expect(teaser.endsAt).toMatch(ISO_UTC);
      if (teaser.startsAt !== null && teaser.endsAt !== null) {
        expect(Date.parse(teaser.endsAt)).toBeGreaterThan(Date.parse(teaser.startsAt));
      }
    }
  });

  it('has unique (article, effective section) pairs', () => {
    const keys = teasers.map((t) => `${t.article}@${t.section ?? articleBySlug.get(t.article)?.section ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('de/: the German translation by the newsroom', () => {
  const german = seed.translations.find((translation) => translation.locale === 'de');
  if (!german) throw new Error('database/seed/de is missing');
  const germanArticles = german.articles as Array<Omit<(typeof german.articles)[number], 'body'> & { body: BlockNode[] }>;
  const germanPage = readReferencePage('de');
  const translationOf = (slug: string) => germanArticles.find((a) => a.translationOf === slug);

  it('is the only other locale, and translates every section once, with slugs by the German rule', () => {
    expect(seed.translations.map((t) => t.locale)).toEqual(['de']);
    expect(german.sections.map((s) => s.translationOf).sort()).toEqual(sections.map((s) => s.slug).sort());
    expect(german.sections.find((s) => s.translationOf === 'world')).toMatchObject({ name: 'Welt', slug: 'welt' });
    for (const section of german.sections) {
      expect(section.slug).toBe(slugFrom(section.name, 'section', 'de'));
      expect(section.description.trim()).not.toBe('');
    }
    expect(new Set(german.sections.map((s) => s.slug)).size).toBe(german.sections.length);
  });

  it('translates existing articles once each, slugs by the German rule (ü → ue), the same blocks as the original', () => {
    expect(new Set(germanArticles.map((a) => a.translationOf)).size).toBe(germanArticles.length);
    expect(new Set(germanArticles.map((a) => a.slug)).size).toBe(germanArticles.length);
    for (const article of germanArticles) {
      const original = articleBySlug.get(article.translationOf);
      expect(original).toBeDefined();
      expect(article.slug).toBe(slugFrom(article.title, 'article', 'de'));
      expect(article.slug).not.toBe(original?.slug);
      expect(article.body.map((block) => block.type)).toEqual(original?.body.map((block) => block.type));
      for (const block of article.body) expect(textOf(block).trim()).not.toBe('');
      expect(article.seo === null).toBe(original?.seo === null);
    }
    expect(translationOf(REFERENCE_SLUG)?.slug).toBe(REFERENCE_SLUG_DE);
    expect(REFERENCE_SLUG_DE).toContain('rueckt');
  });

  it('the German reference article is the German page, word for word', () => {
    const reference = translationOf(REFERENCE_SLUG);
    expect(reference?.title).toBe(germanPage.title);
    expect(reference?.seo?.metaTitle).toBe(germanPage.title);
    expect(reference?.body.map(textOf)).toEqual(germanPage.bodyParagraphs);
    // German quotation marks open the quotes.
    for (const block of reference?.body ?? []) expect(block.type).toBe(textOf(block).startsWith('„') ? 'quote' : 'paragraph');
  });

  it('the German page reads its last update in Berlin time with German words, and lists the translated World items', () => {
    const words = GERMAN_PAGE_ENV;
    expect(Object.keys(words).sort()).toEqual([
      'NEWS_LOCALE_DE_DATE_FORMAT',
      'NEWS_LOCALE_DE_DATE_LOCALE',
      'NEWS_LOCALE_DE_LAST_UPDATE_LABEL',
      'NEWS_LOCALE_DE_MORE_FROM_TITLE',
      'NEWS_LOCALE_DE_TIMEZONE',
    ]);
    const lastUpdate = formatLastUpdate(new Date('2016-05-17T19:42:00.000Z'), {
      timeZone: words.NEWS_LOCALE_DE_TIMEZONE,
      dateFormat: words.NEWS_LOCALE_DE_DATE_FORMAT,
      dateLocale: words.NEWS_LOCALE_DE_DATE_LOCALE,
      lastUpdateLabel: words.NEWS_LOCALE_DE_LAST_UPDATE_LABEL,
    });
    expect(germanPage.lastUpdateLine).toBe('Letzte Aktualisierung: Di., 17.05.2016, 21:42');
    expect(lastUpdate.label).toBe(germanPage.lastUpdateLine);
    expect(germanPage.moreFromHeading).toBe(words.NEWS_LOCALE_DE_MORE_FROM_TITLE.replace('{section}', 'Welt'));

    // The items: the translations of the English page's items, in its order, each cut by the excerpt rule.
    const englishItems = page.items.map((item) => articles.find((a) => a.title === item.headline)?.slug);
    const expected = englishItems.map((slug) => translationOf(String(slug)));
    expect(expected.every(Boolean)).toBe(true);
    expect(germanPage.items).toEqual(expected.map((article) => ({ headline: article?.title, summary: excerptFromBlocks(article?.body) })));
    for (const item of germanPage.items) expect(item.summary.endsWith('...')).toBe(true);
    // No other World article is translated: the German list holds exactly these.
    const germanWorld = germanArticles.filter((a) => articleBySlug.get(a.translationOf)?.section === 'world').map((a) => a.translationOf);
    expect(germanWorld.sort()).toEqual([REFERENCE_SLUG, ...englishItems].sort());
    // The no-break space of "5400 Soldaten" comes through.
    expect(germanPage.items.some((item) => /\u00A0/.test(item.summary))).toBe(true);
  });
});
