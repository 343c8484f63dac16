// CES after a self-service change: skipping a box shows "How easy was it?" at the top of
// "My subscription", once; answered (or dismissed), it does not come back after a reload.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, UI_MS } from '../lib/browser.mjs';
import { Storefront } from '../pages/storefront.mjs';
import { freshSubscription, subApi, isoDate } from '../../edge/tests/helpers.mjs';

/** Skips the next box of a fresh subscription from the widget; returns the storefront. */
async function skipOnce(page) {
  const sub = await freshSubscription({ nextBox: isoDate(10) });
  const shop = new Storefront(page);
  await shop.gotoAs(sub.subscriberId);
  await shop.openSubscription();
  assert.equal(await shop.surveyCard().count(), 0, 'no survey before a change');
  await shop.startAction('skip');
  await shop.waitForPreview('Applies to the box of');
  await shop.confirmChange();
  return { shop, sub };
}

/** Reloads, opens "My subscription" and the chat, and checks no survey shows. */
async function noSurveyAfterReload(shop, sub) {
  await shop.reload();
  await shop.openSubscription();
  await shop.page.waitForTimeout(1_500);
  assert.equal(await shop.surveyCard().count(), 0, 'the survey came back');
  const pending = await subApi(sub.token, '/api/v1/surveys/pending');
  assert.equal(pending.status, 200);
  assert.equal(pending.json.survey, null);
}

describe('surveys: CES after a self-service change', { concurrency: 1, timeout: 180_000 }, () => {
  test('answered once, it does not come back', (t) =>
    withBrowser(t, async ({ page }) => {
      const { shop, sub } = await skipOnce(page);
      assert.equal(await shop.waitForSurvey(UI_MS), 'ces');
      assert.equal(await shop.surveyCard().count(), 1, 'one card');
      assert.match((await shop.surveyCard().textContent()) ?? '', /How easy/);
      assert.equal(await shop.byTestId('survey-score-7').count(), 1);
      assert.equal(await shop.byTestId('survey-score-8').count(), 0);
      // The subscription stays usable under it.
      assert.equal(await shop.byTestId('sub-action-pause').isEnabled(), true);
      await shop.answerSurvey(6);
      await shop.surveyCard().waitFor({ state: 'detached', timeout: UI_MS });
      await noSurveyAfterReload(shop, sub);
    }));

  test('dismissed, it does not come back', (t) =>
    withBrowser(t, async ({ page }) => {
      const { shop, sub } = await skipOnce(page);
      assert.equal(await shop.waitForSurvey(UI_MS), 'ces');
      await shop.dismissSurvey();
      await noSurveyAfterReload(shop, sub);
    }));
});
