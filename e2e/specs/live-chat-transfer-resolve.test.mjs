// Maya transfers a conversation to Sam (signed in elsewhere); the subscriber is told; Sam
// resolves it; the subscriber is told that too.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowsers, uniqueText, FIRST_LOAD_MS, UI_MS } from '../lib/browser.mjs';
import { Storefront } from '../pages/storefront.mjs';
import { ConsoleApp, AGENTS } from '../pages/console.mjs';

describe('live chat: transfer and resolve', { concurrency: 1, timeout: 240_000 }, () => {
  test('maya → sam transfer and sam resolving show as system messages in the widget', (t) =>
    withBrowsers(t, ['subscriber', 'maya', 'sam'], async ({ subscriber, maya, sam }) => {
      const shop = new Storefront(subscriber.page);
      await shop.goto('/');
      const { conversation_id: id } = await shop.openCapturingSession();
      await shop.waitOnline();
      const question = uniqueText('I was charged twice for my Cellar Club box.');
      await shop.send(question);
      await shop.waitForDelivered(question);

      // Sam (the lead) is signed in first, so he is online when Maya picks whom to transfer to.
      const samDesk = new ConsoleApp(sam.page);
      await samDesk.signIn(AGENTS.sam);

      const mayaDesk = new ConsoleApp(maya.page);
      await mayaDesk.signIn(AGENTS.maya);
      await mayaDesk.openConversation(id, FIRST_LOAD_MS);
      await mayaDesk.waitForMessage(question, { author: 'visitor' });
      await mayaDesk.claim(id);
      await shop.systemMessages().first().waitFor({ state: 'visible', timeout: UI_MS }); // Maya joined

      const beforeTransfer = await shop.systemMessages().count();
      await mayaDesk.transferTo(AGENTS.sam.name);
      const transferred = shop.systemMessages().nth(beforeTransfer);
      await transferred.waitFor({ state: 'visible', timeout: UI_MS });
      assert.match((await transferred.textContent()) ?? '', /Sam/, 'transfer message does not name Sam');

      // The queues follow: Sam has it in Mine, Maya sees it under Others.
      await samDesk.waitForQueueItem(id, 'mine', UI_MS);
      await mayaDesk.waitForQueueItem(id, 'others', UI_MS);

      await samDesk.openConversation(id);
      await samDesk.waitForMessage(question, { author: 'visitor' });
      const beforeResolve = await shop.systemMessages().count();
      await samDesk.resolve();
      const resolved = shop.systemMessages().nth(beforeResolve);
      await resolved.waitFor({ state: 'visible', timeout: UI_MS });
      const text = (await resolved.textContent()) ?? '';
      assert.match(text, /Sam/, 'resolved message does not name Sam');
      assert.match(text, /resolv|solved|closed/i, `resolved message does not say so: ${JSON.stringify(text)}`);

      await samDesk.waitForQueueItem(id, 'resolved', UI_MS);
      assert.equal(await shop.messageWithBody(question).count(), 1);
    }));
});
