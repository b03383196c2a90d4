/**
 * The newsroom in the admin panel, in a real browser, against the production build.
 *
 *   npm run test:e2e
 *
 * Builds the CMS (`strapi build`), starts it with NODE_ENV=production on a fresh SQLite file with
 * the demo content, starts the reference reader, makes an administrator, an editor and a reporter
 * through the admin API, then drives Debian's Chromium (playwright-core) through the admin panel:
 *
 *   1. the editor writes a draft in World: the slug fills itself, readers do not see the draft;
 *   2. the reporter opens it and cannot publish it (Publish stays disabled, also after saving an edit);
 *   3. the editor publishes it: readers see it, first in "More from World" of the reference article;
 *   4. the editor schedules a second draft: not public before its time, published by the job after it;
 *   5. the editor opens the preview of a draft: the reader renders it in the admin's frame, and the
 *      same URL without the secret is refused (401);
 *   6.–8. the revision history (e2e/history-steps.ts): edits compared, a version restored and published,
 *      a correction appended.
 *
 * Screenshots of the article list and the edit view (and of any failure) go to e2e/screenshots/.
 */
import fs from 'fs';
import path from 'path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import {
  acquireRunLock,
  buildCms,
  compileReader,
  createAccounts,
  freePort,
  runEnv,
  screenshotDir,
  startCms,
  startReader,
  tail,
  workDir,
  type Account,
  type Cms,
  type Reader,
} from './support/stack';
import { registerHistorySteps } from './history-steps';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];
const REFERENCE_SLUG = 'russia-seeks-distance-from-syrias-al-assad-amid-vienna-peace-talks';
const ARTICLES = '/admin/content-manager/collection-types/api::article.article';
const tag = Math.random().toString(36).slice(2, 8);

let releaseRunLock: (() => void) | undefined;
let env: Record<string, string>;
let cms: Cms;
let reader: Reader;
let browser: Browser;
let accounts: { admin: Account; editor: Account; reporter: Account };
const pages: Record<string, Page> = {};

/** What the steps hand on to each other. */
const first = { title: `Zürich Über Alles: e2e draft ${tag}`, slug: `zurich-uber-alles-e2e-draft-${tag}`, documentId: '' };
const second = { title: `Embargoed e2e story ${tag}`, slug: `embargoed-e2e-story-${tag}`, documentId: '', scheduledAt: new Date(0) };
const third = { title: `Preview e2e draft ${tag}`, slug: `preview-e2e-draft-${tag}`, documentId: '' };

// ---------------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------------
const startedAt = Date.now();
const say = (line: string) => process.stdout.write(`[e2e ${((Date.now() - startedAt) / 1000).toFixed(1).padStart(5)}s] ${line}\n`);

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work();
  say(`${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

let failedStep: string | null = null;

/** One step of the flow: skipped with a clear reason once an earlier step has failed. */
function step(name: string, work: () => Promise<void>, timeoutMs = 120000) {
  test(
    name,
    async () => {
      if (failedStep) throw new Error(`not run: the earlier step "${failedStep}" failed`);
      say(`step: ${name}`);
      try {
        await work();
      } catch (error) {
        failedStep = name;
        await captureFailure(name);
        throw error;
      }
    },
    timeoutMs,
  );
}

async function captureFailure(name: string) {
  const base = `failure-${name
    .replace(/[^a-z0-9]+/gi, '-')
    .slice(0, 40)
    .toLowerCase()}`;
  for (const [who, page] of Object.entries(pages)) {
    try {
      await page.screenshot({ path: path.join(screenshotDir, `${base}-${who}.png`), fullPage: true });
      fs.writeFileSync(path.join(workDir, `${base}-${who}.html`), await page.content());
      say(`failure: ${who} was at ${page.url()}; screenshot e2e/screenshots/${base}-${who}.png`);
    } catch {
      // the page is gone
    }
  }
  if (cms) say(`last lines of ${path.relative(process.cwd(), cms.logFile)}:\n${tail(cms.logFile, 25)}`);
}

// ---------------------------------------------------------------------------------------------
// Helpers: the reader API and the admin panel
// ---------------------------------------------------------------------------------------------
interface MoreFromItem {
  slug: string;
  headline: string;
}
interface ArticlePage {
  documentId: string;
  title: string;
  slug: string;
  publishedAt: string | null;
  publicationDate: string | null;
  section: { name: string; slug: string } | null;
  moreFrom: { title: string; items: MoreFromItem[] };
}

async function bySlug(slug: string): Promise<{ status: number; page: ArticlePage | null }> {
  const response = await fetch(`${cms.url}/api/articles/by-slug/${encodeURIComponent(slug)}`, { headers: { accept: 'application/json' } });
  const body = (await response.json()) as { data: ArticlePage | null };
  return { status: response.status, page: response.ok ? body.data : null };
}

/** Polls `check` until it passes (the admin panel updates asynchronously). */
async function eventually(check: () => Promise<void> | void, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** Checks that `check` keeps passing for `ms` (a control that must stay disabled, not just be disabled while loading). */
async function consistently(check: () => Promise<void> | void, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  do {
    await check();
    await new Promise((resolve) => setTimeout(resolve, 200));
  } while (Date.now() < until);
}

async function newSession(who: 'editor' | 'reporter'): Promise<Page> {
  const context: BrowserContext = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    // The form's date and time fields then read and write UTC, in the en-US format (MM/DD/YYYY).
    timezoneId: 'UTC',
    locale: 'en-US',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30000);
  page.setDefaultNavigationTimeout(60000);
  pages[who] = page;
  return page;
}

/** Logs in through the login form, as a person does. */
async function logIn(page: Page, account: Account) {
  await page.goto(`${cms.url}/admin/auth/login`);
  // The first load of the production bundle is the slow part.
  await page.getByLabel('Email').waitFor({ timeout: 60000 });
  await page.getByLabel('Email').fill(account.email);
  // The field's accessible name is shared with the "show password" button: use the input itself.
  await page.locator('input[name="password"]').fill(account.password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.getByRole('heading', { name: `Hello ${account.firstname}` }).waitFor({ timeout: 60000 });
}

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
/** The status badge under the edit view's heading (`role="status"`, aria-label draft / published / modified). */
const statusBadge = (page: Page, status: 'draft' | 'published' | 'modified') => page.getByRole('status', { name: status, exact: true });
const scheduleGroup = (page: Page) => page.getByRole('group', { name: 'Scheduled publication (embargo)' });

async function openArticle(page: Page, documentId: string) {
  await page.goto(`${cms.url}${ARTICLES}/${documentId}`);
  await page.getByLabel('Title').waitFor();
  // The form is filled in once the document has loaded.
  await eventually(async () => expect(await page.getByLabel('Title').inputValue()).not.toBe(''));
}

/** Waits for Strapi's toast, e.g. "Saved document" or "Published document". */
async function notification(page: Page, text: string) {
  await page.getByText(text, { exact: true }).first().waitFor({ timeout: 30000 });
}

async function isDisabled(locator: Locator): Promise<boolean> {
  return (await locator.isDisabled()) || (await locator.getAttribute('aria-disabled')) === 'true';
}

/** Fills in a new article (title, section, first paragraph) and saves it as a draft; returns its documentId. */
async function createDraft(page: Page, article: { title: string; paragraph: string; schedule?: Date }): Promise<string> {
  await page.goto(`${cms.url}${ARTICLES}/create`);
  await page.getByLabel('Title').waitFor();
  await page.getByLabel('Title').fill(article.title);
  await page.getByRole('combobox', { name: 'Section' }).click();
  await page.getByRole('option', { name: 'World', exact: true }).click();
  await page.locator('[data-slate-editor="true"]').click();
  await page.keyboard.type(article.paragraph);
  if (article.schedule) await setSchedule(page, article.schedule);
  await button(page, 'Save').click();
  await notification(page, 'Saved document');
  // A localised type's edit view names its locale: `?plugins[i18n][locale]=en`.
  await page.waitForURL(/api::article\.article\/(?!create)[a-z0-9]+(\?.*)?$/);
  return new URL(page.url()).pathname.split('/').pop() as string;
}

const pad = (value: number) => String(value).padStart(2, '0');
/** How the form shows a UTC instant (en-US, browser in UTC): `MM/DD/YYYY` and `HH:mm`. */
const formDate = (at: Date) => `${pad(at.getUTCMonth() + 1)}/${pad(at.getUTCDate())}/${at.getUTCFullYear()}`;
const formTime = (at: Date) => `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;

/** Types a UTC date and time into "Scheduled publication (embargo)" (the browser runs in UTC). */
async function setSchedule(page: Page, at: Date) {
  const group = scheduleGroup(page);
  const date = group.getByRole('combobox', { name: 'Choose date' });
  const time = group.getByRole('combobox', { name: 'Choose time' });
  const dateText = formDate(at);
  const timeText = formTime(at);
  await date.click();
  await date.fill(dateText);
  await page.keyboard.press('Enter');
  await time.click();
  await time.fill(timeText);
  await page.keyboard.press('Enter');
  await eventually(async () => {
    expect(await date.inputValue()).toBe(dateText);
    expect(await time.inputValue()).toBe(timeText);
  });
}

async function screenshot(page: Page, name: string) {
  // Saving scrolls the form; show the page from its heading.
  await page
    .getByRole('heading', { level: 1 })
    .first()
    .scrollIntoViewIfNeeded()
    .catch(() => undefined);
  await page.screenshot({ path: path.join(screenshotDir, name), fullPage: false });
  say(`screenshot e2e/screenshots/${name}`);
}

// ---------------------------------------------------------------------------------------------
// The stack
// ---------------------------------------------------------------------------------------------
beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  fs.mkdirSync(screenshotDir, { recursive: true });
  releaseRunLock = await acquireRunLock(240000);
  // What an earlier run left behind: its failure screenshots, the database a failed run keeps.
  for (const file of fs.readdirSync(screenshotDir)) if (file.startsWith('failure-')) fs.rmSync(path.join(screenshotDir, file));
  for (const file of fs.readdirSync(workDir)) if (/^e2e-\d+\.db|^failure-/.test(file)) fs.rmSync(path.join(workDir, file), { force: true });
  const ports = { cms: await freePort(), reader: await freePort() };
  env = runEnv(`e2e-${process.pid}`, ports);

  const build = await timed('production build (strapi build: TypeScript + admin panel)', () => buildCms(env));
  if (build.skipped) say('E2E_SKIP_BUILD=true: the existing dist/build was reused');
  await timed('reader compiled (tsc -p examples/reader)', async () => compileReader());
  cms = await timed(`CMS started, NODE_ENV=production, fresh SQLite with the seed: ${`http://127.0.0.1:${ports.cms}`}`, () => startCms(env));
  reader = await timed(`reader started: http://127.0.0.1:${ports.reader}`, () => startReader(ports.reader, cms.url, env.PREVIEW_SECRET));
  accounts = await timed('first administrator registered; editor and reporter invited and registered', () => createAccounts(cms.url));
  browser = await timed('Chromium launched', () => chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS }));
}, 480000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await reader?.stop();
  await cms?.stop();
  if (env && !failedStep) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${env.DATABASE_FILENAME}${suffix}`, { force: true });
  }
  releaseRunLock?.();
  say(failedStep ? `FAILED at step "${failedStep}" (database kept: ${env?.DATABASE_FILENAME})` : 'all steps passed');
}, 60000);

// ---------------------------------------------------------------------------------------------
// The flow
// ---------------------------------------------------------------------------------------------
step('1. the editor writes a draft in World: the slug fills itself from the title, readers do not see it', async () => {
  const page = await newSession('editor');
  await logIn(page, accounts.editor);

  await page.goto(`${cms.url}${ARTICLES}`);
  await page.getByRole('heading', { name: 'Article', exact: true }).waitFor({ timeout: 60000 });
  await page.getByRole('link', { name: 'Create new entry' }).first().click();
  await page.getByLabel('Title').waitFor();
  // Strapi 5's slug field does not follow the title while typing: left empty, it is filled in on save.
  expect(await page.getByLabel('Slug').inputValue()).toBe('');

  first.documentId = await createDraft(page, { title: first.title, paragraph: `First paragraph of the e2e story ${tag}.` });
  expect(await page.getByLabel('Slug').inputValue()).toBe(first.slug);
  await statusBadge(page, 'draft').waitFor();
  // An editor may publish this saved draft: the control is there and enabled (once the edit view has
  // loaded what it needs: right after a save it is disabled for a moment).
  await eventually(async () => expect(await isDisabled(button(page, 'Publish'))).toBe(false));
  await screenshot(page, 'edit-view.png');

  expect((await bySlug(first.slug)).status).toBe(404);
});

step('2. the reporter opens the draft and cannot publish it (Publish disabled, also after saving an edit)', async () => {
  const page = await newSession('reporter');
  await logIn(page, accounts.reporter);

  await page.goto(`${cms.url}${ARTICLES}`);
  await page.getByRole('link', { name: first.title }).click();
  await page.getByLabel('Title').waitFor();
  await eventually(async () => expect(await page.getByLabel('Title').inputValue()).toBe(first.title));
  await statusBadge(page, 'draft').waitFor();
  // Editors-only field: shown, not editable.
  expect(await isDisabled(scheduleGroup(page).getByRole('combobox', { name: 'Choose date' }))).toBe(true);

  // A reporter edits and saves the draft (the form is fully interactive once Save enables)...
  await page.getByLabel('Byline').fill(`By Rita in Vienna ${tag}`);
  await eventually(async () => expect(await isDisabled(button(page, 'Save'))).toBe(false));
  expect(await isDisabled(button(page, 'Publish'))).toBe(true);
  await button(page, 'Save').click();
  await notification(page, 'Saved document');
  // ...and still cannot publish it: the control is there, and stays disabled (where the editor's enables).
  await expect(button(page, 'Publish').count()).resolves.toBe(1);
  await consistently(async () => expect(await isDisabled(button(page, 'Publish'))).toBe(true), 3000);
  await screenshot(page, 'edit-view-reporter.png');
  expect((await bySlug(first.slug)).status).toBe(404);
});

step('3. the editor publishes it: readers get it, first in "More from World" of the reference article', async () => {
  const page = pages.editor;
  await openArticle(page, first.documentId);
  // The reporter's edit is in the draft the editor publishes.
  await eventually(async () => expect(await page.getByLabel('Byline').inputValue()).toBe(`By Rita in Vienna ${tag}`));
  await button(page, 'Publish').click();
  await notification(page, 'Published document');
  await statusBadge(page, 'published').waitFor();

  const { status, page: article } = await bySlug(first.slug);
  expect(status).toBe(200);
  expect(article).toMatchObject({ documentId: first.documentId, title: first.title, slug: first.slug, section: { name: 'World', slug: 'world' } });
  expect(article?.publishedAt).toEqual(expect.any(String));
  expect(article?.publicationDate).toEqual(expect.any(String));

  const reference = await bySlug(REFERENCE_SLUG);
  expect(reference.page?.moreFrom.title).toBe('More from World');
  expect(reference.page?.moreFrom.items[0]).toMatchObject({ slug: first.slug, headline: first.title });

  await page.goto(`${cms.url}${ARTICLES}`);
  await page.getByRole('link', { name: first.title }).waitFor();
  await screenshot(page, 'article-list.png');
});

step('4. the editor schedules a second draft: not public before its time, published by the job after it', async () => {
  const page = pages.editor;
  // A minute ahead, on a whole minute (the form has minute precision).
  second.scheduledAt = new Date(Math.ceil((Date.now() + 60000) / 60000) * 60000);
  second.documentId = await createDraft(page, {
    title: second.title,
    paragraph: `Embargoed until ${second.scheduledAt.toISOString()}.`,
    schedule: second.scheduledAt,
  });
  expect(await page.getByLabel('Slug').inputValue()).toBe(second.slug);

  // Saved with the schedule: still there after a reload.
  await openArticle(page, second.documentId);
  await eventually(async () => {
    expect(await scheduleGroup(page).getByRole('combobox', { name: 'Choose date' }).inputValue()).toBe(formDate(second.scheduledAt));
    expect(await scheduleGroup(page).getByRole('combobox', { name: 'Choose time' }).inputValue()).toBe(formTime(second.scheduledAt));
  });
  expect((await bySlug(second.slug)).status).toBe(404);

  // The job, run in the server process as the cron task would run it: a second early, nothing is due...
  const early = await cms.publishDue(new Date(second.scheduledAt.getTime() - 1000));
  expect(early).toEqual({ published: [], failed: [] });
  expect((await bySlug(second.slug)).status).toBe(404);

  // ...a second after the time, the draft is published.
  const due = await cms.publishDue(new Date(second.scheduledAt.getTime() + 1000));
  expect(due).toEqual({ published: [second.documentId], failed: [] });
  const { status, page: article } = await bySlug(second.slug);
  expect(status).toBe(200);
  expect(article?.title).toBe(second.title);
  expect((await bySlug(REFERENCE_SLUG)).page?.moreFrom.items[0]?.slug).toBe(second.slug);

  // The edit view shows it published, the schedule cleared.
  await openArticle(page, second.documentId);
  await statusBadge(page, 'published').waitFor();
  await eventually(async () => expect(await scheduleGroup(page).getByRole('combobox', { name: 'Choose date' }).inputValue()).toBe(''));
});

step('5. the editor previews a draft in the admin panel; without the secret the same URL is refused (401)', async () => {
  const page = pages.editor;
  third.documentId = await createDraft(page, { title: third.title, paragraph: `Only editors see this ${tag}.` });
  await page.getByRole('link', { name: 'Open preview' }).click();
  await page.waitForURL(/\/preview(\?.*)?$/);

  const frame = page.frameLocator('iframe[title="Preview"]');
  await frame.getByRole('heading', { level: 1, name: third.title }).waitFor({ timeout: 30000 });
  await frame.getByText('Preview \u2014 draft', { exact: true }).waitFor();
  await frame.getByText(`Only editors see this ${tag}.`, { exact: true }).waitFor();
  await screenshot(page, 'preview.png');

  const src = await page.locator('iframe[title="Preview"]').getAttribute('src');
  const url = new URL(String(src));
  expect(url.origin).toBe(reader.url);
  expect(url.pathname).toBe(`/preview/articles/${third.documentId}`);
  expect(url.searchParams.get('status')).toBe('draft');
  expect(url.searchParams.get('secret')).toBe(env.PREVIEW_SECRET);

  // The page itself: never cached, not indexed, framable by the admin only, the secret nowhere in it.
  const withSecret = await fetch(url);
  const html = await withSecret.text();
  expect(withSecret.status).toBe(200);
  expect(withSecret.headers.get('cache-control')).toBe('no-store');
  expect(withSecret.headers.get('x-robots-tag')).toBe('noindex');
  expect(withSecret.headers.get('content-security-policy')).toContain(`frame-ancestors ${cms.url}`);
  expect(html).toContain(third.title);
  expect(html).not.toContain(env.PREVIEW_SECRET);
  expect(html).not.toContain(encodeURIComponent(env.PREVIEW_SECRET));

  // The same URL without the secret, in the browser: 401 and no draft.
  url.searchParams.delete('secret');
  const stranger = await page.context().newPage();
  const response = await stranger.goto(url.toString());
  expect(response?.status()).toBe(401);
  await stranger.getByRole('heading', { level: 1, name: 'Preview not authorised' }).waitFor();
  expect(await stranger.content()).not.toContain(third.title);
  await stranger.close();

  // Still a draft for readers.
  expect((await bySlug(third.slug)).status).toBe(404);
});

registerHistorySteps({
  step,
  page: (who) => pages[who],
  readerUrl: () => reader.url,
  article: () => first,
  openArticle,
  button,
  notification,
  eventually,
  screenshot,
  say,
  tag,
});
