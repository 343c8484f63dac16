// Every other self-service action from the console, on Olga's behalf: change frequency,
// pause for two boxes, resume, change address, cancel. Each goes preview → confirm through
// the same API and rules as the widget and lands in the audit log under the agent's name.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowsers, uniqueText, FIRST_LOAD_MS, UI_MS } from '../lib/browser.mjs';
import { releaseSubscriberConversation } from '../lib/fixtures.mjs';
import { Storefront } from '../pages/storefront.mjs';
import { ConsoleApp, AGENTS } from '../pages/console.mjs';
import { agentSignIn, agentApi } from '../../edge/tests/helpers.mjs';

const MAYA = AGENTS.maya;
const OLGA_SUBSCRIPTION = 'subn_olga_cellar';
const tid = (id) => `[data-testid="${id}"]`;

describe('self-service: an agent can make every change on the subscriber\'s behalf', { concurrency: 1, timeout: 240_000 }, () => {
  before(() => releaseSubscriberConversation('sub_olga'));

  test('frequency, pause, resume, address and cancel from the context panel', (t) =>
    withBrowsers(t, ['subscriber', 'agent'], async ({ subscriber, agent }) => {
      const shop = new Storefront(subscriber.page);
      await shop.gotoAs('sub_olga');
      const session = await shop.openCapturingSession();
      const id = session.conversation_id;
      await shop.waitOnline();
      const question = uniqueText('Could you change a few things on my subscription?');
      await shop.send(question);
      await shop.waitForDelivered(question);

      const desk = new ConsoleApp(agent.page);
      await desk.signIn(MAYA);
      await desk.waitForQueueItem(id, 'waiting', FIRST_LOAD_MS);
      await desk.openConversation(id);
      await desk.waitForMessage(question, { author: 'visitor' });
      await desk.claim(id);
      const card = await desk.waitForSubscriptionCard(OLGA_SUBSCRIPTION, FIRST_LOAD_MS);

      let rows = await desk.auditRows().count();
      const apply = async (action, fill) => {
        const form = await desk.openSubscriptionAction(card, action);
        if (fill) await fill(form);
        const preview = await desk.previewSubscriptionAction(card);
        assert.match(preview, /Applies to the box of|Cutoff passed: applies from/, `${action} preview: ${preview}`);
        const result = await desk.confirmSubscriptionAction(card);
        assert.match(result, /CD-[A-Z0-9]+/, `${action} result: ${result}`);
        // The panel reloads the subscription and its audit log after a change: wait for
        // that before the next action, as an agent would see the new state first.
        rows += 1;
        await agent.page.waitForFunction(
          (n) => document.querySelectorAll('[data-testid="ctx-audit-row"]').length >= n,
          rows,
          { timeout: UI_MS },
        );
      };

      await apply('frequency', (f) => f.locator(tid('ctx-sub-frequency-select')).selectOption('biweekly'));
      await apply('pause', async (f) => {
        await f.locator(tid('ctx-sub-pause-mode-boxes')).check();
        await f.locator(tid('ctx-sub-pause-boxes')).fill('2');
      });
      await card.locator(tid('ctx-sub-action-resume')).waitFor({ state: 'visible', timeout: UI_MS });
      await apply('resume');
      await apply('address', (f) => f.locator(tid('ctx-sub-address-line1')).fill('Aleksanterinkatu 15'));
      await apply('cancel', (f) => f.locator(tid('ctx-sub-cancel-reason')).selectOption('moving'));

      // The API has all five, newest first, each by Maya, and the subscription is cancelled.
      const cookie = await agentSignIn(MAYA.email, MAYA.password);
      const res = await agentApi(cookie, '/api/v1/agent/subscribers/sub_olga/subscriptions');
      assert.equal(res.status, 200, res.text);
      const mine = res.json.events.filter((e) => e.subscription_id === OLGA_SUBSCRIPTION).slice(0, 5);
      assert.deepEqual(mine.map((e) => e.action), ['cancel', 'change_address', 'resume', 'pause', 'change_frequency']);
      for (const e of mine) {
        assert.equal(e.actor.kind, 'agent');
        assert.match(e.actor.name, /Maya/);
      }
      const sub = res.json.subscriptions.find((s) => s.subscription.id === OLGA_SUBSCRIPTION).subscription;
      assert.equal(sub.status, 'cancelled');
      assert.equal(sub.frequency, 'biweekly');
      assert.equal(sub.address.line1, 'Aleksanterinkatu 15');
      // A cancelled subscription offers no more actions in the panel.
      await agent.page.waitForFunction(
        (sel) => !document.querySelector(sel),
        `[data-testid="ctx-sub-card"][data-subscription-id="${OLGA_SUBSCRIPTION}"] [data-testid^="ctx-sub-action-"]`,
        { timeout: UI_MS },
      );
    }));
});
