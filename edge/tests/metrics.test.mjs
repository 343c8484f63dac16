// The support dashboard (shared::surveys / shared::metrics) against a running stack: who may
// read it, range validation, values against a hand computation on a controlled data set (a
// fresh merchant made by the dev fixture endpoint), and targets (leads only).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AGENTS, agentAction, agentApi, agentSignIn, api, isoDate, newSession, openInboxSocket, openWithHistory,
  runTag, sendAcked, sleep,
} from './helpers.mjs';

const METRICS = '/api/v1/agent/metrics';
const TARGETS = '/api/v1/agent/targets';
const DAY = 86_400_000;
const close = (a, b, what) => assert.ok(a !== null && Math.abs(a - b) < 1e-6, `${what}: ${a} ≈ ${b}`);

describe('metrics dashboard', { concurrency: 1, timeout: 120_000 }, () => {
  const tag = runTag('mx').toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 36);
  const now = Date.now();
  const ago = (days) => now - days * DAY;
  const emails = { lead: `lead@${tag}.test`, agent: `agent@${tag}.test` };
  let lead;
  let agent;

  before(async () => {
    const fixture = {
      merchant: tag,
      agents: [
        { id: 'agt_a', email: emails.agent, name: 'Ada Agent', role: 'agent' },
        { id: 'agt_b', email: emails.lead, name: 'Bo Lead', role: 'lead' },
      ],
      conversations: [
        { id: 'c1', agent: 'agt_a', created_at: ago(5), first_response_ms: 60_000, resolution_ms: 3_600_000, reason: 'billing' },
        { id: 'c2', agent: 'agt_a', created_at: ago(6), first_response_ms: 120_000, resolution_ms: 7_200_000, reopened: true, reason: 'billing' },
        { id: 'c3', agent: 'agt_b', created_at: ago(7), first_response_ms: 600_000, resolution_ms: 10_800_000, escalated: true, reason: 'wrong_order' },
        { id: 'c4', agent: 'agt_b', created_at: ago(8), first_response_ms: 240_000 },
        { id: 'c5', created_at: ago(5) },
      ],
      surveys: [
        { id: 's1', kind: 'csat', agent: 'agt_a', conversation: 'c1', score: 5, comment: 'Great help', shown_at: ago(3), answered_at: ago(3) },
        { id: 's2', kind: 'csat', agent: 'agt_a', conversation: 'c2', score: 4, shown_at: ago(4), answered_at: ago(4) },
        { id: 's3', kind: 'csat', agent: 'agt_b', conversation: 'c3', score: 2, comment: 'Slow', shown_at: ago(2), answered_at: ago(2) },
        { id: 's4', kind: 'csat', agent: 'agt_b', conversation: 'c4', score: 5, shown_at: ago(4), answered_at: ago(4) },
        { id: 's9', kind: 'csat', agent: 'agt_a', conversation: 'c5', shown_at: ago(4) },
        ...[10, 9, 10, 7, 3, 0].map((score, i) => ({ id: `n${i}`, kind: 'nps', score, shown_at: ago(10), answered_at: ago(10) })),
        { id: 'e1', kind: 'ces', score: 7, comment: 'Easy', shown_at: ago(1), answered_at: ago(1) },
        { id: 'e2', kind: 'ces', score: 5, shown_at: ago(9), answered_at: ago(9) },
        { id: 'e3', kind: 'ces', score: 6, shown_at: ago(9), answered_at: ago(9) },
        // The previous 30 days: one unhappy answer.
        { id: 'p1', kind: 'csat', agent: 'agt_a', conversation: 'cp', score: 1, shown_at: ago(40), answered_at: ago(40) },
      ],
      subscriptions: [
        ...Array.from({ length: 8 }, (_, i) => ({ id: `sn${i}`, created_at: ago(100) })),
        { id: 'sx1', created_at: ago(100), cancelled_at: ago(4), reason: 'moving' },
        { id: 'sx2', created_at: ago(100), cancelled_at: ago(3), reason: 'too_expensive' },
        { id: 'sx3', created_at: ago(100), cancelled_at: ago(35), reason: 'moving' },
      ],
    };
    const res = await api('/api/dev/metrics-fixture', { body: fixture });
    assert.equal(res.status, 204, res.text);
    lead = await agentSignIn(emails.lead, AGENTS.maya.password);
    agent = await agentSignIn(emails.agent, AGENTS.maya.password);
  });

  const range = `from=${isoDate(-29)}&to=${isoDate(0)}`;
  const tile = (body, metric) => body.tiles.find((t) => t.metric === metric);

  test('needs an agent cookie (401 without)', async () => {
    const res = await api(`${METRICS}?${range}&period=week`);
    assert.equal(res.status, 401, res.text);
    assert.equal((await api(TARGETS)).status, 401);
  });

  test('bad ranges, periods and agents → 400 naming the field', async () => {
    const cases = [
      ['from=2026-13-01&to=2026-12-01&period=day', 'from'],
      [`from=${isoDate(-3)}&period=day`, 'to'],
      [`from=${isoDate(0)}&to=${isoDate(-3)}&period=day`, 'from'],
      [`from=${isoDate(-400)}&to=${isoDate(0)}&period=day`, 'to'],
      [`${range}&period=year`, 'period'],
      [`${range}`, 'period'],
      [`${range}&period=day&agent=agt_nobody`, 'agent'],
      [`${range}&period=day&channel=sms`, 'channel'],
    ];
    for (const [q, field] of cases) {
      const res = await agentApi(agent, `${METRICS}?${q}`);
      assert.equal(res.status, 400, `${q}: ${res.text}`);
      assert.equal(res.json.field, field, `${q}: ${res.text}`);
      assert.equal(typeof res.json.code, 'string');
      assert.equal(typeof res.json.message, 'string');
    }
  });

  test('values match a hand computation', async () => {
    const res = await agentApi(agent, `${METRICS}?${range}&period=week`);
    assert.equal(res.status, 200, res.text);
    const m = res.json;
    assert.deepEqual(m.tiles.map((t) => t.metric),
      ['csat', 'nps', 'ces', 'frt_median', 'frt_p90', 'resolution', 'fcr', 'sla', 'churn', 'response_rate']);
    // CSAT: 5, 4, 2, 5 → 3 of 4 are 4–5; the previous range: one 1 → 0 %.
    const csat = tile(m, 'csat');
    close(csat.value, 75, 'csat');
    close(csat.previous, 0, 'csat previous');
    close(csat.trend, 75, 'csat trend');
    assert.equal(csat.sample, 4);
    assert.equal(csat.target, 90);
    assert.equal(csat.standing, 'off_target');
    // NPS: 10, 9, 10 promoters (50 %), 3, 0 detractors (33.3 %) → 16.67.
    close(tile(m, 'nps').value, 50 - 100 / 3, 'nps');
    // CES: mean of 7, 5, 6.
    close(tile(m, 'ces').value, 6, 'ces');
    assert.equal(tile(m, 'ces').standing, 'on_target');
    // FRT: 1, 2, 4, 10 min → nearest-rank median 2, p90 10.
    close(tile(m, 'frt_median').value, 2, 'frt median');
    close(tile(m, 'frt_p90').value, 10, 'frt p90');
    // Resolution: 1, 2, 3 h → 2 h. FCR: 1 clean of 3 resolved.
    close(tile(m, 'resolution').value, 2, 'resolution');
    close(tile(m, 'fcr').value, 100 / 3, 'fcr');
    // SLA (5 min): 3 of 4 answered in time + 1 unanswered for days → 3 of 5.
    close(tile(m, 'sla').value, 60, 'sla');
    // Churn: 2 cancellations ÷ 10 active at the start (11 created, 1 cancelled before).
    close(tile(m, 'churn').value, 20, 'churn');
    close(tile(m, 'churn').previous, 100 / 11, 'churn previous');
    // Response rate: 13 answers of 14 shown.
    close(tile(m, 'response_rate').value, 1300 / 14, 'response rate');
    assert.equal(tile(m, 'response_rate').target, null);
    // Breakdowns.
    assert.deepEqual(m.contact_reasons.map((s) => [s.key, s.count]), [['billing', 2], ['wrong_order', 1]]);
    assert.deepEqual(m.cancel_reasons.map((s) => [s.key, s.count]), [['moving', 1], ['too_expensive', 1]]);
    // Comments, newest first, with the conversation and the agent.
    assert.deepEqual(m.comments.map((c) => [c.kind, c.score, c.comment, c.conversation_id, c.agent_name]), [
      ['ces', 7, 'Easy', null, null],
      ['csat', 2, 'Slow', 'c3', 'Bo Lead'],
      ['csat', 5, 'Great help', 'c1', 'Ada Agent'],
    ]);
    // Series: CSAT, NPS, FRT median, churn per week covering the range.
    assert.deepEqual(m.series.map((s) => s.metric), ['csat', 'nps', 'frt_median', 'churn']);
    const csatPoints = m.series[0].points;
    assert.ok(csatPoints.length >= 5 && csatPoints.length <= 6, JSON.stringify(csatPoints));
    assert.equal(csatPoints.reduce((n, p) => n + p.sample, 0), 4);
    assert.equal(m.range.from, isoDate(-29));
    assert.equal(m.period, 'week');
  });

  test('the agent filter narrows conversation and CSAT metrics to that agent', async () => {
    const res = await agentApi(agent, `${METRICS}?${range}&period=month&agent=agt_a`);
    assert.equal(res.status, 200, res.text);
    const m = res.json;
    assert.equal(m.agent_id, 'agt_a');
    close(tile(m, 'csat').value, 100, 'csat of agt_a');
    close(tile(m, 'frt_median').value, 1, 'frt median of agt_a'); // 1, 2 min → rank 1
    close(tile(m, 'nps').value, 50 - 100 / 3, 'nps is not per agent');
    close(tile(m, 'response_rate').value, 200 / 3, 'response rate of agt_a');
    assert.deepEqual(m.contact_reasons.map((s) => [s.key, s.count]), [['billing', 2]]);
    assert.deepEqual(m.comments.map((c) => c.comment), ['Great help']);
  });

  test("another merchant's agents see only their own data", async () => {
    const maya = await agentSignIn(AGENTS.maya.email, AGENTS.maya.password);
    const res = await agentApi(maya, `${METRICS}?${range}&period=day`);
    assert.equal(res.status, 200, res.text);
    assert.ok(!res.json.comments.some((c) => ['Great help', 'Slow'].includes(c.comment)));
    const other = await agentApi(maya, `${METRICS}?${range}&period=day&agent=agt_a`);
    assert.equal(other.status, 400, 'not an agent of demo-wines');
  });

  test('targets: defaults; PUT by an agent 403, by a lead validated and stored', async () => {
    const got = await agentApi(agent, TARGETS);
    assert.equal(got.status, 200, got.text);
    assert.equal(got.json.csat_percent, 90);
    assert.equal(got.json.first_response_minutes, 5);
    const forbidden = await agentApi(agent, TARGETS, { method: 'PUT', body: { ...got.json, csat_percent: 80 } });
    assert.equal(forbidden.status, 403, forbidden.text);
    assert.equal(got.json.offline_first_response_hours, 24);
    const bad = [['nps', 200], ['csat_percent', -1], ['first_response_minutes', 2.5], ['ces', 'high'],
      ['offline_first_response_hours', 721], ['offline_first_response_hours', 0]];
    for (const [field, value] of bad) {
      const bad = await agentApi(lead, TARGETS, { method: 'PUT', body: { ...got.json, [field]: value } });
      assert.equal(bad.status, 400, bad.text);
      assert.equal(bad.json.field, field);
    }
    const ok = await agentApi(lead, TARGETS, { method: 'PUT', body: { ...got.json, csat_percent: 75 } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.csat_percent, 75);
    assert.equal((await agentApi(agent, TARGETS)).json.csat_percent, 75);
    const m = (await agentApi(agent, `${METRICS}?${range}&period=week`)).json;
    assert.equal(tile(m, 'csat').target, 75);
    assert.equal(tile(m, 'csat').standing, 'on_target');
    assert.equal(m.targets.csat_percent, 75);
  });
});

describe('metrics per channel', { concurrency: 1, timeout: 120_000 }, () => {
  const tag = runTag('mc').toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 36);
  const ago = (days) => Date.now() - days * DAY;
  const range = `from=${isoDate(-29)}&to=${isoDate(0)}&period=month`;
  const tile = (body, metric) => body.tiles.find((t) => t.metric === metric);
  const MIN = 60_000;
  const HOUR = 60 * MIN;
  let agent;

  before(async () => {
    const fixture = {
      merchant: tag,
      agents: [{ id: 'agt_a', email: `agent@${tag}.test`, name: 'Ada Agent', role: 'agent' }],
      conversations: [
        { id: 'c1', agent: 'agt_a', created_at: ago(5), first_response_ms: MIN, resolution_ms: HOUR, reason: 'billing' },
        { id: 'c2', agent: 'agt_a', created_at: ago(6), first_response_ms: 10 * MIN, resolution_ms: 3 * HOUR, reason: 'billing' },
        // Offline messages: answered after 3 h (within the day) and after 30 h (late).
        { id: 'c3', agent: 'agt_a', channel: 'email', created_at: ago(7), first_response_ms: 3 * HOUR, resolution_ms: 4 * HOUR, reason: 'wrong_order' },
        { id: 'c4', agent: 'agt_a', channel: 'email', created_at: ago(8), first_response_ms: 30 * HOUR, resolution_ms: 32 * HOUR, reopened: true },
      ],
      surveys: [
        { id: 's1', kind: 'csat', agent: 'agt_a', conversation: 'c1', score: 5, comment: 'Quick chat', shown_at: ago(3), answered_at: ago(3) },
        { id: 's3', kind: 'csat', agent: 'agt_a', conversation: 'c3', score: 2, comment: 'Took hours', shown_at: ago(2), answered_at: ago(2) },
        { id: 'n1', kind: 'nps', score: 10, shown_at: ago(2), answered_at: ago(2) },
      ],
      subscriptions: [],
    };
    const res = await api('/api/dev/metrics-fixture', { body: fixture });
    assert.equal(res.status, 204, res.text);
    agent = await agentSignIn(`agent@${tag}.test`, AGENTS.maya.password);
  });

  const metrics = async (q) => {
    const res = await agentApi(agent, `${METRICS}?${range}${q}`);
    assert.equal(res.status, 200, res.text);
    return res.json;
  };

  test('all channels: each first response stands against its own channel\'s target', async () => {
    const m = await metrics('');
    assert.equal(m.channel, null);
    // FRT 1, 10, 180, 1800 min → nearest-rank median 10; the FRT target is live chat's.
    close(tile(m, 'frt_median').value, 10, 'frt median');
    assert.equal(tile(m, 'frt_median').target, 5);
    // SLA: chat 1 of 2 within 5 min, offline 1 of 2 within 24 h → 2 of 4.
    close(tile(m, 'sla').value, 50, 'sla');
    // Resolution 1, 3, 4, 32 h → 10 h; FCR: 3 clean of 4.
    close(tile(m, 'resolution').value, 10, 'resolution');
    close(tile(m, 'fcr').value, 75, 'fcr');
    close(tile(m, 'csat').value, 50, 'csat');
  });

  test('channel=email: offline messages only, against the offline target; NPS stays the shop\'s', async () => {
    const m = await metrics('&channel=email');
    assert.equal(m.channel, 'email');
    close(tile(m, 'frt_median').value, 180, 'frt median'); // 180, 1800 → rank 1
    assert.equal(tile(m, 'frt_median').target, 24 * 60);
    close(tile(m, 'sla').value, 50, 'sla');
    close(tile(m, 'fcr').value, 50, 'fcr');
    close(tile(m, 'csat').value, 0, 'csat');
    close(tile(m, 'nps').value, 100, 'nps');
    assert.deepEqual(m.contact_reasons.map((s) => [s.key, s.count]), [['wrong_order', 1]]);
    assert.deepEqual(m.comments.map((c) => c.comment), ['Took hours']);
  });

  test('channel=chat: live chat only', async () => {
    const m = await metrics('&channel=chat&agent=agt_a');
    assert.equal(m.channel, 'chat');
    close(tile(m, 'frt_median').value, 1, 'frt median');
    close(tile(m, 'sla').value, 50, 'sla');
    close(tile(m, 'csat').value, 100, 'csat');
    assert.deepEqual(m.contact_reasons.map((s) => [s.key, s.count]), [['billing', 2]]);
    assert.deepEqual(m.comments.map((c) => c.comment), ['Quick chat']);
  });
});

describe('metrics follow live conversations (daily rollups kept on write)', { concurrency: 1, timeout: 120_000 }, () => {
  const today = `from=${isoDate(0)}&to=${isoDate(0)}&period=day`;
  const tile = (body, metric) => body.tiles.find((t) => t.metric === metric);
  let maya;

  before(async () => {
    maya = await agentSignIn(AGENTS.maya.email, AGENTS.maya.password);
  });

  /** Resolved outcomes of today's conversations of a channel: {n, clean}. */
  const fcr = async (channel) => {
    const res = await agentApi(maya, `${METRICS}?${today}&channel=${channel}`);
    assert.equal(res.status, 200, res.text);
    const t = tile(res.json, 'fcr');
    return { n: t.sample, clean: Math.round(((t.value ?? 0) * t.sample) / 100) };
  };

  /** Polls until `check` passes (the inbox records a conversation's opening shortly after). */
  const eventually = async (check) => {
    for (let i = 0; ; i++) {
      try {
        return await check();
      } catch (e) {
        if (i >= 40) throw e;
        await sleep(100);
      }
    }
  };

  /** A visitor writes; Maya claims and resolves. */
  const resolved = async () => {
    const session = await newSession();
    const { sock } = await openWithHistory(session);
    await sendAcked(sock, 'Where is my box?');
    const claim = await agentAction(maya, session.conversation_id, 'claim');
    assert.equal(claim.status, 200, claim.text);
    return { session, sock };
  };

  test('with no agent online a conversation is an offline message; resolving and reopening move its outcome', async () => {
    const [email0, chat0] = [await fcr('email'), await fcr('chat')];
    const { session, sock } = await resolved();
    const resolve = async () => {
      const r = await agentAction(maya, session.conversation_id, 'resolve');
      assert.equal(r.status, 200, r.text);
    };
    await resolve();
    await eventually(async () => assert.deepEqual(await fcr('email'), { n: email0.n + 1, clean: email0.clean + 1 }));
    assert.deepEqual(await fcr('chat'), chat0);
    // The visitor writes again: reopened (no longer resolved), then resolved again it no
    // longer counts as clean.
    await sendAcked(sock, 'Actually, one more thing');
    await eventually(async () => assert.deepEqual(await fcr('email'), email0));
    await resolve();
    await eventually(async () => assert.deepEqual(await fcr('email'), { n: email0.n + 1, clean: email0.clean }));
    await sock.close();
  });

  test('with an agent online it is live chat', async () => {
    const inbox = await openInboxSocket(maya);
    await inbox.next((f) => f.type === 'snapshot', 10_000, 'snapshot');
    try {
      const [email0, chat0] = [await fcr('email'), await fcr('chat')];
      const { session, sock } = await resolved();
      const r = await agentAction(maya, session.conversation_id, 'resolve');
      assert.equal(r.status, 200, r.text);
      await eventually(async () => assert.deepEqual(await fcr('chat'), { n: chat0.n + 1, clean: chat0.clean + 1 }));
      assert.deepEqual(await fcr('email'), email0);
      await sock.close();
    } finally {
      await inbox.close();
    }
  });
});
