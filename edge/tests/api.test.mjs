// HTTP API contract tests against a running stack (CD_BASE_URL).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  api, newSession, agentSignIn, openInboxSocket, runTag, signSubscriberToken, subscriberClaims, LEAK_PATTERNS, SESSION_PATH, MERCHANT,
} from './helpers.mjs';

const ALLOWED_ORIGIN = 'http://127.0.0.1:8788';
const EVIL_ORIGIN = 'https://evil.example';

/** Asserts an error response: status, JSON {code:string, message:string}, no internals leaked. */
function assertError(res, status, code) {
  const ctx = `${res.status} ${res.text.slice(0, 300)}`;
  assert.equal(res.status, status, `status; body: ${ctx}`);
  assert.match(res.headers.get('content-type') || '', /application\/json/, `content-type of ${ctx}`);
  assert.ok(res.json && typeof res.json === 'object', `JSON body expected: ${ctx}`);
  assert.equal(typeof res.json.code, 'string', `code is a string: ${ctx}`);
  assert.equal(typeof res.json.message, 'string', `message is a string: ${ctx}`);
  assert.ok(res.json.message.length > 0, `message non-empty: ${ctx}`);
  if (code) assert.equal(res.json.code, code, `code: ${ctx}`);
  for (const p of LEAK_PATTERNS) assert.doesNotMatch(res.text, p, `error body leaks internals: ${ctx}`);
}

describe('HTTP API', { concurrency: 1, timeout: 60_000 }, () => {
  test('GET /api/health → 200 {status:"ok"}', async () => {
    const res = await api('/api/health');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json?.status, 'ok');
    assert.equal(typeof res.json?.version, 'string');
  });

  test('unknown /api path → 404 JSON not_found', async () => {
    const res = await api('/api/definitely-not-a-route-' + Date.now());
    assertError(res, 404, 'not_found');
    const res2 = await api('/api/v1/widget/session/extra');
    assertError(res2, 404, 'not_found');
  });

  test('static files come through the API Worker from the web Worker, with their headers', async () => {
    // Everything outside /api/ goes to cellar-door-web (edge/wrangler.web.toml) through the
    // WEB binding: the storefront, the console, and the widget with site/_headers' CORS.
    const page = await api('/');
    assert.equal(page.status, 200, page.text.slice(0, 200));
    assert.match(page.headers.get('content-type') || '', /text\/html/);
    assert.match(page.text, /widget\/loader\.js/, 'the storefront embeds the loader');
    const consolePage = await api('/console/');
    assert.equal(consolePage.status, 200);
    assert.match(consolePage.headers.get('content-type') || '', /text\/html/);
    const loader = await api('/widget/loader.js', { headers: { Origin: 'https://shop.example' } });
    assert.equal(loader.status, 200);
    assert.match(loader.headers.get('content-type') || '', /javascript/);
    assert.equal(loader.headers.get('access-control-allow-origin'), '*');
    assert.equal(loader.headers.get('x-content-type-options'), 'nosniff');
    // A missing file is the web Worker's plain 404, not the API's JSON error.
    const missing = await api('/no-such-file-' + Date.now() + '.txt');
    assert.equal(missing.status, 404);
    assert.doesNotMatch(missing.headers.get('content-type') || '', /application\/json/);
  });

  test('wrong method on a known path → 405 JSON method_not_allowed', async () => {
    const res = await api(SESSION_PATH, { method: 'GET' });
    assertError(res, 405, 'method_not_allowed');
    const res2 = await api('/api/health', { method: 'DELETE' });
    assertError(res2, 405, 'method_not_allowed');
  });

  test('session: unknown merchant → 404 merchant_not_found', async () => {
    const res = await api(SESSION_PATH, { method: 'POST', body: { merchant_id: 'no-such-shop', visitor_token: null } });
    assertError(res, 404, 'merchant_not_found');
  });

  test('session: malformed JSON → 400 invalid_json', async () => {
    const res = await api(SESSION_PATH, { method: 'POST', body: '{"merchant_id": "demo-wines",' });
    assertError(res, 400, 'invalid_json');
    const res2 = await api(SESSION_PATH, { method: 'POST', body: 'not json at all' });
    assertError(res2, 400, 'invalid_json');
  });

  test('session: missing merchant_id → 400 with field "merchant_id"', async () => {
    const res = await api(SESSION_PATH, { method: 'POST', body: { visitor_token: null } });
    assertError(res, 400);
    assert.equal(res.json.field, 'merchant_id', res.text);
  });

  test('session: body > 16 KiB → 413 payload_too_large', async () => {
    const body = JSON.stringify({ merchant_id: MERCHANT, visitor_token: null, pad: 'x'.repeat(17 * 1024) });
    assert.ok(Buffer.byteLength(body) > 16 * 1024);
    const res = await api(SESSION_PATH, { method: 'POST', body });
    assertError(res, 413, 'payload_too_large');
  });

  test('session: valid request → 200 with tokens and ids', async () => {
    const res = await api(SESSION_PATH, { method: 'POST', body: { merchant_id: MERCHANT, visitor_token: null } });
    assert.equal(res.status, 200, res.text);
    const s = res.json;
    for (const k of ['visitor_token', 'visitor_id', 'conversation_id', 'conversation_token', 'merchant_name']) {
      assert.equal(typeof s[k], 'string', `${k} in ${res.text}`);
      assert.ok(s[k].length > 0, `${k} non-empty`);
    }
    assert.match(s.visitor_id, /^v_[0-9a-f]{32}$/);
    assert.match(s.conversation_id, /^c_[0-9a-f]{32}$/);
    assert.equal(s.merchant_name, 'Demo Wines & Provisions');
    assert.notEqual(s.visitor_token, s.conversation_token);
  });

  test('session: reusing visitor_token → same visitor_id and conversation_id', async () => {
    const a = await newSession();
    const b = await newSession({ visitorToken: a.visitor_token });
    assert.equal(b.visitor_id, a.visitor_id);
    assert.equal(b.conversation_id, a.conversation_id);
  });

  test('session: two fresh sessions are different visitors and conversations', async () => {
    const a = await newSession();
    const b = await newSession();
    assert.notEqual(a.visitor_id, b.visitor_id);
    assert.notEqual(a.conversation_id, b.conversation_id);
  });

  test('session: garbage visitor_token → 200 and a NEW visitor', async () => {
    const a = await newSession();
    for (const garbage of ['garbage', 'x.y', '', a.visitor_token + 'x', 'é'.repeat(3000)]) {
      const res = await api(SESSION_PATH, { method: 'POST', body: { merchant_id: MERCHANT, visitor_token: garbage } });
      assert.equal(res.status, 200, `token ${JSON.stringify(garbage.slice(0, 20))}: ${res.text}`);
      assert.match(res.json.visitor_id, /^v_/);
      assert.notEqual(res.json.visitor_id, a.visitor_id, `garbage token ${JSON.stringify(garbage.slice(0, 20))} resolved to an existing visitor`);
    }
  });

  test('session: forged visitor_token (claims edited, old signature) → NOT the claimed visitor', async () => {
    const victim = await newSession();
    const attacker = await newSession();
    const [claimsB64, sig] = attacker.visitor_token.split('.');
    assert.ok(claimsB64 && sig, 'token has the documented "claims.signature" shape');
    const claims = JSON.parse(Buffer.from(claimsB64, 'base64url').toString('utf8'));
    assert.equal(claims.visitor, attacker.visitor_id);
    claims.visitor = victim.visitor_id;
    const forged = Buffer.from(JSON.stringify(claims)).toString('base64url') + '.' + sig;
    const res = await api(SESSION_PATH, { method: 'POST', body: { merchant_id: MERCHANT, visitor_token: forged } });
    assert.equal(res.status, 200, res.text);
    assert.notEqual(res.json.visitor_id, victim.visitor_id, 'forged token gave access to another visitor');
    assert.notEqual(res.json.conversation_id, victim.conversation_id, 'forged token gave access to another conversation');
  });

  test('session: a conversation_token is not accepted as a visitor_token', async () => {
    const a = await newSession();
    const res = await api(SESSION_PATH, { method: 'POST', body: { merchant_id: MERCHANT, visitor_token: a.conversation_token } });
    assert.equal(res.status, 200, res.text);
    assert.notEqual(res.json.visitor_id, a.visitor_id);
  });

  test('CORS: allowed origin is echoed in Access-Control-Allow-Origin', async () => {
    const res = await api(SESSION_PATH, {
      method: 'POST',
      body: { merchant_id: MERCHANT, visitor_token: null },
      headers: { Origin: ALLOWED_ORIGIN },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
  });

  test('CORS: refusals are readable by the shop too, so the widget can carry on as a guest after a 401', async () => {
    const forged = signSubscriberToken(subscriberClaims('sub_ava'), 'not-the-widget-secret');
    const res = await api(SESSION_PATH, {
      method: 'POST',
      body: { merchant_id: MERCHANT, subscriber_token: forged },
      headers: { Origin: ALLOWED_ORIGIN },
    });
    assertError(res, 401, 'invalid_subscriber_token');
    assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
    const followUp = await api('/api/v1/widget/follow-up', {
      method: 'POST',
      body: { visitor_token: 'not.a-token', email: 'ava@example.com' },
      headers: { Origin: ALLOWED_ORIGIN },
    });
    assertError(followUp, 401);
    assert.equal(followUp.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
    const bad = await api(SESSION_PATH, { method: 'POST', body: { merchant_id: 'NO SUCH SHOP' }, headers: { Origin: ALLOWED_ORIGIN } });
    assertError(bad, 400, 'invalid_field');
    assert.equal(bad.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
  });

  test('CORS: foreign origin gets no Access-Control-Allow-Origin', async () => {
    const res = await api(SESSION_PATH, {
      method: 'POST',
      body: { merchant_id: MERCHANT, visitor_token: null },
      headers: { Origin: EVIL_ORIGIN },
    });
    assert.equal(res.headers.get('access-control-allow-origin'), null, `ACAO present for ${EVIL_ORIGIN} (status ${res.status})`);
    if (res.status >= 400) assertError(res, res.status);
    const pre = await api(SESSION_PATH, {
      method: 'OPTIONS',
      headers: { Origin: EVIL_ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    assert.equal(pre.headers.get('access-control-allow-origin'), null, `preflight ACAO present for ${EVIL_ORIGIN}`);
  });

  test('CORS: OPTIONS preflight from an allowed origin → 204 with allow headers', async () => {
    const res = await api(SESSION_PATH, {
      method: 'OPTIONS',
      headers: { Origin: ALLOWED_ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    assert.equal(res.status, 204, res.text);
    assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
    const methods = res.headers.get('access-control-allow-methods') || '';
    assert.match(methods, /\bPOST\b|\*/i, `allow-methods: ${methods}`);
    const allowHeaders = res.headers.get('access-control-allow-headers') || '';
    assert.match(allowHeaders, /content-type|\*/i, `allow-headers: ${allowHeaders}`);
  });
});

const AVAILABILITY = '/api/v1/widget/availability';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** BusinessHours::default() (Monday to Friday, 09:00–18:00 UTC) at `now`: open, and the next flip. */
function defaultHours(now) {
  const isOpen = (t) => {
    const weekday = new Date(t).getUTCDay(); // 0 = Sunday
    const minute = Math.floor((t % DAY) / MINUTE);
    return weekday >= 1 && weekday <= 5 && minute >= 9 * 60 && minute < 18 * 60;
  };
  const open = isOpen(now);
  const midnight = now - (now % DAY);
  for (let d = 0; d <= 8; d++) {
    for (const at of [midnight + d * DAY + 9 * 60 * MINUTE, midnight + d * DAY + 18 * 60 * MINUTE]) {
      if (at > now && isOpen(at) !== open) return { open, changesAt: at };
    }
  }
  return { open, changesAt: null };
}

/** BusinessHours::a_business_day_after under the default hours: a day later if open then, else the next opening. */
function aBusinessDayAfter(now) {
  const later = now + DAY;
  const { open, changesAt } = defaultHours(later);
  return open ? later : changesAt;
}

describe('widget availability (GET /api/v1/widget/availability)', { concurrency: 1, timeout: 60_000 }, () => {
  test("the demo shop, open round the clock: never changes by itself, CORS for the shop's origin", async () => {
    const res = await api(`${AVAILABILITY}?merchant=${MERCHANT}`, { headers: { Origin: ALLOWED_ORIGIN } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
    assert.equal(res.json.in_business_hours, true);
    assert.equal(res.json.changes_at ?? null, null);
    assert.equal(res.json.next_open_at ?? null, null);
    assert.equal(typeof res.json.agents_online, 'boolean');
    assert.equal(res.json.first_response_minutes, 5);
    // The session says the same.
    const session = await newSession();
    assert.equal(session.availability.changes_at ?? null, null, JSON.stringify(session.availability));
  });

  test('a shop with office hours says when they flip, and whether its agents are online', async () => {
    const merchant = runTag('hours');
    const email = `ada@${merchant}.test`;
    const made = await api('/api/dev/metrics-fixture', {
      body: { merchant, agents: [{ id: 'agt_ada', email, name: 'Ada Agent', role: 'agent' }] },
    });
    assert.equal(made.status, 204, made.text);
    const ask = async () => {
      // No Origin: this shop lists none (a server-side caller).
      const before = Date.now();
      const res = await api(`${AVAILABILITY}?merchant=${merchant}`, { headers: { Origin: null } });
      assert.equal(res.status, 200, res.text);
      return { before, after: Date.now(), a: res.json };
    };
    const { before, after, a } = await ask();
    const expected = [defaultHours(before), defaultHours(after)];
    assert.ok(
      expected.some((e) => e.open === a.in_business_hours && e.changesAt === a.changes_at),
      `${JSON.stringify(a)} against ${JSON.stringify(expected)}`,
    );
    assert.equal(a.next_open_at ?? null, a.in_business_hours ? null : a.changes_at, 'closed: the flip is the next opening');
    assert.equal(a.agents_online, false, 'nobody signed in');
    if (a.in_business_hours) {
      const [lo, hi] = [aBusinessDayAfter(before), aBusinessDayAfter(after)];
      assert.ok(a.reply_by >= lo && a.reply_by <= hi, `open, nobody online: reply by ${a.reply_by}, expected ${lo}…${hi}`);
    } else {
      assert.equal(a.reply_by, a.changes_at, 'closed: a reply by the next opening');
    }

    const cookie = await agentSignIn(email, 'maya-demo-pass');
    const inbox = await openInboxSocket(cookie);
    try {
      await inbox.next((f) => f.type === 'snapshot', 10_000, 'inbox snapshot');
      let online = false;
      for (let i = 0; i < 50 && !online; i++) {
        online = (await ask()).a.agents_online;
        if (!online) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(online, 'Ada signed in to the console but the shop does not say so');
      const on = (await ask()).a;
      assert.equal(on.reply_by ?? null, on.in_business_hours ? null : on.changes_at, `an agent online: ${JSON.stringify(on)}`);
      inbox.send({ type: 'presence', status: 'away' });
      let away = false;
      for (let i = 0; i < 50 && !away; i++) {
        away = !(await ask()).a.agents_online;
        if (!away) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(away, 'Ada went away but the shop still says an agent is online');
    } finally {
      await inbox.close();
    }
  });

  test("refusals: bad or unknown shop, another shop's origin, other methods", async () => {
    const bad = await api(`${AVAILABILITY}?merchant=Not_A_Shop`);
    assertError(bad, 400, 'invalid_field');
    assert.equal(bad.json.field, 'merchant');
    assertError(await api(AVAILABILITY), 400, 'invalid_field');
    assertError(await api(`${AVAILABILITY}?merchant=no-such-shop-${Date.now()}`), 404, 'merchant_not_found');
    const foreign = await api(`${AVAILABILITY}?merchant=${MERCHANT}`, { headers: { Origin: EVIL_ORIGIN } });
    assertError(foreign, 403, 'origin_not_allowed');
    assert.equal(foreign.headers.get('access-control-allow-origin'), null, 'readable by an unknown origin');
    assertError(await api(`${AVAILABILITY}?merchant=${MERCHANT}`, { method: 'POST', body: {} }), 405, 'method_not_allowed');
  });
});
