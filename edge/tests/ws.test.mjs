// WebSocket protocol contract tests against a running stack (CD_BASE_URL).
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, newSession, openWithHistory, tryUpgrade, clientId, isAck, sendAcked, historyOf, assertErrorFrame } from './helpers.mjs';

const open = new Set();
async function socket(session, opts) {
  const r = await openWithHistory(session, opts);
  open.add(r.sock);
  return r;
}
after(async () => {
  await Promise.all([...open].map((s) => s.close()));
});

const isError = (f) => f.type === 'error';
const isMessage = (cid) => (f) => f.type === 'message' && f.message?.client_id === cid;




describe('WebSocket /api/v1/conversations/:id/ws', { concurrency: 1, timeout: 120_000 }, () => {
  test('upgrade without token → 401 JSON unauthorized', async () => {
    const s = await newSession();
    const r = await tryUpgrade(s.conversation_id, null);
    assert.equal(r.opened, false, 'socket must not open without a token');
    assert.equal(r.status, 401, r.text);
    assert.equal(r.json?.code, 'unauthorized', r.text);
    assert.equal(typeof r.json?.message, 'string');
    const r2 = await tryUpgrade(s.conversation_id, 'not-a-token');
    assert.equal(r2.status, 401, r2.text);
    assert.equal(r2.json?.code, 'unauthorized', r2.text);
  });

  test("upgrade with another conversation's token → 401", async () => {
    const a = await newSession();
    const b = await newSession();
    assert.notEqual(a.conversation_id, b.conversation_id);
    const r = await tryUpgrade(a.conversation_id, b.conversation_token);
    assert.equal(r.opened, false, "socket opened with another conversation's token");
    assert.equal(r.status, 401, r.text);
    assert.equal(r.json?.code, 'unauthorized', r.text);
    // A visitor token is not a conversation token either.
    const r2 = await tryUpgrade(a.conversation_id, a.visitor_token);
    assert.equal(r2.opened, false, 'socket opened with a visitor token');
    assert.equal(r2.status, 401, r2.text);
  });

  test('plain GET (no upgrade) with a valid token → 426 upgrade_required', async () => {
    const s = await newSession();
    const res = await api(`/api/v1/conversations/${s.conversation_id}/ws?token=${encodeURIComponent(s.conversation_token)}`);
    assert.equal(res.status, 426, res.text);
    assert.equal(res.json?.code, 'upgrade_required', res.text);
    assert.equal(typeof res.json?.message, 'string');
  });

  test('hello last_seq 0 on a fresh conversation → history []', async () => {
    const s = await newSession();
    const { history } = await socket(s);
    assert.deepEqual(history, []);
  });

  test('send → ack seq 1 with `at`; next send → seq 2', async () => {
    const s = await newSession();
    const { sock } = await socket(s);
    const before = Date.now();
    const c1 = clientId('one');
    const a1 = await sendAcked(sock, 'Do you ship to Helsinki?', c1);
    assert.equal(a1.client_id, c1);
    assert.equal(a1.seq, 1);
    assert.equal(typeof a1.at, 'number');
    assert.ok(Number.isInteger(a1.at));
    // unix ms, within a generous window of the local clock
    assert.ok(Math.abs(a1.at - before) < 10 * 60_000, `at ${a1.at} is not unix ms near ${before}`);
    const a2 = await sendAcked(sock, 'And to Tallinn?');
    assert.equal(a2.seq, 2);
    assert.ok(a2.at >= a1.at);
    const history = await historyOf(s);
    assert.deepEqual(history.map((m) => m.seq), [1, 2]);
    assert.equal(history[0].client_id, c1);
    assert.equal(history[0].author, 'visitor');
    assert.equal(history[0].body, 'Do you ship to Helsinki?');
    assert.equal(history[0].at, a1.at);
    assert.ok('author_name' in history[0]);
  });

  test('body is stored trimmed', async () => {
    const s = await newSession();
    const { sock } = await socket(s);
    await sendAcked(sock, '   trimmed please \n');
    const history = await historyOf(s);
    assert.equal(history[0].body, 'trimmed please');
  });

  test('resend of the same client_id → same seq, stored once', async () => {
    const s = await newSession();
    const { sock } = await socket(s);
    const cid = clientId('dup');
    const a1 = await sendAcked(sock, 'once only', cid);
    const a2 = await sendAcked(sock, 'once only', cid);
    assert.equal(a2.seq, a1.seq);
    // also idempotent across a reconnect
    const { sock: sock2 } = await socket(s);
    const a3 = await sendAcked(sock2, 'once only', cid);
    assert.equal(a3.seq, a1.seq);
    const next = await sendAcked(sock2, 'after dup');
    assert.equal(next.seq, a1.seq + 1, 'a duplicate must not consume a seq');
    const history = await historyOf(s);
    assert.equal(history.filter((m) => m.client_id === cid).length, 1, JSON.stringify(history));
    assert.deepEqual(history.map((m) => m.seq), [1, 2]);
  });

  test('a second socket receives `message` frames; the sender gets only the ack', async () => {
    const s = await newSession();
    const { sock: a } = await socket(s);
    const { sock: b } = await socket(s);
    const cid = clientId('fan');
    const ack = await sendAcked(a, 'hello from tab A', cid);
    const m = await b.next(isMessage(cid), 10_000, 'message on socket B');
    assert.equal(m.message.seq, ack.seq);
    assert.equal(m.message.body, 'hello from tab A');
    assert.equal(m.message.author, 'visitor');
    assert.equal(m.message.at, ack.at);
    await a.expectNone((f) => f.type === 'message', 750, 'message echoed to the sender');
    await b.expectNone(isAck(cid), 0, 'ack sent to a non-sender');
  });

  test('resume: hello last_seq=1 → exactly the messages with seq > 1, in order', async () => {
    const s = await newSession();
    const { sock } = await socket(s);
    const bodies = ['first', 'second', 'third', 'fourth'];
    for (const b of bodies) await sendAcked(sock, b);
    await sock.close();
    const { sock: again, history } = await socket(s, { lastSeq: 1 });
    assert.deepEqual(history.map((m) => m.seq), [2, 3, 4]);
    assert.deepEqual(history.map((m) => m.body), ['second', 'third', 'fourth']);
    await again.expectNone((f) => f.type === 'message' || f.type === 'history', 500);
    const { history: tail } = await socket(s, { lastSeq: 4 });
    assert.deepEqual(tail, []);
  });

  test('invalid JSON frame → invalid_frame error, socket stays open', async () => {
    const s = await newSession();
    const { sock } = await socket(s);
    sock.sendRaw('{"type":"send",');
    const e = await sock.next(isError, 10_000, 'error frame');
    assertErrorFrame(e, 'invalid_frame');
    assert.ok(sock.isOpen(), 'socket closed after an invalid frame');
    const ack = await sendAcked(sock, 'still here');
    assert.equal(ack.seq, 1);
  });

  test('unknown frame type → invalid_frame', async () => {
    const s = await newSession();
    const { sock } = await socket(s);
    sock.send({ type: 'delete_everything', client_id: 'x1' });
    assertErrorFrame(await sock.next(isError, 10_000, 'error frame'), 'invalid_frame');
    sock.send({ type: 'send', client_id: 'x2' }); // missing body
    assertErrorFrame(await sock.next(isError, 10_000, 'error frame'), 'invalid_frame');
    assert.ok(sock.isOpen());
    assert.equal((await sendAcked(sock, 'ok')).seq, 1);
  });

  test('4001-char body → message_too_long with client_id, nothing stored', async () => {
    const s = await newSession();
    const { sock } = await socket(s);
    const cid = clientId('long');
    sock.send({ type: 'send', client_id: cid, body: 'a'.repeat(4001) });
    const e = await sock.next(isError, 10_000, 'error frame');
    assertErrorFrame(e, 'message_too_long', cid);
    await sock.expectNone(isAck(cid), 300);
    assert.ok(sock.isOpen());
    const ok = await sendAcked(sock, 'short one');
    assert.equal(ok.seq, 1, 'the refused message consumed a seq');
    const history = await historyOf(s);
    assert.equal(history.some((m) => m.client_id === cid), false);
    assert.equal(history.length, 1);
  });

  test('4000 multi-byte chars are accepted (limit counts chars, not bytes)', async () => {
    const s = await newSession();
    const { sock } = await socket(s);
    const body = 'ä'.repeat(4000);
    const ack = await sendAcked(sock, body);
    assert.equal(ack.seq, 1);
    const history = await historyOf(s);
    assert.equal(history[0].body, body);
    // 4000 chars plus surrounding whitespace is fine too (limit applies after trimming)
    const ack2 = await sendAcked(sock, '  ' + '🍷'.repeat(4000) + '  ');
    assert.equal(ack2.seq, 2);
  });

  test('whitespace-only body → message_empty', async () => {
    const s = await newSession();
    const { sock } = await socket(s);
    const cid = clientId('empty');
    sock.send({ type: 'send', client_id: cid, body: '  \n\t  ' });
    assertErrorFrame(await sock.next(isError, 10_000, 'error frame'), 'message_empty', cid);
    sock.send({ type: 'send', client_id: clientId('empty2'), body: '' });
    assertErrorFrame(await sock.next(isError, 10_000, 'error frame'), 'message_empty');
    assert.ok(sock.isOpen());
    assert.deepEqual(await historyOf(s), []);
  });

  test('bad client_id → invalid_client_id', async () => {
    const s = await newSession();
    const { sock } = await socket(s);
    for (const bad of ['a b', 'a'.repeat(65), '', 'ä1', '../x', 'x;y']) {
      sock.send({ type: 'send', client_id: bad, body: 'hi' });
      const e = await sock.next(isError, 10_000, `error frame for ${JSON.stringify(bad)}`);
      assertErrorFrame(e, 'invalid_client_id');
    }
    assert.ok(sock.isOpen());
    assert.equal((await sendAcked(sock, 'ok', 'a'.repeat(64))).seq, 1, '64-char client_id must be accepted');
    const history = await historyOf(s);
    assert.equal(history.length, 1);
  });

  test('frame > 32 KiB → frame_too_large, socket stays open, nothing stored', async () => {
    const s = await newSession();
    const { sock } = await socket(s);
    const cid = clientId('big');
    // Valid JSON with a short body: only the frame size is wrong.
    const raw = `{"type":"send","client_id":"${cid}","body":"hi"` + ' '.repeat(33 * 1024) + '}';
    assert.ok(Buffer.byteLength(raw) > 32 * 1024);
    sock.sendRaw(raw);
    const e = await sock.next(isError, 10_000, 'error frame');
    assertErrorFrame(e, 'frame_too_large');
    await sock.expectNone(isAck(cid), 300);
    assert.ok(sock.isOpen(), 'socket closed after an oversized frame');
    assert.equal((await sendAcked(sock, 'after big')).seq, 1);
  });

  test("two sessions' conversations don't see each other's messages", async () => {
    const a = await newSession();
    const b = await newSession();
    const { sock: sa } = await socket(a);
    const { sock: sb } = await socket(b);
    const secret = 'my card ends in 4242 ' + Date.now();
    await sendAcked(sa, secret);
    await sb.expectNone((f) => f.type === 'message', 1_000, "message from another visitor's conversation");
    const hb = await historyOf(b);
    assert.deepEqual(hb, []);
    assert.equal(JSON.stringify(sb.frames).includes(secret), false);
    // and B's seq numbering is independent
    assert.equal((await sendAcked(sb, 'mine')).seq, 1);
  });
});
