import fs from 'fs';
import path from 'path';
import { asActor, systemActor } from '../history/actor';
import type { Core } from '@strapi/strapi';
import { syncReaderLastUpdate } from '../documents/sync-reader-last-update';
import { addLocale } from '../locales';
import { isLocaleCode } from '../settings/locales';

/** The seed as it is stored in `database/seed/*.json`: reviewable data, referencing by slug. */
export interface SeedSection {
  name: string;
  slug: string;
  description: string;
  parent: string | null;
}
export interface SeedArticle {
  title: string;
  slug: string;
  section: string;
  byline: string | null;
  firstPublishedAt: string;
  lastUpdatedAt: string | null;
  seo: { metaTitle: string; metaDescription: string } | null;
  body: unknown[];
}
export interface SeedTeaser {
  article: string;
  section: string | null;
  headline: string | null;
  summary: string | null;
  position: number;
  startsAt: string | null;
  endsAt: string | null;
}
/** A section in another locale: `translationOf` is the slug of the section it translates. */
export interface SeedSectionTranslation {
  translationOf: string;
  name: string;
  slug: string;
  description: string;
}
/**
 * An article in another locale: `translationOf` is the slug of the article it translates. Its section is
 * the translation of that article's section; byline and dates are the article's.
 */
export interface SeedArticleTranslation {
  translationOf: string;
  title: string;
  slug: string;
  seo: { metaTitle: string; metaDescription: string } | null;
  body: unknown[];
}
/** The seed in one more locale (`database/seed/<locale>/*.json`), translated by the newsroom. */
export interface SeedTranslation {
  locale: string;
  sections: SeedSectionTranslation[];
  articles: SeedArticleTranslation[];
}
export interface Seed {
  sections: SeedSection[];
  articles: SeedArticle[];
  teasers: SeedTeaser[];
  /** Other locales' versions of the same documents, one entry per locale. */
  translations: SeedTranslation[];
}
interface Counts {
  sections: number;
  articles: number;
  teasers: number;
}
export interface SeedReport {
  created: Counts;
  skipped: Counts;
  /** Per locale: the translations created and those that existed already. */
  translations: Record<string, { created: Omit<Counts, 'teasers'>; skipped: Omit<Counts, 'teasers'> }>;
}

const readJson = <T>(dir: string, name: string): T => JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as T;

/** The seed of `dir`: the default locale's content in `dir`, each other locale's in a folder named by its code (`de/`). */
export function readSeed(dir: string): Seed {
  const translations = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && isLocaleCode(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((locale): SeedTranslation => {
      const folder = path.join(dir, locale);
      return { locale, sections: readJson(folder, 'sections'), articles: readJson(folder, 'articles') };
    });
  return { sections: readJson(dir, 'sections'), articles: readJson(dir, 'articles'), teasers: readJson(dir, 'teasers'), translations };
}

export const seedDir = (strapi: Core.Strapi) => path.join(strapi.dirs.app.root, 'database', 'seed');

/**
 * Loads the seed. What already exists (matched by slug, teasers by article and section) is left
 * as it is, so a second run changes nothing and never undoes an editor's work.
 */
/** Loads the seed; its changes are recorded in the history as the seed's (src/history/). */
export function loadSeed(strapi: Core.Strapi, seed: Seed): Promise<SeedReport> {
  return asActor(systemActor('Seed'), () => loadSeedContent(strapi, seed));
}

async function loadSeedContent(strapi: Core.Strapi, seed: Seed): Promise<SeedReport> {
  const report: SeedReport = {
    created: { sections: 0, articles: 0, teasers: 0 },
    skipped: { sections: 0, articles: 0, teasers: 0 },
    translations: {},
  };
  const sections = strapi.documents('api::section.section');
  const articles = strapi.documents('api::article.article');
  const teasers = strapi.documents('api::teaser.teaser');

  const sectionIds = new Map<string, string>();
  // Parents first, so that a child can point at its parent.
  const ordered = [...seed.sections].sort((a, b) => Number(Boolean(a.parent)) - Number(Boolean(b.parent)));
  for (const section of ordered) {
    const found = await sections.findFirst({ filters: { slug: section.slug }, fields: ['documentId'] });
    if (found) {
      sectionIds.set(section.slug, found.documentId);
      report.skipped.sections += 1;
      continue;
    }
    const parent = section.parent ? sectionIds.get(section.parent) : undefined;
    const created = await sections.create({
      data: { name: section.name, slug: section.slug, description: section.description, ...(parent ? { parent } : {}) },
    });
    sectionIds.set(section.slug, created.documentId);
    report.created.sections += 1;
  }

  const articleIds = new Map<string, string>();
  for (const article of seed.articles) {
    const found = await articles.findFirst({ filters: { slug: article.slug }, fields: ['documentId'] });
    if (found) {
      articleIds.set(article.slug, found.documentId);
      report.skipped.articles += 1;
      continue;
    }
    const section = sectionIds.get(article.section);
    if (!section) throw new Error(`Seed article "${article.slug}" names unknown section "${article.section}"`);
    const created = await articles.create({
      data: {
        title: article.title,
        slug: article.slug,
        byline: article.byline ?? undefined,
        body: article.body as never,
        section,
        seo: article.seo ?? undefined,
        publicationDate: article.firstPublishedAt,
        lastUpdatedAt: article.lastUpdatedAt ?? undefined,
      },
      status: 'published',
    });
    await backdate(strapi, created.documentId, created.locale ?? null, article);
    articleIds.set(article.slug, created.documentId);
    report.created.articles += 1;
  }

  for (const teaser of seed.teasers) {
    const article = articleIds.get(teaser.article);
    if (!article) throw new Error(`Seed teaser names unknown article "${teaser.article}"`);
    const section = teaser.section ? sectionIds.get(teaser.section) : undefined;
    if (teaser.section && !section) throw new Error(`Seed teaser names unknown section "${teaser.section}"`);
    const found = await teasers.findFirst({
      filters: {
        article: { documentId: article },
        ...(section ? { section: { documentId: section } } : { section: { id: { $null: true } } }),
      },
      fields: ['documentId'],
    });
    if (found) {
      report.skipped.teasers += 1;
      continue;
    }
    await teasers.create({
      data: {
        article,
        ...(section ? { section } : {}),
        headline: teaser.headline ?? undefined,
        summary: teaser.summary ?? undefined,
        position: teaser.position,
        startsAt: teaser.startsAt ?? undefined,
        endsAt: teaser.endsAt ?? undefined,
      },
      status: 'published',
    });
    report.created.teasers += 1;
  }

  for (const translation of seed.translations ?? []) {
    report.translations[translation.locale] = await loadTranslation(strapi, seed, translation, sectionIds, articleIds);
  }
  return report;
}

/**
 * Archive content: its published version dates from when it was really published, not from today; the
 * admin list's "Last update" follows that write, which went around the Document Service. `locale` null:
 * the default locale's row.
 */
async function backdate(strapi: Core.Strapi, documentId: string, locale: string | null, article: SeedArticle) {
  await strapi.db.query('api::article.article').updateMany({
    where: { documentId, publishedAt: { $notNull: true }, ...(locale ? { locale } : {}) },
    data: { publishedAt: new Date(article.lastUpdatedAt ?? article.firstPublishedAt) },
  });
  await syncReaderLastUpdate(strapi, documentId);
}

/** Whether the document has a version in `locale` already (then the seed leaves it as it is). */
async function hasLocale(strapi: Core.Strapi, uid: 'api::article.article' | 'api::section.section', documentId: string, locale: string) {
  return Boolean(await strapi.db.query(uid).findOne({ select: ['id'], where: { documentId, locale } }));
}

/**
 * One locale's translations, each made the `locale` version of the document it translates (same
 * documentId): the locale is created if missing, sections first (an article is filed in its section's
 * translation), articles published with the dates of the original. A document that has a version in the
 * locale already is left as it is.
 */
async function loadTranslation(
  strapi: Core.Strapi,
  seed: Seed,
  translation: SeedTranslation,
  sectionIds: ReadonlyMap<string, string>,
  articleIds: ReadonlyMap<string, string>,
): Promise<SeedReport['translations'][string]> {
  const { locale } = translation;
  const counts = { created: { sections: 0, articles: 0 }, skipped: { sections: 0, articles: 0 } };
  await addLocale(strapi, locale);
  const originalSections = new Map(seed.sections.map((section) => [section.slug, section]));
  const originalArticles = new Map(seed.articles.map((article) => [article.slug, article]));
  const translatedSections = new Set(translation.sections.map((section) => section.translationOf));

  // Parents first, as in the default locale: a child's parent link goes to the parent's translation.
  const parentOf = (slug: string) => originalSections.get(slug)?.parent ?? null;
  const sections = [...translation.sections].sort((a, b) => Number(Boolean(parentOf(a.translationOf))) - Number(Boolean(parentOf(b.translationOf))));
  for (const section of sections) {
    const documentId = sectionIds.get(section.translationOf);
    if (!documentId) throw new Error(`Seed ${locale} section "${section.slug}" translates unknown section "${section.translationOf}"`);
    if (await hasLocale(strapi, 'api::section.section', documentId, locale)) {
      counts.skipped.sections += 1;
      continue;
    }
    const parent = parentOf(section.translationOf);
    if (parent && !translatedSections.has(parent))
      throw new Error(`Seed ${locale} section "${section.slug}": its parent "${parent}" has no ${locale} translation`);
    await strapi.documents('api::section.section').update({
      documentId,
      locale,
      data: { name: section.name, slug: section.slug, description: section.description, ...(parent ? { parent: sectionIds.get(parent) } : {}) },
    });
    counts.created.sections += 1;
  }

  for (const article of translation.articles) {
    const documentId = articleIds.get(article.translationOf);
    const original = originalArticles.get(article.translationOf);
    if (!documentId || !original) throw new Error(`Seed ${locale} article "${article.slug}" translates unknown article "${article.translationOf}"`);
    if (await hasLocale(strapi, 'api::article.article', documentId, locale)) {
      counts.skipped.articles += 1;
      continue;
    }
    if (!translatedSections.has(original.section)) {
      throw new Error(`Seed ${locale} article "${article.slug}": its section "${original.section}" has no ${locale} translation`);
    }
    await strapi.documents('api::article.article').update({
      documentId,
      locale,
      data: {
        title: article.title,
        slug: article.slug,
        byline: original.byline ?? undefined,
        body: article.body as never,
        section: sectionIds.get(original.section),
        seo: article.seo ?? undefined,
        publicationDate: original.firstPublishedAt,
        lastUpdatedAt: original.lastUpdatedAt ?? undefined,
      },
      status: 'published',
    });
    await backdate(strapi, documentId, locale, original);
    counts.created.articles += 1;
  }
  return counts;
}

/** True when the database holds no newsroom content yet. */
export async function isEmpty(strapi: Core.Strapi): Promise<boolean> {
  const [sections, articles] = await Promise.all([strapi.db.query('api::section.section').count(), strapi.db.query('api::article.article').count()]);
  return sections === 0 && articles === 0;
}
