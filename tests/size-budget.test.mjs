// Size budgets of the built artefacts (bytes are exact, so this is a test, not a timing).
// Run after scripts/build: `node --test tests/size-budget.test.mjs`. Prints the numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const br = (buf) => brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const read = (p) => readFileSync(join(root, p));
const report = (name, actual, budget, unit) =>
  console.log(`size: ${name}: ${actual.toLocaleString('en')} B ${unit} (budget ${budget.toLocaleString('en')} B, ${((100 * actual) / budget).toFixed(1)}%)`);

// 2 KiB: the launcher, its styles, the lazy import, and its three strings in all four
// languages (about 480 B of it), since the launcher is labelled before any wasm loads.
test('loader.js is at most 2,048 bytes gzipped', () => {
  const n = gz(read('dist/widget/loader.js'));
  report('loader.js', n, 2048, 'gzip');
  assert.ok(n <= 2048, `loader.js is ${n} B gzipped`);
});

// Every file under `dir` (relative to the repo), recursively.
const filesUnder = (dir) =>
  readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name).slice(root.length + 1))
    .sort();

// Brotli sizes of `files`, printed one per line; returns the total.
const brotliTotal = (files) => {
  let total = 0;
  for (const f of files) {
    const n = br(read(f));
    console.log(`size:   ${f}: ${statSync(join(root, f)).size.toLocaleString('en')} B raw, ${n.toLocaleString('en')} B brotli`);
    total += n;
  }
  return total;
};

test('what the widget fetches on first open is at most 150 KB brotli', () => {
  // The loader imports widget.js, which imports wasm-bindgen's snippets (e.g. the panel
  // loader), and instantiates widget_bg.wasm; the CSS is inside the wasm. The "My
  // subscription" panel (dist/widget/panel/) is not part of it: see the next test.
  const snippets = filesUnder('dist/widget/snippets');
  assert.ok(snippets.length > 0, 'no wasm-bindgen snippets under dist/widget/snippets');
  const total = brotliTotal(['dist/widget/widget.js', 'dist/widget/widget_bg.wasm', ...snippets]);
  report('widget first open', total, 150 * 1024, 'brotli');
  assert.ok(total <= 150 * 1024, `widget first open is ${total} B brotli`);
});

// Measured 143,074 B when the panel was split out, 158,793 B with the survey card (CSAT,
// CES, NPS) added; ~10% headroom.
const PANEL_BUDGET = 171 * 1024;

test('the "My subscription" panel (loaded on demand) is at most 171 KB brotli', () => {
  // Loaded on demand, only when a signed-in subscriber opens "My subscription" (never on
  // first open): widget-panel.js and its wasm (the self-service views and the survey card,
  // their styles and strings, and the API types they read).
  const total = brotliTotal(['dist/widget/panel/widget-panel.js', 'dist/widget/panel/widget-panel_bg.wasm']);
  report('My subscription panel (on demand)', total, PANEL_BUDGET, 'brotli');
  assert.ok(total <= PANEL_BUDGET, `the panel is ${total} B brotli`);
});

test('the worker bundle is at most 400 KB gzipped', () => {
  // worker-build's output: the JS glue and the wasm module wrangler uploads.
  let total = 0;
  for (const f of ['edge/build/index.js', 'edge/build/index_bg.wasm']) {
    const n = gz(read(f));
    console.log(`size:   ${f}: ${statSync(join(root, f)).size.toLocaleString('en')} B raw, ${n.toLocaleString('en')} B gzip`);
    total += n;
  }
  report('worker bundle', total, 400 * 1024, 'gzip');
  assert.ok(total <= 400 * 1024, `worker bundle is ${total} B gzipped`);
});
