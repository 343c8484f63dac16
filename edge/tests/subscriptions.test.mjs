// Self-service subscription changes (shared::selfservice) against a running stack: the
// subscriber's endpoints (visitor token), the agent's (cookie), idempotency, conflicts,
// cutoffs (dev clock header x-cellar-now) and input errors.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AGENTS, BASE, LEAK_PATTERNS, agentApi, agentSignIn, api, freshSubscription, idemKey, isoDate,
  newSession, setMerchantWebhook, subApi, subscriberToken,
} from './helpers.mjs';

const MINE = '/api/v1/subscriptions';
const preview = (id) => `/api/v1/subscriptions/${encodeURIComponent(id)}/preview`;
const actions = (id) => `/api/v1/subscriptions/${encodeURIComponent(id)}/actions`;
const agentList = (id) => `/api/v1/agent/subscribers/${encodeURIComponent(id)}/subscriptions`;
const agentPreview = (id) => `/api/v1/agent/subscriptions/${encodeURIComponent(id)}/preview`;
const agentActions = (id) => `/api/v1/agent/subscriptions/${encodeURIComponent(id)}/actions`;

const CA_ADDRESS = { name: 'Test Person', line1: '1 Main St', city: 'Sacramento', region: 'CA', postal_code: '95814', country: 'US' };
const UT_ADDRESS = { name: 'Test Person', line1: '1 Main St', city: 'Salt Lake City', region: 'UT', postal_code: '84101', country: 'US' };

function assertError(res, status, code) {
  const ctx = `${res.status} ${res.text.slice(0, 400)}`;
  assert.equal(res.status, status, ctx);
  assert.match(res.headers.get('content-type') || '', /application\/json/, ctx);
  assert.equal(typeof res.json?.code, 'string', ctx);
  assert.equal(typeof res.json?.message, 'string', ctx);
  if (code) assert.equal(res.json.code, code, ctx);
  for (const p of LEAK_PATTERNS) assert.doesNotMatch(res.text, p, ctx);
}

/** The subscription `id` as the subscriber sees it now. */
async function mine(token, id, headers) {
  const res = await subApi(token, MINE, { headers });
  assert.equal(res.status, 200, res.text);
  const v = res.json.subscriptions.find((s) => s.subscription.id === id);
  assert.ok(v, `subscription ${id} listed: ${res.text.slice(0, 300)}`);
  return v;
}

/** Previews then applies `action` (with the previewed effect) as the subscriber. */
async function change(token, id, action, { headers = {}, key = idemKey() } = {}) {
  const v = await mine(token, id, headers);
  const p = await subApi(token, preview(id), { body: { version: v.subscription.version, action }, headers });
  assert.equal(p.status, 200, p.text);
  const res = await subApi(token, actions(id), {
    body: { version: v.subscription.version, action, effect: p.json.effect },
    headers: { 'Idempotency-Key': key, ...headers },
  });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json.effect, p.json.effect);
  assert.equal(res.json.subscription.subscription.version, v.subscription.version + 1);
  assert.match(res.json.event_id, /^evt_[0-9a-f]{32}$/);
  assert.match(res.json.reference, /^CD-[A-Z0-9]{8}$/);
  return res.json;
}

describe('self-service subscriptions', { concurrency: 1, timeout: 120_000 }, () => {
  let maya;

  before(async () => {
    // Deliveries of this suite go to this stack's own dev sink, not another stack's.
    await setMerchantWebhook({ url: `${BASE}/api/dev/webhook-sink`, secret: 'demo-wines-webhook-secret-change-me' });
    maya = await agentSignIn(AGENTS.maya.email, AGENTS.maya.password);
  });

  test('list mine: caught-up views, cutoff, upcoming boxes, the save offer', async () => {
    const token = await subscriberToken('sub_ava');
    const res = await subApi(token, MINE);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.cutoff_hours, 48);
    assert.deepEqual(res.json.discount_offer, { percent: 20, boxes: 2, code: 'STAY20' });
    const [v, ...rest] = res.json.subscriptions;
    assert.equal(rest.length, 0, 'only her own subscription');
    assert.equal(v.subscription.id, 'subn_ava_cellar');
    assert.equal(v.subscription.is_wine, true);
    assert.equal(v.price_cents, 6900);
    assert.equal(v.upcoming.length, 3);
    assert.equal(v.upcoming[0], v.subscription.next_box);
    assert.equal(typeof v.cutoff_at, 'number');
    assert.ok(v.cutoff_at > Date.now());
  });

  test('authorisation: no token 401, no subscriber 403, bad token 401', async () => {
    assertError(await api(MINE), 401, 'unauthorized');
    assertError(await subApi('nope.nope', MINE), 401, 'unauthorized');
    const anon = await newSession();
    assertError(await subApi(anon.visitor_token, MINE), 403, 'subscriber_required');
    // A conversation token is not a visitor token.
    const ava = await newSession({ subscriberToken: undefined });
    assertError(await subApi(ava.conversation_token, MINE), 401, 'unauthorized');
  });

  test("another subscriber's subscription or an unknown id → 404", async () => {
    const token = await subscriberToken('sub_ava');
    const body = { version: 1, action: { action: 'skip_next' } };
    assertError(await subApi(token, preview('subn_lucia_pair'), { body }), 404, 'not_found');
    assertError(await subApi(token, actions('subn_lucia_pair'), { body, headers: { 'Idempotency-Key': idemKey() } }), 404, 'not_found');
    assertError(await subApi(token, preview('subn_nope'), { body }), 404, 'not_found');
  });

  test('preview shows the effect and the state after, and changes nothing', async () => {
    const { subscriptionId: id, token } = await freshSubscription();
    const v = await mine(token, id);
    const res = await subApi(token, preview(id), { body: { version: 1, action: { action: 'skip_next' } } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.effect.action, 'skip_next');
    assert.equal(res.json.effect.cutoff_passed, false);
    assert.equal(res.json.effect.first_affected_box, v.subscription.next_box);
    assert.equal(res.json.effect.next_box, v.upcoming[1]);
    assert.equal(res.json.after.subscription.version, 2);
    assert.equal(res.json.after.subscription.next_box, v.upcoming[1]);
    assert.deepEqual(await mine(token, id), v);
  });

  test('apply each action once: pause (boxes), resume, skip, frequency, address, cancel', async () => {
    const { subscriptionId: id, token } = await freshSubscription();
    const start = await mine(token, id);

    const paused = await change(token, id, { action: 'pause', boxes: 2 });
    assert.equal(paused.subscription.subscription.status, 'paused');
    assert.equal(paused.subscription.subscription.pause_boxes, 2);
    assert.equal(paused.effect.next_box, start.upcoming[2]);

    const resumed = await change(token, id, { action: 'resume' });
    assert.equal(resumed.subscription.subscription.status, 'active');
    assert.equal(resumed.subscription.subscription.next_box, start.subscription.next_box);

    const skipped = await change(token, id, { action: 'skip_next' });
    assert.equal(skipped.subscription.subscription.next_box, start.upcoming[1]);

    const weekly = await change(token, id, { action: 'change_frequency', frequency: 'weekly' });
    assert.equal(weekly.subscription.subscription.frequency, 'weekly');

    const moved = await change(token, id, { action: 'change_address', address: { ...CA_ADDRESS, country: 'ES', region: 'Madrid', postal_code: '28001', city: 'Madrid' } });
    assert.equal(moved.subscription.subscription.address.postal_code, '28001');

    const cancelled = await change(token, id, { action: 'cancel', reason: 'moving', comment: 'Moving abroad' });
    const s = cancelled.subscription.subscription;
    assert.equal(s.status, 'cancelled');
    assert.equal(cancelled.effect.effective, s.cancel_effective);
    assert.equal(cancelled.subscription.cutoff_at ?? null, null);
    assert.equal(s.version, 7);

    // Nothing more can be done to it.
    const again = await subApi(token, preview(id), { body: { version: 7, action: { action: 'skip_next' } } });
    assertError(again, 409, 'subscription_cancelled');
  });

  test('pause until a date', async () => {
    const { subscriptionId: id, token } = await freshSubscription();
    const until = isoDate(40);
    const r = await change(token, id, { action: 'pause', until });
    assert.equal(r.subscription.subscription.status, 'paused');
    assert.equal(r.subscription.subscription.pause_until, until);
    assert.ok(r.effect.next_box >= until, JSON.stringify(r.effect));
    const resume = await subApi(token, preview(id), { body: { version: 2, action: { action: 'resume' } } });
    assert.equal(resume.status, 200, resume.text);
    assert.equal(resume.json.after.subscription.status, 'active');
  });

  test('agents of the merchant act on a subscriber’s behalf and are recorded as agents', async () => {
    const { subscriberId, subscriptionId: id, token } = await freshSubscription();
    await change(token, id, { action: 'skip_next' });

    assertError(await api(agentList(subscriberId)), 401, 'unauthorized');
    assertError(await api(agentActions(id), { body: { version: 2, action: { action: 'skip_next' } }, headers: { 'Idempotency-Key': idemKey() } }), 401, 'unauthorized');
    assertError(await agentApi(maya, agentList('sub_nobody_here')), 404, 'not_found');

    const list = await agentApi(maya, agentList(subscriberId));
    assert.equal(list.status, 200, list.text);
    assert.equal(list.json.cutoff_hours, 48);
    assert.equal(list.json.subscriptions.length, 1);
    const v = list.json.subscriptions[0];
    assert.equal(v.subscription.version, 2);

    const p = await agentApi(maya, agentPreview(id), { body: { version: 2, action: { action: 'change_frequency', frequency: 'monthly' } } });
    assert.equal(p.status, 200, p.text);
    const applied = await agentApi(maya, agentActions(id), {
      body: { version: 2, action: { action: 'change_frequency', frequency: 'monthly' }, effect: p.json.effect },
      headers: { 'Idempotency-Key': idemKey() },
    });
    assert.equal(applied.status, 200, applied.text);

    const after = await agentApi(maya, agentList(subscriberId));
    const [newest, older] = after.json.events;
    assert.equal(after.json.events.length, 2);
    assert.equal(newest.id, applied.json.event_id);
    assert.deepEqual(newest.actor, { kind: 'agent', id: 'agt_maya', name: AGENTS.maya.name });
    assert.equal(newest.action, 'change_frequency');
    assert.equal(newest.before.frequency, 'biweekly');
    assert.equal(newest.after.frequency, 'monthly');
    assert.equal(newest.reference, applied.json.reference);
    assert.deepEqual(older.actor, { kind: 'subscriber', id: subscriberId });
    assert.equal(older.action, 'skip_next');
  });

  test('idempotency: a repeat returns the first answer, writes nothing; another body is a 422', async () => {
    const { subscriberId, subscriptionId: id, token } = await freshSubscription();
    const key = idemKey();
    const body = { version: 1, action: { action: 'skip_next' } };
    const send = (b) => subApi(token, actions(id), { body: b, headers: { 'Idempotency-Key': key } });
    const [a, b] = await Promise.all([send(body), send(body)]);
    assert.equal(a.status, 200, a.text);
    assert.equal(b.status, 200, b.text);
    assert.equal(a.json.event_id, b.json.event_id);
    const c = await send(body);
    assert.equal(c.status, 200, c.text);
    assert.deepEqual(c.json, a.json);
    assert.equal(c.headers.get('idempotent-replayed'), 'true');
    const v = await mine(token, id);
    assert.equal(v.subscription.version, 2, 'one change');
    const events = (await agentApi(maya, agentList(subscriberId))).json.events;
    assert.equal(events.length, 1, 'one event');

    assertError(await send({ version: 2, action: { action: 'skip_next' } }), 422, 'idempotency_key_reused');
    // Keys are scoped per actor: the agent may use the same key for its own request.
    const agent = await agentApi(maya, agentActions(id), { body: { version: 2, action: { action: 'skip_next' } }, headers: { 'Idempotency-Key': key } });
    assert.equal(agent.status, 200, agent.text);

    assertError(await subApi(token, actions(id), { body }), 400, 'invalid_field');
    assertError(await subApi(token, actions(id), { body, headers: { 'Idempotency-Key': 'has space' } }), 400, 'invalid_field');
  });

  test('a stale version → 409 version_conflict with the current state', async () => {
    const { subscriptionId: id, token } = await freshSubscription();
    await change(token, id, { action: 'skip_next' });
    const res = await subApi(token, actions(id), { body: { version: 1, action: { action: 'skip_next' } }, headers: { 'Idempotency-Key': idemKey() } });
    assertError(res, 409, 'version_conflict');
    assert.equal(res.json.current.subscription.id, id);
    assert.equal(res.json.current.subscription.version, 2);
    const p = await subApi(token, preview(id), { body: { version: 1, action: { action: 'skip_next' } } });
    assertError(p, 409, 'version_conflict');
    assert.equal(p.json.current.subscription.version, 2);
  });

  test('cutoff: one minute before it the next box changes; one minute after, the following one', async () => {
    const { subscriptionId: id, token } = await freshSubscription({ nextBox: isoDate(5) });
    const v = await mine(token, id);
    const body = { version: 1, action: { action: 'skip_next' } };
    const at = (ms) => ({ 'x-cellar-now': String(ms) });

    const early = await subApi(token, preview(id), { body, headers: at(v.cutoff_at - 60_000) });
    assert.equal(early.status, 200, early.text);
    assert.equal(early.json.effect.cutoff_passed, false);
    assert.equal(early.json.effect.first_affected_box, v.upcoming[0]);

    const late = await subApi(token, preview(id), { body, headers: at(v.cutoff_at + 60_000) });
    assert.equal(late.status, 200, late.text);
    assert.equal(late.json.effect.cutoff_passed, true);
    assert.equal(late.json.effect.first_affected_box, v.upcoming[1]);
    assert.equal(late.json.effect.next_box, v.upcoming[0], 'the locked box still ships');

    // Previewed before the cutoff, confirmed after it: the effect changed.
    const res = await subApi(token, actions(id), {
      body: { ...body, effect: early.json.effect },
      headers: { 'Idempotency-Key': idemKey(), ...at(v.cutoff_at + 60_000) },
    });
    assertError(res, 409, 'effect_changed');
    assert.deepEqual(res.json.effect, late.json.effect);

    const ok = await subApi(token, actions(id), {
      body: { ...body, effect: late.json.effect },
      headers: { 'Idempotency-Key': idemKey(), ...at(v.cutoff_at + 60_000) },
    });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.subscription.subscription.next_box, v.upcoming[0]);
    assert.equal(ok.json.subscription.subscription.box_after_next, v.upcoming[2]);
  });

  test('an invalid address → 400 with its field errors', async () => {
    const { subscriptionId: id, token } = await freshSubscription();
    const res = await subApi(token, preview(id), {
      body: { version: 1, action: { action: 'change_address', address: { ...CA_ADDRESS, postal_code: 'nope', line1: '' } } },
    });
    assertError(res, 400, 'invalid_field');
    const fields = res.json.fields.map((f) => f.field).sort();
    assert.deepEqual(fields, ['line1', 'postal_code']);
    assert.equal(res.json.fields.find((f) => f.field === 'postal_code').code, 'invalid_postal_code');
  });

  test('wine to a refused region → 400 naming the region', async () => {
    const { subscriptionId: id, token } = await freshSubscription({ from: 'subn_ava_cellar' });
    const res = await subApi(token, actions(id), {
      body: { version: 1, action: { action: 'change_address', address: UT_ADDRESS } },
      headers: { 'Idempotency-Key': idemKey() },
    });
    assertError(res, 400, 'wine_region_not_allowed');
    assert.match(res.json.message, /Utah/);
    assert.equal((await mine(token, id)).subscription.version, 1, 'nothing changed');
    // California is allowed.
    const ok = await change(token, id, { action: 'change_address', address: { ...CA_ADDRESS, line1: '2 Main St' } });
    assert.equal(ok.subscription.subscription.address.line1, '2 Main St');
  });

  test('bad input: malformed JSON, unknown action, wrong types, oversize → 4xx', async () => {
    const { subscriptionId: id, token } = await freshSubscription();
    const h = { 'Idempotency-Key': idemKey() };
    assertError(await subApi(token, actions(id), { body: '{"version": 1,', headers: h }), 400, 'invalid_json');
    assertError(await subApi(token, preview(id), { body: '[1,2]' }), 400);
    let res = await subApi(token, preview(id), { body: { version: 1, action: { action: 'teleport' } } });
    assertError(res, 400, 'invalid_field');
    assert.equal(res.json.field, 'action');
    res = await subApi(token, preview(id), { body: { version: 1, action: { action: 'change_frequency', frequency: 'daily' } } });
    assertError(res, 400, 'invalid_field');
    assert.equal(res.json.field, 'action');
    res = await subApi(token, preview(id), { body: { version: 'one', action: { action: 'skip_next' } } });
    assertError(res, 400, 'invalid_field');
    assert.equal(res.json.field, 'version');
    res = await subApi(token, preview(id), { body: { version: 1, action: { action: 'pause', boxes: 13 } } });
    assertError(res, 400, 'pause_boxes_out_of_range');
    res = await subApi(token, actions(id), { body: { version: 1, action: { action: 'cancel', comment: 'x'.repeat(501) } }, headers: h });
    assertError(res, 400, 'comment_too_long');
    const big = JSON.stringify({ version: 1, action: { action: 'skip_next' }, pad: 'x'.repeat(17 * 1024) });
    assertError(await subApi(token, actions(id), { body: big, headers: h }), 413, 'payload_too_large');
    assert.equal((await mine(token, id)).subscription.version, 1, 'nothing changed');
  });

  test('CORS: the widget can read error bodies from an allowed origin', async () => {
    const token = await subscriberToken('sub_ava');
    const res = await subApi(token, preview('subn_nope'), { body: { version: 1, action: { action: 'skip_next' } } });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('access-control-allow-origin'), new URL(BASE).origin);
  });
});
