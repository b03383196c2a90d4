/**
 * The visibility definition (src/visibility/definition.ts) compiled into SQL: on random teaser tables
 * in an in-memory SQLite database, the WHERE fragment (`visibleSql`) and the id SELECT that queries
 * start from (`visibleIdsSql`) pick exactly the rows the definition describes, read here in plain words.
 */
import fc from 'fast-check';
import { ARTICLE, SECTION, TEASER } from '../../src/visibility/definition';
import { visibleIdsSql, visibleSql, type MetaSource, type ModelMeta } from '../../src/visibility/sql';

interface Statement {
  all(...bindings: unknown[]): Array<{ id: number }>;
  run(...bindings: unknown[]): void;
}
interface SqliteDatabase {
  exec(sql: string): void;
  prepare(sql: string): Statement;
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- better-sqlite3 ships no types here; this is the part the test uses
const Database = require('better-sqlite3') as new (path: string) => SqliteDatabase;

const META: Record<string, ModelMeta> = {
  [TEASER]: {
    tableName: 'teasers',
    attributes: {
      publishedAt: { columnName: 'published_at' },
      startsAt: { columnName: 'starts_at' },
      endsAt: { columnName: 'ends_at' },
      article: { joinTable: { name: 'teasers_article_lnk', joinColumn: { name: 'teaser_id' }, inverseJoinColumn: { name: 'article_id' } } },
    },
  },
  [ARTICLE]: { tableName: 'articles', attributes: { publishedAt: { columnName: 'published_at' } } },
  [SECTION]: { tableName: 'sections', attributes: {} },
};
const SOURCE: MetaSource = { get: (uid) => META[uid], draftAndPublish: (uid) => uid !== SECTION };

const NOW = new Date('2026-03-01T12:00:00.000Z');
const HOUR = 3600_000;
/** A time around NOW (epoch milliseconds, as Strapi stores datetimes in SQLite), NOW itself included, or empty. */
const time = fc.option(
  fc.integer({ min: -2, max: 2 }).map((hours) => NOW.valueOf() + hours * HOUR),
  { nil: null },
);

const teaserRow = fc.record({ published: fc.boolean(), startsAt: time, endsAt: time, article: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }) });
const articlePublished = fc.array(fc.boolean(), { minLength: 4, maxLength: 4 });

describe('visibility compiled into SQL', () => {
  test('teasers: published, started (empty or not after now), not ended (empty or after now), promoting a published article', () => {
    fc.assert(
      fc.property(fc.array(teaserRow, { maxLength: 12 }), articlePublished, (teasers, articles) => {
        const db = new Database(':memory:');
        try {
          db.exec(
            'CREATE TABLE articles (id INTEGER PRIMARY KEY, published_at INTEGER); CREATE TABLE teasers (id INTEGER PRIMARY KEY, published_at INTEGER, starts_at INTEGER, ends_at INTEGER); ' +
              'CREATE TABLE teasers_article_lnk (teaser_id INTEGER, article_id INTEGER); CREATE INDEX w ON teasers (ends_at, starts_at) WHERE published_at IS NOT NULL;',
          );
          articles.forEach((published, id) => db.prepare('INSERT INTO articles VALUES (?, ?)').run(id, published ? 1 : null));
          teasers.forEach((teaser, id) => {
            db.prepare('INSERT INTO teasers VALUES (?, ?, ?, ?)').run(id, teaser.published ? 1 : null, teaser.startsAt, teaser.endsAt);
            if (teaser.article !== null) db.prepare('INSERT INTO teasers_article_lnk VALUES (?, ?)').run(id, teaser.article);
          });
          const expected = teasers.flatMap((teaser, id) =>
            teaser.published &&
            (teaser.startsAt === null || teaser.startsAt <= NOW.valueOf()) &&
            (teaser.endsAt === null || teaser.endsAt > NOW.valueOf()) &&
            teaser.article !== null &&
            articles[teaser.article]
              ? [id]
              : [],
          );
          const bind = (bindings: unknown[]) => bindings.map((value) => (value instanceof Date ? value.valueOf() : value));
          const where = visibleSql(SOURCE, TEASER, 't', NOW);
          const byWhere = db.prepare(`SELECT id FROM teasers t WHERE ${where.sql} ORDER BY id`).all(...bind(where.bindings));
          const ids = visibleIdsSql(SOURCE, TEASER, 'v', NOW);
          const byIds = db.prepare(`SELECT id FROM (${ids.sql}) ORDER BY id`).all(...bind(ids.bindings));
          expect(byWhere.map((row) => row.id)).toEqual(expected);
          expect(byIds.map((row) => row.id)).toEqual(expected);
        } finally {
          db.close();
        }
      }),
      { seed: 20261126, numRuns: 200 },
    );
  });

  test('articles: the published version; sections: always', () => {
    expect(visibleSql(SOURCE, ARTICLE, 'a', NOW)).toEqual({ sql: 'a."published_at" IS NOT NULL', bindings: [] });
    expect(visibleSql(SOURCE, SECTION, 's', NOW)).toEqual({ sql: '1 = 1', bindings: [] });
  });

  test('a type outside the definition: published when it has Draft & Publish', () => {
    const source: MetaSource = {
      get: () => ({ tableName: 'files', attributes: { publishedAt: { columnName: 'published_at' } } }),
      draftAndPublish: () => true,
    };
    expect(visibleSql(source, 'plugin::some.thing', 'f', NOW).sql).toBe('f."published_at" IS NOT NULL');
    expect(visibleSql({ ...source, draftAndPublish: () => false }, 'plugin::some.thing', 'f', NOW).sql).toBe('1 = 1');
  });
});
