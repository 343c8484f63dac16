// Chromium fixture for the e2e specs (playwright-core only, no @playwright/test).
//
//   const b = await launch();          // fresh profile, every request URL recorded in b.requests
//   ... b.page ...
//   await b.close();                   // closes Chromium and deletes the profile dir
//
// or, with screenshot-on-failure:
//
//   test('x', (t) => withBrowser(t, async ({ page, context, requests }) => { ... }));
//
// Env: CD_BASE_URL (default http://127.0.0.1:8788), CD_CHROMIUM (default /usr/bin/chromium),
//      CD_HEADED=1 to watch the browser.

import { chromium } from 'playwright-core';
import { mkdtemp, rm, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BASE = (process.env.CD_BASE_URL || 'http://127.0.0.1:8788').replace(/\/+$/, '');
export const BASE_ORIGIN = new URL(BASE).origin;
export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

/** First load of widget.js + wasm + session + socket can be slow under `wrangler dev`. */
export const FIRST_LOAD_MS = 15_000;
/** Default timeout for ordinary UI waits. */
export const UI_MS = 10_000;

/**
 * Runs a page load (goto / reload), once more if it times out: wrangler dev on this 2-core
 * machine has been seen to hold one static file (loader.js, 17.7 s) or a console load past
 * the time limit while every other request answered in milliseconds. A second timeout fails.
 */
export async function loadWithOneRetry(load) {
  try {
    return await load();
  } catch (e) {
    if (e?.name !== 'TimeoutError') throw e;
    return load();
  }
}

export async function launch({ locale = 'en-US' } = {}) {
  const userDataDir = await mkdtemp(join(tmpdir(), 'cd-e2e-profile-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.CD_CHROMIUM || '/usr/bin/chromium',
      headless: process.env.CD_HEADED !== '1',
      locale,
      viewport: { width: 1280, height: 800 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (err) {
    await rm(userDataDir, { recursive: true, force: true });
    throw err;
  }

  const requests = [];
  const consoleLog = [];
  context.on('request', (r) => requests.push(r.url()));

  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(UI_MS);
  page.on('console', (m) => consoleLog.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLog.push(`[pageerror] ${e.message}`));
  page.on('requestfailed', (r) => consoleLog.push(`[requestfailed] ${r.url()} ${r.failure()?.errorText ?? ''}`));

  let closed = false;
  return {
    context,
    page,
    requests,
    consoleLog,
    userDataDir,
    /** Saves a screenshot (and the console log) to e2e/artifacts/<name>.png / .log. */
    async screenshot(name) {
      const safe = sanitize(name);
      await mkdir(ARTIFACTS, { recursive: true });
      const file = join(ARTIFACTS, `${safe}.png`);
      try {
        await page.screenshot({ path: file, fullPage: true, timeout: 5_000 });
      } catch (e) {
        consoleLog.push(`[fixture] screenshot failed: ${e.message}`);
      }
      await writeFile(join(ARTIFACTS, `${safe}.log`), [`url: ${page.url()}`, ...consoleLog, '', 'requests:', ...requests].join('\n'));
      return file;
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await context.close();
      } finally {
        await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
      }
    },
  };
}

/**
 * Runs `fn(browser)` with a fresh browser; on failure saves e2e/artifacts/<test name>.png
 * (plus a .log with console output and requests), then rethrows. Always closes the browser.
 * `t` is the node:test TestContext (or a string name).
 */
export async function withBrowser(t, fn, opts) {
  const name = typeof t === 'string' ? t : fullName(t);
  const b = await launch(opts);
  try {
    return await fn(b);
  } catch (err) {
    const file = await b.screenshot(name).catch(() => null);
    if (file && err && typeof err === 'object') {
      try {
        err.message += `\n  (screenshot: ${file})`;
      } catch {
        /* read-only message */
      }
    }
    throw err;
  } finally {
    await b.close();
  }
}

/**
 * Runs `fn(browsers)` with one fresh browser (own persistent profile, so own cookies and
 * storage) per role, e.g. `withBrowsers(t, ['subscriber', 'agent'], async ({ subscriber, agent }) => …)`.
 * On failure saves e2e/artifacts/<test name>--<role>.png/.log for every role, then rethrows.
 * Always closes every browser.
 */
export async function withBrowsers(t, roles, fn, opts) {
  const name = typeof t === 'string' ? t : fullName(t);
  const browsers = {};
  try {
    // One at a time: parallel Chromium start-ups slow each other down under wrangler dev.
    for (const role of roles) browsers[role] = await launch(opts);
    return await fn(browsers);
  } catch (err) {
    const files = [];
    for (const [role, b] of Object.entries(browsers)) {
      const file = await b.screenshot(`${name.slice(0, 100)}--${role}`).catch(() => null);
      if (file) files.push(file);
    }
    if (files.length && err && typeof err === 'object') {
      try {
        err.message += `\n  (screenshots: ${files.join(', ')})`;
      } catch {
        /* read-only message */
      }
    }
    throw err;
  } finally {
    await Promise.all(Object.values(browsers).map((b) => b.close().catch(() => {})));
  }
}

/** Polls `fn` until it returns a truthy value; returns it. Throws `message` on timeout. */
export async function waitUntil(fn, { timeout = UI_MS, interval = 100, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${message}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

export function uniqueText(prefix = 'e2e') {
  return `${prefix} ${Date.now().toString(36)} ${Math.random().toString(36).slice(2, 8)}`;
}

function fullName(t) {
  // node 20: TestContext has .name; include the file so names don't collide across specs.
  const file = process.argv[1] ? process.argv[1].split('/').pop().replace(/\.test\.mjs$/, '') : '';
  return file ? `${file}--${t.name}` : t.name;
}

function sanitize(name) {
  return String(name).replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 120) || 'test';
}
