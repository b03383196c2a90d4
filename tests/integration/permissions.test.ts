/**
 * The permission matrix: who may read, create, update, publish, unpublish and delete articles,
 * teasers and sections, through REST, GraphQL and the admin panel's content-manager API; who may read
 * their revision history, restore a version, read the audit trail and append a correction (the history's
 * admin API, src/history/routes.ts).
 *
 * Actors: an anonymous client; a reader with an account from the open sign-up (users-permissions
 * Authenticated role); a read-only and a full-access API token; a Reporter, an Editor and a Super
 * Admin logged into the admin panel. Each actor always sends its own credentials, whichever channel it
 * calls, so the matrix also covers content-API credentials on the admin API and admin sessions on the
 * content API.
 *
 * Every cell of the table is one test. A refused call must answer 401 or 403 in Strapi's error format
 * and leave every stored row of the content type as it was; a permitted one must have its effect.
 */
import { useApp } from '../harness/app';
import { panelUser, cm } from '../harness/admin-users';
import { ARTICLE, SECTION, TEASER } from '../harness/constants';
import { apiToken, bearer, documents, readerJwt, rowsOf, type Row } from '../harness/clients';
import { unique } from '../harness/content';
import { EDITOR, REPORTER } from '../../src/bootstrap/roles';
import { CORRECTION, VERSION } from '../../src/history/versions';

type Actor = 'anonymous' | 'reader' | 'read-only token' | 'full-access token' | 'reporter' | 'editor' | 'super admin';
type Channel = 'rest' | 'graphql' | 'admin';
type Kind = 'article' | 'teaser' | 'section';
type Operation =
  | 'read published'
  | 'read page'
  | 'read draft'
  | 'create'
  | 'create published'
  | 'update'
  | 'publish'
  | 'unpublish'
  | 'delete'
  | 'bulk publish'
  | 'bulk unpublish'
  | 'bulk delete'
  | 'read history'
  | 'restore'
  | 'audit'
  | 'correct';
/** `published only`: the call is answered, but with the published version (the content API never serves a draft). */
type Outcome = 'allowed' | 'published only' | 401 | 403;

// ---------------------------------------------------------------------------------------------
// The matrix, as data
// ---------------------------------------------------------------------------------------------

const READS: Operation[] = ['read published', 'read draft'];
/** The reader endpoints of a page: the article by slug, a section's "More from" list (REST and GraphQL only). */
const PAGE: Operation[] = ['read page'];
const CONTENT_API_WRITES: Operation[] = ['create', 'create published', 'update', 'publish', 'delete'];
const ADMIN_WRITES: Operation[] = [...CONTENT_API_WRITES, 'unpublish', 'bulk publish', 'bulk unpublish', 'bulk delete'];
/** The history's admin API: versions and restores of every type; the audit trail and corrections (articles only, here). */
const HISTORY: Operation[] = ['read history', 'restore'];
const ARTICLE_HISTORY: Operation[] = [...HISTORY, 'audit', 'correct'];

/**
 * The operations each channel offers. Not in the matrix because no channel call exists for them:
 * unpublishing and bulk actions over REST or GraphQL (Strapi 5's content API has neither), and
 * drafts, publishing and unpublishing of sections (no Draft & Publish).
 */
const OPERATIONS: Record<Channel, Record<Kind, Operation[]>> = {
  rest: {
    article: [...READS, ...PAGE, ...CONTENT_API_WRITES],
    teaser: [...READS, ...CONTENT_API_WRITES],
    section: ['read published', ...PAGE, 'create', 'update', 'delete'],
  },
  graphql: {
    article: [...READS, ...PAGE, ...CONTENT_API_WRITES],
    teaser: [...READS, ...CONTENT_API_WRITES],
    section: ['read published', ...PAGE, 'create', 'update', 'delete'],
  },
  admin: {
    article: [...READS, ...ADMIN_WRITES, ...ARTICLE_HISTORY],
    teaser: [...READS, ...ADMIN_WRITES, ...HISTORY],
    section: ['read published', 'create', 'update', 'delete', 'bulk delete', ...HISTORY],
  },
};

type Grants = Record<Kind, Operation[]>;
const ALL: Operation[] = [...READS, ...PAGE, ...ADMIN_WRITES, ...ARTICLE_HISTORY];
const NOTHING: Grants = { article: [], teaser: [], section: [] };
const READ_ONLY: Grants = { article: [...READS, ...PAGE], teaser: READS, section: ['read published', ...PAGE] };
const EVERYTHING: Grants = { article: ALL, teaser: ALL, section: ALL };
/**
 * Drafts of articles and teasers; sections read-only; no publishing, unpublishing or deleting (src/bootstrap/roles.ts).
 * History: read it and restore into drafts (not of sections, which they may not change); no audit trail, no corrections.
 */
const REPORTER_GRANTS: Grants = {
  article: [...READS, 'create', 'update', ...HISTORY],
  teaser: [...READS, 'create', 'update', ...HISTORY],
  section: ['read published', 'read history'],
};

interface Rule {
  may: Grants;
  /** The answer to everything else: 401 for credentials the channel does not know, 403 for a known actor without the right. */
  otherwise: 401 | 403;
}

const reader = (): Record<Channel, Rule> => ({
  rest: { may: READ_ONLY, otherwise: 403 },
  graphql: { may: READ_ONLY, otherwise: 403 },
  admin: { may: NOTHING, otherwise: 401 },
});
const panel = (admin: Grants): Record<Channel, Rule> => ({
  rest: { may: NOTHING, otherwise: 401 },
  graphql: { may: NOTHING, otherwise: 401 },
  admin: { may: admin, otherwise: 403 },
});

const MATRIX: Record<Actor, Record<Channel, Rule>> = {
  anonymous: reader(),
  reader: reader(),
  'read-only token': reader(),
  'full-access token': {
    rest: { may: EVERYTHING, otherwise: 403 },
    graphql: { may: EVERYTHING, otherwise: 403 },
    admin: { may: NOTHING, otherwise: 401 },
  },
  reporter: panel(REPORTER_GRANTS),
  editor: panel(EVERYTHING),
  'super admin': panel(EVERYTHING),
};

interface Cell {
  actor: Actor;
  channel: Channel;
  kind: Kind;
  operation: Operation;
  expected: Outcome;
}

function expectedOutcome(actor: Actor, channel: Channel, kind: Kind, operation: Operation): Outcome {
  const rule = MATRIX[actor][channel];
  if (!rule.may[kind].includes(operation)) return rule.otherwise;
  // Reader visibility (src/documents/reader-visibility.ts): every content-API read is a read of published content.
  return channel !== 'admin' && operation === 'read draft' ? 'published only' : 'allowed';
}

const CELLS: Cell[] = (Object.keys(MATRIX) as Actor[]).flatMap((actor) =>
  (Object.keys(OPERATIONS) as Channel[]).flatMap((channel) =>
    (Object.keys(OPERATIONS[channel]) as Kind[]).flatMap((kind) =>
      OPERATIONS[channel][kind].map((operation) => ({ actor, channel, kind, operation, expected: expectedOutcome(actor, channel, kind, operation) })),
    ),
  ),
);

// ---------------------------------------------------------------------------------------------
// Running a cell
// ---------------------------------------------------------------------------------------------

const app = useApp();
let world: Row;
/** The published article that teasers promote. */
let promoted: Row;
const credentials = {} as Record<Actor, Record<string, string>>;

beforeAll(async () => {
  world = await documents(app, SECTION).create({ data: { name: unique('Permissions world') } });
  promoted = await documents(app, ARTICLE).create({ data: { title: unique('Promoted'), section: world.documentId }, status: 'published' });
  const [reporter, editor, superAdmin] = [
    await panelUser(app, REPORTER.code, 'reporter'),
    await panelUser(app, EDITOR.code, 'editor'),
    await panelUser(app, 'strapi-super-admin', 'chief'),
  ];
  Object.assign(credentials, {
    anonymous: {},
    reader: bearer(await readerJwt(app)),
    'read-only token': bearer(await apiToken(app, 'read-only')),
    'full-access token': bearer(await apiToken(app, 'full-access')),
    reporter: reporter.auth,
    editor: editor.auth,
    'super admin': superAdmin.auth,
  });
  readable = { article: await KINDS.article.make('live'), teaser: await KINDS.teaser.make('live'), section: await KINDS.section.make('live') };
  draftOnly = { article: await KINDS.article.make('draft'), teaser: await KINDS.teaser.make('draft'), section: await KINDS.section.make('draft') };
});

/** A document to act on: its published text (null when never published) and its draft text. */
interface Target {
  documentId: string;
  slug?: string;
  published: string | null;
  draft: string;
}

interface KindSpec {
  uid: string;
  plural: string;
  /** The text field the cases write and read back. */
  field: 'title' | 'headline' | 'name';
  draftAndPublish: boolean;
  /** GraphQL names: the single query, and the type for `createX` / `updateX` / `deleteX` / `XInput`. */
  gqlOne: string;
  gqlType: string;
  /** A new document's data over the content API (relations by documentId). */
  data: (text: string) => Row;
  /** The same over the content-manager API. */
  adminData: (text: string) => Row;
  /** `live`: published, with an unpublished edit in its draft; `draft`: never published. */
  make: (state: 'live' | 'draft') => Promise<Target>;
}

const connect = (documentId: unknown) => ({ connect: [{ documentId }] });

function drafted(uid: string, field: 'title' | 'headline', base: (text: string) => Row) {
  return async (state: 'live' | 'draft'): Promise<Target> => {
    const text = unique(`Perm ${field}`);
    const docs = documents(app, uid);
    if (state === 'draft') {
      const doc = await docs.create({ data: { ...base(text), [field]: text } });
      return { documentId: String(doc.documentId), slug: doc.slug as string | undefined, published: null, draft: text };
    }
    const doc = await docs.create({ data: { ...base(text), [field]: text }, status: 'published' });
    await docs.update({ documentId: doc.documentId, data: { [field]: `${text} (draft edit)` } });
    return { documentId: String(doc.documentId), slug: doc.slug as string | undefined, published: text, draft: `${text} (draft edit)` };
  };
}

const KINDS: Record<Kind, KindSpec> = {
  article: {
    uid: ARTICLE,
    plural: 'articles',
    field: 'title',
    draftAndPublish: true,
    gqlOne: 'article',
    gqlType: 'Article',
    data: (title) => ({ title, section: world.documentId }),
    adminData: (title) => ({ title, section: connect(world.documentId) }),
    make: drafted(ARTICLE, 'title', () => ({ section: world.documentId })),
  },
  teaser: {
    uid: TEASER,
    plural: 'teasers',
    field: 'headline',
    draftAndPublish: true,
    gqlOne: 'teaser',
    gqlType: 'Teaser',
    data: (headline) => ({ headline, article: promoted.documentId, section: world.documentId }),
    adminData: (headline) => ({ headline, article: connect(promoted.documentId), section: connect(world.documentId) }),
    make: drafted(TEASER, 'headline', () => ({ article: promoted.documentId, section: world.documentId })),
  },
  section: {
    uid: SECTION,
    plural: 'sections',
    field: 'name',
    draftAndPublish: false,
    gqlOne: 'section',
    gqlType: 'Section',
    data: (name) => ({ name }),
    adminData: (name) => ({ name }),
    make: async () => {
      const name = unique('Perm section');
      const doc = await documents(app, SECTION).create({ data: { name } });
      return { documentId: String(doc.documentId), slug: String(doc.slug), published: name, draft: name };
    },
  },
};

/** Shared, never changed: the documents the read cases read. */
let readable: Record<Kind, Target>;
let draftOnly: Record<Kind, Target>;

/** What a cell acts on: reads use the shared documents, writes a fresh one so that cells stay independent. */
async function targetFor(kind: Kind, operation: Operation): Promise<Target | null> {
  if (operation === 'read published' || operation === 'read draft' || operation === 'read page') return readable[kind];
  if (operation === 'create' || operation === 'create published') return null;
  if (operation === 'read history' || operation === 'audit') return readable[kind];
  return KINDS[kind].make(operation === 'publish' || operation === 'bulk publish' ? 'draft' : 'live');
}

interface Reply {
  status: number;
  body: Row;
}

type Call = (spec: KindSpec, target: Target | null, text: string, headers: Record<string, string>) => Promise<Reply>;

const send = async (method: 'get' | 'post' | 'put' | 'delete', url: string, headers: Record<string, string>, body?: Row): Promise<Reply> => {
  const req = app.http()[method](url).set(headers);
  const res = body === undefined ? await req : await req.send(body);
  return { status: res.status, body: (res.body ?? {}) as Row };
};

const graphql = (headers: Record<string, string>, query: string, variables: Row = {}) => send('post', '/graphql', headers, { query, variables });

const id = (target: Target | null) => target!.documentId;
const draftStatus = (spec: KindSpec) => (spec.draftAndPublish ? '?status=draft' : '');

const REST: Partial<Record<Operation, Call>> = {
  'read published': (spec, target, _text, h) => send('get', `/api/${spec.plural}/${id(target)}`, h),
  'read draft': (spec, target, _text, h) => send('get', `/api/${spec.plural}/${id(target)}?status=draft`, h),
  'read page': (spec, target, _text, h) =>
    send('get', spec.uid === ARTICLE ? `/api/articles/by-slug/${target!.slug}` : `/api/sections/${target!.slug}/more-from`, h),
  create: (spec, _target, text, h) => send('post', `/api/${spec.plural}${draftStatus(spec)}`, h, { data: spec.data(text) }),
  // Strapi 5's REST API publishes on create and update unless told `status=draft`.
  'create published': (spec, _target, text, h) => send('post', `/api/${spec.plural}`, h, { data: spec.data(text) }),
  update: (spec, target, text, h) => send('put', `/api/${spec.plural}/${id(target)}${draftStatus(spec)}`, h, { data: { [spec.field]: text } }),
  publish: (spec, target, _text, h) => send('put', `/api/${spec.plural}/${id(target)}?status=published`, h, { data: {} }),
  delete: (spec, target, _text, h) => send('delete', `/api/${spec.plural}/${id(target)}`, h),
};

const gqlStatus = (spec: KindSpec, status: 'DRAFT' | 'PUBLISHED') => (spec.draftAndPublish ? `status: ${status}, ` : '');

const GRAPHQL: Partial<Record<Operation, Call>> = {
  'read published': (spec, target, _text, h) =>
    graphql(h, `query ($id: ID!) { result: ${spec.gqlOne}(documentId: $id) { documentId ${spec.field} } }`, { id: id(target) }),
  'read draft': (spec, target, _text, h) =>
    graphql(
      h,
      `query ($id: ID!, $draftOnly: ID!) {
        result: ${spec.gqlOne}(documentId: $id, status: DRAFT) { documentId ${spec.field} }
        draftOnly: ${spec.gqlOne}(documentId: $draftOnly, status: DRAFT) { documentId }
      }`,
      { id: id(target), draftOnly: draftOnly[kindOf(spec)].documentId },
    ),
  'read page': (spec, target, _text, h) =>
    spec.uid === ARTICLE
      ? graphql(
          h,
          `
            query ($slug: String!) {
              result: articleBySlug(slug: $slug) {
                documentId
                title
                moreFrom {
                  title
                }
              }
            }
          `,
          { slug: target!.slug },
        )
      : graphql(
          h,
          `
            query ($id: ID!) {
              result: section(documentId: $id) {
                documentId
                name
                moreFrom {
                  title
                }
              }
            }
          `,
          { id: id(target) },
        ),
  create: (spec, _target, text, h) =>
    graphql(h, `mutation ($data: ${spec.gqlType}Input!) { result: create${spec.gqlType}(${gqlStatus(spec, 'DRAFT')}data: $data) { documentId } }`, {
      data: spec.data(text),
    }),
  'create published': (spec, _target, text, h) =>
    graphql(h, `mutation ($data: ${spec.gqlType}Input!) { result: create${spec.gqlType}(${gqlStatus(spec, 'PUBLISHED')}data: $data) { documentId } }`, {
      data: spec.data(text),
    }),
  update: (spec, target, text, h) =>
    graphql(
      h,
      `mutation ($id: ID!, $data: ${spec.gqlType}Input!) { result: update${spec.gqlType}(documentId: $id, ${gqlStatus(spec, 'DRAFT')}data: $data) { documentId } }`,
      { id: id(target), data: { [spec.field]: text } },
    ),
  publish: (spec, target, _text, h) =>
    graphql(h, `mutation ($id: ID!) { result: update${spec.gqlType}(documentId: $id, status: PUBLISHED, data: {}) { documentId } }`, { id: id(target) }),
  delete: (spec, target, _text, h) => graphql(h, `mutation ($id: ID!) { result: delete${spec.gqlType}(documentId: $id) { documentId } }`, { id: id(target) }),
};

const ADMIN: Partial<Record<Operation, Call>> = {
  'read published': (spec, target, _text, h) => send('get', cm(spec.uid, `/${id(target)}?status=published`), h),
  'read draft': (spec, target, _text, h) => send('get', cm(spec.uid, `/${id(target)}?status=draft`), h),
  create: (spec, _target, text, h) => send('post', cm(spec.uid), h, spec.adminData(text)),
  'create published': (spec, _target, text, h) => send('post', cm(spec.uid, '/actions/publish'), h, spec.adminData(text)),
  update: (spec, target, text, h) => send('put', cm(spec.uid, `/${id(target)}`), h, { [spec.field]: text }),
  publish: (spec, target, _text, h) => send('post', cm(spec.uid, `/${id(target)}/actions/publish`), h, {}),
  unpublish: (spec, target, _text, h) => send('post', cm(spec.uid, `/${id(target)}/actions/unpublish`), h, {}),
  delete: (spec, target, _text, h) => send('delete', cm(spec.uid, `/${id(target)}`), h),
  'bulk publish': (spec, target, _text, h) => send('post', cm(spec.uid, '/actions/bulkPublish'), h, { documentIds: [id(target)] }),
  'bulk unpublish': (spec, target, _text, h) => send('post', cm(spec.uid, '/actions/bulkUnpublish'), h, { documentIds: [id(target)] }),
  'bulk delete': (spec, target, _text, h) => send('post', cm(spec.uid, '/actions/bulkDelete'), h, { documentIds: [id(target)] }),
  'read history': (spec, target, _text, h) => send('get', `/newsroom-history/versions?uid=${encodeURIComponent(spec.uid)}&documentId=${id(target)}`, h),
  restore: async (spec, target, _text, h) => send('post', `/newsroom-history/versions/${await firstVersion(spec, target!)}/restore`, h),
  audit: (_spec, target, _text, h) => send('get', `/newsroom-history/audit?documentId=${id(target)}&action=create,publish`, h),
  correct: (spec, target, text, h) => send('post', '/newsroom-history/corrections', h, { uid: spec.uid, documentId: id(target), text }),
};

/** The id of a document's first version (its creation). */
async function firstVersion(spec: KindSpec, target: Target): Promise<number> {
  const row = (await app.strapi.db
    .query(VERSION)
    .findOne({ where: { subjectUid: spec.uid, subjectDocumentId: target.documentId }, orderBy: { id: 'asc' } })) as {
    id: number;
  };
  return row.id;
}

const CHANNELS: Record<Channel, Partial<Record<Operation, Call>>> = { rest: REST, graphql: GRAPHQL, admin: ADMIN };

const kindOf = (spec: KindSpec) => (Object.keys(KINDS) as Kind[]).find((kind) => KINDS[kind] === spec)!;

// ---------------------------------------------------------------------------------------------
// Checking a cell
// ---------------------------------------------------------------------------------------------

const ERROR_NAMES: Record<401 | 403, string[]> = {
  401: ['UnauthorizedError'],
  // The content-manager's route policies answer PolicyError.
  403: ['ForbiddenError', 'PolicyError'],
};

function expectRefused(channel: Channel, reply: Reply, status: 401 | 403) {
  if (channel === 'graphql' && reply.status === 200) {
    // Over GraphQL a refused resolver is an entry in `errors`, carrying Strapi's error; its field is null.
    const errors = reply.body.errors as Array<{ extensions: { code: string; error: { name: string; message: string } } }>;
    expect(errors?.[0]?.extensions).toEqual(
      expect.objectContaining({ code: 'FORBIDDEN', error: expect.objectContaining({ name: ERROR_NAMES[status][0], message: expect.any(String) }) }),
    );
    expect((reply.body.data as Row | null)?.result ?? null).toBeNull();
    return;
  }
  expect(reply.status).toBe(status);
  expect(reply.body).toEqual({
    data: null,
    error: expect.objectContaining({ status, name: expect.stringMatching(new RegExp(`^(${ERROR_NAMES[status].join('|')})$`)), message: expect.any(String) }),
  });
}

function expectAnswered(channel: Channel, reply: Reply) {
  if (channel === 'graphql') {
    expect(reply.status).toBe(200);
    expect(reply.body.errors).toBeUndefined();
  } else {
    expect([200, 201, 204]).toContain(reply.status);
  }
}

/** The text field of the single result of a read, whichever channel answered. */
const readText = (channel: Channel, spec: KindSpec, reply: Reply) =>
  channel === 'graphql' ? ((reply.body.data as Row).result as Row | null)?.[spec.field] : (reply.body.data as Row)[spec.field];

const versions = async (spec: KindSpec, where: Row) => {
  const rows = await rowsOf(app, spec.uid, where);
  return { rows, draft: rows.filter((row) => row.publishedAt === null), published: rows.filter((row) => row.publishedAt !== null) };
};

/** The effect a permitted operation must have had, read back from the database (or the reply, for reads). */
async function expectEffect(cell: Cell, spec: KindSpec, target: Target | null, text: string, reply: Reply) {
  const { operation, channel } = cell;
  const field = spec.field;
  switch (operation) {
    case 'read published':
      expect(readText(channel, spec, reply)).toBe(target!.published);
      return;
    case 'read page': {
      const page = (channel === 'graphql' ? (reply.body.data as Row).result : reply.body.data) as Row;
      if (spec.uid === ARTICLE) {
        expect(page.title).toBe(target!.published);
        expect(page.moreFrom).toEqual(expect.objectContaining({ title: `More from ${String(world.name)}` }));
      } else {
        expect(channel === 'graphql' ? page.moreFrom : page).toEqual(expect.objectContaining({ title: `More from ${target!.published}` }));
      }
      return;
    }
    case 'read draft':
      if (cell.expected === 'published only') {
        // The published version, never the draft edit; a never-published document is not there at all.
        expect(readText(channel, spec, reply)).toBe(target!.published);
        if (channel === 'graphql') expect((reply.body.data as Row).draftOnly).toBeNull();
        else expect((await send('get', `/api/${spec.plural}/${draftOnly[cell.kind].documentId}?status=draft`, credentials[cell.actor])).status).toBe(404);
      } else {
        expect(readText(channel, spec, reply)).toBe(target!.draft);
        expect((reply.body.data as Row).publishedAt).toBeNull();
      }
      return;
    case 'create':
    case 'create published': {
      const { rows, draft, published } = await versions(spec, { [field]: text });
      if (!spec.draftAndPublish) return expect(rows).toHaveLength(1);
      expect(draft).toHaveLength(1);
      expect(published).toHaveLength(operation === 'create' ? 0 : 1);
      return;
    }
    case 'update': {
      const { rows, draft, published } = await versions(spec, { documentId: target!.documentId });
      if (!spec.draftAndPublish) return expect(rows.map((row) => row[field])).toEqual([text]);
      expect(draft.map((row) => row[field])).toEqual([text]);
      // Saving a draft leaves the live version alone.
      expect(published.map((row) => row[field])).toEqual([target!.published]);
      return;
    }
    case 'publish':
    case 'bulk publish': {
      const { published } = await versions(spec, { documentId: target!.documentId });
      expect(published.map((row) => row[field])).toEqual([target!.draft]);
      return;
    }
    case 'unpublish':
    case 'bulk unpublish': {
      const { draft, published } = await versions(spec, { documentId: target!.documentId });
      expect(published).toEqual([]);
      expect(draft.map((row) => row[field])).toEqual([target!.draft]);
      return;
    }
    case 'delete':
    case 'bulk delete':
      expect(await rowsOf(app, spec.uid, { documentId: target!.documentId })).toEqual([]);
      return;
    case 'read history': {
      // Newest first: the draft edit, then the creation with the published text.
      const list = (reply.body.data as Array<{ documentId: string; title: string }>).map((entry) => [entry.documentId, entry.title]);
      expect(list[0]).toEqual([target!.documentId, target!.draft]);
      expect(list.at(-1)).toEqual([target!.documentId, target!.published]);
      return;
    }
    case 'restore': {
      // The first version's text is back in the draft; the published version is as it was.
      const { draft, published, rows } = await versions(spec, { documentId: target!.documentId });
      if (!spec.draftAndPublish) return expect(rows.map((row) => row[field])).toEqual([target!.published]);
      expect(draft.map((row) => row[field])).toEqual([target!.published]);
      expect(published.map((row) => row[field])).toEqual([target!.published]);
      return;
    }
    case 'audit':
      expect((reply.body.data as Array<{ documentId: string; action: string }>).map((entry) => [entry.documentId, entry.action])).toEqual([
        [target!.documentId, 'publish'],
        [target!.documentId, 'create'],
      ]);
      return;
    case 'correct': {
      const stored = await app.strapi.db.query(CORRECTION).findMany({ where: { subjectDocumentId: target!.documentId } });
      expect(stored.map((row: Row) => row.text)).toEqual([text]);
      return;
    }
  }
}

describe('permission matrix', () => {
  test('covers every actor, channel and content type, with permitted and refused cells', () => {
    const outcomes = new Set(CELLS.map((cell) => String(cell.expected)));
    expect([...outcomes].sort()).toEqual(['401', '403', 'allowed', 'published only']);
    for (const actor of Object.keys(MATRIX)) {
      for (const channel of Object.keys(OPERATIONS)) expect(CELLS.some((cell) => cell.actor === actor && cell.channel === channel)).toBe(true);
    }
  });

  test.each(CELLS)('$actor · $channel · $kind · $operation → $expected', async (cell) => {
    const spec = KINDS[cell.kind];
    const call = CHANNELS[cell.channel][cell.operation]!;
    const target = await targetFor(cell.kind, cell.operation);
    const text = unique(`Written by ${cell.actor}`);
    const before = await rowsOf(app, spec.uid);

    const reply = await call(spec, target, text, credentials[cell.actor]);

    if (cell.expected === 401 || cell.expected === 403) {
      expectRefused(cell.channel, reply, cell.expected);
      // Nothing changed: every version of every document of the type is as it was.
      expect(await rowsOf(app, spec.uid)).toEqual(before);
      return;
    }
    expectAnswered(cell.channel, reply);
    await expectEffect(cell, spec, target, text, reply);
  });
});
