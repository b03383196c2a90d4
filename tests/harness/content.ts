/**
 * Content builders for the integration tests (`app.kit` of useApp, or `contentKit(strapi)`).
 * Everything goes through the Document Service, the way the admin panel and scripts create content,
 * so the newsroom's own document middlewares (slugs, publication rules) run as they do in production.
 */
import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { ARTICLE, SECTION, TEASER } from './constants';

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

/** A unique suffix so that tests in one file never collide on names or titles. */
export const unique = (prefix: string) => `${prefix} ${crypto.randomBytes(3).toString('hex')}`;

/** A blocks body: one paragraph per string. */
export const paragraphs = (...texts: string[]) => texts.map((text) => ({ type: 'paragraph', children: [{ type: 'text', text }] }));

export function contentKit(strapi: Core.Strapi) {
  const tag = () => crypto.randomBytes(4).toString('hex');

  return {
    async section(name = `Desk ${tag()}`): Promise<SectionDoc> {
      const row = await strapi.documents(SECTION).create({ data: { name } as never });
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
      const row = await strapi.documents(ARTICLE).create({
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
      const row = await strapi.documents(TEASER).create({
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

    publish: (uid: typeof ARTICLE | typeof TEASER, documentId: string) => strapi.documents(uid).publish({ documentId }),
    unpublish: (uid: typeof ARTICLE | typeof TEASER, documentId: string) => strapi.documents(uid).unpublish({ documentId }),
    /** Saves the draft only (what "Save" does in the admin panel). */
    saveDraft: (documentId: string, data: Record<string, unknown>) => strapi.documents(ARTICLE).update({ documentId, data: data as never }),
  };
}

export type ContentKit = ReturnType<typeof contentKit>;
