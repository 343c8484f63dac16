// A storefront that renders a bad subscriber token (forged, or for another shop) must not
// break chat: the widget says it couldn't confirm the sign-in, continues as a guest, and
// messages still go through.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { withBrowser, uniqueText, UI_MS } from '../lib/browser.mjs';
import { Storefront } from '../pages/storefront.mjs';

const b64 = (b) => Buffer.from(b).toString('base64url');

/** A well-formed token for Ava signed with the wrong secret. */
function forgedToken() {
  const claims = { merchant: 'demo-wines', subscriber: 'sub_ava', email: 'ava.martin@example.com', name: 'Ava Martin', exp: Math.floor(Date.now() / 1000) + 3600 };
  const payload = b64(JSON.stringify(claims));
  return `${payload}.${b64(createHmac('sha256', 'not-the-merchant-secret').update(payload).digest())}`;
}

describe('live chat: subscriber token refused', { concurrency: 1, timeout: 120_000 }, () => {
  test('a forged subscriber token falls back to a guest chat with a notice', (t) =>
    withBrowser(t, async ({ page }) => {
      const shop = new Storefront(page);
      await shop.goto('/');
      const token = forgedToken();
      await page.evaluate((tok) => {
        document.querySelector('script[data-merchant]').dataset.subscriberToken = tok;
      }, token);
      const refused = page.waitForResponse(
        (r) => new URL(r.url()).pathname === '/api/v1/widget/session' && r.status() === 401,
      );
      const session = await shop.openCapturingSession();
      assert.equal((await (await refused).json()).code, 'invalid_subscriber_token');
      assert.equal(session.subscriber, null, 'the fallback session must be anonymous');

      await shop.identityNotice().waitFor({ state: 'visible', timeout: UI_MS });
      assert.equal(await shop.greeting().isVisible(), false, 'a refused token must not greet by name');

      await shop.waitOnline();
      const text = uniqueText('Hello as a guest');
      await shop.send(text);
      await shop.waitForDelivered(text);
    }));
});
