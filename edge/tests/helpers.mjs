// Shared helpers for the edge API / WebSocket suites (node:test, no extra packages).
//
//   CD_BASE_URL  base URL of the running stack (default http://127.0.0.1:8788)
//
// Only `ws` (a devDependency of the repo) is used besides node built-ins.

import assert from 'node:assert/strict';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import WebSocket from 'ws';

export const BASE = (process.env.CD_BASE_URL || 'http://127.0.0.1:8788').replace(/\/+$/, '');
export const BASE_ORIGIN = new URL(BASE).origin;
export const MERCHANT = 'demo-wines';
export const SESSION_PATH = '/api/v1/widget/session';

/** Default per-request / per-frame timeout (ms). */
export const TIMEOUT = 10_000;

export const AGENT_SESSION_PATH = '/api/v1/agent/session';
export const AGENT_ME_PATH = '/api/v1/agent/me';
export const AGENT_COOKIE = 'cd_agent';

/** demo-wines' widget secret (edge/seed): the merchant's server signs subscriber tokens with it. */
export const WIDGET_SECRET = 'demo-wines-widget-secret-change-me';

/** Seeded agents of demo-wines (edge/seed). */
export const AGENTS = {
  maya: { email: 'maya@demo-wines.test', password: 'maya-demo-pass', name: 'Maya Lindqvist', role: 'agent' },
  sam: { email: 'sam@demo-wines.test', password: 'sam-demo-pass', name: 'Sam Ortega', role: 'lead' },
};

/** Seeded subscribers of demo-wines (edge/seed/demo.sql). */
export const SUBSCRIBERS = {
  sub_ava: { id: 'sub_ava', name: 'Ava Martin', email: 'ava.martin@example.com' },
  sub_lucia: { id: 'sub_lucia', name: 'Lucía García', email: 'lucia.garcia@example.com' },
  sub_eero: { id: 'sub_eero', name: 'Eero Virtanen', email: 'eero.virtanen@example.com' },
  sub_olga: { id: 'sub_olga', name: 'Olga Ivanova', email: 'olga.ivanova@example.com' },
};

/** The start of wrangler dev's proxy's 503 for a request it could not hand over. */
const WRANGLER_RESTARTED = 'Your worker restarted mid-request.';

/**
 * Calls the API. `body` may be a string (sent verbatim) or any other value (JSON-encoded).
 * An `Origin` of BASE is sent unless `headers` overrides it (pass `Origin: null` to omit it).
 * Returns {status, headers, json, text}; `json` is null when the body is not JSON.
 * A request that wrangler dev's proxy could not hand over is sent once more (see below).
 */
export async function api(path, options = {}) {
  const first = await apiOnce(path, options);
  // wrangler dev's proxy (never the Worker) answers a request it could not hand over while it
  // switched to a fresh runtime with this 503; it retries GET/HEAD itself but not others.
  if (first.status === 503 && first.text.startsWith(WRANGLER_RESTARTED)) return apiOnce(path, options);
  return first;
}

async function apiOnce(path, { method, body, headers = {}, timeoutMs = TIMEOUT } = {}) {
  const h = { Origin: BASE_ORIGIN };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  for (const [k, v] of Object.entries(headers)) {
    // Header names are case-insensitive: drop any default with the same name first.
    for (const existing of Object.keys(h)) if (existing.toLowerCase() === k.toLowerCase()) delete h[existing];
    if (v !== null && v !== undefined) h[k] = v;
  }
  const res = await fetch(BASE + path, {
    method: method || (body === undefined ? 'GET' : 'POST'),
    headers: h,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json = null;
  try {
    json = text.length ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, json, text };
}

/**
 * POST /api/v1/widget/session for demo-wines (Origin = BASE). Returns the JSON body.
 * `subscriberToken` (optional) is sent as `subscriber_token`; without it the field is left out.
 * Throws with the response text when the status is not 200.
 */
export async function newSession({ visitorToken = null, merchant = MERCHANT, subscriberToken } = {}) {
  const body = { merchant_id: merchant, visitor_token: visitorToken };
  if (subscriberToken !== undefined) body.subscriber_token = subscriberToken;
  const res = await api(SESSION_PATH, { method: 'POST', body });
  if (res.status !== 200 || !res.json) {
    throw new Error(`newSession: expected 200 JSON, got ${res.status}: ${res.text.slice(0, 500)}`);
  }
  return res.json;
}

/** ws(s):// URL of a conversation's socket. `token` null/undefined → no token parameter. */
export function socketUrl(conversationId, token) {
  const u = new URL(`/api/v1/conversations/${encodeURIComponent(conversationId)}/ws`, BASE);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  if (token !== null && token !== undefined) u.searchParams.set('token', token);
  return u.toString();
}

/** ws(s):// URL of `path` on BASE. */
export function wsUrl(path) {
  const u = new URL(path, BASE);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.toString();
}

/** ws(s):// URL of a conversation's socket for agents (cookie auth). */
export function agentSocketUrl(conversationId) {
  return wsUrl(`/api/v1/agent/conversations/${encodeURIComponent(conversationId)}/ws`);
}

/** ws(s):// URL of the merchant's inbox socket for agents (cookie auth). */
export function inboxSocketUrl() {
  return wsUrl('/api/v1/agent/inbox/ws');
}

/** A fresh client_id matching [A-Za-z0-9_-]{1,64}. */
export function clientId(prefix = 'm') {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Attempts a WebSocket upgrade that is expected to be REFUSED.
 * Resolves {status, json, text, opened:false}, or {opened:true} if the server accepted it
 * (the socket is closed again right away).
 */
export function tryUpgrade(conversationId, token, { timeoutMs = TIMEOUT } = {}) {
  return tryUpgradeUrl(socketUrl(conversationId, token), { timeoutMs });
}

/** Like tryUpgrade() for any ws URL, with optional extra request `headers` (e.g. Cookie). */
export function tryUpgradeUrl(url, { headers, timeoutMs = TIMEOUT } = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin: BASE_ORIGIN, headers, handshakeTimeout: timeoutMs });
    ws.on('open', () => {
      ws.close();
      resolve({ opened: true, status: 101, json: null, text: '' });
    });
    ws.on('unexpected-response', (_req, res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try {
          json = JSON.parse(text);
        } catch {
          json = null;
        }
        resolve({ opened: false, status: res.statusCode, headers: res.headers, json, text });
      });
      res.on('error', reject);
    });
    ws.on('error', (err) => reject(err));
  });
}

/**
 * Opens the conversation socket of `session` (as returned by newSession()).
 * Resolves once open. Unless `hello: false`, sends {"type":"hello","last_seq":lastSeq} right away
 * (lastSeq defaults to 0), like the widget does.
 *
 * The returned object:
 *   next(predicate, timeoutMs) → the first not-yet-consumed frame matching predicate
 *                                 (frames are buffered; only the match is consumed)
 *   expectNone(predicate, ms)  → waits ms, throws if any frame matching predicate arrived/is buffered
 *   send(obj) / sendRaw(str) / close()
 *   frames                     → every parsed frame received so far (never consumed)
 *   ws                         → the underlying `ws` WebSocket (readyState etc.)
 *   isOpen()                   → readyState === OPEN
 * Non-JSON frames are recorded as {type:'__raw', raw}.
 */
export function openSocket(session, { lastSeq = 0, hello = true, token, conversationId, timeoutMs = TIMEOUT } = {}) {
  const url = socketUrl(conversationId ?? session.conversation_id, token ?? session.conversation_token);
  return connectBuffered(url, { lastSeq, hello, timeoutMs });
}

/**
 * Opens a conversation socket as a signed-in agent (`cookie` as returned by agentSignIn()),
 * with Cookie and Origin headers. Same options and returned object as openSocket().
 */
export function openAgentSocket(cookie, conversationId, { lastSeq = 0, hello = true, timeoutMs = TIMEOUT } = {}) {
  return connectBuffered(agentSocketUrl(conversationId), { lastSeq, hello, timeoutMs, headers: { Cookie: cookie } });
}

/** Like openWithHistory() for an agent socket. Returns {sock, history}. */
export async function openAgentWithHistory(cookie, conversationId, opts = {}) {
  const sock = await openAgentSocket(cookie, conversationId, opts);
  const h = await sock.next((f) => f.type === 'history', opts.timeoutMs ?? TIMEOUT, 'history');
  return { sock, history: h.messages };
}

/**
 * Opens the merchant's inbox socket as a signed-in agent (no hello: the server sends a
 * `snapshot` on connect). Same returned object as openSocket().
 */
export function openInboxSocket(cookie, { timeoutMs = TIMEOUT } = {}) {
  return connectBuffered(inboxSocketUrl(), { hello: false, timeoutMs, headers: { Cookie: cookie } });
}

/**
 * The frame buffer behind openSocket() / openAgentSocket() / openInboxSocket(): connects to
 * `url` with Origin = BASE (plus `headers`), and, unless `hello: false`, sends
 * {"type":"hello","last_seq":lastSeq} once open.
 */
export function connectBuffered(url, { lastSeq = 0, hello = true, headers, timeoutMs = TIMEOUT } = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin: BASE_ORIGIN, headers, handshakeTimeout: timeoutMs });
    const frames = [];
    const buffer = [];
    const waiters = new Set();
    let closedInfo = null;

    const settleWaiters = () => {
      for (const w of [...waiters]) {
        const i = buffer.findIndex(w.predicate);
        if (i !== -1) {
          const [f] = buffer.splice(i, 1);
          waiters.delete(w);
          clearTimeout(w.timer);
          w.resolve(f);
        }
      }
    };

    ws.on('message', (data, isBinary) => {
      const raw = isBinary ? data : data.toString('utf8');
      let frame;
      try {
        frame = JSON.parse(raw);
      } catch {
        frame = { type: '__raw', raw: String(raw) };
      }
      frames.push(frame);
      buffer.push(frame);
      settleWaiters();
    });

    ws.on('close', (code, reason) => {
      closedInfo = { code, reason: reason.toString() };
      for (const w of [...waiters]) {
        waiters.delete(w);
        clearTimeout(w.timer);
        w.reject(new Error(`socket closed (${code} ${closedInfo.reason}) while waiting for ${w.what}; frames: ${describe(frames)}`));
      }
    });

    ws.on('unexpected-response', (_req, res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => reject(new Error(`upgrade refused: ${res.statusCode} ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`)));
    });

    ws.on('error', (err) => {
      if (ws.readyState !== WebSocket.OPEN) reject(err);
    });

    const sock = {
      ws,
      frames,
      get closed() {
        return closedInfo;
      },
      isOpen: () => ws.readyState === WebSocket.OPEN,
      next(predicate = () => true, ms = TIMEOUT, what = predicate.toString()) {
        const i = buffer.findIndex(predicate);
        if (i !== -1) return Promise.resolve(buffer.splice(i, 1)[0]);
        if (closedInfo) {
          return Promise.reject(new Error(`socket already closed (${closedInfo.code}) waiting for ${what}; frames: ${describe(frames)}`));
        }
        return new Promise((res, rej) => {
          const w = { predicate, resolve: res, reject: rej, what };
          w.timer = setTimeout(() => {
            waiters.delete(w);
            rej(new Error(`timed out after ${ms} ms waiting for ${what}; frames so far: ${describe(frames)}`));
          }, ms);
          waiters.add(w);
        });
      },
      async expectNone(predicate, ms = 750, what = predicate.toString()) {
        await sleep(ms);
        const hit = buffer.find(predicate);
        if (hit) throw new Error(`unexpected frame matching ${what}: ${JSON.stringify(hit).slice(0, 300)}`);
      },
      send(obj) {
        ws.send(JSON.stringify(obj));
      },
      sendRaw(str) {
        ws.send(str);
      },
      close() {
        return new Promise((res) => {
          if (ws.readyState === WebSocket.CLOSED) return res();
          const t = setTimeout(() => {
            ws.terminate();
            res();
          }, 2_000);
          ws.once('close', () => {
            clearTimeout(t);
            res();
          });
          ws.close();
        });
      },
    };

    ws.on('open', () => {
      if (hello) sock.send({ type: 'hello', last_seq: lastSeq });
      resolve(sock);
    });
  });
}

/** Opens a socket, sends hello, and waits for the history frame. Returns {sock, history}. */
export async function openWithHistory(session, opts = {}) {
  const sock = await openSocket(session, opts);
  const h = await sock.next((f) => f.type === 'history', opts.timeoutMs ?? TIMEOUT, 'history');
  return { sock, history: h.messages };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Identity: subscriber tokens (signed like the merchant's server would) and agent sessions.

/**
 * Signs subscriber claims {merchant, subscriber, email, name, exp (unix s)} the way a merchant's
 * server does (shared::token::sign): base64url(JSON) "." base64url(HMAC-SHA256(secret, first
 * part)), base64url without padding.
 */
export function signSubscriberToken(claims, secret = WIDGET_SECRET) {
  const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
  return `${payload}.${tokenMac(payload, secret)}`;
}

/** base64url(HMAC-SHA256(secret, payload)): the signature part of a token over `payload`. */
export function tokenMac(payload, secret = WIDGET_SECRET) {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/** Decodes the claims of a "payload.signature" token (no verification). */
export function decodeTokenClaims(token) {
  return JSON.parse(Buffer.from(String(token).split('.')[0], 'base64url').toString('utf8'));
}

/** Claims for a seeded subscriber of demo-wines, valid for an hour unless overridden. */
export function subscriberClaims(id = 'sub_ava', overrides = {}) {
  const s = SUBSCRIBERS[id] ?? { id, name: id, email: `${id}@example.com` };
  return { merchant: MERCHANT, subscriber: s.id, email: s.email, name: s.name, exp: Math.floor(Date.now() / 1000) + 3600, ...overrides };
}

/** The `name=value` pair of cookie `name` among a response's Set-Cookie headers (or null). */
export function cookieFrom(headers, name = AGENT_COOKIE) {
  const line = setCookieLine(headers, name);
  return line ? line.split(';')[0].trim() : null;
}

/** The whole Set-Cookie header line for cookie `name` (or null). */
export function setCookieLine(headers, name = AGENT_COOKIE) {
  const lines = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : [headers.get('set-cookie')].filter(Boolean);
  return lines.find((l) => l.trim().startsWith(`${name}=`)) ?? null;
}

/**
 * Signs an agent in (POST /api/v1/agent/session). Returns the cookie string to send back,
 * e.g. "cd_agent=…". Throws with the response text unless 200 with a cd_agent cookie.
 */
export async function agentSignIn(email, password) {
  const res = await api(AGENT_SESSION_PATH, { method: 'POST', body: { email, password } });
  const cookie = cookieFrom(res.headers);
  if (res.status !== 200 || !cookie || cookie === `${AGENT_COOKIE}=`) {
    throw new Error(`agentSignIn(${email}): expected 200 with a ${AGENT_COOKIE} cookie, got ${res.status}: ${res.text.slice(0, 300)}`);
  }
  return cookie;
}

/** api() with the agent's Cookie header. */
export function agentApi(cookie, path, opts = {}) {
  return api(path, { ...opts, headers: { ...(opts.headers || {}), Cookie: cookie } });
}

/** POST /api/v1/agent/conversations/:id/<action> as the agent; `body` optional. */
export function agentAction(cookie, conversationId, action, body) {
  return agentApi(cookie, `/api/v1/agent/conversations/${encodeURIComponent(conversationId)}/${action}`, { method: 'POST', body });
}

/** A well-formed conversation id that no merchant has. */
export function madeUpConversationId() {
  return 'c_' + randomBytes(16).toString('hex');
}

/** A string unique to this run, for emails and bodies. */
export function runTag(prefix = 'run') {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

function describe(frames) {
  const s = JSON.stringify(frames.map((f) => (f.type === 'history' ? { type: 'history', n: f.messages?.length } : f)));
  return s.length > 600 ? s.slice(0, 600) + '…' : s;
}

/** Patterns that must never leak into an error body. */
export const LEAK_PATTERNS = [/panicked/i, /RuntimeError/, /\.rs:\d+/, /wasm-function/, /\n\s+at \S/, /stack backtrace/i];

/** Matches the ack for client id `cid`. */
export const isAck = (cid) => (f) => f.type === 'ack' && f.client_id === cid;

/** Sends and waits for the ack. Returns the ack frame. */
export async function sendAcked(sock, body, cid = clientId()) {
  sock.send({ type: 'send', client_id: cid, body });
  return sock.next(isAck(cid), 10_000, `ack for ${cid}`);
}

/** Full history of a conversation, read through a fresh visitor socket (last_seq 0). */
export async function historyOf(session) {
  const { sock, history } = await openWithHistory(session, { lastSeq: 0 });
  await sock.close();
  return history;
}

/** An error frame with `code` (and `client_id`), a message, and no internal detail. */
export function assertErrorFrame(f, code, cid) {
  assert.equal(f.type, 'error');
  assert.equal(f.code, code, JSON.stringify(f));
  assert.equal(typeof f.message, 'string');
  assert.ok(f.message.length > 0);
  for (const p of LEAK_PATTERNS) assert.doesNotMatch(f.message, p);
  if (cid !== undefined) assert.equal(f.client_id, cid, JSON.stringify(f));
}

// ---------------------------------------------------------------------------------------------
// Self-service subscriptions.

/** A visitor token naming subscriber `id` (signed in through the widget session). */
export async function subscriberToken(id = 'sub_ava') {
  const s = await newSession({ subscriberToken: signSubscriberToken(subscriberClaims(id)) });
  return s.visitor_token;
}

/**
 * A new subscriber (signed in) with a fresh copy of a seeded subscription (dev endpoint), so
 * tests never share state. Returns {subscriberId, subscriptionId, token}.
 * `from` defaults to Lucía's biweekly pairing (not wine); `nextBox` is an ISO date.
 */
export async function freshSubscription({ from = 'subn_lucia_pair', nextBox } = {}) {
  const tag = runTag('t').replace(/-/g, '_');
  const subscriberId = `sub_${tag}`;
  const subscriptionId = `subn_${tag}`;
  const token = await subscriberToken(subscriberId);
  const res = await api('/api/dev/subscriptions', {
    method: 'POST',
    body: { from, id: subscriptionId, subscriber: subscriberId, next_box: nextBox ?? isoDate(10) },
  });
  if (res.status !== 204) throw new Error(`freshSubscription: ${res.status} ${res.text.slice(0, 300)}`);
  return { subscriberId, subscriptionId, token };
}

/** ISO date `days` from today (UTC). */
export function isoDate(days = 0) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** api() with `Authorization: Bearer <token>` (and optional extra headers). */
export function subApi(token, path, opts = {}) {
  return api(path, { ...opts, headers: { Authorization: `Bearer ${token}`, ...(opts.headers || {}) } });
}

/** A fresh Idempotency-Key. */
export function idemKey() {
  return `k_${randomBytes(12).toString('hex')}`;
}

/** Points the demo shop's webhook at `url` (dev endpoint). */
export async function setMerchantWebhook(settings) {
  const res = await api('/api/dev/merchant-webhook', { method: 'POST', body: settings });
  if (res.status !== 204) throw new Error(`setMerchantWebhook: ${res.status} ${res.text.slice(0, 300)}`);
}

/**
 * Checks a `Cellar-Signature` header (`t=<unix s>,v1=<hex HMAC-SHA256 of "t.body">`) the way a
 * merchant would: constant-time compare, timestamp within `toleranceSecs`.
 */
export function verifyWebhookSignature(secret, header, body, toleranceSecs = 300) {
  const parts = Object.fromEntries(String(header).split(',').map((p) => p.trim().split('=', 2)));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || typeof parts.v1 !== 'string' || Math.abs(Date.now() / 1000 - t) > toleranceSecs) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
