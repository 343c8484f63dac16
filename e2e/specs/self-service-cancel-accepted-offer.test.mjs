// Taking the save offer instead of cancelling: "too much product" offers a 2-box pause; taking
// it reviews and applies that pause (same preview/apply API) and the subscription is not cancelled.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser } from '../lib/browser.mjs';
import { Storefront } from '../pages/storefront.mjs';
import { freshSubscription, subApi } from '../../edge/tests/helpers.mjs';

describe('self-service: cancel, save offer accepted', { concurrency: 1, timeout: 120_000 }, () => {
  test('taking the pause offer pauses for 2 boxes instead of cancelling', (t) =>
    withBrowser(t, async ({ page }) => {
      const sub = await freshSubscription();
      const shop = new Storefront(page);
      await shop.gotoAs(sub.subscriberId);
      await shop.openSubscription();
      await shop.openCancel();

      await shop.pickCancelReason('too_much_product');
      await shop.cancelOffer().waitFor({ state: 'visible' });
      assert.equal(await shop.cancelOffer().getAttribute('data-offer'), 'pause');
      assert.ok(await shop.cancelConfirm().isVisible(), 'the cancel button stays beside the offer');
      await shop.byTestId('cancel-offer-accept').click();

      await shop.page.locator('[data-testid="sub-form"][data-action="pause"]').waitFor({ state: 'visible', timeout: 10_000 });
      assert.equal(await shop.byTestId('sub-pause-boxes').inputValue(), '2');
      await shop.waitForPreview(/Applies to the box of|Cutoff passed/);
      await shop.confirmChange();
      assert.equal(await shop.subStatus().getAttribute('data-status'), 'paused');

      const list = await subApi(sub.token, '/api/v1/subscriptions');
      const s = list.json.subscriptions.find((v) => v.subscription.id === sub.subscriptionId).subscription;
      assert.equal(s.status, 'paused');
      assert.equal(s.pause_boxes, 2);
    }));
});
