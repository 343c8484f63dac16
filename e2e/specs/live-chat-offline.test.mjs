// Messages written while the subscriber's network is down stay "sending" while the widget
// shows it is reconnecting; back online they are all delivered, in order, and the agent sees
// each exactly once.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowsers, uniqueText, waitUntil, FIRST_LOAD_MS, UI_MS } from '../lib/browser.mjs';
import { installNetworkSwitch } from '../lib/network.mjs';
import { Storefront } from '../pages/storefront.mjs';
import { ConsoleApp, AGENTS } from '../pages/console.mjs';

/** Reconnect back-off may be several seconds; the `online` event should cut it short. */
const RECONNECT_MS = 30_000;

describe('live chat: offline subscriber', { concurrency: 1, timeout: 180_000 }, () => {
  test('3 messages written offline stay sending, then arrive once each and in order', (t) =>
    withBrowsers(t, ['subscriber', 'agent'], async ({ subscriber, agent }) => {
      const net = await installNetworkSwitch(subscriber.context);
      const shop = new Storefront(subscriber.page);
      await shop.goto('/');
      const { conversation_id: id } = await shop.openCapturingSession();
      await shop.waitOnline();
      const hello = uniqueText('Hello, is anyone there?');
      await shop.send(hello);
      await shop.waitForDelivered(hello);

      // The agent has the conversation open and watches it live.
      const desk = new ConsoleApp(agent.page);
      await desk.signIn(AGENTS.maya);
      await desk.openConversation(id, FIRST_LOAD_MS);
      await desk.waitForMessage(hello, { author: 'visitor' });

      await net.offline();
      await shop.connectionIn('reconnecting').waitFor({ state: 'attached', timeout: UI_MS });

      const texts = [1, 2, 3].map((i) => uniqueText(`Offline note ${i}`));
      for (const text of texts) await shop.send(text);
      for (const text of texts) await shop.messageWithBody(text, 'sending').waitFor({ state: 'visible', timeout: UI_MS });

      // While offline nothing is delivered, and the widget keeps saying it is reconnecting.
      await subscriber.page.waitForTimeout(2_500);
      for (const text of texts) {
        assert.equal(await shop.delivered(text).count(), 0, `"${text}" shown as sent while offline`);
        assert.equal(await shop.messageWithBody(text, 'failed').count(), 0, `"${text}" gave up while offline`);
        assert.equal(await shop.messageWithBody(text).count(), 1, `"${text}" shown more than once`);
        assert.equal(await desk.messageFrom(undefined, text).count(), 0, `agent got "${text}" while the subscriber was offline`);
      }
      assert.equal(await shop.connectionIn('reconnecting').count(), 1, 'cd-connection is not "reconnecting" while offline');

      await net.online();
      const seqs = [];
      for (const text of texts) {
        const msg = await shop.waitForDelivered(text, RECONNECT_MS);
        seqs.push(Number(await msg.getAttribute('data-seq')));
      }
      await shop.connectionIn('online').waitFor({ state: 'attached', timeout: UI_MS });
      for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i] > seqs[i - 1], `seqs not in writing order: ${seqs}`);

      const bodies = (await shop.messageBodies()).map((b) => b.trim());
      const at = texts.map((x) => bodies.indexOf(x));
      assert.ok(at.every((i, k) => i !== -1 && (k === 0 || i > at[k - 1])), `widget order: ${JSON.stringify(at)}`);

      // The agent sees each exactly once, in order.
      for (const text of texts) await desk.waitForMessage(text, { author: 'visitor', timeout: UI_MS });
      await agent.page.waitForTimeout(1_000); // any duplicate delivery would render by now
      for (const text of texts) assert.equal(await desk.messageFrom(undefined, text).count(), 1, `agent sees "${text}" more than once`);
      await waitUntil(
        async () => {
          const order = (await desk.transcript()).map((m) => m.body);
          const idx = texts.map((x) => order.indexOf(x));
          return idx.every((i, k) => i !== -1 && (k === 0 || i > idx[k - 1]));
        },
        { timeout: UI_MS, message: 'the agent sees the three messages in writing order' },
      );
      for (const text of texts) assert.equal(await shop.messageWithBody(text).count(), 1, `"${text}" duplicated in the widget after reconnecting`);
    }));
});
