// A signed-in subscriber pauses their subscription for two boxes from the widget: the form
// previews which box it applies to, one confirm applies it, and the card shows it at once.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser } from '../lib/browser.mjs';
import { Storefront } from '../pages/storefront.mjs';
import { freshSubscription, subApi, isoDate } from '../../edge/tests/helpers.mjs';

const day = (iso) => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en', { day: 'numeric', month: 'short', timeZone: 'UTC' });

describe('self-service: pause', { concurrency: 1, timeout: 120_000 }, () => {
  test('pausing for 2 boxes previews the first paused box and updates the card', (t) =>
    withBrowser(t, async ({ page }) => {
      const nextBox = isoDate(10);
      const sub = await freshSubscription({ nextBox });
      const shop = new Storefront(page);
      await shop.gotoAs(sub.subscriberId);
      await shop.openSubscription();
      assert.equal(await shop.subStatus().getAttribute('data-status'), 'active');
      assert.match(await shop.subNextBox().textContent(), new RegExp(day(nextBox)));

      await shop.startAction('pause');
      await shop.byTestId('sub-pause-boxes').selectOption('2');
      const line = await shop.waitForPreview(`Applies to the box of ${day(nextBox)}`);
      assert.match(line, /Next box: /);
      assert.match(await shop.confirmChange(), /^Done\. Reference: CD-[A-Z0-9]{8}$/);

      assert.equal(await shop.subStatus().getAttribute('data-status'), 'paused');
      const list = await subApi(sub.token, '/api/v1/subscriptions');
      const s = list.json.subscriptions.find((v) => v.subscription.id === sub.subscriptionId).subscription;
      assert.equal(s.status, 'paused');
      assert.equal(s.pause_boxes, 2);
    }));
});
