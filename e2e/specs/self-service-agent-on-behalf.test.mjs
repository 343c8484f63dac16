// An agent changes a subscription on the subscriber's behalf from the console's context
// panel: same API and rules as the widget, recorded in the audit log under the agent's name.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowsers, uniqueText, FIRST_LOAD_MS, UI_MS } from '../lib/browser.mjs';
import { releaseSubscriberConversation } from '../lib/fixtures.mjs';
import { Storefront } from '../pages/storefront.mjs';
import { ConsoleApp, AGENTS } from '../pages/console.mjs';
import { agentSignIn, agentApi } from '../../edge/tests/helpers.mjs';

const MAYA = AGENTS.maya;
const AVA_SUBSCRIPTION = 'subn_ava_cellar';
const AVA_SUBSCRIPTIONS_PATH = '/api/v1/agent/subscribers/sub_ava/subscriptions';

async function avaSubscriptions(cookie) {
  const res = await agentApi(cookie, AVA_SUBSCRIPTIONS_PATH);
  assert.equal(res.status, 200, `GET ${AVA_SUBSCRIPTIONS_PATH} → ${res.status} ${res.text.slice(0, 200)}`);
  return res.json;
}

describe('self-service: an agent acts on the subscriber\'s behalf', { concurrency: 1, timeout: 180_000 }, () => {
  before(() => releaseSubscriberConversation('sub_ava'));

  test('Maya skips Ava\'s next box from the context panel; the audit log shows it was Maya', (t) =>
    withBrowsers(t, ['subscriber', 'agent'], async ({ subscriber, agent }) => {
      // Ava, signed in on the demo shop, asks in the widget.
      const shop = new Storefront(subscriber.page);
      await shop.gotoAs('sub_ava');
      const session = await shop.openCapturingSession();
      assert.equal(session.subscriber?.id, 'sub_ava', `widget session is not Ava's: ${JSON.stringify(session.subscriber)}`);
      const id = session.conversation_id;
      await shop.waitOnline();
      const question = uniqueText('Could you skip my next box? I will be away.');
      await shop.send(question);
      await shop.waitForDelivered(question);

      // What the API says before the change.
      const cookie = await agentSignIn(MAYA.email, MAYA.password);
      const before = await avaSubscriptions(cookie);
      const sub = before.subscriptions.find((s) => s.subscription.id === AVA_SUBSCRIPTION);
      assert.ok(sub, `Ava has no ${AVA_SUBSCRIPTION}: ${JSON.stringify(before.subscriptions.map((s) => s.subscription.id))}`);
      assert.equal(sub.subscription.status, 'active', 'Ava\'s subscription must be active to skip a box');
      const nextBefore = sub.subscription.next_box;

      // Maya claims the conversation and sees Ava's subscription in the context panel.
      const desk = new ConsoleApp(agent.page);
      await desk.signIn(MAYA);
      await desk.waitForQueueItem(id, 'waiting', FIRST_LOAD_MS);
      await desk.openConversation(id);
      await desk.waitForMessage(question, { author: 'visitor' });
      await desk.claim(id);
      await desk.contextPanel().waitFor({ state: 'visible', timeout: UI_MS });
      const card = await desk.waitForSubscriptionCard(AVA_SUBSCRIPTION, FIRST_LOAD_MS);
      assert.equal(await desk.nextBoxOf(card), nextBefore, 'the card shows the next box the API has');
      assert.match((await card.locator('[data-testid="ctx-sub-address"]').textContent()) ?? '', /410 Vine St/);
      const rowsBefore = await desk.auditRows().count();

      // Skip the next box: preview, then confirm.
      await desk.openSubscriptionAction(card, 'skip');
      const preview = await desk.previewSubscriptionAction(card);
      assert.match(preview, /Applies to the box of|Cutoff passed: applies from/, `preview line: ${preview}`);
      const result = await desk.confirmSubscriptionAction(card);
      assert.match(result, /Reference CD-[A-Z0-9]+/, `success line: ${result}`);

      // The card's next box moved on; the audit log's newest row is Maya's skip.
      await agent.page.waitForFunction(
        ({ sel, before }) => {
          const el = document.querySelector(sel);
          return el && el.getAttribute('data-date') && el.getAttribute('data-date') !== before;
        },
        { sel: `[data-testid="ctx-sub-card"][data-subscription-id="${AVA_SUBSCRIPTION}"] [data-testid="ctx-sub-next-box"]`, before: nextBefore },
        { timeout: UI_MS },
      );
      const nextAfter = await desk.nextBoxOf(card);
      assert.ok(nextAfter > nextBefore, `next box ${nextBefore} → ${nextAfter}`);
      await agent.page.waitForFunction((n) => document.querySelectorAll('[data-testid="ctx-audit-row"]').length > n, rowsBefore, { timeout: UI_MS });
      const row = await desk.auditRow(desk.auditRows().first());
      assert.equal(row.actor, 'agent');
      assert.equal(row.action, 'skip_next');
      assert.match(row.who, /Maya/);
      assert.match(row.reference, /^CD-[A-Z0-9]+$/);
      assert.ok(result.includes(row.reference), `success line ${result} quotes the audit reference ${row.reference}`);

      // The API agrees: the newest event is Maya's, and the subscription moved.
      const after = await avaSubscriptions(cookie);
      const event = after.events[0];
      assert.equal(event.subscription_id, AVA_SUBSCRIPTION);
      assert.equal(event.action, 'skip_next');
      assert.equal(event.actor.kind, 'agent');
      assert.match(event.actor.name, /Maya/);
      assert.equal(event.reference, row.reference);
      assert.equal(event.before.next_box, nextBefore);
      const subAfter = after.subscriptions.find((s) => s.subscription.id === AVA_SUBSCRIPTION);
      assert.equal(subAfter.subscription.next_box, nextAfter);
    }));
});
