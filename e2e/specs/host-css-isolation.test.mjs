// The widget looks and works the same under hostile host-page CSS (site/hostile.html).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, uniqueText } from '../lib/browser.mjs';
import { Storefront } from '../pages/storefront.mjs';

describe('host CSS isolation', { concurrency: 1, timeout: 120_000 }, () => {
  test('hostile global CSS does not hide, restyle or break the widget', (t) =>
    withBrowser(t, async ({ page }) => {
      const shop = new Storefront(page);
      await shop.goto('/hostile.html');

      // Proof that the hostile stylesheet is active on this page.
      const hostButton = page.locator('[data-testid="host-button"]');
      assert.equal(await hostButton.count(), 1, 'hostile.html must contain [data-testid=host-button]');
      assert.equal(await shop.computed(hostButton, 'display'), 'none', 'hostile CSS not active (host-button is displayed)');

      const launcher = shop.launcher();
      assert.ok(await launcher.isVisible(), 'launcher not visible');
      assert.notEqual(await shop.computed(launcher, 'display'), 'none');
      const box = await launcher.boundingBox();
      assert.ok(box && box.width >= 24 && box.height >= 24, `launcher too small: ${JSON.stringify(box)}`);
      const vp = page.viewportSize();
      assert.ok(box.x + box.width <= vp.width && box.y + box.height <= vp.height && box.x >= 0 && box.y >= 0, `launcher off-screen: ${JSON.stringify(box)}`);
      assert.ok(box.x > vp.width / 2 && box.y > vp.height / 2, `launcher not bottom-right: ${JSON.stringify(box)}`);

      // Host has [hidden]{display:block!important}: the closed panel must still be hidden.
      assert.equal(await shop.computed(shop.root(), 'display'), 'none', 'cd-root displayed before opening');
      assert.equal(await shop.panel().isVisible(), false, 'panel visible before opening');

      await shop.open();
      const composer = shop.composer();
      // Host has textarea{display:none!important}.
      assert.ok(await composer.isVisible(), 'composer textarea not visible');
      assert.notEqual(await shop.computed(composer, 'display'), 'none');
      for (const [name, loc] of [['panel', shop.panel()], ['composer', composer], ['launcher', launcher]]) {
        const font = await shop.computed(loc, 'font-family');
        assert.doesNotMatch(font, /comic sans/i, `${name} font-family leaked from host: ${font}`);
      }

      const text = uniqueText('Hostile page works');
      await shop.send(text);
      const sent = await shop.waitForSent(text);
      assert.match((await sent.getAttribute('data-seq')) ?? '', /^[1-9]\d*$/);
      const bodyFont = await shop.computed(sent.locator('[data-testid="cd-message-body"]'), 'font-family');
      assert.doesNotMatch(bodyFont, /comic sans/i, `message font leaked from host: ${bodyFont}`);

      // After closing, the panel is hidden again despite [hidden]{display:block!important}.
      await shop.close();
      assert.equal(await shop.computed(shop.root(), 'display'), 'none', 'cd-root displayed after closing');
    }));
});
