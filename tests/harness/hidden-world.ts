/**
 * A section with visible controls and one item of each kind a reader must never see (issue 5), built
 * through the Document Service. Shared by tests/integration/leaks.test.ts (a table of surfaces × hidden kinds) and the
 * fuzzer (tests/fuzz), which adds the demo seed around it.
 *
 * Every hidden item carries a marker word of its own in its title, headline, slug and body; the kinds
 * list the markers (and the documentIds of documents no version of which is shown) that no reader
 * answer may contain.
 *
 * Issue 17: the section, two of its articles and a teaser are translated into a second locale (`de`), the
 * German controls; and German hidden things sit next to English visible ones: a German draft of a published
 * English article, a German translation published then unpublished, a German translation scheduled but not
 * yet due, German teasers outside their window, the unpublished edit of a published German translation.
 * A German hidden thing on a document that readers see in English cannot list the documentId among its
 * markers (English answers show it): `localeMarkers` holds it, forbidden in answers in the kind's locale.
 */
import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { looseDocuments } from './clients';
import { ARTICLE, SECTION, TEASER } from './constants';
import { contentKit, paragraphs, type ArticleDoc, type SectionDoc } from './content';
import { daysFromNow } from './time';
import { addLocale } from '../../src/locales';

/** The locales of the hidden world: the default one (content written without a locale) and a second one. */
export const DEFAULT_LOCALE = 'en';
export const SECOND_LOCALE = 'de';
export type WorldLocale = typeof DEFAULT_LOCALE | typeof SECOND_LOCALE;

/** One kind of content a reader must not see, as it stands in the fixture world. */
export interface HiddenKind {
  name: string;
  /** The locale of the hidden content: the surfaces that ask for the item by name ask in this locale. */
  locale: WorldLocale;
  /** Words that appear only in the hidden content (title, headline, slug, body, documentId). */
  markers: string[];
  /** Words hidden in answers in `locale` only: the documentId of a document readers see in another locale. */
  localeMarkers: string[];
  /** The hidden item itself, for the surfaces that ask for it by name. */
  item: {
    type: 'articles' | 'teasers';
    documentId: string;
    /** Its slug (articles) or headline (teasers) in the hidden version. */
    identifier: string;
    /** Null: no version of the document is shown in `locale`. Otherwise the marker of the version readers do get there. */
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
  /** The German controls: the section's German row, two translated articles, the visible teaser's translation. */
  de: {
    section: SectionDoc;
    /** The German translation of `story`. */
    story: ArticleDoc;
    /** The German translation of `promoted` (its draft holds an unpublished edit). */
    promoted: ArticleDoc;
    /** The documentId of the visible teaser, whose German translation promotes the German `promoted`. */
    teaser: string;
    articleCount: number;
    teaserCount: number;
  };
}

export interface HiddenWorld {
  tag: string;
  /** Marker words of the visible controls. */
  M: {
    story: string;
    promoted: string;
    editedShown: string;
    teaser: string;
    editedTeaserShown: string;
    /** English articles whose German translations are hidden. */
    englishOnly: string;
    englishToo: string;
    /** The German controls. */
    storyDe: string;
    promotedDe: string;
    teaserDe: string;
  };
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
  'a German draft of a published English article',
  'a German translation published, then unpublished',
  'a German translation scheduled, not yet due',
  'a German teaser whose window has not started',
  'a German teaser whose window has ended',
  'the unpublished edit of a published German translation',
] as const;

export async function buildHiddenWorld(strapi: Core.Strapi, tag = crypto.randomBytes(3).toString('hex')): Promise<HiddenWorld> {
  /** A marker word: letters and digits only, so it reads the same in JSON, HTML and slugs. */
  const marker = (word: string) => `${word}${tag}`;
  const kit = contentKit(strapi);
  const articles = looseDocuments(strapi, ARTICLE);
  const teasers = looseDocuments(strapi, TEASER);
  const sections = looseDocuments(strapi, SECTION);
  const M = {
    story: marker('visiblestory'),
    promoted: marker('promotedstory'),
    editedShown: marker('editshown'),
    teaser: marker('visibleteaser'),
    editedTeaserShown: marker('teasershown'),
    englishOnly: marker('englishonly'),
    englishToo: marker('englishtoo'),
    storyDe: marker('sichtbar'),
    promotedDe: marker('befoerdert'),
    teaserDe: marker('anreisser'),
  };
  const kinds: HiddenKind[] = [];
  const hiddenDocuments = { articles: [] as string[], teasers: [] as string[] };

  const section = await kit.section(`Leak desk ${tag}`);
  const story = (word: string) => ({ title: `Story ${word}`, body: paragraphs(`Body of ${word}.`) });

  // Controls: five published English articles (two of them only in English), two teasers in their window.
  const visibleStory = await kit.article({ section, ...story(M.story) });
  const promoted = await kit.article({ section, ...story(M.promoted) });
  const edited = await kit.article({ section, ...story(M.editedShown) });
  const englishOnly = await kit.article({ section, ...story(M.englishOnly) });
  const englishToo = await kit.article({ section, ...story(M.englishToo) });
  const teaser = (await kit.teaser({ article: promoted, section, headline: `Teaser ${M.teaser}`, startsAt: daysFromNow(-1), endsAt: daysFromNow(1) }))
    .documentId;
  const editedTeaser = (await kit.teaser({ article: edited, section, headline: `Teaser ${M.editedTeaserShown}`, position: 1 })).documentId;

  // German controls: the section's German row, two published translations, the visible teaser's translation.
  await addLocale(strapi, SECOND_LOCALE);
  const sectionDe = await sections.update({
    documentId: section.documentId,
    locale: SECOND_LOCALE,
    data: { name: `Ressort ${tag}`, slug: `ressort-${tag}` },
  });
  if (!sectionDe) throw new Error('The German row of the leak desk was not created');
  const de = {
    section: { documentId: section.documentId, name: String(sectionDe.name), slug: String(sectionDe.slug) },
    story: await translate(visibleStory, M.storyDe, 'published'),
    promoted: await translate(promoted, M.promotedDe, 'published'),
    teaser,
    articleCount: 2,
    teaserCount: 1,
  };
  await teasers.update({
    documentId: teaser,
    locale: SECOND_LOCALE,
    data: { article: promoted.documentId, section: section.documentId, headline: `Anreißer ${M.teaserDe}`, startsAt: daysFromNow(-1), endsAt: daysFromNow(1) },
    status: 'published',
  });
  const visible: VisibleContent = { section, story: visibleStory, promoted, edited, teaser, editedTeaser, articleCount: 5, teaserCount: 2, de };

  const hiddenArticle = async (name: string, word: string, create: (m: string) => Promise<ArticleDoc>) => {
    const m = marker(word);
    const doc = await create(m);
    hiddenDocuments.articles.push(doc.documentId);
    kinds.push({
      name,
      locale: DEFAULT_LOCALE,
      localeMarkers: [],
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
      locale: DEFAULT_LOCALE,
      localeMarkers: [],
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
    locale: DEFAULT_LOCALE,
    localeMarkers: [],
    markers: [articleEdit],
    item: { type: 'articles', documentId: edited.documentId, identifier: `story-${articleEdit}`, shownAs: M.editedShown },
    hiddenSlug: `story-${articleEdit}`,
    previewDocumentId: edited.documentId,
  });
  const teaserEdit = marker('teaseredit');
  await teasers.update({ documentId: editedTeaser, data: { headline: `Teaser ${teaserEdit}` } });
  kinds.push({
    name: 'the unpublished edit of a published teaser',
    locale: DEFAULT_LOCALE,
    localeMarkers: [],
    markers: [teaserEdit],
    item: { type: 'teasers', documentId: editedTeaser, identifier: `Teaser ${teaserEdit}`, shownAs: M.editedTeaserShown },
    hiddenSlug: null,
    previewDocumentId: edited.documentId,
  });

  // German hidden things next to English visible ones. The documents are seen in English, so their
  // documentIds are hidden in German answers only.
  const hiddenTranslation = async (name: string, word: string, of: ArticleDoc, hide: (m: string) => Promise<ArticleDoc>) => {
    const m = marker(word);
    const doc = await hide(m);
    kinds.push({
      name,
      locale: SECOND_LOCALE,
      // The slug holds the marker word.
      markers: [m],
      localeMarkers: [of.documentId],
      item: { type: 'articles', documentId: of.documentId, identifier: doc.slug, shownAs: null },
      hiddenSlug: doc.slug,
      previewDocumentId: of.documentId,
    });
  };
  await hiddenTranslation('a German draft of a published English article', 'entwurf', edited, (m) => translate(edited, m, 'draft'));
  await hiddenTranslation('a German translation published, then unpublished', 'zurueckgezogen', englishOnly, async (m) => {
    const doc = await translate(englishOnly, m, 'published');
    await articles.unpublish({ documentId: englishOnly.documentId, locale: SECOND_LOCALE });
    return doc;
  });
  await hiddenTranslation('a German translation scheduled, not yet due', 'sperrfrist', englishToo, (m) =>
    translate(englishToo, m, 'draft', { scheduledAt: daysFromNow(1) }),
  );

  // German teasers outside their window: documents with a German version only, promoting the German `promoted`.
  for (const [name, word, window] of [
    ['a German teaser whose window has not started', 'nochnicht', { startsAt: daysFromNow(1), endsAt: null }],
    ['a German teaser whose window has ended', 'abgelaufen', { startsAt: null, endsAt: daysFromNow(-1) }],
  ] as const) {
    const m = marker(word);
    const row = await teasers.create({
      locale: SECOND_LOCALE,
      data: { article: promoted.documentId, section: section.documentId, headline: `Anreißer ${m}`, position: 0, ...window },
      status: 'published',
    });
    const documentId = String(row.documentId);
    hiddenDocuments.teasers.push(documentId);
    kinds.push({
      name,
      locale: SECOND_LOCALE,
      markers: [m, documentId],
      localeMarkers: [],
      item: { type: 'teasers', documentId, identifier: `Anreißer ${m}`, shownAs: null },
      hiddenSlug: null,
      previewDocumentId: promoted.documentId,
    });
  }

  // The unpublished edit of the German `promoted`: only its published German version may show.
  const germanEdit = marker('geaendert');
  await articles.update({
    documentId: promoted.documentId,
    locale: SECOND_LOCALE,
    data: { title: `Geschichte ${germanEdit}`, slug: `geschichte-${germanEdit}`, body: paragraphs(`Text von ${germanEdit}.`) },
  });
  kinds.push({
    name: 'the unpublished edit of a published German translation',
    locale: SECOND_LOCALE,
    markers: [germanEdit],
    localeMarkers: [],
    item: { type: 'articles', documentId: promoted.documentId, identifier: `geschichte-${germanEdit}`, shownAs: M.promotedDe },
    hiddenSlug: `geschichte-${germanEdit}`,
    previewDocumentId: promoted.documentId,
  });

  return { tag, M, visible, kinds, hiddenDocuments };

  /** The German translation of an English article: its own title, slug (given: a translation's slug is not generated) and body. */
  async function translate(of: ArticleDoc, word: string, status: 'published' | 'draft', extra: Record<string, unknown> = {}): Promise<ArticleDoc> {
    const title = `Geschichte ${word}`;
    const slug = `geschichte-${word}`;
    const row = await articles.update({
      documentId: of.documentId,
      locale: SECOND_LOCALE,
      data: { title, slug, body: paragraphs(`Text von ${word}.`), section: section.documentId, ...extra },
      ...(status === 'published' ? { status: 'published' } : {}),
    });
    if (!row || row.locale !== SECOND_LOCALE) throw new Error(`The German translation of ${of.slug} was not created`);
    return { documentId: of.documentId, slug: String(row.slug), title };
  }
}
