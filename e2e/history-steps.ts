/**
 * The revision history in the admin panel (issue 16), as steps of the browser test's one flow (admin-flow.e2e.ts
 * registers them after its own, so that one build and one stack serve both):
 *
 *   6. the editor edits the published article twice, publishing each time; the History panel lists the versions;
 *      on the history page the two published versions compare with the changed words marked in the body;
 *   7. the editor restores the first edit as the draft and publishes it: readers get the first text again;
 *   8. the editor appends a correction: listed in the panel and in the audit trail, and (once the reader renders
 *      corrections) on the reader's page; the reporter may read and restore but sees no correction form and no
 *      audit trail.
 */
import fs from 'fs';
import path from 'path';
import type { Locator, Page } from 'playwright-core';

export interface HistoryFlow {
  step: (name: string, work: () => Promise<void>, timeoutMs?: number) => void;
  page: (who: 'editor' | 'reporter') => Page;
  readerUrl: () => string;
  /** The published article of the earlier steps. */
  article: () => { documentId: string; slug: string; title: string };
  openArticle: (page: Page, documentId: string) => Promise<void>;
  button: (page: Page, name: string) => Locator;
  notification: (page: Page, text: string) => Promise<void>;
  eventually: (check: () => Promise<void> | void, timeoutMs?: number) => Promise<void>;
  screenshot: (page: Page, name: string) => Promise<void>;
  say: (line: string) => void;
  tag: string;
}

/** Whether the reference reader renders corrections yet (branch h-corr adds it); until then the reader check is reported as skipped. */
const readerRendersCorrections = () => /correction/i.test(fs.readFileSync(path.join(__dirname, '..', 'examples', 'reader', 'src', 'render.ts'), 'utf8'));

export function registerHistorySteps(flow: HistoryFlow): void {
  const { step, button, notification, eventually, screenshot, say, tag } = flow;
  const firstEdit = `Ministers met in Vienna on Monday, the e2e story ${tag} says.`;
  const secondEdit = `Ministers met in Geneva on Tuesday, the e2e story ${tag} says.`;
  const correction = `An earlier version of this story gave the wrong city (${tag}).`;
  const body = (page: Page) => page.locator('[data-slate-editor="true"]');
  const statusBadge = (page: Page, status: 'modified' | 'published') => page.getByRole('status', { name: status, exact: true });
  const historyPanel = (page: Page) => page.getByRole('region', { name: 'Latest versions' });

  /** Replaces the body with one paragraph, saves and publishes. */
  async function editAndPublish(page: Page, text: string) {
    await body(page).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(text);
    await button(page, 'Save').click();
    await notification(page, 'Saved document');
    // The toast of an earlier publication may still show: the status badge tells this one.
    await statusBadge(page, 'modified').waitFor();
    await button(page, 'Publish').click();
    await notification(page, 'Published document');
    await statusBadge(page, 'published').waitFor();
    await eventually(async () => expect(await body(page).textContent()).toContain(text));
  }

  /** The reader's page of the article, as a new reader's browser shows it (one with nothing cached: the page is cacheable). */
  async function readerText(page: Page): Promise<string> {
    const context = await page.context().browser()!.newContext();
    try {
      const reader = await context.newPage();
      const response = await reader.goto(`${flow.readerUrl()}/articles/${encodeURIComponent(flow.article().slug)}`);
      expect(response?.status()).toBe(200);
      return await reader.locator('body').innerText();
    } finally {
      await context.close();
    }
  }

  step('6. the editor edits the published article twice; the history compares the two versions, the changed words marked', async () => {
    const page = flow.page('editor');
    await flow.openArticle(page, flow.article().documentId);
    await editAndPublish(page, firstEdit);
    await editAndPublish(page, secondEdit);
    expect(await readerText(page)).toContain(secondEdit);

    // The edit view's History panel: the latest versions, newest first.
    const panel = historyPanel(page);
    await eventually(async () => expect(await panel.getByRole('listitem').first().innerText()).toMatch(/^Published\s/));
    expect(await panel.getByRole('listitem').nth(1).innerText()).toMatch(/^Edited\s+Edna E2e · /);
    await page.getByRole('link', { name: /^Open history/ }).click();
    await page.waitForURL(/\/admin\/newsroom\/history\/api::article\.article\/[a-z0-9]+(\?locale=[A-Za-z-]+)?$/);
    await page.getByRole('heading', { name: `History: ${flow.article().title}` }).waitFor();

    // The two latest publications, newest first: the second edit, then the first.
    const published = page.locator('tr[data-action="publish"]');
    await published.nth(1).waitFor();
    for (const row of [published.nth(0), published.nth(1)]) await row.getByRole('checkbox').check();
    const table = page.getByRole('grid', { name: 'Comparison of two versions' }).or(page.getByRole('table', { name: 'Comparison of two versions' }));
    await table.waitFor();
    const bodyRow = table.locator('tr[data-field="body"]');
    expect(await bodyRow.getAttribute('data-changed')).toBe('true');
    expect(await table.locator('tr[data-field="title"]').getAttribute('data-changed')).toBe('false');
    // Older on the left with what the newer one dropped struck out; newer on the right with what it added marked.
    expect(await bodyRow.locator('del').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('Vienna'), expect.stringContaining('Monday')]),
    );
    expect(await bodyRow.locator('ins').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('Geneva'), expect.stringContaining('Tuesday')]),
    );
    expect((await bodyRow.locator('del').allInnerTexts()).join(' ')).not.toContain('Geneva');
    await table.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(__dirname, 'screenshots', 'history-compare.png'), fullPage: true });
    say('screenshot e2e/screenshots/history-compare.png');
  });

  step('7. the editor restores the first edit as the draft and publishes it: readers get the first text again', async () => {
    const page = flow.page('editor');
    const firstPublication = page.locator('tr[data-action="publish"]').nth(1);
    const versionId = await firstPublication.getAttribute('data-version');
    await firstPublication.getByRole('button', { name: `Restore version #${versionId} as draft` }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
    await notification(page, `Version #${versionId} restored as the draft. Review it and publish when ready.`);

    // Back in the edit view, with the restored draft (not the content loaded before the restore).
    await page.waitForURL(new RegExp(`/content-manager/collection-types/api::article\\.article/${flow.article().documentId}(\\?.*)?$`));
    await eventually(async () => expect(await body(page).textContent()).toContain(firstEdit));
    await statusBadge(page, 'modified').waitFor();
    expect(await readerText(page)).toContain(secondEdit);
    await eventually(async () => expect(await historyPanel(page).getByRole('listitem').first().innerText()).toMatch(/^Restored\s/));

    await button(page, 'Publish').click();
    await notification(page, 'Published document');
    await statusBadge(page, 'published').waitFor();
    const text = await readerText(page);
    expect(text).toContain(firstEdit);
    expect(text).not.toContain(secondEdit);
  });

  step('8. the editor appends a correction: in the panel, the audit trail and the reader; the reporter cannot', async () => {
    const page = flow.page('editor');
    await page.getByLabel('New correction').fill(correction);
    await button(page, 'Append correction').click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
    await notification(page, 'Correction appended: readers see it under the article.');
    await page.getByRole('list', { name: 'Corrections, oldest first' }).getByText(correction, { exact: true }).waitFor();
    await screenshot(page, 'edit-view-history.png');

    if (readerRendersCorrections()) {
      await eventually(async () => expect(await readerText(page)).toContain(correction));
    } else {
      say('TODO: the reference reader does not render corrections yet (branch h-corr); the reader page was not checked for the correction');
    }

    // The audit trail lists it, with who did it.
    await page.getByRole('link', { name: 'Audit trail' }).click();
    await page.getByRole('heading', { name: 'Audit trail', level: 1 }).waitFor();
    const latest = page
      .getByRole('grid', { name: 'Audit trail, newest first' })
      .or(page.getByRole('table', { name: 'Audit trail, newest first' }))
      .locator('tbody tr')
      .first();
    await eventually(async () =>
      expect(await latest.innerText()).toMatch(new RegExp(`Edna E2e[\\s\\S]*Correction[\\s\\S]*Article[\\s\\S]*${flow.article().title}`)),
    );
    await screenshot(page, 'audit-trail.png');

    // The reporter reads the history and may restore, but has no correction form and no audit trail.
    const reporter = flow.page('reporter');
    await flow.openArticle(reporter, flow.article().documentId);
    await reporter.getByRole('list', { name: 'Corrections, oldest first' }).getByText(correction, { exact: true }).waitFor();
    expect(await reporter.getByLabel('New correction').count()).toBe(0);
    expect(await reporter.getByRole('link', { name: 'Audit trail' }).count()).toBe(0);
    await reporter.getByRole('link', { name: /^Open history/ }).click();
    await reporter.locator('tr[data-action="correct"]').first().waitFor();
    expect(await reporter.getByRole('button', { name: /^Restore version #\d+ as draft$/ }).count()).toBeGreaterThan(0);
  });
}
