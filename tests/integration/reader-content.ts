/**
 * Content builders shared by the reader API integration tests (tests/integration/reader-*.test.ts).
 * Everything goes through the Document Service, the way the admin panel and scripts create content,
 * so the newsroom's own document middlewares (slugs, publication rules) run as they do in production.
 */
import crypto from 'crypto';
import type { Core } from '@strapi/strapi';

export type Status = 'published' | 'draft';

export interface SectionDoc {
  documentId: string;
  name: string;
  slug: string;
}

export interface ArticleDoc {
  documentId: string;
  slug: string;
  title: string;
}

export interface ImageDoc {
  id: number;
  url: string;
}

export const REFERENCE_SLUG = 'russia-seeks-distance-from-syrias-al-assad-amid-vienna-peace-talks';

const DAY = 24 * 60 * 60 * 1000;
export const daysFromNow = (days: number) => new Date(Date.now() + days * DAY).toISOString();
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A blocks body: one paragraph per string. */
export const paragraphs = (...texts: string[]) => texts.map((text) => ({ type: 'paragraph', children: [{ type: 'text', text }] }));

export function contentKit(strapi: Core.Strapi) {
  const tag = () => crypto.randomBytes(4).toString('hex');

  return {
    async section(name = `Desk ${tag()}`): Promise<SectionDoc> {
      const row = await strapi.documents('api::section.section').create({ data: { name } as never });
      return { documentId: row.documentId, name: String(row.name), slug: String(row.slug) };
    },

    /** An article; published unless `status: 'draft'`. `publicationDate` orders "newest first". */
    async article(options: {
      section: SectionDoc | null;
      title?: string;
      body?: unknown[];
      publicationDate?: string;
      lastUpdatedAt?: string | null;
      cover?: ImageDoc;
      status?: Status;
    }): Promise<ArticleDoc> {
      const title = options.title ?? `Story ${tag()}`;
      const status = options.status ?? 'published';
      const row = await strapi.documents('api::article.article').create({
        data: {
          title,
          body: (options.body ?? paragraphs(`First paragraph of ${title}.`)) as never,
          ...(options.section ? { section: options.section.documentId } : {}),
          ...(options.publicationDate ? { publicationDate: options.publicationDate } : {}),
          ...(options.lastUpdatedAt !== undefined ? { lastUpdatedAt: options.lastUpdatedAt } : {}),
          ...(options.cover ? { cover: options.cover.id } : {}),
        } as never,
        ...(status === 'published' ? { status: 'published' as const } : {}),
      });
      return { documentId: row.documentId, slug: String(row.slug), title };
    },

    /** A teaser; published unless `status: 'draft'`. No `section` means "filed in no section". */
    async teaser(options: {
      article: ArticleDoc;
      section?: SectionDoc | null;
      headline?: string | null;
      summary?: string | null;
      image?: ImageDoc;
      position?: number;
      startsAt?: string | null;
      endsAt?: string | null;
      status?: Status;
    }): Promise<{ documentId: string }> {
      const status = options.status ?? 'published';
      const row = await strapi.documents('api::teaser.teaser').create({
        data: {
          article: options.article.documentId,
          ...(options.section ? { section: options.section.documentId } : {}),
          headline: options.headline ?? null,
          summary: options.summary ?? null,
          position: options.position ?? 0,
          startsAt: options.startsAt ?? null,
          endsAt: options.endsAt ?? null,
          ...(options.image ? { image: options.image.id } : {}),
        } as never,
        ...(status === 'published' ? { status: 'published' as const } : {}),
      });
      return { documentId: row.documentId };
    },

    /** A media-library image (a file row, as an upload would leave it). */
    async image(name = `picture-${tag()}`): Promise<ImageDoc> {
      const hash = `${name}_${tag()}`;
      const row = await strapi.db.query('plugin::upload.file').create({
        data: {
          name: `${name}.jpg`,
          alternativeText: `Alt text of ${name}`,
          caption: null,
          hash,
          ext: '.jpg',
          mime: 'image/jpeg',
          size: 12.5,
          width: 800,
          height: 450,
          url: `/uploads/${hash}.jpg`,
          provider: 'local',
          formats: {
            thumbnail: {
              url: `/uploads/thumbnail_${hash}.jpg`,
              width: 245,
              height: 138,
              name: `thumbnail_${name}.jpg`,
              hash: `thumbnail_${hash}`,
              ext: '.jpg',
              mime: 'image/jpeg',
              size: 4.1,
            },
          },
        },
      });
      return { id: Number(row.id), url: String(row.url) };
    },

    publish: (uid: 'api::article.article' | 'api::teaser.teaser', documentId: string) => strapi.documents(uid).publish({ documentId }),
    unpublish: (uid: 'api::article.article' | 'api::teaser.teaser', documentId: string) => strapi.documents(uid).unpublish({ documentId }),
    /** Saves the draft only (what "Save" does in the admin panel). */
    saveDraft: (documentId: string, data: Record<string, unknown>) => strapi.documents('api::article.article').update({ documentId, data: data as never }),
  };
}

export type ContentKit = ReturnType<typeof contentKit>;
