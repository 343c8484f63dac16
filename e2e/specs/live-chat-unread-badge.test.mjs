// With the panel closed, an agent reply shows an unread badge on the launcher; opening the
// panel clears it (and only then does the agent see the reply as read).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowsers, uniqueText, FIRST_LOAD_MS, UI_MS } from '../lib/browser.mjs';
import { Storefront } from '../pages/storefront.mjs';
import { ConsoleApp, AGENTS } from '../pages/console.mjs';

describe('live chat: unread badge', { concurrency: 1, timeout: 180_000 }, () => {
  test('closed panel + agent reply → badge "1"; opening the panel clears it', (t) =>
    withBrowsers(t, ['subscriber', 'agent'], async ({ subscriber, agent }) => {
      const shop = new Storefront(subscriber.page);
      await shop.goto('/');
      const { conversation_id: id } = await shop.openCapturingSession();
      await shop.waitOnline();
      const question = uniqueText('Do you deliver on Saturdays?');
      await shop.send(question);
      await shop.waitForDelivered(question);

      const desk = new ConsoleApp(agent.page);
      await desk.signIn(AGENTS.maya);
      await desk.openConversation(id, FIRST_LOAD_MS);
      await desk.waitForMessage(question, { author: 'visitor' });
      await desk.claim(id);
      await shop.systemMessages().first().waitFor({ state: 'visible', timeout: UI_MS }); // seen while open

      await shop.close();
      assert.equal(await shop.unreadBadge().isVisible(), false, 'badge shown with nothing unread');

      const reply = uniqueText('Yes, Saturday mornings in most cities.');
      await desk.send(reply);
      const mine = await desk.waitForMessage(reply, { author: 'agent' });
      const badge = shop.unreadBadge();
      await badge.waitFor({ state: 'visible', timeout: UI_MS });
      assert.equal(((await badge.textContent()) ?? '').trim(), '1');
      // Not seen yet: the agent must not get a read receipt while the panel is closed.
      await subscriber.page.waitForTimeout(1_000);
      assert.equal(await mine.locator('[data-testid="conv-message-read"]').count(), 0, 'reply marked read while the panel was closed');

      await shop.open({ timeout: UI_MS });
      await badge.waitFor({ state: 'hidden', timeout: UI_MS });
      await shop.waitForMessage(reply, { author: 'agent' });
      await mine.locator('[data-testid="conv-message-read"]').waitFor({ state: 'visible', timeout: UI_MS });
    }));
});
