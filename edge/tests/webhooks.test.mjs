// Signed webhooks of subscription changes: a merchant's receiver on 127.0.0.1 that fails
// twice, then succeeds. The event arrives exactly once as a success, every attempt carries
// the same id and a valid Cellar-Signature (checked with node:crypto like a merchant would).
// The receivers fail or hang only for the subscription under test: a delivery of an earlier
// test file's event still in flight when the webhook URL changes may arrive here too, and
// must not use up the failures.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import {
  BASE, api, freshSubscription, idemKey, setMerchantWebhook, sleep, subApi, verifyWebhookSignature,
} from './helpers.mjs';

const SECRET = 'whsec_test_' + Date.now().toString(36);

/** The subscription a delivery is about (null if the body is not an event). */
function subscriptionOf(body) {
  try {
    return JSON.parse(body).subscription_id ?? null;
  } catch {
    return null;
  }
}

describe('webhooks', { concurrency: 1, timeout: 60_000 }, () => {
  let server;
  let url;
  const received = [];
  let failuresLeft = 2;
  let failFor = null; // the subscription whose deliveries fail

  before(async () => {
    server = createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const fail = failuresLeft > 0 && subscriptionOf(body) === failFor;
        if (fail) failuresLeft -= 1;
        received.push({ body, signature: req.headers['cellar-signature'], type: req.headers['content-type'], status: fail ? 500 : 200 });
        res.writeHead(fail ? 500 : 200, { 'content-type': 'text/plain' });
        res.end(fail ? 'try again' : 'ok');
      });
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${server.address().port}/hooks`;
    // Retries 100× faster than production (dev only), so 10 s, 20 s become 0.1 s, 0.2 s.
    await setMerchantWebhook({ url, secret: SECRET, retry_scale: 0.01 });
  });

  after(async () => {
    await setMerchantWebhook({ url: `${BASE}/api/dev/webhook-sink`, secret: 'demo-wines-webhook-secret-change-me' });
    await new Promise((r) => server.close(r));
  });

  test('delivered once after two failures, signed, with a stable id to dedupe by', async () => {
    const { subscriberId, subscriptionId: id, token } = await freshSubscription();
    failFor = id;
    const res = await subApi(token, `/api/v1/subscriptions/${id}/actions`, {
      body: { version: 1, action: { action: 'skip_next' } },
      headers: { 'Idempotency-Key': idemKey() },
    });
    assert.equal(res.status, 200, res.text);
    const eventId = res.json.event_id;

    const mineNow = () => received.filter((r) => subscriptionOf(r.body) === id);
    const deadline = Date.now() + 20_000;
    while (!mineNow().some((r) => r.status === 200) && Date.now() < deadline) await sleep(100);
    await sleep(1_500); // nothing more may arrive
    const mine = mineNow();
    assert.deepEqual(mine.map((r) => r.status), [500, 500, 200], JSON.stringify(mine.map((r) => r.status)));

    const ids = new Set();
    for (const r of mine) {
      assert.match(r.type, /application\/json/);
      assert.ok(verifyWebhookSignature(SECRET, r.signature, r.body), `signature ${r.signature}`);
      assert.ok(!verifyWebhookSignature('wrong-secret', r.signature, r.body));
      assert.ok(!verifyWebhookSignature(SECRET, r.signature, r.body + ' '));
      ids.add(JSON.parse(r.body).id);
    }
    assert.deepEqual([...ids], [eventId], 'every attempt is the same event: receivers dedupe by id');

    const event = JSON.parse(mine[2].body);
    assert.equal(event.type, 'subscription.skipped');
    assert.equal(event.merchant_id, 'demo-wines');
    assert.equal(event.subscriber_id, subscriberId);
    assert.deepEqual(event.actor, { kind: 'subscriber', id: subscriberId });
    assert.equal(event.subscription.version, 2);
    assert.deepEqual(event.effect, res.json.effect);
    assert.equal(typeof event.created_at, 'number');
  });

  test('the dev sink verifies and lists deliveries', async () => {
    await setMerchantWebhook({ url: `${BASE}/api/dev/webhook-sink`, secret: 'demo-wines-webhook-secret-change-me' });
    const { subscriptionId: id, token } = await freshSubscription();
    const res = await subApi(token, `/api/v1/subscriptions/${id}/actions`, {
      body: { version: 1, action: { action: 'cancel', reason: 'too_expensive' } },
      headers: { 'Idempotency-Key': idemKey() },
    });
    assert.equal(res.status, 200, res.text);
    let entry;
    const deadline = Date.now() + 10_000;
    while (!entry && Date.now() < deadline) {
      const list = await api('/api/dev/webhook-sink');
      assert.equal(list.status, 200, list.text);
      entry = list.json.find((e) => e.event.id === res.json.event_id);
      if (!entry) await sleep(100);
    }
    assert.ok(entry, 'delivered to the sink');
    assert.equal(entry.verified, true);
    assert.equal(entry.event.type, 'subscription.cancelled');
    // A forged delivery is refused.
    const forged = await api('/api/dev/webhook-sink', { method: 'POST', body: entry.event, headers: { 'Cellar-Signature': 't=1,v1=00' } });
    assert.equal(forged.status, 401);
  });

  test('a receiver that never answers times out and is retried', { timeout: 40_000 }, async () => {
    let attempts = 0;
    let target = null;
    const hanging = [];
    const slow = createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        if (target !== null && subscriptionOf(Buffer.concat(chunks).toString('utf8')) === target) {
          attempts += 1;
          if (attempts === 1) { hanging.push(res); return; } // never answers
        }
        res.writeHead(204);
        res.end();
      });
    });
    await new Promise((r) => slow.listen(0, '127.0.0.1', r));
    try {
      await setMerchantWebhook({ url: `http://127.0.0.1:${slow.address().port}/hooks`, secret: SECRET, retry_scale: 0.01 });
      const { subscriptionId: id, token } = await freshSubscription();
      target = id;
      const res = await subApi(token, `/api/v1/subscriptions/${id}/actions`, {
        body: { version: 1, action: { action: 'skip_next' } },
        headers: { 'Idempotency-Key': idemKey() },
      });
      assert.equal(res.status, 200, res.text);
      const deadline = Date.now() + 30_000;
      while (attempts < 2 && Date.now() < deadline) await sleep(200);
      assert.equal(attempts, 2, 'retried after the 10 s delivery timeout');
    } finally {
      for (const r of hanging) r.destroy();
      await setMerchantWebhook({ url: `${BASE}/api/dev/webhook-sink`, secret: 'demo-wines-webhook-secret-change-me' });
      await new Promise((r) => slow.close(r));
    }
  });
});
