// Skipping the next box from the widget: the preview names the skipped box and the one that
// ships instead, and the card's next box moves on at once.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser } from '../lib/browser.mjs';
import { Storefront } from '../pages/storefront.mjs';
import { freshSubscription, subApi, isoDate } from '../../edge/tests/helpers.mjs';

const day = (iso) => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en', { day: 'numeric', month: 'short', timeZone: 'UTC' });

describe('self-service: skip next box', { concurrency: 1, timeout: 120_000 }, () => {
  test('skipping moves the next box on by one step (every 2 weeks)', (t) =>
    withBrowser(t, async ({ page }) => {
      const nextBox = isoDate(10);
      const after = isoDate(24);
      const sub = await freshSubscription({ nextBox });
      const shop = new Storefront(page);
      await shop.gotoAs(sub.subscriberId);
      await shop.openSubscription();

      await shop.startAction('skip');
      assert.equal(
        await shop.waitForPreview(`Applies to the box of ${day(nextBox)}`),
        `Applies to the box of ${day(nextBox)} · Next box: ${day(after)}`,
      );
      await shop.confirmChange();
      assert.equal((await shop.subNextBox().textContent()).trim(), `Next box: ${day(after)}`);

      const list = await subApi(sub.token, '/api/v1/subscriptions');
      const s = list.json.subscriptions.find((v) => v.subscription.id === sub.subscriptionId).subscription;
      assert.equal(s.next_box, after);
    }));
});
