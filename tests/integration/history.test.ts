/**
 * Revision history: a version for every write path and action, written in the change's transaction; the admin API
 * (versions, a version, compare, restore into the draft, audit trail, corrections) and who may use it.
 */
import { useApp } from '../harness/app';
import { cm, panelUser, type PanelUser } from '../harness/admin-users';
import { paragraphs, type SectionDoc } from '../harness/content';
import { ARTICLE } from '../harness/constants';

const app = useApp();

let section: SectionDoc;
let editor: PanelUser;
beforeAll(async () => {
  section = await app.kit.section('History desk');
  editor = await panelUser(app, 'strapi-editor', 'history-editor');
});

const ok = async (res: { status: number; body: unknown }, status = 200) => {
  expect({ status: res.status, body: res.status === status ? null : res.body }).toEqual({ status, body: null });
  return res.body as { data: { documentId: string } };
};

test('smoke: an admin edit and publish are versions, newest first, with the editor as author', async () => {
  const { data } = await ok(
    await editor.post(cm(ARTICLE), { title: 'History story', body: paragraphs('First text.'), section: { connect: [{ documentId: section.documentId }] } }),
    201,
  );
  const id = data.documentId;
  await ok(await editor.put(cm(ARTICLE, `/${id}`), { body: paragraphs('Second text.') }));
  await ok(await editor.post(cm(ARTICLE, `/${id}/actions/publish`), {}));
  const res = await editor.get(`/newsroom-history/versions?uid=${ARTICLE}&documentId=${id}`);
  console.log(JSON.stringify(res.body, null, 1).slice(0, 3000));
  expect(res.status).toBe(200);
});
