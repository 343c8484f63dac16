// Changing the frequency when the next box is past its cutoff: the subscriber is told before
// confirming that the change applies from the following box, and the card shows the new one.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser } from '../lib/browser.mjs';
import { Storefront } from '../pages/storefront.mjs';
import { freshSubscription, subApi, isoDate } from '../../edge/tests/helpers.mjs';

describe('self-service: change frequency', { concurrency: 1, timeout: 120_000 }, () => {
  test('after the cutoff, the preview says the change applies from the following box', (t) =>
    withBrowser(t, async ({ page }) => {
      // Next box tomorrow: inside the 48 h cutoff.
      const sub = await freshSubscription({ nextBox: isoDate(1) });
      const shop = new Storefront(page);
      await shop.gotoAs(sub.subscriberId);
      await shop.openSubscription();
      assert.match(await shop.byTestId('sub-cutoff').textContent(), /being prepared/);

      await shop.startAction('frequency');
      await shop.byTestId('sub-frequency').selectOption('monthly');
      await shop.waitForPreview(/^Cutoff passed: applies from /);
      await shop.confirmChange();
      assert.equal((await shop.byTestId('sub-frequency-text').textContent()).trim(), 'Every month');

      const list = await subApi(sub.token, '/api/v1/subscriptions');
      const s = list.json.subscriptions.find((v) => v.subscription.id === sub.subscriptionId).subscription;
      assert.equal(s.frequency, 'monthly');
      assert.equal(s.next_box, isoDate(1), 'the box past its cutoff still ships');
    }));
});
