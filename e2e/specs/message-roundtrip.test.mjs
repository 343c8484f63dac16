// A visitor's message goes sending → sent, survives a reload (history), and ordering holds.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, uniqueText, waitUntil, FIRST_LOAD_MS } from '../lib/browser.mjs';
import { Storefront } from '../pages/storefront.mjs';

describe('message round-trip', { concurrency: 1, timeout: 120_000 }, () => {
  test('send shows sending then sent; after reload it is in history once; order is kept', (t) =>
    withBrowser(t, async ({ page }) => {
      const shop = new Storefront(page);
      await shop.goto('/');
      await shop.startStateRecorder();
      await shop.open();

      const first = uniqueText('Is the 2019 Barolo in stock?');
      await shop.send(first);
      const sent1 = await shop.waitForSent(first);
      assert.equal(await sent1.getAttribute('data-author'), 'visitor');
      const seq1 = await sent1.getAttribute('data-seq');
      assert.match(seq1 ?? '', /^[1-9]\d*$/, `data-seq of a sent message: ${seq1}`);
      const states = await shop.recordedStates(first);
      const iSending = states.indexOf('sending');
      assert.ok(iSending !== -1, `"sending" state never shown; saw ${JSON.stringify(states)}`);
      assert.ok(states.lastIndexOf('sent') > iSending, `"sent" did not follow "sending": ${JSON.stringify(states)}`);
      assert.ok(!states.includes('failed'), `message went through "failed": ${JSON.stringify(states)}`);
      const status = (await sent1.locator('[data-testid="cd-message-status"]').textContent())?.trim();
      assert.ok(status, 'cd-message-status has text');
      assert.equal(await shop.composer().inputValue(), '', 'composer cleared after send');

      await shop.reload();
      await shop.open();
      const again = await shop.waitForSent(first, FIRST_LOAD_MS);
      assert.equal(await again.getAttribute('data-seq'), seq1, 'seq changed across reload');
      await page.waitForTimeout(750); // let any duplicate (history + stale resend) render
      assert.equal(await shop.messageWithBody(first).count(), 1, 'message appears more than once after reload');

      const second = uniqueText('And the Chablis?');
      await shop.send(second);
      const sent2 = await shop.waitForSent(second);
      const seq2 = Number(await sent2.getAttribute('data-seq'));
      assert.ok(seq2 > Number(seq1), `seq ${seq2} not after ${seq1}`);
      await waitUntil(async () => {
        const bodies = (await shop.messageBodies()).map((b) => b.trim());
        const a = bodies.indexOf(first);
        const b = bodies.indexOf(second);
        return a !== -1 && b !== -1 && a < b && bodies.filter((x) => x === first).length === 1 && bodies.filter((x) => x === second).length === 1;
      }, { message: 'both messages present once each, in order' });
    }));
});
