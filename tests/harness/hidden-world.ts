/**
 * A section with visible controls and one item of each kind a reader must never see (issue 5), built
 * through the Document Service. Shared by tests/integration/leaks.test.ts (a table of surfaces × hidden kinds) and the
 * fuzzer (tests/fuzz), which adds the demo seed around it.
 *
 * Every hidden item carries a marker word of its own in its title, headline, slug and body; the kinds
 * list the markers (and the documentIds of documents no version of which is shown) that no reader
 * answer may contain.
 */
import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { looseDocuments } from './clients';
import { ARTICLE, TEASER } from './constants';
import { contentKit, paragraphs, type ArticleDoc, type SectionDoc } from './content';
import { daysFromNow } from './time';

/** One kind of content a reader must not see, as it stands in the fixture world. */
export interface HiddenKind {
  name: string;
  /** Words that appear only in the hidden content (title, headline, slug, body, documentId). */
  markers: string[];
  /** The hidden item itself, for the surfaces that ask for it by name. */
  item: {
    type: 'articles' | 'teasers';
    documentId: string;
    /** Its slug (articles) or headline (teasers) in the hidden version. */
    identifier: string;
    /** Null: no version of the document is shown. Otherwise the marker of the version readers do get. */
    shownAs: string | null;
  };
  /** The slug of a hidden article version this kind involves, if any (its page must be a 404). */
  hiddenSlug: string | null;
  /** The article a preview link would name. */
  previewDocumentId: string;
}

/** The visible part of the world. */
export interface VisibleContent {
  section: SectionDoc;
  /** The article whose page the reader-page surfaces open; "More from" lists the others. */
  story: ArticleDoc;
  /** Promoted by the visible teaser and by the window teasers. */
  promoted: ArticleDoc;
  /** Published article with an unpublished edit in its draft. */
  edited: ArticleDoc;
  teaser: string;
  editedTeaser: string;
  articleCount: number;
  teaserCount: number;
}

export interface HiddenWorld {
  tag: string;
  /** Marker words of the visible controls. */
  M: { story: string; promoted: string; editedShown: string; teaser: string; editedTeaserShown: string };
  visible: VisibleContent;
  kinds: HiddenKind[];
  /** Documents of which no version is shown (their every row is hidden content). */
  hiddenDocuments: { articles: string[]; teasers: string[] };
}

export const HIDDEN_KIND_NAMES = [
  'a draft never published',
  'an article unpublished after publication',
  'a scheduled draft not yet due',
  'a teaser whose window has not started',
  'a teaser whose window has ended',
  'a teaser whose article is a draft',
  'a teaser whose article was unpublished',
  'the unpublished edit of a published article',
  'the unpublished edit of a published teaser',
] as const;

export async function buildHiddenWorld(strapi: Core.Strapi, tag = crypto.randomBytes(3).toString('hex')): Promise<HiddenWorld> {
  /** A marker word: letters and digits only, so it reads the same in JSON, HTML and slugs. */
  const marker = (word: string) => `${word}${tag}`;
  const kit = contentKit(strapi);
  const articles = looseDocuments(strapi, ARTICLE);
  const teasers = looseDocuments(strapi, TEASER);
  const M = {
    story: marker('visiblestory'),
    promoted: marker('promotedstory'),
    editedShown: marker('editshown'),
    teaser: marker('visibleteaser'),
    editedTeaserShown: marker('teasershown'),
  };
  const kinds: HiddenKind[] = [];
  const hiddenDocuments = { articles: [] as string[], teasers: [] as string[] };

  const section = await kit.section(`Leak desk ${tag}`);
  const story = (word: string) => ({ title: `Story ${word}`, body: paragraphs(`Body of ${word}.`) });

  // Controls: three published articles, two teasers in their window.
  const visibleStory = await kit.article({ section, ...story(M.story) });
  const promoted = await kit.article({ section, ...story(M.promoted) });
  const edited = await kit.article({ section, ...story(M.editedShown) });
  const teaser = (await kit.teaser({ article: promoted, section, headline: `Teaser ${M.teaser}`, startsAt: daysFromNow(-1), endsAt: daysFromNow(1) }))
    .documentId;
  const editedTeaser = (await kit.teaser({ article: edited, section, headline: `Teaser ${M.editedTeaserShown}`, position: 1 })).documentId;
  const visible: VisibleContent = { section, story: visibleStory, promoted, edited, teaser, editedTeaser, articleCount: 3, teaserCount: 2 };

  const hiddenArticle = async (name: string, word: string, create: (m: string) => Promise<ArticleDoc>) => {
    const m = marker(word);
    const doc = await create(m);
    hiddenDocuments.articles.push(doc.documentId);
    kinds.push({
      name,
      markers: [m, doc.documentId],
      item: { type: 'articles', documentId: doc.documentId, identifier: doc.slug, shownAs: null },
      hiddenSlug: doc.slug,
      previewDocumentId: doc.documentId,
    });
  };
  const hiddenTeaser = async (
    name: string,
    word: string,
    create: (headline: string) => Promise<{ documentId: string; article: ArticleDoc; articleHidden: boolean }>,
  ) => {
    const m = marker(word);
    const made = await create(`Teaser ${m}`);
    hiddenDocuments.teasers.push(made.documentId);
    if (made.articleHidden) hiddenDocuments.articles.push(made.article.documentId);
    kinds.push({
      name,
      markers: [m, made.documentId, ...(made.articleHidden ? [made.article.documentId, made.article.slug] : [])],
      item: { type: 'teasers', documentId: made.documentId, identifier: `Teaser ${m}`, shownAs: null },
      hiddenSlug: made.articleHidden ? made.article.slug : null,
      previewDocumentId: made.article.documentId,
    });
  };

  await hiddenArticle('a draft never published', 'draftnever', (m) => kit.article({ section, status: 'draft', ...story(m) }));
  await hiddenArticle('an article unpublished after publication', 'takendown', async (m) => {
    const doc = await kit.article({ section, ...story(m) });
    await kit.unpublish(ARTICLE, doc.documentId);
    return doc;
  });
  await hiddenArticle('a scheduled draft not yet due', 'embargoed', async (m) => {
    const row = await articles.create({ data: { ...story(m), section: section.documentId, scheduledAt: daysFromNow(1) } });
    return { documentId: String(row.documentId), slug: String(row.slug), title: String(row.title) };
  });

  await hiddenTeaser('a teaser whose window has not started', 'notyet', async (headline) => ({
    ...(await kit.teaser({ article: promoted, section, headline, startsAt: daysFromNow(1) })),
    article: promoted,
    articleHidden: false,
  }));
  await hiddenTeaser('a teaser whose window has ended', 'expired', async (headline) => ({
    ...(await kit.teaser({ article: promoted, section, headline, endsAt: daysFromNow(-1) })),
    article: promoted,
    articleHidden: false,
  }));
  await hiddenTeaser('a teaser whose article is a draft', 'ofdraftteaser', async (headline) => {
    const article = await kit.article({ section, status: 'draft', ...story(marker('shadowdraft')) });
    return { ...(await kit.teaser({ article, section, headline })), article, articleHidden: true };
  });
  await hiddenTeaser('a teaser whose article was unpublished', 'ofgoneteaser', async (headline) => {
    const article = await kit.article({ section, ...story(marker('gonearticle')) });
    const made = await kit.teaser({ article, section, headline });
    await kit.unpublish(ARTICLE, article.documentId);
    return { ...made, article, articleHidden: true };
  });

  // Unpublished edits: the draft changes title, slug and body (article) or headline (teaser); only the
  // published version may show.
  const articleEdit = marker('draftedit');
  await articles.update({
    documentId: edited.documentId,
    data: { title: `Story ${articleEdit}`, slug: `story-${articleEdit}`, body: paragraphs(`Body of ${articleEdit}.`) },
  });
  kinds.push({
    name: 'the unpublished edit of a published article',
    markers: [articleEdit],
    item: { type: 'articles', documentId: edited.documentId, identifier: `story-${articleEdit}`, shownAs: M.editedShown },
    hiddenSlug: `story-${articleEdit}`,
    previewDocumentId: edited.documentId,
  });
  const teaserEdit = marker('teaseredit');
  await teasers.update({ documentId: editedTeaser, data: { headline: `Teaser ${teaserEdit}` } });
  kinds.push({
    name: 'the unpublished edit of a published teaser',
    markers: [teaserEdit],
    item: { type: 'teasers', documentId: editedTeaser, identifier: `Teaser ${teaserEdit}`, shownAs: M.editedTeaserShown },
    hiddenSlug: null,
    previewDocumentId: edited.documentId,
  });

  return { tag, M, visible, kinds, hiddenDocuments };
}
