// A conversation with messages from the subscriber, the agent and the system survives a
// reload on both sides: the same messages, once each, in the same order.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowsers, uniqueText, waitUntil, FIRST_LOAD_MS, UI_MS } from '../lib/browser.mjs';
import { Storefront } from '../pages/storefront.mjs';
import { ConsoleApp, AGENTS } from '../pages/console.mjs';

const strip = (transcript) => transcript.map(({ author, seq, body }) => ({ author, seq, body }));

describe('live chat: history after reload', { concurrency: 1, timeout: 180_000 }, () => {
  test('widget and console show the same history after a reload', (t) =>
    withBrowsers(t, ['subscriber', 'agent'], async ({ subscriber, agent }) => {
      const shop = new Storefront(subscriber.page);
      await shop.goto('/');
      const { conversation_id: id } = await shop.openCapturingSession();
      await shop.waitOnline();
      const q1 = uniqueText('My cheese box is missing the Manchego.');
      const q2 = uniqueText('Order ord_1002.');
      for (const q of [q1, q2]) {
        await shop.send(q);
        await shop.waitForDelivered(q);
      }

      const desk = new ConsoleApp(agent.page);
      await desk.signIn(AGENTS.maya);
      await desk.openConversation(id, FIRST_LOAD_MS);
      await desk.waitForMessage(q2, { author: 'visitor' });
      await desk.claim(id);
      const a1 = uniqueText('Sorry about that! A replacement Manchego ships tomorrow.');
      await desk.send(a1);
      await shop.waitForMessage(a1, { author: 'agent' });

      const before = strip(await shop.transcript());
      const authors = before.map((m) => m.author);
      const i1 = before.findIndex((m) => m.body === q1);
      const i2 = before.findIndex((m) => m.body === q2);
      const i3 = before.findIndex((m) => m.body === a1);
      assert.ok(i1 !== -1 && i1 < i2 && i2 < i3, `widget order before reload: ${JSON.stringify(before)}`);
      assert.ok(authors.slice(i2 + 1, i3).includes('system'), `no system message between the question and the reply: ${JSON.stringify(authors)}`);
      assert.ok(before.every((m) => /^[1-9]\d*$/.test(m.seq ?? '')), `a message without a seq: ${JSON.stringify(before)}`);

      // Subscriber reloads: the history is back, complete, once.
      await shop.reload();
      await shop.open();
      await shop.waitOnline();
      await shop.waitForMessage(a1, { author: 'agent', timeout: FIRST_LOAD_MS });
      await subscriber.page.waitForTimeout(750); // let any duplicate render
      const after = strip(await shop.transcript());
      assert.deepEqual(after, before, 'widget history changed across the reload');
      const agentMsg = shop.messageFrom('agent', a1).first();
      assert.match((await agentMsg.locator('[data-testid="cd-message-author"]').textContent()) ?? '', /Maya/);

      // Agent reloads: still signed in, and the conversation shows the same messages.
      const consoleBefore = strip(await desk.transcript());
      await desk.reload();
      await desk.agentName().waitFor({ state: 'visible', timeout: FIRST_LOAD_MS });
      await desk.openConversation(id, FIRST_LOAD_MS);
      await desk.waitForMessage(a1, { author: 'agent' });
      await waitUntil(async () => (await desk.transcript()).length >= consoleBefore.length, { timeout: UI_MS, message: 'console history complete' });
      await agent.page.waitForTimeout(750);
      assert.deepEqual(strip(await desk.transcript()), consoleBefore, 'console history changed across the reload');
      for (const text of [q1, q2, a1]) assert.equal(await desk.messageFrom(undefined, text).count(), 1);
    }));
});
