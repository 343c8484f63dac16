// Size budgets of the built artefacts (bytes are exact, so this is a test, not a timing).
// Run after scripts/build: `node --test tests/size-budget.test.mjs`. Prints the numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const br = (buf) => brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const read = (p) => readFileSync(join(root, p));
const report = (name, actual, budget, unit) =>
  console.log(`size: ${name}: ${actual.toLocaleString('en')} B ${unit} (budget ${budget.toLocaleString('en')} B, ${((100 * actual) / budget).toFixed(1)}%)`);

test('loader.js is at most 1,536 bytes gzipped', () => {
  const n = gz(read('dist/widget/loader.js'));
  report('loader.js', n, 1536, 'gzip');
  assert.ok(n <= 1536, `loader.js is ${n} B gzipped`);
});

test('what the widget fetches on first open is at most 150 KB brotli', () => {
  // The loader imports widget.js and instantiates widget_bg.wasm; the CSS is inside the wasm.
  const files = ['dist/widget/widget.js', 'dist/widget/widget_bg.wasm'];
  let total = 0;
  for (const f of files) {
    const n = br(read(f));
    console.log(`size:   ${f}: ${statSync(join(root, f)).size.toLocaleString('en')} B raw, ${n.toLocaleString('en')} B brotli`);
    total += n;
  }
  report('widget first open', total, 150 * 1024, 'brotli');
  assert.ok(total <= 150 * 1024, `widget first open is ${total} B brotli`);
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
