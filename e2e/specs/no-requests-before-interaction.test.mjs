// The embed must cost the host page nothing until the visitor interacts: only loader.js is
// fetched, no cookies / storage are written. The first click loads widget.js, the wasm and a session.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, BASE_ORIGIN, FIRST_LOAD_MS, waitUntil } from '../lib/browser.mjs';
import { Storefront } from '../pages/storefront.mjs';

const path = (u) => {
  try {
    return new URL(u).pathname;
  } catch {
    return u;
  }
};
const isSameOrigin = (u) => /^(data|blob):/.test(u) || new URL(u).origin === BASE_ORIGIN;
const WIDGET_JS = /\/widget\/widget\.js(\?|$)/;
const WASM = /\.wasm(\?|$)/;
const API = /\/api\//;

describe('no requests before interaction', { concurrency: 1, timeout: 90_000 }, () => {
  test('page load fetches only the page, its assets and loader.js; click loads the widget', (t) =>
    withBrowser(t, async ({ page, context, requests }) => {
      const shop = new Storefront(page);
      await shop.goto('/', { waitUntil: 'networkidle' });
      await shop.launcher().waitFor({ state: 'visible' });
      // settle: anything scheduled (timers, idle callbacks) by the loader would show up here
      await page.waitForTimeout(1_000);
      await page.waitForLoadState('networkidle');

      const before = [...requests];
      const foreign = before.filter((u) => !isSameOrigin(u));
      assert.deepEqual(foreign, [], `cross-origin requests before interaction:\n${foreign.join('\n')}`);
      assert.ok(before.some((u) => path(u) === '/widget/loader.js'), `loader.js not requested:\n${before.join('\n')}`);
      const early = before.filter((u) => WIDGET_JS.test(u) || WASM.test(u) || API.test(path(u)));
      assert.deepEqual(early, [], `widget requests before interaction:\n${early.join('\n')}`);
      // Only the document, its own css/assets (incl. favicon) and loader.js under /widget/.
      const widgetDir = before.filter((u) => path(u).startsWith('/widget/') && path(u) !== '/widget/loader.js');
      assert.deepEqual(widgetDir, [], `unexpected /widget/ requests:\n${widgetDir.join('\n')}`);
      assert.equal(before.filter((u) => path(u) === '/widget/loader.js').length, 1, 'loader.js fetched more than once');

      assert.deepEqual(await context.cookies(), [], 'cookies written before interaction');
      const storage = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length }));
      assert.deepEqual(storage, { local: 0, session: 0 }, 'storage written before interaction');
      const idb = await page.evaluate(async () => (indexedDB.databases ? (await indexedDB.databases()).length : 0));
      assert.equal(idb, 0, 'IndexedDB written before interaction');

      await shop.open();
      await waitUntil(
        () =>
          requests.some((u) => WIDGET_JS.test(u)) &&
          requests.some((u) => /\/widget\/widget_bg\.wasm(\?|$)/.test(u)) &&
          requests.some((u) => path(u) === '/api/v1/widget/session'),
        { timeout: FIRST_LOAD_MS, message: 'widget.js, widget_bg.wasm and /api/v1/widget/session to be requested' },
      );
      const after = requests.slice(before.length);
      const foreignAfter = after.filter((u) => !/^wss?:/.test(u) && !isSameOrigin(u));
      assert.deepEqual(foreignAfter, [], `third-party requests after interaction:\n${foreignAfter.join('\n')}`);
    }));
});
