// A paused subscriber resumes from the widget: only "Resume" is offered instead of pause and
// skip, and after one confirm the card shows the subscription active again.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser } from '../lib/browser.mjs';
import { Storefront } from '../pages/storefront.mjs';
import { freshSubscription, subApi, idemKey } from '../../edge/tests/helpers.mjs';

/** Set-up through the API, not the UI under test: pause the fresh copy for one box. */
async function pausedSubscription() {
  const sub = await freshSubscription();
  const list = await subApi(sub.token, '/api/v1/subscriptions');
  const { version } = list.json.subscriptions.find((v) => v.subscription.id === sub.subscriptionId).subscription;
  const res = await subApi(sub.token, `/api/v1/subscriptions/${sub.subscriptionId}/actions`, {
    body: { version, action: { action: 'pause', boxes: 1 } },
    headers: { 'Idempotency-Key': idemKey() },
  });
  if (res.status !== 200) throw new Error(`pausing for set-up: ${res.status} ${res.text.slice(0, 300)}`);
  return sub;
}

describe('self-service: resume', { concurrency: 1, timeout: 120_000 }, () => {
  test('a paused subscription resumes in one confirm', (t) =>
    withBrowser(t, async ({ page }) => {
      const sub = await pausedSubscription();
      const shop = new Storefront(page);
      await shop.gotoAs(sub.subscriberId);
      await shop.openSubscription();
      assert.equal(await shop.subStatus().getAttribute('data-status'), 'paused');
      assert.equal(await shop.byTestId('sub-action-pause').count(), 0, 'no pause while paused');

      await shop.startAction('resume');
      await shop.waitForPreview(/Applies to the box of|Cutoff passed: applies from/);
      assert.match(await shop.confirmChange(), /Reference: CD-/);
      assert.equal(await shop.subStatus().getAttribute('data-status'), 'active');
      await shop.byTestId('sub-action-pause').waitFor({ state: 'visible' });

      const list = await subApi(sub.token, '/api/v1/subscriptions');
      const s = list.json.subscriptions.find((v) => v.subscription.id === sub.subscriptionId).subscription;
      assert.equal(s.status, 'active');
    }));
});
