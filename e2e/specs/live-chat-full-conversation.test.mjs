// A signed-in subscriber and an agent have a whole live conversation: greeting by name, the
// chat shows up in Waiting, the agent claims and replies, typing indicators and read receipts
// go both ways.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowsers, uniqueText, FIRST_LOAD_MS, UI_MS } from '../lib/browser.mjs';
import { releaseSubscriberConversation } from '../lib/fixtures.mjs';
import { Storefront } from '../pages/storefront.mjs';
import { ConsoleApp, AGENTS } from '../pages/console.mjs';

const MAYA = AGENTS.maya;
/** Typing `on` expires after 6 s on the client; allow a little more. */
const TYPING_GONE_MS = 8_000;

describe('live chat: full conversation', { concurrency: 1, timeout: 180_000 }, () => {
  before(() => releaseSubscriberConversation('sub_ava'));

  test('subscriber Ava writes, Maya claims and replies; typing and read receipts both ways', (t) =>
    withBrowsers(t, ['subscriber', 'agent'], async ({ subscriber, agent }) => {
      // Subscriber: the demo shop signed in as Ava (?as=sub_ava) opens the widget.
      const shop = new Storefront(subscriber.page);
      await shop.gotoAs('sub_ava');
      const session = await shop.openCapturingSession();
      assert.equal(session.subscriber?.id, 'sub_ava', `widget session is not Ava's: ${JSON.stringify(session.subscriber)}`);
      const id = session.conversation_id;
      await shop.waitOnline();
      await shop.greeting().waitFor({ state: 'visible', timeout: UI_MS });
      assert.match((await shop.greeting().textContent()) ?? '', /\bAva\b/, 'greeting does not name Ava');
      assert.equal(await shop.identityNotice().isVisible(), false, 'identity notice shown for a valid subscriber token');

      const question = uniqueText('Can I swap the Riesling in my next box?');
      await shop.send(question);
      await shop.waitForDelivered(question);

      // Agent: signs in, finds the conversation in Waiting under Ava's name.
      const desk = new ConsoleApp(agent.page);
      await desk.signIn(MAYA);
      const waiting = await desk.waitForQueueItem(id, 'waiting', FIRST_LOAD_MS);
      assert.equal(await waiting.getAttribute('data-status'), 'waiting');
      assert.match((await waiting.locator('[data-testid="queue-item-name"]').textContent()) ?? '', /Ava/);

      // Opening it shows the message and tells the subscriber it was read.
      await desk.openConversation(id);
      await desk.waitForMessage(question, { author: 'visitor' });
      const read = shop.messageWithBody(question, 'read').first();
      await read.waitFor({ state: 'visible', timeout: UI_MS });
      assert.match((await read.locator('[data-testid="cd-message-status"]').textContent()) ?? '', /read/i, 'status text of a read message');

      // Claim: the conversation moves to Mine, the subscriber sees that Maya joined.
      const systemBefore = await shop.systemMessages().count();
      await desk.claim(id);
      await shop.systemMessages().nth(systemBefore).waitFor({ state: 'visible', timeout: UI_MS });
      assert.match((await shop.systemMessages().nth(systemBefore).textContent()) ?? '', /Maya/, 'system message does not name the agent');

      // Subscriber typing → agent sees it.
      await shop.composer().pressSequentially('Also, could', { delay: 50 });
      await desk.typing().waitFor({ state: 'visible', timeout: UI_MS });
      await shop.composer().fill('');

      // Agent typing → subscriber sees Maya typing.
      await desk.composer().pressSequentially('Of course', { delay: 50 });
      await shop.typing().waitFor({ state: 'visible', timeout: UI_MS });
      assert.match((await shop.typing().textContent()) ?? '', /Maya/, 'typing indicator does not name the agent');

      // The reply arrives with the agent's name; the typing indicator goes away.
      const reply = uniqueText('Of course, Ava: I can swap it for the Albariño.');
      await desk.send(reply);
      const got = await shop.waitForMessage(reply, { author: 'agent' });
      assert.match((await got.locator('[data-testid="cd-message-author"]').textContent()) ?? '', /Maya/, 'agent message without the agent name');
      await shop.typing().waitFor({ state: 'hidden', timeout: TYPING_GONE_MS });
      await desk.typing().waitFor({ state: 'hidden', timeout: TYPING_GONE_MS });

      // The subscriber's open panel showed the reply: the agent sees it as read.
      const mine = await desk.waitForMessage(reply, { author: 'agent' });
      await mine.locator('[data-testid="conv-message-read"]').waitFor({ state: 'visible', timeout: UI_MS });

      // Each message is shown once on both sides.
      assert.equal(await shop.messageWithBody(question).count(), 1);
      assert.equal(await shop.messageWithBody(reply).count(), 1);
      assert.equal(await desk.messageFrom(undefined, question).count(), 1);
      assert.equal(await desk.messageFrom(undefined, reply).count(), 1);
    }));
});
