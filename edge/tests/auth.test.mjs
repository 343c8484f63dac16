// Identity contract tests against a running stack (CD_BASE_URL): subscriber tokens signed by
// the merchant, conversation access, agent sign-in / lock-out / cookie / sign-out, and the
// development-only endpoints (the test stack runs with ENVIRONMENT=development).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  api,
  newSession,
  openWithHistory,
  openAgentWithHistory,
  tryUpgrade,
  tryUpgradeUrl,
  agentSocketUrl,
  inboxSocketUrl,
  agentSignIn,
  agentApi,
  agentAction,
  signSubscriberToken,
  subscriberClaims,
  decodeTokenClaims,
  setCookieLine,
  tokenMac,
  madeUpConversationId,
  runTag,
  clientId,
  AGENTS,
  SUBSCRIBERS,
  MERCHANT,
  SESSION_PATH,
  AGENT_SESSION_PATH,
  AGENT_ME_PATH,
  AGENT_COOKIE,
  LEAK_PATTERNS,
} from './helpers.mjs';

const open = new Set();
after(async () => {
  await Promise.all([...open].map((s) => s.close()));
});
function track(r) {
  open.add(r.sock);
  return r;
}

/** Asserts an API error: status, JSON {code, message}, no internals leaked. */
function assertError(res, status, code) {
  const ctx = `${res.status} ${res.text.slice(0, 300)}`;
  assert.equal(res.status, status, `status; body: ${ctx}`);
  assert.ok(res.json && typeof res.json === 'object', `JSON body expected: ${ctx}`);
  if (code) assert.equal(res.json.code, code, `code: ${ctx}`);
  assert.equal(typeof res.json.message, 'string', `message is a string: ${ctx}`);
  for (const p of LEAK_PATTERNS) assert.doesNotMatch(res.text, p, `error body leaks internals: ${ctx}`);
}

/** POST /api/v1/widget/session with a subscriber token; returns the raw response. */
function sessionWith(subscriberToken, visitorToken = null) {
  return api(SESSION_PATH, {
    method: 'POST',
    body: { merchant_id: MERCHANT, visitor_token: visitorToken, subscriber_token: subscriberToken },
  });
}

const signIn = (email, password) => api(AGENT_SESSION_PATH, { method: 'POST', body: { email, password } });

/** Splits a Set-Cookie line into {name, value, attrs: Map(lowercased name → value|true)}. */
function parseSetCookie(line) {
  const [pair, ...rest] = line.split(';');
  const i = pair.indexOf('=');
  const attrs = new Map();
  for (const a of rest) {
    const t = a.trim();
    if (!t) continue;
    const j = t.indexOf('=');
    attrs.set((j === -1 ? t : t.slice(0, j)).toLowerCase(), j === -1 ? true : t.slice(j + 1));
  }
  return { name: pair.slice(0, i).trim(), value: pair.slice(i + 1).trim(), attrs };
}

describe('subscriber identity (widget session)', { concurrency: 1, timeout: 60_000 }, () => {
  test('a token signed with the widget secret for sub_ava → 200, subscriber = Ava', async () => {
    const token = signSubscriberToken(subscriberClaims('sub_ava'));
    const res = await sessionWith(token);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json.subscriber, SUBSCRIBERS.sub_ava, res.text);
    assert.match(res.json.conversation_id, /^c_/);
    const av = res.json.availability;
    assert.ok(av && typeof av === 'object', `availability in ${res.text}`);
    assert.equal(typeof av.agents_online, 'boolean');
    assert.equal(typeof av.in_business_hours, 'boolean');
    assert.equal(typeof av.first_response_minutes, 'number');
    assert.ok(av.next_open_at === null || av.next_open_at === undefined || Number.isInteger(av.next_open_at), `next_open_at: ${av.next_open_at}`);
  });

  test("a subscriber's session tokens expire no later than the merchant's token", async () => {
    const exp = Math.floor(Date.now() / 1000) + 120;
    const res = await sessionWith(signSubscriberToken(subscriberClaims('sub_ava', { exp })));
    assert.equal(res.status, 200, res.text);
    assert.equal(decodeTokenClaims(res.json.visitor_token).exp, exp, 'visitor token');
    assert.equal(decodeTokenClaims(res.json.conversation_token).exp, exp, 'conversation token');
    // A guest's visitor token keeps its year.
    const guest = await newSession();
    assert.ok(decodeTokenClaims(guest.visitor_token).exp > exp + 300 * 24 * 3600, 'guest visitor token');
  });

  test('without a subscriber token the session is anonymous (subscriber null)', async () => {
    const s = await newSession();
    assert.ok(s.subscriber === null || s.subscriber === undefined, `anonymous session has a subscriber: ${JSON.stringify(s.subscriber)}`);
    const explicitNull = await sessionWith(null);
    assert.equal(explicitNull.status, 200, explicitNull.text);
    assert.ok(explicitNull.json.subscriber == null);
  });

  test('refused tokens → 401 invalid_subscriber_token', async () => {
    const good = signSubscriberToken(subscriberClaims('sub_ava'));
    const [payload, sig] = good.split('.');
    const edited = Buffer.from(JSON.stringify(subscriberClaims('sub_ava', { subscriber: 'sub_lucia', name: 'Lucía García' }))).toString('base64url');
    const anon = await newSession();
    const cases = {
      'claims for another merchant (signed with the demo secret)': signSubscriberToken(subscriberClaims('sub_ava', { merchant: 'other-shop' })),
      'signed with a wrong secret': signSubscriberToken(subscriberClaims('sub_ava'), 'other-shop-widget-secret'),
      expired: signSubscriberToken(subscriberClaims('sub_ava', { exp: Math.floor(Date.now() / 1000) - 60 })),
      'edited claims, original signature': `${edited}.${sig}`,
      'signature cut off': `${payload}.`,
      'no signature part': payload,
      garbage: 'not-a-token',
      "the edge's own visitor token": anon.visitor_token,
    };
    for (const [name, token] of Object.entries(cases)) {
      const res = await sessionWith(token);
      assert.equal(res.status, 401, `${name}: ${res.status} ${res.text.slice(0, 300)}`);
      assertError(res, 401, 'invalid_subscriber_token');
    }
    // A valid visitor token does not turn a refused subscriber token into a success.
    const withVisitor = await sessionWith(cases.expired, anon.visitor_token);
    assertError(withVisitor, 401, 'invalid_subscriber_token');
  });

  test('the same subscriber from two fresh visitors gets the same conversation (cross-device)', async () => {
    const a = await newSession({ subscriberToken: signSubscriberToken(subscriberClaims('sub_olga')) });
    const b = await newSession({ subscriberToken: signSubscriberToken(subscriberClaims('sub_olga')) });
    assert.equal(a.subscriber?.id, 'sub_olga');
    assert.equal(b.subscriber?.id, 'sub_olga');
    assert.equal(b.conversation_id, a.conversation_id, 'a second device of the same subscriber got another conversation');
    // Both devices' conversation tokens open that conversation and see each other's messages.
    const { sock: phone } = track(await openWithHistory(a));
    const { sock: laptop } = track(await openWithHistory(b));
    const cid = clientId('xdev');
    phone.send({ type: 'send', client_id: cid, body: 'From my phone' });
    await phone.next((f) => f.type === 'ack' && f.client_id === cid, 10_000, 'ack on the phone');
    const m = await laptop.next((f) => f.type === 'message' && f.message?.client_id === cid, 10_000, 'message on the laptop');
    assert.equal(m.message.body, 'From my phone');
    // An anonymous visitor is never put in a subscriber's conversation.
    const anon = await newSession();
    assert.notEqual(anon.conversation_id, a.conversation_id);
  });

  test("a visitor's conversation token cannot open another conversation (401)", async () => {
    const subscriber = await newSession({ subscriberToken: signSubscriberToken(subscriberClaims('sub_olga')) });
    const stranger = await newSession();
    const r = await tryUpgrade(subscriber.conversation_id, stranger.conversation_token);
    assert.equal(r.opened, false, "a stranger's token opened a subscriber's conversation");
    assert.equal(r.status, 401, r.text);
    assert.equal(r.json?.code, 'unauthorized', r.text);
    const r2 = await tryUpgrade(stranger.conversation_id, subscriber.conversation_token);
    assert.equal(r2.opened, false);
    assert.equal(r2.status, 401, r2.text);
  });
});

describe('agent sign-in, cookie and sign-out', { concurrency: 1, timeout: 90_000 }, () => {
  test('wrong password or unknown email → 401 invalid_credentials (same answer for both)', async () => {
    const wrong = await signIn(AGENTS.sam.email, 'not-the-password');
    assertError(wrong, 401, 'invalid_credentials');
    assert.equal(setCookieLine(wrong.headers), null, 'a failed sign-in set the session cookie');
    const unknown = await signIn(`${runTag('ghost')}@demo-wines.test`, 'whatever-pass');
    assertError(unknown, 401, 'invalid_credentials');
    assert.equal(unknown.json.message, wrong.json.message, 'unknown email and wrong password must be indistinguishable');
  });

  test('malformed sign-in body → 400', async () => {
    const res = await api(AGENT_SESSION_PATH, { method: 'POST', body: '{"email":' });
    assertError(res, 400, 'invalid_json');
    const missing = await api(AGENT_SESSION_PATH, { method: 'POST', body: { email: `${runTag('nopass')}@demo-wines.test` } });
    assertError(missing, 400);
  });

  test('5 failures per email → the 6th attempt is 429 too_many_attempts', async () => {
    // A fresh, nonexistent address per run: the lock-out is per email for 15 minutes, and must
    // not lock out the seeded agents the other tests sign in as.
    const email = `${runTag('nobody')}@demo-wines.test`;
    for (let i = 1; i <= 5; i++) {
      const res = await signIn(email, `wrong-${i}`);
      assertError(res, 401, 'invalid_credentials');
    }
    const sixth = await signIn(email, 'wrong-6');
    assertError(sixth, 429, 'too_many_attempts');
    assert.equal(setCookieLine(sixth.headers), null);
    // Other emails are not affected.
    const maya = await signIn(AGENTS.maya.email, AGENTS.maya.password);
    assert.equal(maya.status, 200, maya.text);
  });

  test('parallel wrong passwords cannot get past the limit: at most 5 are checked', async () => {
    const email = `${runTag('swarm')}@demo-wines.test`;
    const all = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn(email, `wrong-${i}`)));
    const statuses = all.map((r) => r.status).join(',');
    assert.equal(all.filter((r) => r.status === 401).length, 5, `statuses: ${statuses}`);
    assert.equal(all.filter((r) => r.status === 429).length, 7, `statuses: ${statuses}`);
  });

  test('correct sign-in → 200 {agent} and a HttpOnly; Secure; SameSite=Strict; Path=/ cookie with a lifetime', async () => {
    const res = await signIn(AGENTS.maya.email, AGENTS.maya.password);
    assert.equal(res.status, 200, res.text);
    const a = res.json?.agent;
    assert.ok(a, `agent in ${res.text}`);
    assert.equal(a.name, AGENTS.maya.name);
    assert.equal(a.email, AGENTS.maya.email);
    assert.equal(a.role, 'agent');
    assert.equal(typeof a.id, 'string');
    assert.ok(!('password' in a) && !('password_hash' in a), 'password material in the response');
    assert.doesNotMatch(res.text, /pbkdf2|password_hash/i, 'password hash leaked');

    const line = setCookieLine(res.headers);
    assert.ok(line, `no ${AGENT_COOKIE} Set-Cookie; headers: ${JSON.stringify([...res.headers])}`);
    const c = parseSetCookie(line);
    assert.equal(c.name, AGENT_COOKIE);
    assert.ok(c.value.length >= 20, `session cookie value too short: ${line}`);
    assert.equal(c.attrs.get('httponly'), true, `HttpOnly missing: ${line}`);
    assert.equal(c.attrs.get('secure'), true, `Secure missing: ${line}`);
    assert.equal(String(c.attrs.get('samesite')).toLowerCase(), 'strict', `SameSite=Strict missing: ${line}`);
    assert.equal(c.attrs.get('path'), '/', `Path=/ missing: ${line}`);
    assert.ok(c.attrs.has('max-age') || c.attrs.has('expires'), `no Max-Age/Expires (a session cookie would outlive nothing): ${line}`);
    const twelveHours = 12 * 3600;
    if (c.attrs.has('max-age')) {
      const maxAge = Number(c.attrs.get('max-age'));
      assert.ok(maxAge > twelveHours - 120 && maxAge <= twelveHours, `Max-Age ${maxAge} is not 12 h`);
    } else {
      const ms = Date.parse(c.attrs.get('expires')) - Date.now();
      assert.ok(ms > (twelveHours - 300) * 1000 && ms <= (twelveHours + 300) * 1000, `Expires is not ~12 h away: ${line}`);
    }
    // Two sign-ins are two different sessions.
    const again = await agentSignIn(AGENTS.maya.email, AGENTS.maya.password);
    assert.notEqual(again, `${c.name}=${c.value}`, 'session cookie reused across sign-ins');
  });

  test('GET /api/v1/agent/me: with the cookie → {agent}; without or with a forged cookie → 401', async () => {
    const cookie = await agentSignIn(AGENTS.maya.email, AGENTS.maya.password);
    const me = await agentApi(cookie, AGENT_ME_PATH);
    assert.equal(me.status, 200, me.text);
    assert.equal(me.json?.agent?.email, AGENTS.maya.email);
    assert.equal(me.json?.agent?.name, AGENTS.maya.name);

    assertError(await api(AGENT_ME_PATH), 401, 'unauthorized');
    const value = cookie.slice(AGENT_COOKIE.length + 1);
    const flipped = value.slice(0, -1) + (value.endsWith('A') ? 'B' : 'A');
    for (const forged of [`${AGENT_COOKIE}=${flipped}`, `${AGENT_COOKIE}=garbage`, `${AGENT_COOKIE}=`, `other=${value}`]) {
      assertError(await agentApi(forged, AGENT_ME_PATH), 401, 'unauthorized');
    }
  });

  test('DELETE /api/v1/agent/session → 204 and the cookie is cleared', async () => {
    const cookie = await agentSignIn(AGENTS.maya.email, AGENTS.maya.password);
    const res = await agentApi(cookie, AGENT_SESSION_PATH, { method: 'DELETE' });
    assert.equal(res.status, 204, res.text);
    const line = setCookieLine(res.headers);
    assert.ok(line, 'sign-out sent no Set-Cookie for the session cookie');
    const c = parseSetCookie(line);
    assert.equal(c.value, '', `cleared cookie still has a value: ${line}`);
    const expired = (c.attrs.has('max-age') && Number(c.attrs.get('max-age')) <= 0) || (c.attrs.has('expires') && Date.parse(c.attrs.get('expires')) <= Date.now());
    assert.ok(expired, `cookie not expired: ${line}`);
    assert.equal(String(c.attrs.get('path')), '/', `clearing cookie must have Path=/ to replace the original: ${line}`);
  });

  test('sign-out revokes the session server-side: the old cookie → 401', async () => {
    const cookie = await agentSignIn(AGENTS.maya.email, AGENTS.maya.password);
    assert.equal((await agentApi(cookie, AGENT_ME_PATH)).status, 200);
    assert.equal((await agentApi(cookie, AGENT_SESSION_PATH, { method: 'DELETE' })).status, 204);
    assertError(await agentApi(cookie, AGENT_ME_PATH), 401, 'unauthorized');
    const s = await newSession();
    const r = await tryUpgradeUrl(agentSocketUrl(s.conversation_id), { headers: { Cookie: cookie } });
    assert.equal(r.opened, false, 'a signed-out cookie opened a conversation socket');
    assert.equal(r.status, 401, r.text);
  });

  test('agent endpoints and sockets need the cookie (401 without it)', async () => {
    const s = await newSession();
    for (const path of ['/api/v1/agent/agents', '/api/v1/agent/canned-replies', `/api/v1/agent/conversations/${s.conversation_id}/context`]) {
      assertError(await api(path), 401, 'unauthorized');
    }
    for (const action of ['claim', 'resolve']) {
      assertError(await api(`/api/v1/agent/conversations/${s.conversation_id}/${action}`, { method: 'POST' }), 401, 'unauthorized');
    }
    for (const url of [agentSocketUrl(s.conversation_id), inboxSocketUrl()]) {
      const r = await tryUpgradeUrl(url);
      assert.equal(r.opened, false, `${url} opened without a cookie`);
      assert.equal(r.status, 401, `${url}: ${r.text}`);
      assert.equal(r.json?.code, 'unauthorized', r.text);
    }
    // A widget conversation token is not an agent credential.
    const withToken = await tryUpgradeUrl(`${agentSocketUrl(s.conversation_id)}?token=${encodeURIComponent(s.conversation_token)}`);
    assert.equal(withToken.opened, false, 'a visitor conversation token opened the agent socket');
    assert.equal(withToken.status, 401, withToken.text);
  });

  test("an agent cookie opens its merchant's conversations, and a conversation it does not have → 404", async () => {
    const cookie = await agentSignIn(AGENTS.maya.email, AGENTS.maya.password);
    const s = await newSession();
    const { history } = track(await openAgentWithHistory(cookie, s.conversation_id));
    assert.ok(Array.isArray(history));

    const foreign = madeUpConversationId();
    const r = await tryUpgradeUrl(agentSocketUrl(foreign), { headers: { Cookie: cookie } });
    assert.equal(r.opened, false, 'agent socket opened on a conversation of no/another merchant');
    assert.notEqual(r.status, 200);
    assert.equal(r.status, 404, r.text);
    assert.equal(r.json?.code, 'not_found', r.text);
    for (const action of ['claim', 'resolve']) {
      const res = await agentAction(cookie, foreign, action);
      assertError(res, 404, 'not_found');
    }
    const ctx = await agentApi(cookie, `/api/v1/agent/conversations/${foreign}/context`);
    assertError(ctx, 404, 'not_found');
  });

  test('GET /api/v1/agent/agents lists both demo agents; canned replies are a list', async () => {
    const cookie = await agentSignIn(AGENTS.maya.email, AGENTS.maya.password);
    const res = await agentApi(cookie, '/api/v1/agent/agents');
    assert.equal(res.status, 200, res.text);
    assert.ok(Array.isArray(res.json), res.text);
    const names = res.json.map((a) => a.name);
    for (const n of [AGENTS.maya.name, AGENTS.sam.name]) assert.ok(names.includes(n), `${n} missing from ${res.text}`);
    for (const a of res.json) {
      assert.equal(typeof a.id, 'string');
      assert.ok(['online', 'away', 'offline'].includes(a.status), JSON.stringify(a));
    }
    const canned = await agentApi(cookie, '/api/v1/agent/canned-replies');
    assert.equal(canned.status, 200, canned.text);
    assert.ok(Array.isArray(canned.json) && canned.json.length > 0, canned.text);
    for (const c of canned.json) for (const k of ['id', 'title', 'body', 'category']) assert.equal(typeof c[k], 'string', JSON.stringify(c));
  });
});

describe('development endpoints (ENVIRONMENT=development)', { concurrency: 1, timeout: 30_000 }, () => {
  test('GET /api/dev/subscribers lists the seeded subscribers', async () => {
    const res = await api(`/api/dev/subscribers?merchant=${MERCHANT}`);
    assert.equal(res.status, 200, res.text);
    assert.ok(Array.isArray(res.json), res.text);
    for (const s of Object.values(SUBSCRIBERS)) {
      assert.ok(
        res.json.some((x) => x.id === s.id && x.name === s.name && x.email === s.email),
        `${s.id} missing or different in ${res.text.slice(0, 500)}`,
      );
    }
  });

  test('GET /api/dev/subscriber-token gives a token the session accepts', async () => {
    const res = await api(`/api/dev/subscriber-token?merchant=${MERCHANT}&subscriber=sub_ava`);
    assert.equal(res.status, 200, res.text);
    assert.equal(typeof res.json?.token, 'string', res.text);
    const claims = decodeTokenClaims(res.json.token);
    assert.equal(claims.merchant, MERCHANT);
    assert.equal(claims.subscriber, 'sub_ava');
    assert.ok(claims.exp > Date.now() / 1000, `token already expired: ${JSON.stringify(claims)}`);
    assert.ok(claims.exp < Date.now() / 1000 + 400 * 24 * 3600, `exp is not unix seconds: ${claims.exp}`);
    const s = await newSession({ subscriberToken: res.json.token });
    assert.deepEqual(s.subscriber, SUBSCRIBERS.sub_ava);
    // The dev endpoint signs with the merchant's widget secret, as the merchant's server would.
    const [payload, sig] = res.json.token.split('.');
    assert.equal(sig, tokenMac(payload), 'dev token is not signed with the demo widget secret');
  });
});
