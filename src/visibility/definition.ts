/**
 * What a reader may see, once per content type. Every reader read compiles it: the Document Service
 * middleware and populate/filter restriction (src/documents/), the GraphQL relation middleware
 * (src/graphql/reader-relations.ts) through `./document-filters`, and the reader SQL (src/reader/queries/)
 * through `./sql`. A new rule is one line here.
 */

export const ARTICLE = 'api::article.article';
export const SECTION = 'api::section.section';
export const TEASER = 'api::teaser.teaser';

/** One condition a document must meet to be seen by a reader at the moment `now`. */
export type VisibilityCondition =
  /** The row is the published version (Draft & Publish). */
  | { kind: 'published' }
  /** A datetime field that is empty or not after now: shown from that moment on. */
  | { kind: 'from'; field: string }
  /** A datetime field that is empty or after now: shown until that moment. */
  | { kind: 'until'; field: string }
  /** The document a to-one relation points to exists and is visible itself. */
  | { kind: 'visibleRelation'; relation: string; target: string };

const published: VisibilityCondition = { kind: 'published' };

/**
 * article: its published version. section: always (no Draft & Publish). teaser: published, inside its
 * startsAt/endsAt window, and promoting an article that a reader may see.
 */
export const VISIBILITY: Readonly<Record<string, readonly VisibilityCondition[]>> = {
  [ARTICLE]: [published],
  [SECTION]: [],
  [TEASER]: [
    published,
    { kind: 'from', field: 'startsAt' },
    { kind: 'until', field: 'endsAt' },
    { kind: 'visibleRelation', relation: 'article', target: ARTICLE },
  ],
};

/** The conditions for `uid`; a type not listed above (plugins, media) is visible when published, if it has Draft & Publish. */
export function visibilityOf(uid: string, draftAndPublish: boolean): readonly VisibilityCondition[] {
  return VISIBILITY[uid] ?? (draftAndPublish ? [published] : []);
}
