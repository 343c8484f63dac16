// Post-interaction surveys (shared::surveys) against a running stack: CSAT after a
// resolution, CES after a subscriber's own self-service change, NPS after the third
// delivered box; answers stored once, dismissals, validation and ownership.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AGENTS, agentAction, agentApi, agentSignIn, api, freshSubscription, idemKey, isoDate,
  newSession, openWithHistory, runTag, sendAcked, subApi,
} from './helpers.mjs';

const PENDING = '/api/v1/surveys/pending';
const answer = (id) => `/api/v1/surveys/${encodeURIComponent(id)}/answer`;
const dismiss = (id) => `/api/v1/surveys/${encodeURIComponent(id)}/dismiss`;

async function pending(token) {
  const res = await subApi(token, PENDING);
  assert.equal(res.status, 200, res.text);
  return res.json.survey;
}

/** A visitor who wrote once and whose conversation Maya claimed and resolved. */
async function resolvedConversation(maya, body) {
  const session = await newSession();
  const { sock } = await openWithHistory(session);
  await sendAcked(sock, 'Hello, my box was wrong');
  await sock.close();
  const claim = await agentAction(maya, session.conversation_id, 'claim');
  assert.equal(claim.status, 200, claim.text);
  const res = await agentAction(maya, session.conversation_id, 'resolve', body);
  assert.equal(res.status, 200, res.text);
  return session;
}

/** Comments of today's demo dashboard. */
async function todaysComments(cookie) {
  const res = await agentApi(cookie, `/api/v1/agent/metrics?from=${isoDate(0)}&to=${isoDate(0)}&period=day`);
  assert.equal(res.status, 200, res.text);
  return res.json.comments;
}

/** Skips the next box of a fresh subscription as the subscriber (or as `agent`). */
async function skip({ token, subscriptionId }, agent) {
  const list = agent
    ? await agentApi(agent, `/api/v1/agent/subscribers/${encodeURIComponent(token)}/subscriptions`)
    : await subApi(token, '/api/v1/subscriptions');
  assert.equal(list.status, 200, list.text);
  const v = list.json.subscriptions.find((s) => s.subscription.id === subscriptionId);
  const action = { action: 'skip_next' };
  const base = agent ? '/api/v1/agent/subscriptions' : '/api/v1/subscriptions';
  const call = (path, opts) => (agent ? agentApi(agent, path, opts) : subApi(token, path, opts));
  const p = await call(`${base}/${subscriptionId}/preview`, { body: { version: v.subscription.version, action } });
  assert.equal(p.status, 200, p.text);
  const res = await call(`${base}/${subscriptionId}/actions`, {
    body: { version: v.subscription.version, action, effect: p.json.effect },
    headers: { 'Idempotency-Key': idemKey() },
  });
  assert.equal(res.status, 200, res.text);
  return res.json.event_id;
}

describe('surveys', { concurrency: 1, timeout: 120_000 }, () => {
  let maya;

  before(async () => {
    maya = await agentSignIn(AGENTS.maya.email, AGENTS.maya.password);
  });

  test('resolve → CSAT pending for that visitor, about that conversation and agent', async () => {
    const session = await resolvedConversation(maya, { reason: 'billing' });
    const s = await pending(session.visitor_token);
    assert.ok(s, 'a survey is pending');
    assert.equal(s.kind, 'csat');
    assert.equal(s.conversation_id, session.conversation_id);
    assert.equal(s.agent_name, AGENTS.maya.name);
    assert.match(s.id, /^srv_[0-9a-f]{32}$/);
    // Shown once: a survey left unanswered is not asked again (it can still be answered).
    assert.equal(await pending(session.visitor_token), null);
    // Another visitor has nothing pending.
    const other = await newSession();
    assert.equal(await pending(other.visitor_token), null);
  });

  test('resolve keeps working without a body; a bad reason → 400 field reason', async () => {
    const session = await newSession();
    const bad = await agentAction(maya, session.conversation_id, 'resolve', { reason: 'bored' });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.json.field, 'reason');
    const ok = await agentAction(maya, session.conversation_id, 'resolve');
    assert.equal(ok.status, 200, ok.text);
  });

  test('an answer is stored once; a repeat is ignored (204)', async () => {
    const session = await resolvedConversation(maya);
    const s = await pending(session.visitor_token);
    const tag = runTag('great');
    const first = await subApi(session.visitor_token, answer(s.id), { body: { score: 5, comment: `  ${tag}  ` } });
    assert.equal(first.status, 204, first.text);
    assert.equal(await pending(session.visitor_token), null, 'answered surveys are not pending');
    const again = await subApi(session.visitor_token, answer(s.id), { body: { score: 1, comment: `${tag} again` } });
    assert.equal(again.status, 204, again.text);
    const mine = (await todaysComments(maya)).filter((c) => c.conversation_id === session.conversation_id);
    assert.deepEqual(mine.map((c) => [c.kind, c.score, c.comment, c.agent_name]), [['csat', 5, tag, AGENTS.maya.name]]);
  });

  test('dismiss → 204 and not asked again; an answer after it is ignored', async () => {
    const session = await resolvedConversation(maya);
    const s = await pending(session.visitor_token);
    const res = await subApi(session.visitor_token, dismiss(s.id), { method: 'POST' });
    assert.equal(res.status, 204, res.text);
    assert.equal(await pending(session.visitor_token), null);
    const tag = runTag('late');
    const late = await subApi(session.visitor_token, answer(s.id), { body: { score: 4, comment: tag } });
    assert.equal(late.status, 204, late.text);
    assert.ok(!(await todaysComments(maya)).some((c) => c.comment === tag), 'not stored');
  });

  test('bad answers → 400 with code and field; malformed JSON → 400', async () => {
    const session = await resolvedConversation(maya);
    const s = await pending(session.visitor_token);
    const high = await subApi(session.visitor_token, answer(s.id), { body: { score: 6 } });
    assert.equal(high.status, 400, high.text);
    assert.equal(high.json.code, 'score_out_of_range');
    assert.equal(high.json.field, 'score');
    assert.equal(typeof high.json.message, 'string');
    const zero = await subApi(session.visitor_token, answer(s.id), { body: { score: 0 } });
    assert.equal(zero.status, 400, zero.text);
    const long = await subApi(session.visitor_token, answer(s.id), { body: { score: 5, comment: 'x'.repeat(1001) } });
    assert.equal(long.status, 400, long.text);
    assert.equal(long.json.field, 'comment');
    const junk = await subApi(session.visitor_token, answer(s.id), { body: '{"score":' });
    assert.equal(junk.status, 400, junk.text);
    const ok = await subApi(session.visitor_token, answer(s.id), { body: { score: 4 } });
    assert.equal(ok.status, 204, 'still answerable after refused answers');
  });

  test("another visitor's survey → 404; no token → 401", async () => {
    const session = await resolvedConversation(maya);
    const s = await pending(session.visitor_token);
    const other = await newSession();
    const res = await subApi(other.visitor_token, answer(s.id), { body: { score: 1 } });
    assert.equal(res.status, 404, res.text);
    const d = await subApi(other.visitor_token, dismiss(s.id), { method: 'POST' });
    assert.equal(d.status, 404, d.text);
    const unknown = await subApi(other.visitor_token, answer('srv_' + '0'.repeat(32)), { body: { score: 1 } });
    assert.equal(unknown.status, 404, unknown.text);
    assert.equal((await api(PENDING)).status, 401);
    const mine = await subApi(session.visitor_token, answer(s.id), { body: { score: 3 } });
    assert.equal(mine.status, 204, 'its own visitor can still answer it');
  });

  test("a subscriber's own skip → one CES survey for that change; an agent's change asks nothing", async () => {
    const sub = await freshSubscription();
    assert.equal(await pending(sub.token), null);
    const eventId = await skip(sub);
    const s = await pending(sub.token);
    assert.equal(s?.kind, 'ces');
    assert.equal(s.event_id, eventId);
    assert.equal(await pending(sub.token), null, 'asked once');
    const res = await subApi(sub.token, answer(s.id), { body: { score: 7 } });
    assert.equal(res.status, 204, res.text);
    assert.equal(await pending(sub.token), null);

    const other = await freshSubscription();
    await skip({ token: other.subscriberId, subscriptionId: other.subscriptionId }, maya);
    assert.equal(await pending(other.token), null, 'no CES for an agent-made change');
  });

  test('NPS only after 3 delivered boxes, then not again once dismissed', async () => {
    const sub = await freshSubscription();
    const deliver = async (count) => {
      const r = await api('/api/dev/delivered-orders', { body: { subscriber: sub.subscriberId, count } });
      assert.equal(r.status, 204, r.text);
    };
    await deliver(2);
    assert.equal(await pending(sub.token), null, 'two boxes: not yet');
    await deliver(1);
    const s = await pending(sub.token);
    assert.equal(s?.kind, 'nps');
    assert.equal(await pending(sub.token), null, 'asked once');
    const bad = await subApi(sub.token, answer(s.id), { body: { score: 11 } });
    assert.equal(bad.status, 400, bad.text);
    assert.equal((await subApi(sub.token, dismiss(s.id), { method: 'POST' })).status, 204);
    assert.equal(await pending(sub.token), null, 'not asked again within 90 days');
  });
});
