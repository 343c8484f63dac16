// HTML in messages is text: payloads sent by the subscriber and by the agent are shown
// literally in the widget and in the console, and never run or become elements.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowsers, FIRST_LOAD_MS, UI_MS } from '../lib/browser.mjs';
import { Storefront } from '../pages/storefront.mjs';
import { ConsoleApp, AGENTS } from '../pages/console.mjs';

const PAYLOADS = ['<img src=x onerror=window.__xss=1>', '<script>window.__xss=2</script>'];

/** Elements inside message bodies (there should be none: bodies are plain text). */
async function elementsInBodies(locator) {
  return locator.evaluateAll((els) => els.flatMap((e) => [...e.querySelectorAll('*')].map((c) => c.tagName.toLowerCase())));
}

async function assertInert(page, bodies, where) {
  assert.equal(await page.evaluate(() => typeof window.__xss), 'undefined', `${where}: a payload ran (window.__xss set)`);
  const tags = await elementsInBodies(bodies);
  assert.ok(!tags.includes('img') && !tags.includes('script'), `${where}: payload became elements: ${tags}`);
  // Nothing was injected anywhere else in the document or the widget's shadow tree either.
  const injected = await page.evaluate(() => {
    const found = [];
    const scan = (root) => {
      for (const el of root.querySelectorAll('img[src="x"], script')) {
        if (el.tagName === 'SCRIPT' && !el.textContent.includes('__xss')) continue;
        found.push(el.outerHTML.slice(0, 80));
      }
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) scan(el.shadowRoot);
    };
    scan(document);
    return found;
  });
  assert.deepEqual(injected, [], `${where}: payload elements in the page`);
}

describe('live chat: HTML in messages is inert', { concurrency: 1, timeout: 180_000 }, () => {
  test('img/script payloads both ways are shown as literal text in widget and console', (t) =>
    withBrowsers(t, ['subscriber', 'agent'], async ({ subscriber, agent }) => {
      const shop = new Storefront(subscriber.page);
      await shop.goto('/');
      const { conversation_id: id } = await shop.openCapturingSession();
      await shop.waitOnline();
      for (const p of PAYLOADS) {
        await shop.send(p);
        await shop.waitForDelivered(p);
      }

      const desk = new ConsoleApp(agent.page);
      await desk.signIn(AGENTS.maya);
      await desk.openConversation(id, FIRST_LOAD_MS);
      for (const p of PAYLOADS) await desk.waitForMessage(p, { author: 'visitor' });
      await desk.claim(id);
      for (const p of PAYLOADS) {
        await desk.send(p);
        await desk.waitForMessage(p, { author: 'agent' });
        await shop.waitForMessage(p, { author: 'agent', timeout: UI_MS });
      }
      // onerror of a broken <img> fires asynchronously: give it time.
      await subscriber.page.waitForTimeout(1_000);

      for (const [who, texts] of [
        ['widget', await shop.page.locator('[data-testid="cd-message-body"]').allTextContents()],
        ['console', await desk.page.locator('[data-testid="conv-message-body"]').allTextContents()],
      ]) {
        for (const p of PAYLOADS) {
          assert.equal(texts.filter((x) => x.trim() === p).length, 2, `${who}: "${p}" not shown literally once per side: ${JSON.stringify(texts)}`);
        }
      }
      await assertInert(shop.page, shop.page.locator('[data-testid="cd-message-body"]'), 'widget');
      await assertInert(desk.page, desk.page.locator('[data-testid="conv-message-body"]'), 'console');
      const previews = await elementsInBodies(desk.page.locator('[data-testid="queue-item-preview"]'));
      assert.ok(!previews.includes('img') && !previews.includes('script'), `queue preview rendered HTML: ${previews}`);
    }));
});
