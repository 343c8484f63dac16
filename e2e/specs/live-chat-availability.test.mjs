// The widget's reply promise follows the agents while its panel stays open: Maya going away
// in the console turns it into the away notice, and coming back turns it back, without a
// reload. The widget asks GET /api/v1/widget/availability again at its next recheck (every
// 2 minutes at most); the subscriber's page clock is jumped forward to it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowsers, waitUntil, BASE, BASE_ORIGIN, UI_MS } from '../lib/browser.mjs';
import { Storefront } from '../pages/storefront.mjs';
import { ConsoleApp, AGENTS } from '../pages/console.mjs';

/** Matches shared::api::AVAILABILITY_RECHECK_MS. */
const RECHECK_MS = 2 * 60 * 1000;

/** Whether the demo shop says an agent is online, as the widget's recheck will hear it. */
async function agentsOnline() {
  const res = await fetch(`${BASE}/api/v1/widget/availability?merchant=demo-wines`, { headers: { Origin: BASE_ORIGIN } });
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()).agents_online;
}

describe('live chat: availability follows the agents', { concurrency: 1, timeout: 180_000 }, () => {
  test('an agent going away and back flips the open widget at its next recheck', (t) =>
    withBrowsers(t, ['subscriber', 'agent'], async ({ subscriber, agent }) => {
      const desk = new ConsoleApp(agent.page);
      await desk.signIn(AGENTS.maya);
      await waitUntil(agentsOnline, { timeout: UI_MS, message: 'Maya online once signed in' });

      // The page's timers and Date run on a clock the test can jump forward.
      await subscriber.page.clock.install();
      const shop = new Storefront(subscriber.page);
      await shop.goto('/');
      await shop.open();
      await shop.waitOnline();
      const state = () => shop.availability().getAttribute('data-state');
      await waitUntil(async () => (await state()) === 'online', { timeout: UI_MS, message: 'the widget promises a reply while Maya is online' });

      await desk.presence().selectOption('away');
      await waitUntil(async () => !(await agentsOnline()), {
        timeout: UI_MS,
        message: 'the shop still has an agent online after Maya went away (another agent signed in?)',
      });
      // Nothing changes in the open widget until its recheck…
      assert.equal(await state(), 'online');
      await subscriber.page.clock.fastForward(RECHECK_MS + 1_000);
      await waitUntil(async () => (await state()) === 'offline', { timeout: UI_MS, message: 'the away notice after the recheck' });
      await shop.byTestId('cd-followup-email').waitFor({ state: 'visible', timeout: UI_MS });

      await desk.presence().selectOption('online');
      await waitUntil(agentsOnline, { timeout: UI_MS, message: 'Maya online again' });
      await subscriber.page.clock.fastForward(RECHECK_MS + 1_000);
      await waitUntil(async () => (await state()) === 'online', { timeout: UI_MS, message: 'the reply promise after Maya came back' });
    }));
});
