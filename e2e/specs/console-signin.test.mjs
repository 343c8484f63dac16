// Agent console sign-in: a wrong password shows an error; the right one opens the console as
// that agent (and survives a reload); signing out returns to the sign-in form for good.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, UI_MS, FIRST_LOAD_MS } from '../lib/browser.mjs';
import { ConsoleApp, AGENTS } from '../pages/console.mjs';

const MAYA = AGENTS.maya;

describe('console sign-in', { concurrency: 1, timeout: 120_000 }, () => {
  test('wrong password → error; sign in → agent name; sign out → sign-in form', (t) =>
    withBrowser(t, async ({ page, context }) => {
      const desk = new ConsoleApp(page);
      await desk.goto();
      await desk.email().waitFor({ state: 'visible' });

      await desk.submitSignIn(MAYA.email, 'definitely-not-the-password');
      await desk.signInError().waitFor({ state: 'visible', timeout: UI_MS });
      assert.ok(((await desk.signInError().textContent()) ?? '').trim().length > 0, 'sign-in error has no text');
      assert.equal(await desk.agentName().count(), 0, 'console opened with a wrong password');
      assert.equal((await context.cookies()).some((c) => c.name === 'cd_agent'), false, 'a failed sign-in set the session cookie');

      await desk.signIn(MAYA);
      assert.match((await desk.agentName().textContent()) ?? '', /Maya Lindqvist/);
      assert.equal(await desk.signInError().isVisible(), false, 'stale sign-in error after signing in');
      const cookie = (await context.cookies()).find((c) => c.name === 'cd_agent');
      assert.ok(cookie, 'no cd_agent cookie after signing in');
      assert.equal(cookie.httpOnly, true, 'cd_agent is readable from JavaScript');
      assert.equal(cookie.sameSite, 'Strict');
      assert.equal(await page.evaluate(() => document.cookie.includes('cd_agent')), false);
      for (const s of ['waiting', 'mine', 'others', 'resolved']) {
        await desk.section(s).waitFor({ state: 'attached', timeout: UI_MS });
      }

      await desk.reload();
      await desk.agentName().waitFor({ state: 'visible', timeout: FIRST_LOAD_MS });

      await desk.signOut();
      assert.equal(await desk.agentName().isVisible(), false);
      assert.equal((await context.cookies()).some((c) => c.name === 'cd_agent'), false, 'cd_agent cookie left after signing out');
      await desk.reload();
      await desk.email().waitFor({ state: 'visible', timeout: FIRST_LOAD_MS });
      assert.equal(await desk.agentName().count(), 0, 'signed in again after reload');
    }));
});
