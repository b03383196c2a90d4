import fs from 'fs';
import path from 'path';
import { asActor, systemActor } from '../history/actor';
import type { Core } from '@strapi/strapi';
import { syncReaderLastUpdate } from '../documents/sync-reader-last-update';

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
export interface Seed {
  sections: SeedSection[];
  articles: SeedArticle[];
  teasers: SeedTeaser[];
}
export interface SeedReport {
  created: { sections: number; articles: number; teasers: number };
  skipped: { sections: number; articles: number; teasers: number };
}

export function readSeed(dir: string): Seed {
  const read = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as T;
  return { sections: read('sections'), articles: read('articles'), teasers: read('teasers') };
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
    // Archive content: its published version dates from when it was really published, not from today; the
    // admin list's "Last update" follows that write, which went around the Document Service.
    await strapi.db.query('api::article.article').updateMany({
      where: { documentId: created.documentId, publishedAt: { $notNull: true } },
      data: { publishedAt: new Date(article.lastUpdatedAt ?? article.firstPublishedAt) },
    });
    await syncReaderLastUpdate(strapi, created.documentId);
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
  return report;
}

/** True when the database holds no newsroom content yet. */
export async function isEmpty(strapi: Core.Strapi): Promise<boolean> {
  const [sections, articles] = await Promise.all([strapi.db.query('api::section.section').count(), strapi.db.query('api::article.article').count()]);
  return sections === 0 && articles === 0;
}
