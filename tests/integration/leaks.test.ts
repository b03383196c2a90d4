/**
 * Nothing unpublished leaks (issue 5): one table of reader surfaces × one table of hidden content.
 *
 * One fixture world, built through the Document Service: a section with published articles and
 * teasers (the controls) and one item of each kind a reader must never see. Every hidden item carries
 * a marker word of its own in its title, headline, slug and body; a case sends one reader request and
 * searches the whole response text for the hidden kind's markers (and documentIds), and for a visible
 * marker that must be there, so that a surface cannot pass by answering nothing.
 *
 * Surfaces: core REST find/findOne of articles, sections and teasers (with `status=draft`, `populate`
 * in every form, filters naming the hidden item, filters through relations that would tell hidden text
 * letter by letter, publication filters), the article page by slug, "More from" of a section, GraphQL
 * (root queries, nested relations, connections and their counts, the computed fields), the preview
 * route without its secret, the feeds (RSS, JSON Feed) and sitemaps (pages, news) and the reference reader
 * front-end (examples/reader) in front of the API, and search (REST and GraphQL) for every hidden marker word.
 *
 * Locales (issue 17): the world has German controls and German hidden things next to English visible ones
 * (tests/harness/hidden-world.ts). Every surface above is asked in the default locale (no `locale`, and
 * `locale=en` on the custom routes), and again with `locale=de` (tables `surfacesDe`); the surfaces that ask
 * for the hidden item by name ask in the item's own locale. A German kind whose document readers see in
 * English forbids its documentId in German answers only. `locale=*` and `locale=all` list no draft either.
 *
 * Answers are fetched once per distinct request and shared by the cases that check them.
 */
import http from 'http';
import { useApp } from '../harness/app';
import { close, listen } from '../harness/servers';
import { ARTICLE, TEASER } from '../harness/constants';
import { documents, type Row } from '../harness/clients';
import {
  buildHiddenWorld,
  DEFAULT_LOCALE,
  HIDDEN_KIND_NAMES,
  SECOND_LOCALE,
  type HiddenKind,
  type HiddenWorld,
  type WorldLocale,
} from '../harness/hidden-world';
import { createReaderServer } from '../../examples/reader/src/server';

/** A response as text (JSON or HTML) with its status; `body` is the parsed JSON when there is one. */
interface Reply {
  status: number;
  text: string;
  body: unknown;
  /** The response headers as one text: cache tags name every document a response shows. */
  headers: string;
}

/** What a surface expects from one request: a status and visible markers that must be in the answer. */
interface Probe {
  key: string;
  send: () => Promise<Reply>;
  status: number;
  present: string[];
  /** Extra checks on the parsed body (counts, nulls). */
  check?: (body: Row) => void;
  /** The locale the request asks for (the default when it names none): a kind's `localeMarkers` are hidden there. */
  locale: WorldLocale;
  /**
   * A reader surface of one locale (the article page, "More from", feeds, sitemaps, search, GraphQL): the titles and
   * headlines of the other locale's controls must not show either (a German page listing English stories).
   */
  oneLocale: boolean;
}

interface Surface {
  name: string;
  probe: (kind: HiddenKind) => Probe;
}

// The probes nest lists three deep on purpose (sections › articles › teasers); the GraphQL amount limit,
// tested in bad-input.test.ts, would refuse some of them before they could show a leak.
const app = useApp({ env: { GRAPHQL_MAX_COMPLEXITY: '1000000' } });
let apiUrl: string;
let reader: http.Server;
let readerUrl: string;

/** The fixture world (tests/harness/hidden-world.ts), built in beforeAll. */
let world: HiddenWorld;
let visible: HiddenWorld['visible'];
let M: HiddenWorld['M'];
let kinds: HiddenKind[];

async function buildWorld() {
  world = await buildHiddenWorld(app.strapi);
  ({ visible, M, kinds } = world);
}

// ---------------------------------------------------------------------------------------------------
// How surfaces are asked. Answers are kept per request: the world does not change during the table.

const replies = new Map<string, Promise<Reply>>();
const once = (key: string, send: () => Promise<Reply>) => {
  if (!replies.has(key)) replies.set(key, send());
  return replies.get(key) as Promise<Reply>;
};

const asReply = (res: { status: number; text: string; body: unknown; headers: Record<string, unknown> }): Reply => ({
  status: res.status,
  text: res.text,
  body: res.body,
  headers: JSON.stringify(res.headers),
});

/** The locale a REST path asks for. */
const localeOfPath = (path: string): WorldLocale => (/[?&]locale=de(&|$)/.test(path) ? SECOND_LOCALE : DEFAULT_LOCALE);

function rest(path: string, status = 200, present: string[] = [], check?: Probe['check']): Probe {
  return {
    key: `GET ${path}`,
    send: () => once(`GET ${path}`, async () => asReply(await app.http().get(path))),
    status,
    present,
    check,
    locale: localeOfPath(path),
    oneLocale: READER_ROUTE.test(path),
  };
}

/** The newsroom's own reader routes (not the core REST reads, whose `populate` may name other locales' versions). */
const READER_ROUTE = /^\/api\/(articles\/by-slug\/|sections\/[^/]+\/(more-from|feed\.)|feed\.|sitemap|search\?)/;

/** `locale=<kind's locale>` for a query string, nothing for the default locale: `?`/`&` as `joiner` says. */
const localeParam = (locale: WorldLocale, joiner: '?' | '&') => (locale === DEFAULT_LOCALE ? '' : `${joiner}locale=${locale}`);
/** The GraphQL argument `, locale: "de"` (nothing for the default locale). */
const localeArg = (locale: WorldLocale) => (locale === DEFAULT_LOCALE ? '' : `, locale: "${locale}"`);

function graphql(query: string, present: string[], check?: Probe['check'], locale: WorldLocale = DEFAULT_LOCALE): Probe {
  const send = () =>
    once(`POST /graphql ${query}`, async () => {
      const res = await app.http().post('/graphql').send({ query });
      return asReply(res);
    });
  return {
    key: `POST /graphql ${query}`,
    send,
    status: 200,
    present,
    locale,
    oneLocale: true,
    check: (body) => {
      expect(body.errors).toBeUndefined();
      check?.(body.data as Row);
    },
  };
}

function readerPage(path: string, status: number, present: string[]): Probe {
  const send = () =>
    once(`READER ${path}`, async () => {
      const res = await fetch(`${readerUrl}${path}`);
      return { status: res.status, text: await res.text(), body: null, headers: JSON.stringify(Object.fromEntries(res.headers)) };
    });
  return { key: `READER ${path}`, send, status, present, locale: DEFAULT_LOCALE, oneLocale: true };
}

/** The answer's text, less an error's message: that may quote the request (a 404 names the slug asked for). */
function contentOf(reply: Reply): string {
  const body = reply.body as { error?: Row } | null;
  if (reply.status >= 400 && body && typeof body === 'object' && body.error)
    return `${JSON.stringify({ ...body, error: { ...body.error, message: '' } })}\n${reply.headers}`;
  return `${reply.text}\n${reply.headers}`;
}

const notFound: Probe['check'] = (body) => expect(body).toMatchObject({ data: null, error: { status: 404, name: 'NotFoundError' } });
const unauthorized: Probe['check'] = (body) => expect(body).toMatchObject({ data: null, error: { status: 401, name: 'UnauthorizedError' } });
const total =
  (expected: () => number): Probe['check'] =>
  (body) =>
    expect((body.meta as { pagination: { total: number } }).pagination.total).toBe(expected());

/** The visible control of the hidden item's own type, in the item's locale. */
const controlOf = (kind: HiddenKind) => {
  const de = kind.locale === SECOND_LOCALE;
  return kind.item.type === 'articles'
    ? {
        documentId: visible.story.documentId,
        identifier: de ? visible.de.story.slug : visible.story.slug,
        field: 'slug',
        marker: de ? M.storyDe : M.story,
      }
    : { documentId: visible.teaser, identifier: de ? `Anreißer ${M.teaserDe}` : `Teaser ${M.teaser}`, field: 'headline', marker: de ? M.teaserDe : M.teaser };
};

/** findOne of the hidden item in its locale: a 404, or the published version when only an edit is hidden. */
function findOneProbe(kind: HiddenKind, query: string): Probe {
  const path = `/api/${kind.item.type}/${kind.item.documentId}${query}${localeParam(kind.locale, query ? '&' : '?')}`;
  return kind.item.shownAs === null ? rest(path, 404, [], notFound) : rest(path, 200, [kind.item.shownAs]);
}

const GQL_ARTICLE = 'documentId title slug body lastUpdate { label } moreFrom(limit: 20) { items { documentId slug headline } }';
const GQL_TEASER = 'documentId headline article { documentId title slug }';

/** GraphQL single-item query of the hidden item, next to the control under another alias. */
function graphqlItem(kind: HiddenKind, status: string): Probe {
  const control = controlOf(kind);
  const field = kind.item.type === 'articles' ? 'article' : 'teaser';
  const selection = kind.item.type === 'articles' ? GQL_ARTICLE : GQL_TEASER;
  const query = `{
    hidden: ${field}(documentId: "${kind.item.documentId}"${status}${localeArg(kind.locale)}) { ${selection} }
    control: ${field}(documentId: "${control.documentId}"${status}${localeArg(kind.locale)}) { ${selection} }
  }`;
  return graphql(
    query,
    [control.marker, ...(kind.item.shownAs ? [kind.item.shownAs] : [])],
    (data) => {
      if (kind.item.shownAs === null) expect(data.hidden).toBeNull();
    },
    kind.locale,
  );
}

/**
 * `q` (URL-encoded) naming every marker of the kind (words, slugs, documentIds) as alternatives, and `visibleWord` too
 * when given: a search must find none of the hidden ones.
 */
const searchFor = (kind: HiddenKind, visibleWord?: string) =>
  encodeURIComponent([...kind.markers, ...kind.localeMarkers, ...(visibleWord ? [visibleWord] : [])].join(' or '));

/** A search answer listing exactly these documents, its total and counts of them alone. */
const foundOnly =
  (expected: string[] | (() => string[])): Probe['check'] =>
  (body) => {
    const documentIds = typeof expected === 'function' ? expected() : expected;
    const { data, meta } = body as { data: Row[]; meta: { pagination: { total: number }; sections: Row[] } };
    expect(data.map((hit) => hit.documentId)).toEqual(documentIds);
    expect(meta.pagination.total).toBe(documentIds.length);
    expect(meta.sections).toEqual(documentIds.length ? [expect.objectContaining({ documentId: visible.section.documentId, count: documentIds.length })] : []);
  };

const GQL_SEARCH = 'data { documentId slug title snippet section { slug } } pagination { page pageSize pageCount total } sections { documentId slug count }';

/** The visible controls in a locale. */
const inLocale = (locale: WorldLocale) =>
  locale === SECOND_LOCALE
    ? { story: visible.de.story, promoted: visible.de.promoted, section: visible.de.section, storyMarker: M.storyDe, promotedMarker: M.promotedDe }
    : { story: visible.story, promoted: visible.promoted, section: visible.section, storyMarker: M.story, promotedMarker: M.promoted };

const slugOf = (kind: HiddenKind) => kind.hiddenSlug ?? inLocale(kind.locale).story.slug;
const pageStatusOf = (kind: HiddenKind) => (kind.hiddenSlug ? 404 : 200);
const pagePresentOf = (kind: HiddenKind) => (kind.hiddenSlug ? [] : [inLocale(kind.locale).storyMarker]);

const GQL_SECTION_DEEP = `name
  articles(pagination: { limit: 20 }) { title slug body teasers { headline article { title } } }
  teasers(pagination: { limit: 20 }) { headline article { title slug } }
  moreFrom(limit: 20) { items { documentId slug headline } }`;

const surfaces: Surface[] = [
  // Core REST: articles.
  ...['', '&status=draft', '&status=published'].map((status) => ({
    name: `REST GET /api/articles?pagination[pageSize]=100${status}`,
    probe: () =>
      rest(
        `/api/articles?pagination[pageSize]=100${status}`,
        200,
        [M.story, M.promoted, M.editedShown],
        total(() => visible.articleCount),
      ),
  })),
  ...[
    'populate=*',
    'status=draft&populate=*',
    'populate[teasers][populate]=section',
    'status=draft&populate[teasers][populate]=section,image',
    'populate[section][populate]=teasers,parent,children',
    'status=draft&populate=section.teasers,teasers.section',
    'populate[0]=teasers&populate[1]=section',
    'populate=teasers,section',
    'populate[teasers][filters][headline][$null]=false&populate[teasers][sort]=headline',
    'fields[0]=title&populate[teasers][fields][0]=headline',
  ].map((query) => ({
    name: `REST GET /api/articles?${query}`,
    probe: () =>
      rest(
        `/api/articles?pagination[pageSize]=100&${query}`,
        200,
        [M.story, M.teaser],
        total(() => visible.articleCount),
      ),
  })),
  {
    name: 'REST GET /api/articles/:documentId?populate=* (the promoted article)',
    probe: () => rest(`/api/articles/${visible.promoted.documentId}?populate=*`, 200, [M.promoted, M.teaser]),
  },
  {
    name: 'REST GET /api/articles/:documentId?status=draft&populate[teasers][populate]=section (the promoted article)',
    probe: () => rest(`/api/articles/${visible.promoted.documentId}?status=draft&populate[teasers][populate]=section`, 200, [M.promoted, M.teaser]),
  },
  {
    name: 'REST GET /api/articles/:documentId?populate[teasers]=true (the edited article)',
    probe: () => rest(`/api/articles/${visible.edited.documentId}?status=draft&populate[teasers]=true`, 200, [M.editedShown, M.editedTeaserShown]),
  },
  {
    name: 'REST GET /api/articles/:documentId?populate[teasers][count]=true (the promoted article): the count is of shown teasers',
    probe: () =>
      rest(`/api/articles/${visible.promoted.documentId}?populate[teasers][count]=true`, 200, [M.promoted], (body) =>
        expect((body.data as { teasers: unknown }).teasers).toEqual({ count: 1 }),
      ),
  },
  {
    // Outside the reader query contract (it is about drafts): a 400 that tells nothing.
    name: 'REST GET /api/articles?publicationFilter=modified: no hint of unpublished edits',
    probe: () => rest(`/api/articles?publicationFilter=modified&status=draft`, 400, []),
  },

  // Core REST: sections.
  ...[
    'populate=*',
    'status=draft&populate=*',
    'populate=articles',
    'status=draft&populate=articles',
    'populate[teasers][populate]=article',
    'status=draft&populate[teasers][populate]=article',
    'populate[articles][populate]=teasers',
    'status=draft&populate[articles][populate]=teasers,cover,seo',
    'populate[teasers][populate]=article,image',
    'populate=articles.teasers,teasers.article,children.articles',
    'populate[articles][filters][publishedAt][$null]=true&populate[teasers]=true',
  ].map((query) => ({
    name: `REST GET /api/sections?${query}`,
    probe: () => rest(`/api/sections?${query}`, 200, query.includes('teasers') ? [M.teaser] : [M.story]),
  })),
  {
    name: 'REST GET /api/sections/:documentId?populate=*',
    probe: () => rest(`/api/sections/${visible.section.documentId}?populate=*`, 200, [M.story, M.teaser]),
  },
  {
    name: 'REST GET /api/sections/:documentId?status=draft&populate[articles][populate]=teasers',
    probe: () => rest(`/api/sections/${visible.section.documentId}?status=draft&populate[articles][populate]=teasers`, 200, [M.story, M.teaser]),
  },

  // Core REST: teasers.
  ...[
    '',
    'status=draft',
    'populate=*',
    'status=draft&populate=*',
    'populate[article]=true',
    'populate[article][populate][section]=true',
    'populate[article][populate]=section,cover,seo',
    'populate[section][populate]=articles',
  ].map((query) => ({
    name: `REST GET /api/teasers?${query}`,
    probe: () =>
      rest(
        `/api/teasers?pagination[pageSize]=100&${query}`,
        200,
        [M.teaser, M.editedTeaserShown],
        total(() => visible.teaserCount),
      ),
  })),
  {
    name: 'REST GET /api/teasers/:documentId?status=draft&populate[section][populate]=articles (the visible teaser)',
    probe: () => rest(`/api/teasers/${visible.teaser}?status=draft&populate[section][populate]=articles`, 200, [M.teaser, M.promoted]),
  },

  // Populate the reader query contract refuses (a relation followed back, a third relation level, a nested `*`):
  // a 400 that tells nothing of hidden content (src/query-contract).
  ...[
    '/api/articles?populate[teasers][populate]=article',
    '/api/articles?populate[section][populate]=*',
    '/api/articles?populate[section][populate][teasers][populate]=article',
    '/api/sections?populate[articles][populate][teasers][populate]=article',
    '/api/sections?populate[teasers][populate][article][populate]=teasers',
    '/api/teasers?populate[article][populate][teasers]=true',
    `/api/teasers/{teaser}?status=draft&populate[article][populate]=teasers`,
  ].map((path) => ({
    name: `REST GET ${path} (outside the query contract)`,
    probe: () => rest(path.replace('{teaser}', visible.teaser), 400, []),
  })),

  // Core REST, asking for the hidden item by name.
  { name: 'REST findOne of the hidden item', probe: (kind) => findOneProbe(kind, '') },
  { name: 'REST findOne of the hidden item with status=draft', probe: (kind) => findOneProbe(kind, '?status=draft&populate=*') },
  {
    name: 'REST find filtered by documentId (hidden item and the control)',
    probe: (kind) => {
      const control = controlOf(kind);
      return rest(
        `/api/${kind.item.type}?status=draft&filters[documentId][$in][0]=${kind.item.documentId}&filters[documentId][$in][1]=${control.documentId}${localeParam(kind.locale, '&')}`,
        200,
        [control.marker],
        total(() => (kind.item.shownAs ? 2 : 1)),
      );
    },
  },
  {
    name: 'REST find filtered by slug or headline (hidden item and the control)',
    probe: (kind) => {
      const control = controlOf(kind);
      const values = [kind.item.identifier, control.identifier].map((value, i) => `filters[${control.field}][$in][${i}]=${encodeURIComponent(value)}`);
      return rest(
        `/api/${kind.item.type}?status=draft&${values.join('&')}${localeParam(kind.locale, '&')}`,
        200,
        [control.marker],
        total(() => 1),
      );
    },
  },

  {
    name: 'REST find of sections and articles filtered through a relation by the hidden text (no oracle)',
    probe: (kind) => {
      const [word] = kind.markers;
      const through =
        kind.item.type === 'articles'
          ? `/api/sections?filters[articles][slug][$containsi]=${word}`
          : `/api/articles?filters[teasers][headline][$containsi]=${word}`;
      return rest(`${through}&status=draft${localeParam(kind.locale, '&')}`, 200, [], (body) => expect(body.data).toEqual([]));
    },
  },
  {
    name: 'REST find of sections filtered through two relations by the hidden text (no oracle)',
    probe: (kind) => {
      const [word] = kind.markers;
      const locale = localeParam(kind.locale, '&');
      if (kind.item.type === 'articles')
        return rest(`/api/sections?filters[teasers][article][title][$containsi]=${word}${locale}`, 200, [], (body) => expect(body.data).toEqual([]));
      // Through two to-many relations: outside the query contract (rows multiply), a 400 whatever the word.
      return rest(`/api/sections?filters[articles][teasers][headline][$containsi]=${word}${locale}`, 400, []);
    },
  },
  {
    name: 'REST populate filtered through a relation by the hidden text (no oracle)',
    probe: (kind) => {
      const [word] = kind.markers;
      const filter =
        kind.item.type === 'articles'
          ? `populate[section][filters][articles][slug][$containsi]=${word}`
          : `populate[section][filters][teasers][headline][$containsi]=${word}`;
      return rest(`/api/articles?${filter}${localeParam(kind.locale, '&')}`, 200, [inLocale(kind.locale).storyMarker], (body) => {
        for (const article of body.data as Row[]) expect(article.section).toBeNull();
      });
    },
  },
  {
    name: 'GraphQL sections(filters) and nested teasers(filters) through a relation by the hidden text (no oracle)',
    probe: (kind) => {
      const [word] = kind.markers;
      const filter = kind.item.type === 'articles' ? `{ articles: { slug: { containsi: "${word}" } } }` : `{ teasers: { headline: { containsi: "${word}" } } }`;
      const locale = kind.locale === DEFAULT_LOCALE ? '' : `(locale: "${kind.locale}")`;
      return graphql(
        `{ found: sections(filters: ${filter}${localeArg(kind.locale)}) { name } all: sections${locale} { name articles { title teasers(filters: { article: { slug: { containsi: "${word}" } } }) { headline } } } }`,
        [inLocale(kind.locale).storyMarker],
        (data) => {
          expect(data.found).toEqual([]);
          for (const section of data.all as Array<{ articles: Array<{ teasers: unknown[] }> }>)
            for (const article of section.articles) expect(article.teasers).toEqual([]);
        },
        kind.locale,
      );
    },
  },

  // Reader endpoints.
  {
    name: 'GET /api/articles/by-slug/:slug of a visible article ("More from" lists the section)',
    probe: () => rest(`/api/articles/by-slug/${visible.story.slug}?moreFromLimit=20`, 200, [M.story, M.teaser, M.editedTeaserShown]),
  },
  {
    name: 'GET /api/articles/by-slug/:slug of the hidden article (404)',
    probe: (kind) =>
      rest(
        `/api/articles/by-slug/${slugOf(kind)}?moreFromLimit=20${localeParam(kind.locale, '&')}`,
        pageStatusOf(kind),
        pagePresentOf(kind),
        kind.hiddenSlug ? notFound : undefined,
      ),
  },
  {
    name: 'GET /api/sections/:slug/more-from',
    probe: () => rest(`/api/sections/${visible.section.slug}/more-from?limit=20`, 200, [M.teaser, M.story]),
  },
  {
    name: 'GET /api/sections/:slug/more-from?exclude=<visible article>',
    probe: () => rest(`/api/sections/${visible.section.slug}/more-from?limit=20&exclude=${visible.story.slug}`, 200, [M.teaser, M.editedTeaserShown]),
  },
  // Search (issue 15): the hidden item's every marker word, slug and documentId, as words to find.
  {
    name: 'GET /api/search?q=<the hidden words>: no hit, total 0, no section counts',
    probe: (kind) => rest(`/api/search?q=${searchFor(kind)}&pageSize=50${localeParam(kind.locale, '&')}`, 200, [], foundOnly([])),
  },
  {
    name: 'GET /api/search?q=<the hidden words> or <a visible word>: only the visible article',
    probe: (kind) =>
      rest(
        `/api/search?q=${searchFor(kind, inLocale(kind.locale).storyMarker)}&pageSize=50${localeParam(kind.locale, '&')}`,
        200,
        [inLocale(kind.locale).storyMarker],
        foundOnly(() => [visible.story.documentId]),
      ),
  },
  {
    name: 'GET /api/search?q=<the hidden words> or <a visible word>&section=<its section>&from=2000-01-01',
    probe: (kind) =>
      rest(
        `/api/search?q=${searchFor(kind, inLocale(kind.locale).storyMarker)}&section=${inLocale(kind.locale).section.slug}&from=2000-01-01&page=1${localeParam(kind.locale, '&')}`,
        200,
        [inLocale(kind.locale).storyMarker],
        foundOnly(() => [visible.story.documentId]),
      ),
  },
  {
    // Outside the search contract: a 400 that tells nothing.
    name: 'GET /api/search?q=<the hidden words>&status=draft (400)',
    probe: (kind) => rest(`/api/search?q=${searchFor(kind)}&status=draft${localeParam(kind.locale, '&')}`, 400, []),
  },
  {
    name: 'GraphQL search(q: <the hidden words>), and with a visible word',
    probe: (kind) =>
      graphql(
        `{ hidden: search(q: ${JSON.stringify(decodeURIComponent(searchFor(kind)))}${localeArg(kind.locale)}) { ${GQL_SEARCH} }
           control: search(q: ${JSON.stringify(decodeURIComponent(searchFor(kind, inLocale(kind.locale).storyMarker)))}, pagination: { pageSize: 50 }${localeArg(kind.locale)}) { ${GQL_SEARCH} } }`,
        [inLocale(kind.locale).storyMarker],
        (data) => {
          expect(data.hidden).toEqual({ data: [], pagination: { page: 1, pageSize: 10, pageCount: 0, total: 0 }, sections: [] });
          const control = data.control as {
            data: Array<{ documentId: string }>;
            pagination: { total: number };
            sections: Array<{ documentId: string; count: number }>;
          };
          expect(control.data.map((hit) => hit.documentId)).toEqual([visible.story.documentId]);
          expect(control.pagination.total).toBe(1);
          expect(control.sections).toEqual([expect.objectContaining({ documentId: visible.section.documentId, count: 1 })]);
        },
        kind.locale,
      ),
  },

  // Feeds and sitemaps (issue 13): the visible controls' titles or URLs are in each, nothing hidden.
  ...['/api/feed.xml', '/api/feed.json'].map((path) => ({
    name: `GET ${path}`,
    probe: () => rest(path, 200, [M.story, M.promoted, M.editedShown]),
  })),
  ...['xml', 'json'].map((format) => ({
    name: `GET /api/sections/:slug/feed.${format}`,
    probe: () => rest(`/api/sections/${visible.section.slug}/feed.${format}`, 200, [M.story, M.promoted, M.editedShown]),
  })),
  ...['/api/sitemaps/articles/1.xml', '/api/sitemaps/news.xml'].map((path) => ({
    name: `GET ${path}`,
    probe: () => rest(path, 200, [M.story, M.promoted, M.editedShown]),
  })),
  {
    name: 'GET /api/sitemaps/sections.xml',
    probe: () => rest('/api/sitemaps/sections.xml', 200, [visible.section.slug]),
  },
  {
    name: 'GET /api/sitemap.xml',
    probe: () => rest('/api/sitemap.xml', 200, ['/api/sitemaps/articles/1.xml']),
  },
  {
    name: 'GET /api/preview/articles/:documentId without the secret (401)',
    probe: (kind) => rest(`/api/preview/articles/${kind.previewDocumentId}${localeParam(kind.locale, '?')}`, 401, [], unauthorized),
  },
  {
    name: 'GET /api/preview/articles/:documentId with a wrong secret (401)',
    probe: (kind) =>
      rest(`/api/preview/articles/${kind.previewDocumentId}?status=draft&secret=not-the-secret-at-all${localeParam(kind.locale, '&')}`, 401, [], unauthorized),
  },

  // GraphQL.
  ...['', 'status: DRAFT, '].map((status) => ({
    name: `GraphQL articles(${status}…) with teasers, section, lastUpdate, moreFrom`,
    probe: () =>
      graphql(
        `{ articles(${status}pagination: { limit: 20 }) { ${GQL_ARTICLE} teasers { headline article { title } } section { name articles { title slug } teasers { headline } } } }`,
        [M.story, M.promoted, M.editedShown, M.teaser],
        (data) => expect(data.articles).toHaveLength(visible.articleCount),
      ),
  })),
  ...['', '(status: DRAFT)'].map((args) => ({
    name: `GraphQL articles_connection${args} and teasers_connection${args}: counts`,
    probe: () =>
      graphql(
        `{ a: articles_connection${args} { nodes { title slug } pageInfo { total } } t: teasers_connection${args} { nodes { headline } pageInfo { total } } }`,
        [M.story, M.teaser],
        (data) => {
          expect((data.a as { pageInfo: { total: number } }).pageInfo.total).toBe(visible.articleCount);
          expect((data.t as { pageInfo: { total: number } }).pageInfo.total).toBe(visible.teaserCount);
        },
      ),
  })),
  ...['', '(status: DRAFT)'].map((args) => ({
    name: `GraphQL sections${args} { articles { teasers { article } } teasers { article } moreFrom }`,
    probe: () => graphql(`{ sections${args} { ${GQL_SECTION_DEEP} } }`, [M.story, M.teaser]),
  })),
  {
    name: 'GraphQL sections(status: DRAFT) { articles_connection teasers_connection }',
    probe: () =>
      graphql(
        `
          {
            sections(status: DRAFT) {
              articles_connection {
                nodes {
                  title
                  slug
                }
              }
              teasers_connection {
                nodes {
                  headline
                }
              }
            }
          }
        `,
        [M.story, M.teaser],
        (data) => {
          const [section] = data.sections as Array<Record<string, { nodes: unknown[] }>>;
          expect(section.articles_connection.nodes).toHaveLength(visible.articleCount);
          expect(section.teasers_connection.nodes).toHaveLength(visible.teaserCount);
        },
      ),
  },
  {
    name: 'GraphQL articles(publicationFilter: MODIFIED) { section { articles } }: no hint of unpublished edits',
    probe: () =>
      graphql(
        `
          {
            articles(publicationFilter: MODIFIED) {
              title
              section {
                articles {
                  title
                }
              }
            }
          }
        `,
        [M.story, M.editedShown],
        (data) => {
          const articles = data.articles as Array<{ section: { articles: unknown[] } }>;
          expect(articles).toHaveLength(visible.articleCount);
          for (const article of articles) expect(article.section.articles).toHaveLength(visible.articleCount);
        },
      ),
  },
  ...['', '(status: DRAFT)'].map((args) => ({
    name: `GraphQL teasers${args} { article { teasers section { articles teasers } } }`,
    probe: () =>
      graphql(
        `{ teasers${args} { ${GQL_TEASER} article { teasers { headline } section { name articles { title slug } teasers { headline } } } } }`,
        [M.teaser, M.promoted],
        (data) => expect(data.teasers).toHaveLength(visible.teaserCount),
      ),
  })),
  {
    name: 'GraphQL sections { teasers(filters, sort) articles { teasers(filters) } }: client filters on nested teasers',
    probe: () =>
      graphql(
        `
          {
            sections {
              teasers(filters: { headline: { containsi: "teaser" } }, sort: "position:asc") {
                headline
              }
              articles(filters: { title: { containsi: "story" } }) {
                title
                teasers(filters: { or: [{ startsAt: { null: true } }, { startsAt: { notNull: true } }] }) {
                  headline
                }
              }
            }
          }
        `,
        [M.teaser, M.editedTeaserShown, M.story],
      ),
  },
  {
    name: 'GraphQL articleBySlug of a visible article, with nested relations',
    probe: () =>
      graphql(
        `{ articleBySlug(slug: "${visible.promoted.slug}") { ${GQL_ARTICLE} teasers { headline article { title } } section { name articles { title slug } teasers { headline } moreFrom(limit: 20) { items { headline } } } } }`,
        [M.promoted, M.teaser],
      ),
  },
  {
    name: 'GraphQL section(documentId) { articles teasers }, nested from a single-item root',
    probe: () =>
      graphql(
        `{ section(documentId: "${visible.section.documentId}", status: DRAFT) { ${GQL_SECTION_DEEP} articles_connection { nodes { title } } } }`,
        [M.story, M.teaser],
        (data) => expect((data.section as { articles_connection: { nodes: unknown[] } }).articles_connection.nodes).toHaveLength(visible.articleCount),
      ),
  },
  { name: 'GraphQL article/teaser(documentId) of the hidden item', probe: (kind) => graphqlItem(kind, '') },
  { name: 'GraphQL article/teaser(documentId, status: DRAFT) of the hidden item', probe: (kind) => graphqlItem(kind, ', status: DRAFT') },
  {
    name: 'GraphQL articleBySlug of the hidden article',
    probe: (kind) =>
      graphql(
        `{ hidden: articleBySlug(slug: "${slugOf(kind)}"${localeArg(kind.locale)}) { ${GQL_ARTICLE} } control: articleBySlug(slug: "${inLocale(kind.locale).promoted.slug}"${localeArg(kind.locale)}) { title } }`,
        [inLocale(kind.locale).promotedMarker, ...pagePresentOf(kind)],
        (data) => {
          if (kind.hiddenSlug) expect(data.hidden).toBeNull();
        },
        kind.locale,
      ),
  },
  {
    name: 'GraphQL find filtered by documentId (hidden item and the control), status: DRAFT',
    probe: (kind) => {
      const control = controlOf(kind);
      const selection = kind.item.type === 'articles' ? 'documentId title slug body' : 'documentId headline';
      return graphql(
        `{ ${kind.item.type}(status: DRAFT, filters: { documentId: { in: ["${kind.item.documentId}", "${control.documentId}"] } }${localeArg(kind.locale)}) { ${selection} } }`,
        [control.marker],
        (data) => expect(data[kind.item.type]).toHaveLength(kind.item.shownAs ? 2 : 1),
        kind.locale,
      );
    },
  },

  // The reference reader front-end (examples/reader) in front of the API.
  { name: 'reader page of a visible article', probe: () => readerPage(`/articles/${visible.story.slug}`, 200, [M.story, M.teaser, M.editedTeaserShown]) },
  {
    // The reference reader is English only: a German hidden slug is a 404 there too.
    name: 'reader page of the hidden article (404)',
    probe: (kind) => readerPage(`/articles/${kind.hiddenSlug ?? visible.story.slug}`, pageStatusOf(kind), kind.hiddenSlug ? [] : [M.story]),
  },
  { name: 'reader preview page without the secret (401)', probe: (kind) => readerPage(`/preview/articles/${kind.previewDocumentId}?status=draft`, 401, []) },

  // The revision history's admin API (src/history/routes.ts) holds every draft's content: nothing without an admin session.
  ...['versions', 'corrections'].map((route) => ({
    name: `history: GET /newsroom-history/${route} of the hidden item without an admin session (401)`,
    probe: (kind: HiddenKind) =>
      rest(
        `/newsroom-history/${route}?uid=${encodeURIComponent(kind.item.type === 'articles' ? ARTICLE : TEASER)}&documentId=${kind.item.documentId}`,
        401,
        [],
        unauthorized,
      ),
  })),
  {
    name: 'history: GET /newsroom-history/audit without an admin session (401)',
    probe: () => rest('/newsroom-history/audit?action=create,update', 401, [], unauthorized),
  },
];

/**
 * The surfaces again in the second locale (`locale=de`): German lists, pages, feeds, sitemaps and GraphQL hold the
 * German controls, and neither German nor English hidden things; and the custom routes asked for `locale=en`.
 */
const DE = `locale=${SECOND_LOCALE}`;
const surfacesInLocales: Surface[] = [
  // Core REST (Strapi's i18n): German lists hold the German controls only.
  ...['', '&status=draft', '&status=published'].map((status) => ({
    name: `REST GET /api/articles?${DE}&pagination[pageSize]=100${status}`,
    probe: () =>
      rest(
        `/api/articles?${DE}&pagination[pageSize]=100${status}`,
        200,
        [M.storyDe, M.promotedDe],
        total(() => visible.de.articleCount),
      ),
  })),
  ...[
    'populate=*',
    'status=draft&populate=*',
    'populate[teasers][populate]=section',
    'status=draft&populate=section.teasers,teasers.section',
    'populate[section][populate]=teasers,parent,children',
  ].map((query) => ({
    name: `REST GET /api/articles?${DE}&${query}`,
    probe: () =>
      rest(
        `/api/articles?${DE}&pagination[pageSize]=100&${query}`,
        200,
        [M.storyDe, M.teaserDe],
        total(() => visible.de.articleCount),
      ),
  })),
  {
    name: `REST GET /api/articles/:documentId?${DE}&populate=* (the promoted article)`,
    probe: () => rest(`/api/articles/${visible.promoted.documentId}?${DE}&populate=*`, 200, [M.promotedDe, M.teaserDe]),
  },
  {
    name: `REST GET /api/articles/:documentId?${DE}&status=draft&populate[teasers][populate]=section (the promoted article)`,
    probe: () => rest(`/api/articles/${visible.promoted.documentId}?${DE}&status=draft&populate[teasers][populate]=section`, 200, [M.promotedDe, M.teaserDe]),
  },
  {
    name: `REST GET /api/articles/:documentId?${DE}&populate[teasers][count]=true (the promoted article): the count is of shown German teasers`,
    probe: () =>
      rest(`/api/articles/${visible.promoted.documentId}?${DE}&populate[teasers][count]=true`, 200, [M.promotedDe], (body) =>
        expect((body.data as { teasers: unknown }).teasers).toEqual({ count: visible.de.teaserCount }),
      ),
  },
  ...[
    'populate=*',
    'status=draft&populate=*',
    'populate=articles',
    'populate[teasers][populate]=article',
    'status=draft&populate[articles][populate]=teasers',
    'populate=articles.teasers,teasers.article',
  ].map((query) => ({
    name: `REST GET /api/sections?${DE}&${query}`,
    probe: () => rest(`/api/sections?${DE}&${query}`, 200, query.includes('teasers') ? [M.teaserDe] : [M.storyDe]),
  })),
  {
    name: `REST GET /api/sections/:documentId?${DE}&status=draft&populate[articles][populate]=teasers`,
    probe: () => rest(`/api/sections/${visible.section.documentId}?${DE}&status=draft&populate[articles][populate]=teasers`, 200, [M.storyDe, M.teaserDe]),
  },
  ...['', 'status=draft', 'populate=*', 'status=draft&populate=*', 'populate[article][populate]=section', 'populate[section][populate]=articles'].map(
    (query) => ({
      name: `REST GET /api/teasers?${DE}${query ? `&${query}` : ''}`,
      probe: () =>
        rest(
          `/api/teasers?${DE}&pagination[pageSize]=100${query ? `&${query}` : ''}`,
          200,
          [M.teaserDe],
          total(() => visible.de.teaserCount),
        ),
    }),
  ),

  // Reader endpoints with a locale.
  {
    name: `GET /api/articles/by-slug/:slug?${DE} of a visible German article ("More from" lists the German section)`,
    probe: () => rest(`/api/articles/by-slug/${visible.de.story.slug}?moreFromLimit=20&${DE}`, 200, [M.storyDe, M.teaserDe]),
  },
  {
    name: 'GET /api/articles/by-slug/:slug?locale=en of a visible article',
    probe: () => rest(`/api/articles/by-slug/${visible.story.slug}?moreFromLimit=20&locale=en`, 200, [M.story, M.teaser, M.editedTeaserShown]),
  },
  {
    name: 'GET /api/articles/by-slug/:slug of a German slug without a locale: 404 (slugs are per locale, the default locale is English)',
    probe: () => rest(`/api/articles/by-slug/${visible.de.story.slug}`, 404, [], notFound),
  },
  {
    name: `GET /api/sections/:slug/more-from?${DE}`,
    probe: () => rest(`/api/sections/${visible.de.section.slug}/more-from?limit=20&${DE}`, 200, [M.teaserDe, M.storyDe]),
  },
  {
    name: `GET /api/sections/:slug/more-from?${DE}&exclude=<visible German article>`,
    probe: () => rest(`/api/sections/${visible.de.section.slug}/more-from?limit=20&exclude=${visible.de.story.slug}&${DE}`, 200, [M.teaserDe]),
  },
  {
    name: 'GET /api/sections/:slug/more-from?locale=en',
    probe: () => rest(`/api/sections/${visible.section.slug}/more-from?limit=20&locale=en`, 200, [M.teaser, M.story]),
  },
  {
    name: `GET /api/search?q=<a visible German word>&${DE}: the German article only`,
    probe: () =>
      rest(
        `/api/search?q=${M.storyDe}&${DE}`,
        200,
        [M.storyDe],
        foundOnly(() => [visible.story.documentId]),
      ),
  },
  {
    name: 'GET /api/search?q=<a visible English word>&locale=en: the English article only',
    probe: () =>
      rest(
        `/api/search?q=${M.story}&locale=en`,
        200,
        [M.story],
        foundOnly(() => [visible.story.documentId]),
      ),
  },

  // Feeds and sitemaps in German.
  ...['/api/feed.xml', '/api/feed.json', '/api/sitemaps/articles/1.xml', '/api/sitemaps/news.xml'].map((path) => ({
    name: `GET ${path}?${DE}`,
    probe: () => rest(`${path}?${DE}`, 200, [M.storyDe, M.promotedDe]),
  })),
  ...['xml', 'json'].map((format) => ({
    name: `GET /api/sections/:slug/feed.${format}?${DE}`,
    probe: () => rest(`/api/sections/${visible.de.section.slug}/feed.${format}?${DE}`, 200, [M.storyDe, M.promotedDe]),
  })),
  {
    name: `GET /api/sitemaps/sections.xml?${DE}`,
    probe: () => rest(`/api/sitemaps/sections.xml?${DE}`, 200, [visible.de.section.slug]),
  },
  ...['/api/feed.xml', '/api/sitemaps/articles/1.xml'].map((path) => ({
    name: `GET ${path}?locale=en`,
    probe: () => rest(`${path}?locale=en`, 200, [M.story, M.promoted, M.editedShown]),
  })),

  // GraphQL with `locale` (Strapi's i18n adds the argument to the core queries).
  ...['', 'status: DRAFT, '].map((status) => ({
    name: `GraphQL articles(${status}locale: "de") with teasers, section, lastUpdate, moreFrom`,
    probe: () =>
      graphql(
        `{ articles(${status}locale: "de", pagination: { limit: 20 }) { ${GQL_ARTICLE} teasers { headline article { title } } section { name articles { title slug } teasers { headline } } } }`,
        [M.storyDe, M.promotedDe, M.teaserDe],
        (data) => expect(data.articles).toHaveLength(visible.de.articleCount),
        SECOND_LOCALE,
      ),
  })),
  ...['', 'status: DRAFT, '].map((status) => ({
    name: `GraphQL articles_connection(${status}locale: "de") and teasers_connection(${status}locale: "de"): counts`,
    probe: () =>
      graphql(
        `{ a: articles_connection(${status}locale: "de") { nodes { title slug } pageInfo { total } } t: teasers_connection(${status}locale: "de") { nodes { headline } pageInfo { total } } }`,
        [M.storyDe, M.teaserDe],
        (data) => {
          expect((data.a as { pageInfo: { total: number } }).pageInfo.total).toBe(visible.de.articleCount);
          expect((data.t as { pageInfo: { total: number } }).pageInfo.total).toBe(visible.de.teaserCount);
        },
        SECOND_LOCALE,
      ),
  })),
  ...['', 'status: DRAFT, '].map((status) => ({
    name: `GraphQL sections(${status}locale: "de") { articles { teasers { article } } teasers { article } moreFrom }`,
    probe: () => graphql(`{ sections(${status}locale: "de") { ${GQL_SECTION_DEEP} } }`, [M.storyDe, M.teaserDe], undefined, SECOND_LOCALE),
  })),
  ...['', 'status: DRAFT, '].map((status) => ({
    name: `GraphQL teasers(${status}locale: "de") { article { teasers section { articles teasers } } }`,
    probe: () =>
      graphql(
        `{ teasers(${status}locale: "de") { ${GQL_TEASER} article { teasers { headline } section { name articles { title slug } teasers { headline } } } } }`,
        [M.teaserDe, M.promotedDe],
        (data) => expect(data.teasers).toHaveLength(visible.de.teaserCount),
        SECOND_LOCALE,
      ),
  })),
  {
    name: 'GraphQL section(documentId, locale: "de") { articles teasers }, nested from a single-item root',
    probe: () =>
      graphql(
        `{ section(documentId: "${visible.section.documentId}", locale: "de") { ${GQL_SECTION_DEEP} articles_connection { nodes { title } } } }`,
        [M.storyDe, M.teaserDe],
        (data) => expect((data.section as { articles_connection: { nodes: unknown[] } }).articles_connection.nodes).toHaveLength(visible.de.articleCount),
        SECOND_LOCALE,
      ),
  },
  {
    name: 'GraphQL articleBySlug(locale: "de") of a visible German article, with nested relations',
    probe: () =>
      graphql(
        `{ articleBySlug(slug: "${visible.de.promoted.slug}", locale: "de") { ${GQL_ARTICLE} teasers { headline article { title } } section { name articles { title slug } teasers { headline } moreFrom(limit: 20) { items { headline } } } } }`,
        [M.promotedDe, M.teaserDe],
        undefined,
        SECOND_LOCALE,
      ),
  },
];

beforeAll(async () => {
  await buildWorld();
  apiUrl = await app.url();
  reader = createReaderServer({ apiUrl, etagCache: null, previewSecret: 'reader-preview-secret-for-tests', onError: () => undefined });
  readerUrl = await listen(reader);
});

afterAll(() => close(reader));

const KIND_NAMES = [...HIDDEN_KIND_NAMES];
const kindNamed = (name: string) => {
  const kind = kinds.find((candidate) => candidate.name === name);
  if (!kind) throw new Error(`The fixture world has no "${name}"`);
  return kind;
};

describe('the fixture world holds what the table claims', () => {
  test('every hidden kind was built, and each marker is found where only an editor can see it', async () => {
    expect(kinds.map((kind) => kind.name).sort()).toEqual([...KIND_NAMES].sort());
    // No marker contains another, so finding one never stands for finding another.
    const words = [...Object.values(M), ...kinds.flatMap((kind) => kind.markers)];
    for (const word of words) expect(words.filter((other) => other !== word && other.includes(word))).toEqual([]);
    // The preview (with its secret) shows drafts: the markers are real words of stored content.
    for (const name of ['a draft never published', 'a scheduled draft not yet due', 'the unpublished edit of a published article']) {
      const kind = kindNamed(name);
      const res = await app
        .http()
        .get(`/api/preview/articles/${kind.previewDocumentId}?status=draft`)
        .set('X-Preview-Secret', String(process.env.PREVIEW_SECRET));
      expect(res.status).toBe(200);
      expect(res.text).toContain(kind.markers[0]);
    }
  });

  test('hidden articles have no published version (but a draft), the edit is only in the draft', async () => {
    const articles = documents(app, ARTICLE);
    for (const name of ['a draft never published', 'an article unpublished after publication', 'a scheduled draft not yet due']) {
      const { documentId } = kindNamed(name).item;
      expect(await articles.findOne({ documentId, status: 'published' })).toBeNull();
      expect(await articles.findOne({ documentId, status: 'draft' })).not.toBeNull();
    }
    const scheduled = (await app.strapi.db
      .query(ARTICLE)
      .findOne({ where: { documentId: kindNamed('a scheduled draft not yet due').item.documentId } })) as Row;
    expect(new Date(String(scheduled.scheduledAt)).getTime()).toBeGreaterThan(Date.now());
    const edited = kindNamed('the unpublished edit of a published article');
    expect((await articles.findOne({ documentId: edited.item.documentId, status: 'published' }))?.title).toContain(M.editedShown);
    expect((await articles.findOne({ documentId: edited.item.documentId, status: 'draft' }))?.title).toContain(edited.markers[0]);
  });

  test('German hidden translations: a German draft but no published German version, next to a published English one', async () => {
    const articles = documents(app, ARTICLE);
    const names = [
      'a German draft of a published English article',
      'a German translation published, then unpublished',
      'a German translation scheduled, not yet due',
    ];
    for (const name of names) {
      const { documentId } = kindNamed(name).item;
      expect(await articles.findOne({ documentId, locale: SECOND_LOCALE, status: 'published' })).toBeNull();
      expect((await articles.findOne({ documentId, locale: SECOND_LOCALE, status: 'draft' }))?.title).toContain(kindNamed(name).markers[0]);
      expect(await articles.findOne({ documentId, locale: DEFAULT_LOCALE, status: 'published' })).not.toBeNull();
    }
    const scheduled = (await app.strapi.db
      .query(ARTICLE)
      .findOne({ where: { documentId: kindNamed('a German translation scheduled, not yet due').item.documentId, locale: SECOND_LOCALE } })) as Row;
    expect(new Date(String(scheduled.scheduledAt)).getTime()).toBeGreaterThan(Date.now());
    const edited = kindNamed('the unpublished edit of a published German translation');
    expect((await articles.findOne({ documentId: edited.item.documentId, locale: SECOND_LOCALE, status: 'published' }))?.title).toContain(M.promotedDe);
    expect((await articles.findOne({ documentId: edited.item.documentId, locale: SECOND_LOCALE, status: 'draft' }))?.title).toContain(edited.markers[0]);
    // The German controls are published German rows of the same documents.
    for (const doc of [visible.de.story, visible.de.promoted])
      expect((await articles.findOne({ documentId: doc.documentId, locale: SECOND_LOCALE, status: 'published' }))?.slug).toBe(doc.slug);
  });

  test('every hidden teaser is published: only the rules for readers keep it out of sight', async () => {
    const teasers = documents(app, TEASER);
    for (const kind of kinds.filter((candidate) => candidate.item.type === 'teasers')) {
      expect(await teasers.findOne({ documentId: kind.item.documentId, locale: kind.locale, status: 'published' })).not.toBeNull();
    }
  });
});

/** Titles and headlines of the controls of the locales other than `locale` (slugs, which alternates may link, are not looked for). */
const titlesNotIn = (locale: WorldLocale) =>
  locale === SECOND_LOCALE
    ? [M.story, M.promoted, M.editedShown, M.englishOnly, M.englishToo]
        .map((word) => `Story ${word}`)
        .concat([`Teaser ${M.teaser}`, `Teaser ${M.editedTeaserShown}`])
    : [`Geschichte ${M.storyDe}`, `Geschichte ${M.promotedDe}`, `Anreißer ${M.teaserDe}`];

const ALL_SURFACES = [...surfaces, ...surfacesInLocales];
const CASES = ALL_SURFACES.flatMap((surface) => KIND_NAMES.map((kindName) => ({ surface, kindName })));

describe(`nothing unpublished leaks: ${ALL_SURFACES.length} surfaces × ${KIND_NAMES.length} hidden kinds = ${CASES.length} cases`, () => {
  test.each(CASES.map(({ surface, kindName }) => [surface.name, kindName, surface] as const))('%s — %s', async (_surfaceName, kindName, surface) => {
    const kind = kindNamed(kindName);
    const probe = surface.probe(kind);
    const reply = await probe.send();
    expect({ request: probe.key, status: reply.status }).toEqual({ request: probe.key, status: probe.status });
    const text = contentOf(reply);
    for (const hidden of [...kind.markers, ...(probe.locale === kind.locale ? kind.localeMarkers : [])]) expect(text).not.toContain(hidden);
    if (probe.oneLocale) for (const title of titlesNotIn(probe.locale)) expect(text).not.toContain(title);
    for (const shown of probe.present) expect(text).toContain(shown);
    probe.check?.(reply.body as Row);
  });
});

/**
 * `locale=*` and `locale=all`: Strapi 5's Document Service reads every locale with `locale: '*'`. A reader may be
 * refused (400, Strapi's error format; a single item in no such locale: 404) or served every locale, but never a
 * draft, an unpublished or a not-yet-due version in any of them: no marker of any hidden kind, and only published
 * rows (`publishedAt` set). GraphQL's locale scalar refuses an unknown literal as a validation error.
 */
describe('locale=* and locale=all: no hidden thing of any locale', () => {
  const hiddenEverywhere = () => kinds.flatMap((kind) => kind.markers);
  const publishedOnly = (items: unknown) => {
    for (const item of (Array.isArray(items) ? items : [items]) as Row[]) expect(item.publishedAt ?? 'no publishedAt field').not.toBeNull();
  };
  const requests = ['*', '%2A', 'all', 'ALL'].flatMap((locale) => [
    `/api/articles?locale=${locale}&pagination[pageSize]=100`,
    `/api/articles?locale=${locale}&status=draft&pagination[pageSize]=100&populate=*`,
    `/api/teasers?locale=${locale}&status=draft&pagination[pageSize]=100&populate=*`,
    `/api/sections?locale=${locale}&populate[articles][populate]=teasers`,
    `/api/articles/{edited}?locale=${locale}&status=draft`,
    `/api/articles/{promoted}?locale=${locale}&status=draft&populate=teasers`,
  ]);
  test.each(requests)('GET %s', async (path) => {
    const single = path.includes('{');
    const res = await app.http().get(path.replace('{edited}', visible.edited.documentId).replace('{promoted}', visible.promoted.documentId));
    expect(single ? [200, 400, 404] : [200, 400]).toContain(res.status);
    if (res.status === 400) expect(res.body).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError' } });
    else if (res.status === 404) notFound(res.body as Row);
    else if (!path.startsWith('/api/sections')) publishedOnly((res.body as { data: unknown }).data);
    for (const word of hiddenEverywhere()) expect(contentOf(asReply(res))).not.toContain(word);
  });
  test.each(['*', 'all'])('GraphQL articles, teasers, sections and their connections with locale: "%s" and status: DRAFT', async (locale) => {
    const query = `{
      articles(locale: "${locale}", status: DRAFT, pagination: { limit: 100 }) { documentId title slug body publishedAt teasers { headline } }
      articles_connection(locale: "${locale}", status: DRAFT) { pageInfo { total } }
      teasers(locale: "${locale}", status: DRAFT, pagination: { limit: 100 }) { headline publishedAt article { title } }
      sections(locale: "${locale}") { name articles { title } teasers { headline } }
    }`;
    const res = await app.http().post('/graphql').send({ query });
    const body = res.body as { data?: Row | null; errors?: Array<{ extensions?: { code?: string } }> };
    if (body.errors) for (const error of body.errors) expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(error.extensions?.code);
    else {
      publishedOnly(body.data?.articles);
      publishedOnly(body.data?.teasers);
    }
    for (const word of hiddenEverywhere()) expect(res.text).not.toContain(word);
  });
});
