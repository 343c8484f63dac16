#!/usr/bin/env node
// Live-chat delivery benchmark against a running local stack (see bench/README.md).
//
//   node bench/chat.mjs [--base URL] [--conversations 50] [--rate 5000] [--messages 20000]
//                       [--fanout-sockets 100] [--fanout-rate 500] [--fanout-messages 5000]
//                       [--out bench/out/chat.json]
//
// Scenario "conversations": N conversations, each with one visitor socket and one agent socket.
// M messages are sent at the offered rate, spread evenly over the conversations, alternating
// visitor/agent as the sender. Delivery latency = send → `message` frame on the other socket.
// Scenario "fanout": one conversation with S sockets (1 sending visitor + S-1 receivers, half
// agent sockets, half more sockets of the same visitor), latency to every receiver.
//
// Reported per scenario: p50/p95/p99/max delivery latency (ms), achieved messages/s and
// deliveries/s, acks, lost deliveries (not received within --drain-ms of the last send),
// duplicates (the same seq twice on one socket) and error frames by code.
// Send times are kept in a map keyed by client_id (not in the body); clocks are
// performance.now(). Bounded: every loop has a count and a deadline; the script exits by
// itself and only ever connects to 127.0.0.1 / localhost.

import { parseArgs } from 'node:util';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { percentile, slowBursts, SLOW_MS } from './stats.mjs';

const USAGE = `usage: node bench/chat.mjs [--base URL] [--conversations 50] [--rate 5000] [--messages 20000]
                          [--fanout-sockets 100] [--fanout-rate 500] [--fanout-messages 5000]
                          [--out bench/out/chat.json] [--drain-ms 5000] [--body-chars 80] [--warmup-s 3]
                          [--skip-conversations] [--skip-fanout] [--merchant demo-wines]
                          [--agent-email maya@demo-wines.test] [--agent-password maya-demo-pass]
                          [--origin URL] [--append] [--server-pid PID]`;

const { values: argv } = parseArgs({
  options: {
    base: { type: 'string', default: process.env.CD_BASE_URL || 'http://127.0.0.1:8788' },
    origin: { type: 'string' },
    merchant: { type: 'string', default: 'demo-wines' },
    'agent-email': { type: 'string', default: 'maya@demo-wines.test' },
    'agent-password': { type: 'string', default: 'maya-demo-pass' },
    conversations: { type: 'string', default: '50' },
    rate: { type: 'string', default: '5000' },
    messages: { type: 'string', default: '20000' },
    'fanout-sockets': { type: 'string', default: '100' },
    'fanout-rate': { type: 'string', default: '500' },
    'fanout-messages': { type: 'string', default: '5000' },
    'drain-ms': { type: 'string', default: '5000' },
    'warmup-s': { type: 'string', default: '3' },
    'body-chars': { type: 'string', default: '80' },
    'skip-conversations': { type: 'boolean', default: false },
    'skip-fanout': { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench/out/chat.json' },
    append: { type: 'boolean', default: false },
    'server-pid': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});

if (argv.help) {
  console.log(USAGE);
  process.exit(0);
}

function intOpt(name, min, max) {
  const v = Number(argv[name]);
  if (!Number.isInteger(v) || v < min || v > max) {
    console.error(`--${name} must be an integer in ${min}..${max} (got ${argv[name]})\n${USAGE}`);
    process.exit(2);
  }
  return v;
}

const OPT = {
  conversations: intOpt('conversations', 1, 1_000),
  rate: intOpt('rate', 1, 100_000),
  messages: intOpt('messages', 1, 1_000_000),
  fanoutSockets: intOpt('fanout-sockets', 2, 2_000),
  fanoutRate: intOpt('fanout-rate', 1, 100_000),
  fanoutMessages: intOpt('fanout-messages', 1, 1_000_000),
  drainMs: intOpt('drain-ms', 0, 120_000),
  warmupS: intOpt('warmup-s', 0, 60),
  bodyChars: intOpt('body-chars', 1, 4_000),
  serverPid: argv['server-pid'] === undefined ? null : intOpt('server-pid', 1, 2 ** 31),
};

// --- only ever the local machine -------------------------------------------------------------
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
let BASE;
try {
  BASE = new URL(argv.base);
} catch {
  console.error(`--base is not a URL: ${argv.base}`);
  process.exit(2);
}
if (!LOCAL_HOSTS.has(BASE.hostname) || !/^https?:$/.test(BASE.protocol)) {
  console.error(`refusing to benchmark ${BASE.origin}: only http(s)://127.0.0.1 or localhost are allowed`);
  process.exit(2);
}
const ORIGIN = argv.origin ? new URL(argv.origin).origin : BASE.origin;
const WS_BASE = `${BASE.protocol === 'https:' ? 'wss:' : 'ws:'}//${BASE.host}`;

const HTTP_TIMEOUT_MS = 15_000;
const HANDSHAKE_TIMEOUT_MS = 15_000;
const CONNECT_BATCH = 20; // sockets / sessions opened concurrently
const CLOSE_GRACE_MS = 3_000;

const allSockets = new Set();

// Hard stop: setup allowance + both send phases + drains + margin. The script never hangs.
const sendSeconds =
  (argv['skip-conversations'] ? 0 : OPT.messages / OPT.rate) + (argv['skip-fanout'] ? 0 : OPT.fanoutMessages / OPT.fanoutRate);
const HARD_DEADLINE_MS = Math.ceil(180_000 + (sendSeconds + 2 * OPT.warmupS) * 1_500 + 4 * (OPT.drainMs + 10_000));
const hardStop = setTimeout(() => {
  console.error(`bench: hard deadline of ${HARD_DEADLINE_MS} ms reached; aborting`);
  for (const ws of allSockets) ws.terminate();
  process.exit(3);
}, HARD_DEADLINE_MS);

// A monotonic double in ms (sub-microsecond resolution): no BigInt allocated per frame.
const now = () => performance.now();
const msSince = (t0, t1 = now()) => t1 - t0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- HTTP -----------------------------------------------------------------------------------
async function http(path, { method = 'GET', body, cookie } = {}) {
  const headers = { Origin: ORIGIN };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (cookie) headers.Cookie = cookie;
  const res = await fetch(new URL(path, BASE), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual',
    signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
  });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, json, text };
}

async function newSession() {
  const r = await http('/api/v1/widget/session', { method: 'POST', body: { merchant_id: argv.merchant, visitor_token: null } });
  if (r.status !== 200 || !r.json?.conversation_id) throw new Error(`widget session → ${r.status} ${r.text.slice(0, 200)}`);
  return r.json;
}

async function agentSignIn() {
  const r = await http('/api/v1/agent/session', { method: 'POST', body: { email: argv['agent-email'], password: argv['agent-password'] } });
  const line = (r.headers.getSetCookie?.() ?? []).find((l) => l.startsWith('cd_agent='));
  if (r.status !== 200 || !line) throw new Error(`agent sign-in → ${r.status} ${r.text.slice(0, 200)}`);
  return line.split(';')[0];
}

/** Runs `fn` over `items`, at most `width` at a time. */
async function inBatches(items, width, fn) {
  const out = new Array(items.length);
  for (let i = 0; i < items.length; i += width) {
    const part = await Promise.all(items.slice(i, i + width).map((x, j) => fn(x, i + j)));
    part.forEach((v, j) => (out[i + j] = v));
  }
  return out;
}

// --- sockets --------------------------------------------------------------------------------
// The fan-out receives ~50,000 frames/s in this one process, so the per-frame path allocates
// as little as it can: every young-generation collection of the client's heap is a pause
// that would show up as server latency.
const MESSAGE_PREFIX = Buffer.from('{"type":"message","message":{"seq":', 'latin1');
const CLIENT_ID_KEY = Buffer.from(',"client_id":"', 'latin1');
const QUOTE = 0x22;
/** The last frame `fastMessage` read. */
const fast = { seq: 0, clientId: '' };
/**
 * Reads seq and client_id of a `message` frame straight from its bytes, into `fast` (the edge
 * serialises `Message` with `seq` then `client_id` first). Anything else → false (JSON.parse).
 */
function fastMessage(buf) {
  const p = MESSAGE_PREFIX.length;
  if (buf.length <= p || buf.compare(MESSAGE_PREFIX, 0, p, 0, p) !== 0) return false;
  let i = p;
  let seq = 0;
  for (; i < buf.length && i < p + 16; i++) {
    const d = buf[i] - 0x30;
    if (d < 0 || d > 9) break;
    seq = seq * 10 + d;
  }
  const k = CLIENT_ID_KEY.length;
  if (i === p || buf.length <= i + k || buf.compare(CLIENT_ID_KEY, 0, k, i, i + k) !== 0) return false;
  const from = i + k;
  const to = buf.indexOf(QUOTE, from);
  if (to < 0) return false;
  fast.seq = seq;
  fast.clientId = buf.toString('latin1', from, to);
  return true;
}

/** The seqs one socket has seen, as a growable bitmap (seqs are small and dense). */
class SeqSet {
  constructor() {
    this.bits = new Uint8Array(1_024);
  }
  /** Adds `seq`; false if it was already there. */
  add(seq) {
    if (!Number.isInteger(seq) || seq < 0) return true;
    const byte = seq >>> 3;
    if (byte >= this.bits.length) {
      const grown = new Uint8Array(Math.max(byte + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    const mask = 1 << (seq & 7);
    if (this.bits[byte] & mask) return false;
    this.bits[byte] |= mask;
    return true;
  }
}

/** A growable list of doubles (latencies), kept off the JS heap's object graph. */
class Samples {
  constructor() {
    this.data = new Float64Array(4_096);
    this.length = 0;
  }
  push(x) {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = x;
  }
  sorted() {
    return this.data.slice(0, this.length).sort();
  }
}

let socketCount = 0;

/**
 * One benchmark socket. `handler.message(sock, seq, clientId, t)` sees every `message` frame
 * and `handler.frame(sock, frame, t)` every other parsed frame, with its arrival time.
 * Resolves once open and the `history` answer to hello has arrived.
 */
function openBenchSocket({ url, cookie, label, handler }) {
  return new Promise((resolveOpen, rejectOpen) => {
    // No per-message deflate and no UTF-8 re-validation: the client must cost far less per
    // frame than the server it measures (the fan-out receives ~50,000 frames/s).
    const ws = new WebSocket(url, {
      origin: ORIGIN,
      headers: cookie ? { Cookie: cookie } : undefined,
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
      perMessageDeflate: false,
      skipUTF8Validation: true,
    });
    allSockets.add(ws);
    const sock = { ws, label, index: socketCount++, seqs: new SeqSet(), duplicates: 0, closed: false, ready: false };
    const timer = setTimeout(() => {
      if (!sock.ready) {
        ws.terminate();
        rejectOpen(new Error(`${label}: no history within ${HANDSHAKE_TIMEOUT_MS} ms`));
      }
    }, HANDSHAKE_TIMEOUT_MS + 5_000);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', last_seq: 0 })));
    ws.on('message', (data) => {
      const t = now();
      if (sock.ready && fastMessage(data)) {
        handler.message(sock, fast.seq, fast.clientId, t);
        return;
      }
      let f;
      try {
        f = JSON.parse(data.toString('utf8'));
      } catch {
        return;
      }
      if (f.type === 'history' && !sock.ready) {
        sock.ready = true;
        clearTimeout(timer);
        for (const m of f.messages ?? []) sock.seqs.add(m.seq);
        resolveOpen(sock);
        return;
      }
      if (f.type === 'message' && f.message) handler.message(sock, f.message.seq, f.message.client_id, t);
      else handler.frame(sock, f, t);
    });
    ws.on('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      rejectOpen(new Error(`${label}: upgrade refused with ${res.statusCode}`));
      res.resume();
      ws.terminate();
    });
    ws.on('error', (err) => {
      if (!sock.ready) {
        clearTimeout(timer);
        rejectOpen(new Error(`${label}: ${err.message}`));
      }
    });
    ws.on('close', () => {
      sock.closed = true;
      allSockets.delete(ws);
    });
  });
}

const visitorUrl = (s) => `${WS_BASE}/api/v1/conversations/${encodeURIComponent(s.conversation_id)}/ws?token=${encodeURIComponent(s.conversation_token)}`;
const agentUrl = (id) => `${WS_BASE}/api/v1/agent/conversations/${encodeURIComponent(id)}/ws`;

async function closeAll(socks) {
  await Promise.all(
    socks.map(
      (s) =>
        new Promise((res) => {
          if (s.closed || s.ws.readyState === WebSocket.CLOSED) return res();
          const t = setTimeout(() => {
            s.ws.terminate();
            res();
          }, CLOSE_GRACE_MS);
          s.ws.once('close', () => {
            clearTimeout(t);
            res();
          });
          s.ws.close(1000, 'bench done');
        }),
    ),
  );
}

// --- measurement ----------------------------------------------------------------------------
/** Shared bookkeeping of one scenario. */
let recorders = 0;
function newRecorder(name) {
  return {
    id: ++recorders, // keeps client_ids unique across the warm-up and measured runs
    name,
    pending: new Map(), // client_id → {t0, waiting (see expectFrom), expected, acked, refused}
    latencies: new Samples(),
    sentAt: new Samples(), // when the message of each latency sample was sent
    ackLatencies: new Samples(),
    sent: 0,
    acks: 0,
    refused: 0,
    errors: {},
    deliveries: 0,
    duplicates: 0,
    firstSend: null,
    lastSend: null,
    lastEvent: null,
    expected: 0,
    stray: 0, // message frames for client_ids this scenario did not send
  };
}

/**
 * Who a message still has to reach: the one receiver's socket index, or (several receivers)
 * a byte per socket index. `arrived(p, sock)` ticks one off; false if it was not expected.
 */
function expectFrom(live) {
  if (live.length === 1) return live[0].index;
  const waiting = new Uint8Array(socketCount);
  for (const r of live) waiting[r.index] = 1;
  return waiting;
}
function arrived(p, sock) {
  if (typeof p.waiting === 'number') {
    if (p.waiting !== sock.index) return false;
    p.waiting = -1;
    return true;
  }
  if (!p.waiting[sock.index]) return false;
  p.waiting[sock.index] = 0;
  return true;
}

/** Frame handlers for a scenario's sockets. */
function handlerFor(rec) {
  const message = (sock, seq, clientId, t) => {
    if (!sock.seqs.add(seq)) {
      sock.duplicates++;
      rec.duplicates++;
      return;
    }
    const p = rec.pending.get(clientId);
    if (!p || !arrived(p, sock)) {
      rec.stray++;
      return;
    }
    rec.deliveries++;
    rec.latencies.push(msSince(p.t0, t));
    rec.sentAt.push(p.t0);
    rec.lastEvent = t;
  };
  const frame = (sock, f, t) => {
    if (f.type === 'ack') {
      if (!sock.seqs.add(f.seq)) {
        sock.duplicates++;
        rec.duplicates++;
      }
      const p = rec.pending.get(f.client_id);
      if (p && !p.acked) {
        p.acked = true;
        rec.acks++;
        rec.ackLatencies.push(msSince(p.t0, t));
        rec.lastEvent = t;
      }
    } else if (f.type === 'error') {
      const code = String(f.code);
      rec.errors[code] = (rec.errors[code] || 0) + 1;
      const p = f.client_id ? rec.pending.get(f.client_id) : null;
      if (p && !p.refused) {
        // Refused messages are not expected anywhere.
        p.refused = true;
        rec.refused++;
        rec.expected -= p.expected;
      }
    }
  };
  return { message, frame };
}

const BODY_PAD = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. '.repeat(60);
const body = (i) => `bench ${i} ${BODY_PAD}`.slice(0, OPT.bodyChars);
const RUN = randomBytes(4).toString('hex');

/**
 * Sends `count` messages at `rate` per second. `plan(i)` → {sender, receivers}. Catches up on
 * timer lateness (sends everything that is due), so the offered rate holds on average.
 */
async function sendPaced(rec, count, rate, plan) {
  const t0 = now();
  const deadlineMs = (count / rate) * 1_000 * 3 + 30_000;
  let i = 0;
  rec.firstSend = t0;
  while (i < count) {
    const elapsed = msSince(t0);
    if (elapsed > deadlineMs) {
      console.error(`${rec.name}: send phase over its deadline after ${i} of ${count} messages`);
      break;
    }
    const due = Math.min(count, Math.floor((elapsed * rate) / 1_000) + 1);
    for (; i < due; i++) {
      const { sender, receivers } = plan(i);
      const cid = `b${RUN}-${rec.id}-${i}`;
      const live = receivers.filter((r) => !r.closed);
      rec.pending.set(cid, { t0: now(), waiting: expectFrom(live), expected: live.length, acked: false, refused: false });
      rec.expected += live.length;
      if (sender.closed) {
        rec.errors.sender_closed = (rec.errors.sender_closed || 0) + 1;
        continue;
      }
      sender.ws.send(JSON.stringify({ type: 'send', client_id: cid, body: body(i) }));
      rec.sent++;
    }
    rec.lastSend = now();
    if (i < count) {
      const nextAt = (i * 1_000) / rate;
      const wait = nextAt - msSince(t0);
      await sleep(wait > 1 ? Math.min(wait, 50) : 0);
    }
  }
}

/** Waits until every expected delivery and ack arrived, or `drainMs` after the last send. */
async function drain(rec) {
  const deadline = Date.now() + OPT.drainMs;
  for (let k = 0; k < 1_000_000 && Date.now() < deadline; k++) {
    if (rec.deliveries >= rec.expected && rec.acks + rec.refused >= rec.sent) break;
    await sleep(10);
  }
}

const r3 = (x) => (x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 1_000) / 1_000);

function summarise(rec, extra) {
  const lat = rec.latencies.sorted();
  const bursts = slowBursts(rec.sentAt.data, rec.latencies.data, rec.latencies.length);
  const ack = rec.ackLatencies.sorted();
  const sendSecs = rec.lastSend && rec.firstSend ? msSince(rec.firstSend, rec.lastSend) / 1_000 : 0;
  const windowSecs = rec.lastEvent && rec.firstSend ? Math.max(msSince(rec.firstSend, rec.lastEvent), 1) / 1_000 : null;
  return {
    ...extra,
    sent: rec.sent,
    send_seconds: r3(sendSecs),
    sent_per_s: r3(sendSecs > 0 ? rec.sent / sendSecs : null),
    acks: rec.acks,
    refused: rec.refused,
    errors: rec.errors,
    expected_deliveries: rec.expected,
    deliveries: rec.deliveries,
    lost: Math.max(0, rec.expected - rec.deliveries),
    duplicated: rec.duplicates,
    stray_messages: rec.stray,
    achieved_messages_per_s: r3(windowSecs ? rec.acks / windowSecs : null),
    achieved_deliveries_per_s: r3(windowSecs ? rec.deliveries / windowSecs : null),
    latency_ms: {
      count: lat.length,
      p50: r3(percentile(lat, 0.5)),
      p95: r3(percentile(lat, 0.95)),
      p99: r3(percentile(lat, 0.99)),
      max: r3(lat.length ? lat[lat.length - 1] : null),
    },
    slow_bursts: {
      ...bursts,
      largest_burst: bursts.largest_burst && {
        messages: bursts.largest_burst.messages,
        span_ms: r3(bursts.largest_burst.span_ms),
        max_latency_ms: r3(bursts.largest_burst.max_latency_ms),
      },
    },
    ack_latency_ms: {
      count: ack.length,
      p50: r3(percentile(ack, 0.5)),
      p95: r3(percentile(ack, 0.95)),
      p99: r3(percentile(ack, 0.99)),
      max: r3(ack.length ? ack[ack.length - 1] : null),
    },
  };
}

/**
 * Runs `fn` and reports what this process itself cost meanwhile: its CPU (100 = one core) and
 * its event loop's delay. A busy or stalled client adds its own delay to every latency above,
 * so these say whether a run measured the server or the client.
 */
async function watchClient(fn) {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const cpu0 = process.cpuUsage();
  const t0 = now();
  loop.enable();
  await fn();
  loop.disable();
  const cpu = process.cpuUsage(cpu0);
  const ms = (ns) => r3(ns / 1e6);
  return {
    cpu_percent: r3((100 * (cpu.user + cpu.system)) / 1_000 / Math.max(msSince(t0), 1)),
    event_loop_delay_ms: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
  };
}

/**
 * The CPU time (user + system, in clock ticks of 1/100 s) the process `pid` has used so far,
 * from `/proc/PID/stat` (Linux); null when it cannot be read.
 */
function processTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return null;
  }
}

/**
 * The CPU of the server process given by `--server-pid` (100 = one core) over the send phase
 * only: from the first send to the last, without the stack's set-up, the warm-up or the
 * drain. This is the number to compare two versions of the Worker at the same offered load.
 */
async function watchServer(fn) {
  const pid = OPT.serverPid;
  const ticks0 = pid === null ? null : processTicks(pid);
  const t0 = now();
  await fn();
  const ticks1 = pid === null ? null : processTicks(pid);
  if (ticks0 === null || ticks1 === null) return null;
  return { pid, send_phase_cpu_percent: r3(((ticks1 - ticks0) * 10 * 100) / Math.max(msSince(t0), 1)) };
}

// --- scenarios ------------------------------------------------------------------------------
/**
 * A frame handler whose recorder can be swapped, so one set of sockets serves an unmeasured
 * warm-up and then the measured run.
 */
function switchableHandler(first) {
  let h = handlerFor(first);
  return {
    message: (sock, seq, clientId, t) => h.message(sock, seq, clientId, t),
    frame: (sock, f, t) => h.frame(sock, f, t),
    use: (rec) => (h = handlerFor(rec)),
  };
}

/**
 * Sends `--warmup-s` seconds of traffic at the offered rate and waits for it, unmeasured:
 * the objects exist, the wasm is optimised and the connections are warm before timing starts.
 */
async function warmUp(name, handler, rate, pick) {
  const n = Math.round(OPT.warmupS * rate);
  if (n === 0) return null;
  const warm = newRecorder(`${name}-warmup`);
  handler.use(warm);
  console.log(`${name}: warming up with ${n} unmeasured messages…`);
  await sendPaced(warm, n, rate, pick);
  await drain(warm);
  return { messages: n, lost: warm.expected - warm.deliveries };
}

async function scenarioConversations(cookie) {
  const rec = newRecorder('conversations');
  const handler = switchableHandler(rec);
  const n = OPT.conversations;
  process.stdout.write(`conversations: creating ${n} conversations with a visitor and an agent socket each… `);
  const sessions = await inBatches(Array.from({ length: n }), CONNECT_BATCH, () => newSession());
  const rooms = await inBatches(sessions, CONNECT_BATCH / 2, async (s, k) => ({
    visitor: await openBenchSocket({ url: visitorUrl(s), label: `conv${k}/visitor`, handler }),
    agent: await openBenchSocket({ url: agentUrl(s.conversation_id), cookie, label: `conv${k}/agent`, handler }),
  }));
  const socks = rooms.flatMap((r) => [r.visitor, r.agent]);
  console.log(`${socks.length} sockets open`);
  const pick = (i) => {
    const room = rooms[i % n];
    const fromVisitor = Math.floor(i / n) % 2 === 0;
    return fromVisitor ? { sender: room.visitor, receivers: [room.agent] } : { sender: room.agent, receivers: [room.visitor] };
  };
  const warmup = await warmUp('conversations', handler, OPT.rate, pick);
  handler.use(rec);
  console.log(`conversations: sending ${OPT.messages} messages at ${OPT.rate}/s…`);
  let server = null;
  const client = await watchClient(async () => {
    server = await watchServer(() => sendPaced(rec, OPT.messages, OPT.rate, pick));
    await drain(rec);
  });
  const result = summarise(rec, {
    client,
    server,
    warmup,
    conversations: n,
    sockets: socks.length,
    offered_rate: OPT.rate,
    messages: OPT.messages,
    receivers_per_message: 1,
  });
  await closeAll(socks);
  return result;
}

async function scenarioFanout(cookie) {
  const rec = newRecorder('fanout');
  const handler = switchableHandler(rec);
  const total = OPT.fanoutSockets;
  process.stdout.write(`fanout: one conversation with ${total} sockets… `);
  const s = await newSession();
  const sender = await openBenchSocket({ url: visitorUrl(s), label: 'fanout/sender', handler });
  // Receivers alternate: agent socket, visitor socket (same visitor token), agent, …
  const receivers = await inBatches(Array.from({ length: total - 1 }), CONNECT_BATCH, (_x, j) =>
    j % 2 === 0
      ? openBenchSocket({ url: agentUrl(s.conversation_id), cookie, label: `fanout/agent${j}`, handler })
      : openBenchSocket({ url: visitorUrl(s), label: `fanout/visitor${j}`, handler }),
  );
  console.log(`${receivers.length + 1} sockets open`);
  const warmup = await warmUp('fanout', handler, OPT.fanoutRate, () => ({ sender, receivers }));
  handler.use(rec);
  console.log(`fanout: sending ${OPT.fanoutMessages} messages at ${OPT.fanoutRate}/s to ${receivers.length} receivers…`);
  let server = null;
  const client = await watchClient(async () => {
    server = await watchServer(() => sendPaced(rec, OPT.fanoutMessages, OPT.fanoutRate, () => ({ sender, receivers })));
    await drain(rec);
  });
  const result = summarise(rec, {
    client,
    server,
    warmup,
    sockets: total,
    receivers: receivers.length,
    agent_receivers: receivers.filter((_r, j) => j % 2 === 0).length,
    visitor_receivers: receivers.filter((_r, j) => j % 2 === 1).length,
    offered_rate: OPT.fanoutRate,
    messages: OPT.fanoutMessages,
    receivers_per_message: receivers.length,
  });
  await closeAll([sender, ...receivers]);
  return result;
}

// --- report ---------------------------------------------------------------------------------
function table(results) {
  const rows = [
    ['', ...results.map((r) => r.name)],
    ['sockets', ...results.map((r) => r.sockets)],
    ['offered msg/s', ...results.map((r) => r.offered_rate)],
    ['sent', ...results.map((r) => r.sent)],
    ['sent msg/s (client)', ...results.map((r) => r.sent_per_s)],
    ['acks', ...results.map((r) => r.acks)],
    ['refused (error frames)', ...results.map((r) => r.refused)],
    ['achieved msg/s', ...results.map((r) => r.achieved_messages_per_s)],
    ['deliveries', ...results.map((r) => `${r.deliveries}/${r.expected_deliveries}`)],
    ['achieved deliveries/s', ...results.map((r) => r.achieved_deliveries_per_s)],
    ['latency p50 ms', ...results.map((r) => r.latency_ms.p50)],
    ['latency p95 ms', ...results.map((r) => r.latency_ms.p95)],
    ['latency p99 ms', ...results.map((r) => r.latency_ms.p99)],
    ['latency max ms', ...results.map((r) => r.latency_ms.max)],
    [`slow (> ${SLOW_MS} ms) msgs in bursts`, ...results.map((r) => `${r.slow_bursts.slow_messages} in ${r.slow_bursts.bursts}`)],
    ['largest burst msgs / span / max ms', ...results.map((r) => {
      const b = r.slow_bursts.largest_burst;
      return b ? `${b.messages} / ${b.span_ms} / ${b.max_latency_ms}` : '-';
    })],
    ['ack p50 / p99 ms', ...results.map((r) => `${r.ack_latency_ms.p50} / ${r.ack_latency_ms.p99}`)],
    ['Worker CPU % (send phase)', ...results.map((r) => r.server?.send_phase_cpu_percent)],
    ['client CPU %', ...results.map((r) => r.client.cpu_percent)],
    ['client loop delay p99 / max ms', ...results.map((r) => `${r.client.event_loop_delay_ms.p99} / ${r.client.event_loop_delay_ms.max}`)],
    ['lost', ...results.map((r) => r.lost)],
    ['duplicated', ...results.map((r) => r.duplicated)],
    ['errors', ...results.map((r) => (Object.keys(r.errors).length ? Object.entries(r.errors).map(([k, v]) => `${k}:${v}`).join(' ') : '-'))],
  ];
  const fmt = (v) => (v === null || v === undefined ? '-' : typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(3) : String(v));
  const widths = rows[0].map((_c, i) => Math.max(...rows.map((r) => fmt(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? fmt(c).padEnd(widths[i]) : fmt(c).padStart(widths[i]))).join('  ')).join('\n');
}

async function main() {
  const started = new Date();
  const health = await http('/api/health').catch((e) => ({ status: 0, text: e.message }));
  if (health.status !== 200) {
    console.error(`bench: ${BASE.origin}/api/health → ${health.status} ${String(health.text).slice(0, 200)}; is the stack running?`);
    return 1;
  }
  const cookie = await agentSignIn();
  const results = [];
  if (!argv['skip-conversations']) results.push({ name: 'conversations', ...(await scenarioConversations(cookie)) });
  if (!argv['skip-fanout']) results.push({ name: 'fanout', ...(await scenarioFanout(cookie)) });

  console.log('\n' + table(results));
  const refused = results.reduce((n, r) => n + (r.errors.rate_limited || 0), 0);
  if (refused) {
    console.log(
      `\nnote: ${refused} sends were refused with rate_limited (per-connection burst 10, then 1/s). ` +
        'Latency and throughput above cover accepted messages only; see bench/README.md.',
    );
  }
  const out = resolve(argv.out);
  await mkdir(dirname(out), { recursive: true });
  // --append: add this run's scenarios to an earlier run's file (scripts/bench-chat runs
  // each scenario against its own fresh stack and collects them in one file).
  const earlier = argv.append ? await readFile(out, 'utf8').then(JSON.parse, () => null) : null;
  const report = {
    benchmark: 'chat',
    started_at: earlier?.started_at ?? started.toISOString(),
    finished_at: new Date().toISOString(),
    base: BASE.origin,
    node: process.version,
    options: { ...OPT, merchant: argv.merchant, agent_email: argv['agent-email'] },
    scenarios: { ...(earlier?.scenarios ?? {}), ...Object.fromEntries(results.map((r) => [r.name, r])) },
  };
  await writeFile(out, JSON.stringify(report, null, 2) + '\n');
  console.log(`\nwrote ${out}`);
  return 0;
}

main()
  .then((code) => {
    clearTimeout(hardStop);
    process.exit(code);
  })
  .catch((err) => {
    console.error(`bench: ${err.stack || err.message}`);
    for (const ws of allSockets) ws.terminate();
    process.exit(1);
  });
