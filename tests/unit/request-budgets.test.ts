/**
 * The pure parts of the request budgets: their settings, the bound on populated rows, the response-size
 * cap and the mapping of a database deadline to a 503.
 */
import { REQUEST_BUDGET_DEFAULTS, readRequestBudgets } from '../../src/settings/limits';
import { SettingsError } from '../../src/settings';
import { boundPopulate, overflowingRelation, type ModelAttributes } from '../../src/documents/populate-budget';
import { isStatementDeadline } from '../../src/database/statement-deadline';
import { GateBusyError, concurrencyGate, requestBudget } from '../../src/middlewares/request-budget';
import { env } from '../harness/env';

describe('readRequestBudgets', () => {
  it('reads the variables, with defaults', () => {
    expect(readRequestBudgets(env({}))).toEqual({ ...REQUEST_BUDGET_DEFAULTS, readerMaxConcurrent: 1 });
    expect(readRequestBudgets(env({ DATABASE_CLIENT: 'postgres' })).readerMaxConcurrent).toBe(0);
    expect(
      readRequestBudgets(
        env({
          DATABASE_STATEMENT_TIMEOUT_MS: '0',
          READER_MAX_RESPONSE_BYTES: '65536',
          READER_MAX_POPULATED_ROWS: '50',
          READER_MAX_CONCURRENT: '4',
          READER_QUEUE_TIMEOUT_MS: '500',
        }),
      ),
    ).toEqual({ statementTimeoutMs: 0, readerMaxResponseBytes: 65536, readerMaxPopulatedRows: 50, readerMaxConcurrent: 4, readerQueueTimeoutMs: 500 });
  });

  it.each([
    ['DATABASE_STATEMENT_TIMEOUT_MS', '5s'],
    ['READER_MAX_RESPONSE_BYTES', '4mb'],
    ['READER_MAX_RESPONSE_BYTES', '10'],
    ['READER_MAX_POPULATED_ROWS', '0'],
    ['READER_MAX_CONCURRENT', '-1'],
    ['READER_QUEUE_TIMEOUT_MS', '0'],
  ])('stop start-up on %s=%s, naming the variable', (name, value) => {
    expect(() => readRequestBudgets(env({ [name]: value }))).toThrow(SettingsError);
    expect(() => readRequestBudgets(env({ [name]: value }))).toThrow(name);
  });
});

describe('boundPopulate', () => {
  const models: Record<string, Record<string, { type: string; relation?: string; target?: string; component?: string }>> = {
    section: {
      name: { type: 'string' },
      articles: { type: 'relation', relation: 'oneToMany', target: 'article' },
      teasers: { type: 'relation', relation: 'oneToMany', target: 'teaser' },
    },
    article: {
      title: { type: 'string' },
      section: { type: 'relation', relation: 'manyToOne', target: 'section' },
      cover: { type: 'media' },
      teasers: { type: 'relation', relation: 'oneToMany', target: 'teaser' },
    },
    teaser: { headline: { type: 'string' }, article: { type: 'relation', relation: 'manyToOne', target: 'article' } },
  };
  const attributesOf: ModelAttributes = (uid) => models[uid];

  it('asks every populated to-many relation for one row more than allowed, in every form', () => {
    expect(boundPopulate('*', 'section', attributesOf, 50).populate).toEqual({ articles: { limit: 51 }, teasers: { limit: 51 } });
    expect(boundPopulate('articles.section.articles', 'section', attributesOf, 50).populate).toEqual({
      articles: { limit: 51, populate: { section: { populate: { articles: { limit: 51 } } } } },
    });
    expect(boundPopulate(['section', 'cover'], 'article', attributesOf, 50).populate).toEqual({ section: true, cover: true });
    expect(boundPopulate({ articles: { fields: ['title'], limit: 5 }, teasers: { count: true } }, 'section', attributesOf, 50).populate).toEqual({
      articles: { fields: ['title'], limit: 5 },
      teasers: { count: true },
    });
  });

  it('leaves the parameter it was given alone', () => {
    const populate = { articles: { fields: ['title'] } };
    boundPopulate(populate, 'section', attributesOf, 50);
    expect(populate).toEqual({ articles: { fields: ['title'] } });
  });

  it('finds the relation that brought more rows than allowed, over all parents', () => {
    const { nodes } = boundPopulate('articles.teasers', 'section', attributesOf, 3);
    const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `t${i}`, teasers: [] }));
    expect(overflowingRelation([{ articles: rows(2) }, { articles: rows(1) }], nodes, 3)).toBeNull();
    expect(overflowingRelation([{ articles: rows(2) }, { articles: rows(2) }], nodes, 3)).toBe('articles');
    expect(overflowingRelation([{ articles: [{ teasers: [1, 2] }, { teasers: [3, 4] }] }], nodes, 3)).toBe('articles.teasers');
  });
});

describe('isStatementDeadline', () => {
  it("recognises PostgreSQL's query_canceled, also wrapped, and nothing else", () => {
    const cancelled = Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
    expect(isStatementDeadline(cancelled)).toBe(true);
    expect(isStatementDeadline({ message: 'wrapped', originalError: cancelled })).toBe(true);
    expect(isStatementDeadline(Object.assign(new Error('x'), { cause: cancelled }))).toBe(true);
    expect(isStatementDeadline(Object.assign(new Error('unique'), { code: '23505' }))).toBe(false);
    expect(isStatementDeadline(null)).toBe(false);
  });
});

describe('requestBudget', () => {
  type Ctx = { path: string; status: number; body: unknown; headers: Record<string, string>; set: (k: string, v: string) => void; remove: (k: string) => void };
  const ctx = (path: string, body: unknown, status = 200): Ctx => {
    const headers: Record<string, string> = { ETag: '"x"' };
    return { path, status, body, headers, set: (k, v) => (headers[k] = v), remove: (k) => delete headers[k] };
  };
  const middleware = requestBudget({ maxResponseBytes: 1024, restPrefix: '/api', graphqlEndpoint: '/graphql' });
  const big = { data: Array.from({ length: 100 }, (_, i) => ({ title: `Story number ${i}` })) };

  it("refuses a reader answer over the cap with a 400 in Strapi's format, REST and GraphQL", async () => {
    const rest = ctx('/api/articles', big);
    await middleware(rest, async () => undefined);
    expect(rest.status).toBe(400);
    expect(rest.body).toEqual({
      data: null,
      error: { status: 400, name: 'ValidationError', message: expect.stringMatching(/larger than 1024 bytes.*fewer items/), details: { maxBytes: 1024 } },
    });
    expect(rest.headers.ETag).toBeUndefined();

    const graphql = ctx('/graphql', JSON.stringify(big));
    await middleware(graphql, async () => undefined);
    expect(graphql.status).toBe(400);
    expect(graphql.body).toMatchObject({ errors: [{ extensions: { error: { name: 'ValidationError', details: { maxBytes: 1024 } } } }] });
  });

  it('sends answers within the cap as they are, and leaves other paths alone', async () => {
    const small = ctx('/api/articles', { data: [] });
    await middleware(small, async () => undefined);
    expect(small).toMatchObject({ status: 200, body: '{"data":[]}' });
    const admin = ctx('/admin/users', big);
    await middleware(admin, async () => undefined);
    expect(admin).toMatchObject({ status: 200, body: big });
    const notModified = ctx('/api/articles', null, 304);
    await middleware(notModified, async () => undefined);
    expect(notModified.status).toBe(304);
  });

  it('answers a statement stopped at the deadline with a 503, other errors go on', async () => {
    const stopped = ctx('/api/articles', undefined);
    await middleware(stopped, async () => {
      throw Object.assign(new Error('select * from articles - canceling statement due to statement timeout'), { code: '57014' });
    });
    expect(stopped.status).toBe(503);
    expect(stopped.body).toEqual({
      data: null,
      error: { status: 503, name: 'ServiceUnavailableError', message: expect.stringMatching(/took too long/), details: {} },
    });
    expect(JSON.stringify(stopped.body)).not.toMatch(/select|articles/);
    await expect(middleware(ctx('/api/articles', undefined), async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});

describe('concurrencyGate', () => {
  const deferred = () => {
    let resolve!: () => void;
    const promise = new Promise<void>((done) => (resolve = done));
    return { promise, resolve };
  };

  it('runs at most `max` at once, the others in order of arrival', async () => {
    const gate = concurrencyGate(2, 1000);
    const order: number[] = [];
    const holds = [deferred(), deferred(), deferred(), deferred()];
    const runs = holds.map((hold, i) =>
      gate.run(async () => {
        order.push(i);
        await hold.promise;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([0, 1]);
    expect(gate.waiting).toBe(2);
    holds[1].resolve();
    await runs[1];
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([0, 1, 2]);
    holds.forEach((hold) => hold.resolve());
    await Promise.all(runs);
    expect(order).toEqual([0, 1, 2, 3]);
    expect(gate.running).toBe(0);
  });

  it('gives up a wait after the timeout, and the middleware answers 503', async () => {
    const gate = concurrencyGate(1, 20);
    const hold = deferred();
    const first = gate.run(() => hold.promise);
    await expect(gate.run(async () => 'late')).rejects.toBeInstanceOf(GateBusyError);
    hold.resolve();
    await first;
    await expect(gate.run(async () => 'now')).resolves.toBe('now');

    const middleware = requestBudget({ maxResponseBytes: 1024, restPrefix: '/api', graphqlEndpoint: '/graphql', maxConcurrent: 1, queueTimeoutMs: 20 });
    const headers: Record<string, string> = {};
    const make = () => ({
      path: '/api/articles',
      status: 404,
      body: undefined as unknown,
      set: (k: string, v: string) => (headers[k] = v),
      remove: () => undefined,
    });
    const slow = deferred();
    const running = middleware(make(), () => slow.promise);
    const waiting = make();
    await middleware(waiting, async () => undefined);
    expect(waiting.status).toBe(503);
    expect(waiting.body).toMatchObject({ data: null, error: { status: 503, name: 'ServiceUnavailableError' } });
    expect(headers['Retry-After']).toBe('1');
    slow.resolve();
    await running;
  });
});
