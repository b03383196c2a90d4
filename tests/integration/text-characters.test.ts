/**
 * U+0000 (NUL) in what is saved: PostgreSQL cannot store it in text or jsonb. Over HTTP the request guard
 * refuses such a body; writes that do not come over HTTP (scripts, the seed, plugins calling the Document
 * Service) are refused by the Document Service check with a 400-class ValidationError naming the field,
 * on both databases, and nothing is written.
 */
import { useApp } from '../harness/app';
import { cm, panelUser, type PanelUser } from '../harness/admin-users';
import { expectValidationError, rejectionOf, rowsOf } from '../harness/clients';
import { ARTICLE } from '../harness/constants';
import { paragraphs, unique } from '../harness/content';
import { fieldWithNul } from '../../src/documents/text-characters';

const app = useApp();
let editor: PanelUser;

beforeAll(async () => {
  editor = await panelUser(app, 'strapi-editor', 'editor');
});

test('the admin panel: a NUL in a title is a 400; control characters that can be stored are kept', async () => {
  const title = unique('Nul title');
  expectValidationError(await editor.post(cm(ARTICLE), { title: `${title}\u0000` }));
  expect(await rowsOf(app, ARTICLE, { title: { $startsWith: title } })).toEqual([]);
  const saved = await editor.post(cm(ARTICLE), { title, body: paragraphs('fine \u0001 control characters stay') });
  expect(saved.status).toBe(201);
});

test('the Document Service: a NUL in a title or deep in a blocks body is a ValidationError naming the field; nothing is stored', async () => {
  const section = await app.kit.section();
  const title = unique('Nul by script');
  const articles = app.strapi.documents(ARTICLE);
  const inTitle = await rejectionOf(articles.create({ data: { title: `${title}\u0000`, section: section.documentId } as never }));
  expect(inTitle).toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/^title contains the character U\+0000/) });
  const inBody = await rejectionOf(articles.create({ data: { title, body: paragraphs('fine', 'not \u0000 fine') } as never }));
  expect(inBody).toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/^body contains the character U\+0000/) });
  expect(await rowsOf(app, ARTICLE, { title })).toEqual([]);
});

test('the check finds the field whatever the depth, and only fields holding NUL', () => {
  expect(fieldWithNul({ title: 'ok', seo: { metaTitle: 'ok', nested: [{ text: 'a\u0000' }] } })).toBe('seo');
  expect(fieldWithNul({ title: 'ok', body: [{ children: [{ text: 'tab\there' }] }] })).toBeNull();
});
