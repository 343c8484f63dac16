// The launcher opens and closes the panel by mouse and keyboard, with correct focus and ARIA.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, UI_MS, FIRST_LOAD_MS, waitUntil } from '../lib/browser.mjs';
import { Storefront } from '../pages/storefront.mjs';

describe('launcher opens the widget', { concurrency: 1, timeout: 120_000 }, () => {
  test('click opens the panel; close button hides it and returns focus to the launcher', (t) =>
    withBrowser(t, async ({ page }) => {
      const shop = new Storefront(page);
      await shop.goto('/');
      const launcher = shop.launcher();
      assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
      assert.equal(await shop.panel().isVisible(), false, 'panel visible before opening');
      assert.ok(await launcher.getAttribute('aria-label'), 'launcher has an accessible name');

      await shop.open();
      assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
      assert.equal(await shop.panel().getAttribute('role'), 'dialog');
      assert.ok(await shop.panel().getAttribute('aria-label'), 'panel has aria-label');
      await shop.composer().waitFor({ state: 'visible' });
      await shop.sendButton().waitFor({ state: 'visible' });

      await shop.close();
      assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
      await waitUntil(() => shop.isFocused(launcher), { timeout: UI_MS, message: 'focus back on the launcher after close' });

      // Clicking the launcher again reopens; clicking it while open closes.
      await launcher.click();
      await shop.panel().waitFor({ state: 'visible', timeout: UI_MS });
      await launcher.click();
      await shop.panel().waitFor({ state: 'hidden', timeout: UI_MS });
      assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
    }));

  test('keyboard: Tab to the launcher, Enter opens, Escape closes, Space opens again', (t) =>
    withBrowser(t, async ({ page }) => {
      const shop = new Storefront(page);
      await shop.goto('/');
      const launcher = shop.launcher();

      // The launcher must be reachable by Tab (it is the last thing in the body).
      let reached = false;
      for (let i = 0; i < 80 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await shop.isFocused(launcher);
      }
      assert.ok(reached, 'launcher not reachable with Tab within 80 presses');

      await page.keyboard.press('Enter');
      await shop.panel().waitFor({ state: 'visible', timeout: FIRST_LOAD_MS });
      assert.equal(await launcher.getAttribute('aria-expanded'), 'true');

      await shop.composer().focus();
      await page.keyboard.press('Escape');
      await shop.panel().waitFor({ state: 'hidden', timeout: UI_MS });
      assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
      await waitUntil(() => shop.isFocused(launcher), { timeout: UI_MS, message: 'focus back on the launcher after Escape' });

      await page.keyboard.press('Space');
      await shop.panel().waitFor({ state: 'visible', timeout: UI_MS });
      assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
    }));
});
