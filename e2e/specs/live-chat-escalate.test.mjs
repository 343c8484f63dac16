// An agent escalates a conversation to the specialist queue with a note: the subscriber is
// told it was escalated and by when to expect news (without the internal note), and the queue
// shows it as escalated under Others with the note kept for agents.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowsers, uniqueText, FIRST_LOAD_MS, UI_MS } from '../lib/browser.mjs';
import { Storefront } from '../pages/storefront.mjs';
import { ConsoleApp, AGENTS } from '../pages/console.mjs';

describe('live chat: escalation', { concurrency: 1, timeout: 180_000 }, () => {
  test('escalating tells the subscriber when to expect news and moves the chat to Others', (t) =>
    withBrowsers(t, ['subscriber', 'agent'], async ({ subscriber, agent }) => {
      const shop = new Storefront(subscriber.page);
      await shop.goto('/');
      const { conversation_id: id } = await shop.openCapturingSession();
      await shop.waitOnline();
      const question = uniqueText('Half of my cheese box arrived spoiled, I want a refund.');
      await shop.send(question);
      await shop.waitForDelivered(question);

      const desk = new ConsoleApp(agent.page);
      await desk.signIn(AGENTS.maya);
      await desk.openConversation(id, FIRST_LOAD_MS);
      await desk.waitForMessage(question, { author: 'visitor' });
      await desk.claim(id);
      // Wait for "Maya joined" before counting, so the next system message is the escalation.
      await shop.systemMessages().filter({ hasText: 'Maya' }).first().waitFor({ state: 'visible', timeout: UI_MS });
      const before = await shop.systemMessages().count();

      const note = uniqueText('Refund above agent limit — needs a specialist');
      await desk.escalate(note);

      // The subscriber sees an escalation notice with an expected time, never the internal note.
      const escalated = shop.systemMessages().nth(before);
      await escalated.waitFor({ state: 'visible', timeout: UI_MS });
      const text = (await escalated.textContent()) ?? '';
      assert.match(text, /specialist/i, `escalation notice: ${text}`);
      // The demo shop answers around the clock, so news is due one day later: tomorrow's
      // weekday and a clock time (the browser runs with en-US on this machine's zone).
      const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toLocaleDateString('en-US', { weekday: 'long' });
      assert.match(text, new RegExp(`Expect news by ${tomorrow}\\b.*\\d{1,2}:\\d{2}`), `expected-by in: ${text}`);
      assert.ok(!text.includes(note), 'the internal escalation note leaked to the subscriber');

      // The queue: escalated, unassigned, under Others.
      const item = await desk.waitForQueueItem(id, 'others', UI_MS);
      assert.equal(await item.getAttribute('data-status'), 'escalated');
    }));
});
