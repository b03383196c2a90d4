/**
 * U+0000 (NUL) in what an editor saves: PostgreSQL cannot store it in text or jsonb and the write failed
 * with a 500. It is refused with a 400 naming the field, on both databases, and nothing is written.
 */
import { useApp } from '../harness/app';
import { cm, panelUser, type PanelUser } from '../harness/admin-users';
import { expectValidationError, rowsOf } from '../harness/clients';
import { ARTICLE } from '../harness/constants';
import { paragraphs, unique } from '../harness/content';
import { fieldWithNul } from '../../src/documents/text-characters';

const app = useApp();
let editor: PanelUser;

beforeAll(async () => {
  editor = await panelUser(app, 'strapi-editor', 'editor');
});

test('a NUL in a title or deep in a blocks body is a 400 naming the field; nothing is stored', async () => {
  const section = await app.kit.section();
  const title = unique('Nul title');
  const res = await editor.post(cm(ARTICLE), { title: `${title}\u0000`, section: section.documentId });
  expectValidationError(res, /title contains the character U\+0000/);
  const bodyRes = await editor.post(cm(ARTICLE), { title, body: paragraphs('fine', 'not \u0000 fine') });
  expectValidationError(bodyRes, /body contains the character U\+0000/);
  expect(await rowsOf(app, ARTICLE, { title })).toEqual([]);

  const saved = await editor.post(cm(ARTICLE), { title, body: paragraphs('fine \u0001 control characters stay') });
  expect(saved.status).toBe(201);
});

test('the check finds the field whatever the depth, and only fields holding NUL', () => {
  expect(fieldWithNul({ title: 'ok', seo: { metaTitle: 'ok', nested: [{ text: 'a\u0000' }] } })).toBe('seo');
  expect(fieldWithNul({ title: 'ok', body: [{ children: [{ text: 'tab\there' }] }] })).toBeNull();
});
