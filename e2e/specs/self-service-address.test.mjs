// Changing the delivery address of a wine subscription: a region wine cannot ship to is
// refused with a clear message, a bad postal code is shown beside its field, and a valid
// address in an allowed region is applied.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser } from '../lib/browser.mjs';
import { Storefront } from '../pages/storefront.mjs';
import { freshSubscription, subApi } from '../../edge/tests/helpers.mjs';

describe('self-service: change address', { concurrency: 1, timeout: 150_000 }, () => {
  test('wine refused in Utah, field error for a bad postal code, then Oregon applies', (t) =>
    withBrowser(t, async ({ page }) => {
      const sub = await freshSubscription({ from: 'subn_ava_cellar' });
      const shop = new Storefront(page);
      await shop.gotoAs(sub.subscriberId);
      await shop.openSubscription();
      await shop.startAction('address');
      const confirm = shop.byTestId('sub-confirm');

      await shop.fillAddress({ line1: '50 S Main St', city: 'Salt Lake City', region: 'UT', postal_code: '84101', country: 'US' });
      await shop.page.locator('[data-testid="sub-error"]').filter({ hasText: "We can't ship wine to that region." }).waitFor({ timeout: 10_000 });
      assert.equal(await confirm.isDisabled(), true, 'nothing to confirm for a refused region');

      await shop.fillAddress({ region: 'OR', postal_code: 'ABCDE', city: 'Portland', line1: '1 SW Main St' });
      await shop.fieldError('postal_code').waitFor({ state: 'visible', timeout: 10_000 });
      assert.equal((await shop.fieldError('postal_code').textContent()).trim(), 'Not a valid postal code');
      assert.equal(await shop.byTestId('sub-address-postal_code').getAttribute('aria-invalid'), 'true');

      await shop.fillAddress({ postal_code: '97204' });
      await shop.waitForPreview(/Applies to the box of|Cutoff passed/);
      assert.equal(await shop.fieldError('postal_code').count(), 0);
      await shop.confirmChange();

      const list = await subApi(sub.token, '/api/v1/subscriptions');
      const s = list.json.subscriptions.find((v) => v.subscription.id === sub.subscriptionId).subscription;
      assert.equal(s.address.region, 'OR');
      assert.equal(s.address.postal_code, '97204');
    }));
});
