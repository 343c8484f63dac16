// Cancelling in two taps from the widget's main view, declining the one save offer shown
// beside the cancel button: the confirmation gives the effective date and a reference.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser } from '../lib/browser.mjs';
import { Storefront } from '../pages/storefront.mjs';
import { freshSubscription, subApi } from '../../edge/tests/helpers.mjs';

const day = (iso) => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en', { day: 'numeric', month: 'short', timeZone: 'UTC' });

describe('self-service: cancel, save offer declined', { concurrency: 1, timeout: 120_000 }, () => {
  test('two taps to the cancel button; the discount offer sits beside it; one confirm cancels', (t) =>
    withBrowser(t, async ({ page }) => {
      const sub = await freshSubscription();
      const shop = new Storefront(page);
      await shop.gotoAs(sub.subscriberId);
      await shop.open();
      // Tap 1: "My subscription". Tap 2: "Cancel subscription".
      await shop.subscriptionTab().click();
      await shop.byTestId('sub-cancel-open').click();
      await shop.cancelConfirm().waitFor({ state: 'visible', timeout: 10_000 });

      await shop.pickCancelReason('too_expensive');
      await shop.cancelOffer().waitFor({ state: 'visible' });
      assert.equal(await shop.cancelOffer().count(), 1, 'one save offer at most');
      assert.equal(await shop.cancelOffer().getAttribute('data-offer'), 'discount');
      assert.equal((await shop.byTestId('cancel-offer-code').textContent()).trim(), 'STAY20');
      assert.ok(await shop.cancelConfirm().isVisible(), 'the cancel button stays beside the offer');
      await shop.byTestId('cancel-comment').fill('Budget is tight this year.');
      await shop.waitForPreview(/Effective /);

      await shop.cancelConfirm().click();
      const reference = shop.byTestId('cancel-done-reference');
      await reference.waitFor({ state: 'visible', timeout: 10_000 });
      assert.match((await reference.textContent()).trim(), /^Reference: CD-[A-Z0-9]{8}$/);

      const list = await subApi(sub.token, '/api/v1/subscriptions');
      const s = list.json.subscriptions.find((v) => v.subscription.id === sub.subscriptionId).subscription;
      assert.equal(s.status, 'cancelled');
      assert.equal((await shop.byTestId('cancel-done-effective').textContent()).trim(), `Effective ${day(s.cancel_effective)}`);
    }));
});
