// A 4001-character message is refused in the widget with a visible, localised error; nothing is
// sent, and the widget keeps working.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, uniqueText } from '../lib/browser.mjs';
import { Storefront } from '../pages/storefront.mjs';

const MENTIONS_LIMIT = /4[\s,.\u00a0\u202f]?000/;

describe('oversize message', { concurrency: 1, timeout: 120_000 }, () => {
  test('4001 chars → cd-error mentioning 4000, nothing sent; a normal message still works', (t) =>
    withBrowser(t, async ({ page, requests }) => {
      const shop = new Storefront(page);
      await shop.goto('/');
      await shop.open();

      const tag = uniqueText('too-long').replace(/\s+/g, '-');
      const long = tag + 'x'.repeat(4001 - tag.length);
      assert.equal([...long].length, 4001);

      await shop.composer().fill(long);
      assert.equal((await shop.composer().inputValue()).length, 4001, 'composer truncated the input (maxlength?)');
      await shop.composer().press('Enter');

      const err = shop.error();
      await err.waitFor({ state: 'visible', timeout: 10_000 });
      const errText = (await err.textContent()) ?? '';
      assert.match(errText, MENTIONS_LIMIT, `cd-error does not mention the 4000 limit: ${JSON.stringify(errText)}`);
      assert.equal(await err.getAttribute('role'), 'alert');

      // Clicking send must not send it either.
      await shop.sendButton().click();
      await page.waitForTimeout(1_500);
      assert.equal(await shop.messageWithBody(long, 'sent').count(), 0, 'oversize message shown as sent');
      assert.equal(await shop.messageWithBody(long, 'sending').count(), 0, 'oversize message shown as sending');
      assert.ok(!requests.some((u) => u.includes(tag)), 'oversize text leaked into a request URL');

      const ok = uniqueText('Normal message after the error');
      await shop.composer().fill('');
      await shop.send(ok);
      const sent = await shop.waitForSent(ok);
      assert.match((await sent.getAttribute('data-seq')) ?? '', /^[1-9]\d*$/);
      assert.equal(await shop.messageWithBody(long, 'sent').count(), 0, 'refused message later shown as sent');
    }));
});
