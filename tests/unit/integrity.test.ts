/**
 * The pure parts of the concurrency guards: the unique indexes' SQL, reading a unique violation from
 * either database's error, the start-up report of an index that duplicates keep from being created,
 * which Document Service calls take the publication lock, and the in-process queue.
 */
import { createIndexSql } from '../../src/database/reader-indexes';
import { describeConflict, duplicatesSql, INTEGRITY_INDEXES, uniqueViolation, type IntegrityIndex } from '../../src/database/integrity-indexes';
import { changesVersions } from '../../src/documents/publication-lock';
import { serialized } from '../../src/documents/queue';

const byName = (name: string) => INTEGRITY_INDEXES.find((index) => index.name === name) as IntegrityIndex;

describe('index SQL', () => {
  test('a unique partial index, the same text on SQLite and PostgreSQL', () => {
    expect(createIndexSql(byName('articles_draft_slug_locale_unique'))).toBe(
      'CREATE UNIQUE INDEX IF NOT EXISTS "articles_draft_slug_locale_unique" ON "articles" ("slug", "locale") WHERE published_at IS NULL',
    );
    expect(createIndexSql(byName('sections_slug_locale_unique'))).toBe(
      'CREATE UNIQUE INDEX IF NOT EXISTS "sections_slug_locale_unique" ON "sections" ("slug", "locale")',
    );
  });

  test('the duplicates query looks only at the rows the index covers, and never at NULLs', () => {
    expect(duplicatesSql(byName('articles_one_published_per_document_locale'))).toBe(
      'SELECT "document_id" AS value, "locale" AS "locale", COUNT(*) AS total FROM "articles" ' +
        'WHERE published_at IS NOT NULL AND "document_id" IS NOT NULL AND "locale" IS NOT NULL ' +
        'GROUP BY "document_id", "locale" HAVING COUNT(*) > 1 ORDER BY "document_id", "locale" LIMIT 20',
    );
  });

  test('every D&P table gets one draft and one published row per document and locale; slugs per type and locale', () => {
    expect(INTEGRITY_INDEXES.every((index) => index.columns.at(-1) === 'locale')).toBe(true);
    expect(INTEGRITY_INDEXES.map((index) => `${index.table}:${index.guards}:${index.where ?? 'all rows'}`)).toEqual([
      'articles:slug:published_at IS NULL',
      'sections:slug:all rows',
      'articles:versions:published_at IS NULL',
      'articles:versions:published_at IS NOT NULL',
      'teasers:versions:published_at IS NULL',
      'teasers:versions:published_at IS NOT NULL',
    ]);
  });
});

describe('uniqueViolation reads the error of either database', () => {
  const CASES: Array<[string, unknown, ReturnType<typeof uniqueViolation>]> = [
    [
      'PostgreSQL, slug index',
      { code: '23505', constraint: 'articles_draft_slug_locale_unique', table: 'articles' },
      { table: 'articles', index: byName('articles_draft_slug_locale_unique'), guards: 'slug' },
    ],
    [
      'PostgreSQL, published version index',
      { code: '23505', constraint: 'teasers_one_published_per_document_locale', table: 'teasers' },
      { table: 'teasers', index: byName('teasers_one_published_per_document_locale'), guards: 'versions' },
    ],
    [
      'PostgreSQL, an index of Strapi',
      { code: '23505', constraint: 'admin_users_email_unique', table: 'admin_users' },
      { table: 'admin_users', index: undefined, guards: undefined },
    ],
    [
      'SQLite, slug (named by its column)',
      { code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'insert into `articles` … - UNIQUE constraint failed: articles.slug, articles.locale' },
      { table: 'articles', index: byName('articles_draft_slug_locale_unique'), guards: 'slug' },
    ],
    [
      'SQLite, section slug',
      { code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: sections.slug, sections.locale' },
      { table: 'sections', index: byName('sections_slug_locale_unique'), guards: 'slug' },
    ],
    [
      'SQLite, versions (draft and published indexes share the column: what they guard is known)',
      { code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: articles.document_id, articles.locale' },
      { table: 'articles', index: undefined, guards: 'versions' },
    ],
    ['SQLite, another constraint', { code: 'SQLITE_CONSTRAINT_NOTNULL', message: 'NOT NULL constraint failed: articles.title' }, undefined],
    ['PostgreSQL, not-null', { code: '23502', column: 'title' }, undefined],
    ['a plain Error', new Error('boom'), undefined],
    ['nothing', undefined, undefined],
  ];
  test.each(CASES)('%s', (_name, error, expected) => {
    expect(uniqueViolation(error)).toEqual(expected);
  });
});

describe('the start-up report of an index that is not created', () => {
  test('slugs: names each clashing slug and says what to do', () => {
    const line = describeConflict({
      index: byName('articles_draft_slug_locale_unique'),
      duplicates: [
        { value: 'vienna-talks', rows: 2 },
        { value: 'brexit', rows: 3 },
      ],
    });
    expect(line).toBe(
      'Unique index articles_draft_slug_locale_unique not created: these slugs are held by several articles draft rows: "vienna-talks" (2 rows), "brexit" (3 rows). ' +
        'Give each article its own slug (admin panel or API), then restart; until then two instances creating at the same moment may give two documents one slug.',
    );
  });

  test('versions: names the documents', () => {
    const line = describeConflict({ index: byName('teasers_one_published_per_document_locale'), duplicates: [{ value: 'abc123', rows: 2 }] });
    expect(line).toMatch(
      /^Unique index teasers_one_published_per_document_locale not created: these teasers documents have more than one of their published rows: "abc123" \(2 rows\)\. Publish or unpublish each once more/,
    );
  });

  test('a full page of clashes says there may be more', () => {
    const duplicates = Array.from({ length: 20 }, (_, i) => ({ value: `slug-${i}`, rows: 2 }));
    expect(describeConflict({ index: byName('sections_slug_locale_unique'), duplicates })).toMatch(/"slug-19" \(2 rows\) and maybe more\. Give each section/);
  });
});

describe('which calls take the publication lock', () => {
  const CASES: Array<[string, string, { documentId?: string; status?: string }, boolean, boolean]> = [
    ['publish', 'publish', { documentId: 'd' }, true, true],
    ['unpublish', 'unpublish', { documentId: 'd' }, true, true],
    ['discard draft', 'discardDraft', { documentId: 'd' }, true, true],
    ['delete', 'delete', { documentId: 'd' }, true, true],
    ['update and publish', 'update', { documentId: 'd', status: 'published' }, true, true],
    ['update of the draft', 'update', { documentId: 'd' }, true, false],
    ['create (a new document: nothing to race)', 'create', { status: 'published' }, true, false],
    ['a read', 'findOne', { documentId: 'd' }, true, false],
    ['a type without Draft & Publish', 'delete', { documentId: 'd' }, false, false],
  ];
  test.each(CASES)('%s', (_name, action, params, draftAndPublish, expected) => {
    expect(changesVersions(action, params, draftAndPublish)).toBe(expected);
  });
});

describe('the in-process queue', () => {
  const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

  test('runs work under one key one at a time, in call order; other keys do not wait', async () => {
    const log: string[] = [];
    const job = (key: string, name: string) =>
      serialized(key, async () => {
        log.push(`${name} start`);
        await tick();
        log.push(`${name} end`);
        return name;
      });
    const results = await Promise.all([job('a', 'a1'), job('a', 'a2'), job('b', 'b1')]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('a1 end')).toBeLessThan(log.indexOf('a2 start'));
    expect(log.indexOf('b1 start')).toBeLessThan(log.indexOf('a1 end'));
  });

  test('a failure is returned to its caller and does not stop the work queued after it', async () => {
    const failing = serialized('c', async () => {
      throw new Error('no');
    });
    const next = serialized('c', async () => 'done');
    await expect(failing).rejects.toThrow('no');
    await expect(next).resolves.toBe('done');
  });
});
