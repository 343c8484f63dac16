// What `wrangler deploy` would upload, checked offline with `--dry-run` (README "Deploying"):
// both Workers bundle from the release build; the API Worker has every binding it uses,
// reaches the web Worker by name, and runs with ENVIRONMENT=production, so the demo-only
// /api/dev/* endpoints answer 404 (edge/src/routes/dev.rs `enabled`); the web Worker carries
// the storefront, the widget and the console. Needs the release build (scripts/build).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const edge = join(root, 'edge');
const wrangler = join(root, 'node_modules', '.bin', 'wrangler');

/** `wrangler deploy --dry-run -c CONFIG`: its output and the files it would upload. */
function dryRun(config) {
  const out = mkdtempSync(join(tmpdir(), 'cd-dry-run-'));
  try {
    const r = spawnSync(wrangler, ['deploy', '--dry-run', '-c', config, '--outdir', out], {
      cwd: edge,
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: 'false',
        CLOUDFLARE_CF_FETCH_ENABLED: 'false',
        WRANGLER_HIDE_BANNER: 'true',
        NO_COLOR: '1',
      },
    });
    const text = `${r.stdout}\n${r.stderr}`;
    assert.equal(r.status, 0, `wrangler deploy --dry-run -c ${config} failed:\n${text}`);
    assert.match(text, /--dry-run: exiting now/, text);
    return { text, files: readdirSync(out) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The bindings table's rows, e.g. `env.DB (cellar-door)  D1 Database`, whitespace squeezed. */
const bindings = (text) =>
  text
    .split('\n')
    .filter((l) => l.trimStart().startsWith('env.'))
    .map((l) => l.trim().replace(/\s+/g, ' '));

test('the web Worker deploys the built site, widget and console as static assets', () => {
  const { text } = dryRun('wrangler.web.toml');
  const files = Number(/Read (\d+) files? from the assets directory/.exec(text)?.[1]);
  // index.html, widget/{loader.js,widget.js,widget_bg.wasm,…}, widget/panel/…, console/…
  assert.ok(files >= 10, `assets read: ${files}\n${text}`);
  assert.match(text, /No bindings found/, 'the web Worker needs no bindings');
});

test('the API Worker bundles with every binding and production settings', () => {
  const { text, files } = dryRun('wrangler.toml');
  assert.ok(files.includes('index.js'), `bundle: ${files}`);
  assert.ok(files.some((f) => f.endsWith('.wasm')), `bundle has no wasm: ${files}`);
  assert.deepEqual(
    bindings(text).sort(),
    [
      'env.CHAT_RATE_LIMIT ("10/1") Environment Variable',
      'env.CONVERSATIONS (Conversation) Durable Object',
      'env.DB (cellar-door) D1 Database',
      'env.ENVIRONMENT ("production") Environment Variable',
      'env.INBOXES (Inbox) Durable Object',
      'env.WEB (cellar-door-web) Worker',
      'env.WEBHOOKS (Webhooks) Durable Object',
    ],
    text,
  );
});
