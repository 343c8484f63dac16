// Live-chat contract tests with several sockets on one conversation (visitor tabs and agents),
// the agent actions' system messages and the inbox socket, against a running stack
// (CD_BASE_URL). Every test uses fresh anonymous visitors, so tests do not share a conversation.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  isAck,
  sendAcked,
  historyOf,
  assertErrorFrame,
  newSession,
  openSocket,
  openWithHistory,
  openAgentSocket,
  openAgentWithHistory,
  openInboxSocket,
  agentSignIn,
  agentApi,
  agentAction,
  clientId,
  runTag,
  sleep,
  AGENTS,
} from './helpers.mjs';

const MAYA = AGENTS.maya;
const SAM = AGENTS.sam;

const open = new Set();
after(async () => {
  await Promise.all([...open].map((s) => s.close()));
});
const keep = (sock) => (open.add(sock), sock);

let maya; // cd_agent cookie of Maya, signed in once for the file
before(async () => {
  maya = await agentSignIn(MAYA.email, MAYA.password);
});

const isError = (f) => f.type === 'error';
const isMessage = (cid) => (f) => f.type === 'message' && f.message?.client_id === cid;
const isTyping = (on) => (f) => f.type === 'typing' && (on === undefined || f.on === on);
const isSystem = (kind) => (f) => f.type === 'message' && f.message?.author === 'system' && f.message?.event?.kind === kind;

async function visitorSocket(session, opts) {
  const r = await openWithHistory(session, opts);
  keep(r.sock);
  return r;
}
async function agentSocket(conversationId, cookie = maya, opts) {
  const r = await openAgentWithHistory(cookie, conversationId, opts);
  keep(r.sock);
  return r;
}
async function inboxSocket(cookie = maya) {
  const sock = keep(await openInboxSocket(cookie));
  const snapshot = await sock.next((f) => f.type === 'snapshot', 10_000, 'inbox snapshot');
  return { sock, snapshot };
}

/** A fresh anonymous conversation with one visitor socket and one socket of Maya's. */
async function room() {
  const s = await newSession();
  const { sock: visitor } = await visitorSocket(s);
  const { sock: agent } = await agentSocket(s.conversation_id);
  return { s, id: s.conversation_id, visitor, agent };
}




/** The seqs of our client_ids as they arrived on `sock` (own acks and others' messages), in order. */
function arrivalOrder(sock, cids) {
  const out = [];
  for (const f of sock.frames) {
    if (f.type === 'ack' && cids.has(f.client_id)) out.push({ seq: f.seq, cid: f.client_id });
    if (f.type === 'message' && cids.has(f.message?.client_id)) out.push({ seq: f.message.seq, cid: f.message.client_id });
  }
  return out;
}

function assertStrictlyIncreasing(seqs, what) {
  for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i] > seqs[i - 1], `${what}: seq ${seqs[i]} after ${seqs[i - 1]} in ${JSON.stringify(seqs)}`);
}

describe('conversation sockets: visitor and agent', { concurrency: 1, timeout: 120_000 }, () => {
  test('agent messages carry author "agent" and author_name "Maya Lindqvist"; visitor messages reach the agent', async () => {
    const { s, visitor, agent } = await room();
    const v = await sendAcked(visitor, 'Hi, has my Cellar Club box shipped?');
    const vm = await agent.next(isMessage(v.client_id), 10_000, 'visitor message on the agent socket');
    assert.equal(vm.message.author, 'visitor');
    assert.equal(vm.message.seq, v.seq);

    const a = await sendAcked(agent, 'Hello! Let me check that for you.');
    assert.ok(a.seq > v.seq);
    const am = await visitor.next(isMessage(a.client_id), 10_000, 'agent message on the visitor socket');
    assert.equal(am.message.author, 'agent');
    assert.equal(am.message.author_name, MAYA.name);
    assert.equal(am.message.seq, a.seq);
    assert.equal(am.message.at, a.at);
    assert.equal(am.message.body, 'Hello! Let me check that for you.');
    assert.ok(am.message.event === undefined || am.message.event === null, `agent message has an event: ${JSON.stringify(am.message)}`);
    await agent.expectNone((f) => f.type === 'message' && f.message?.client_id === a.client_id, 500, 'agent message echoed to its sender');

    const history = await historyOf(s);
    const stored = history.find((m) => m.client_id === a.client_id);
    assert.equal(stored?.author, 'agent');
    assert.equal(stored?.author_name, MAYA.name);
  });

  test('a visitor cannot pose as an agent (extra author fields are ignored or refused)', async () => {
    const { s, visitor, agent } = await room();
    const cid = clientId('spoof');
    visitor.send({ type: 'send', client_id: cid, body: 'I am staff', author: 'agent', author_name: MAYA.name });
    const f = await visitor.next((x) => (x.type === 'ack' && x.client_id === cid) || x.type === 'error', 10_000, 'ack or error');
    if (f.type === 'error') {
      assertErrorFrame(f, 'invalid_frame');
      return;
    }
    const m = await agent.next(isMessage(cid), 10_000, 'spoofed message on the agent socket');
    assert.equal(m.message.author, 'visitor');
    assert.notEqual(m.message.author_name, MAYA.name);
    const stored = (await historyOf(s)).find((x) => x.client_id === cid);
    assert.equal(stored.author, 'visitor');
    assert.notEqual(stored.author_name, MAYA.name);
  });

  test('ordering: interleaved sends from two sockets get strictly increasing seqs, seen in the same order by every socket', async () => {
    const { s, visitor, agent } = await room();
    const { sock: observer } = await visitorSocket(s); // a second tab of the visitor, sending nothing
    const N = 8; // under the per-connection burst of 10
    const cids = { visitor: [], agent: [] };
    for (let i = 0; i < N; i++) {
      for (const [name, sock] of [['visitor', visitor], ['agent', agent]]) {
        const cid = clientId(`${name}${i}`);
        cids[name].push(cid);
        sock.send({ type: 'send', client_id: cid, body: `${name} ${i}` });
      }
    }
    const all = new Set([...cids.visitor, ...cids.agent]);
    const acks = {
      visitor: await Promise.all(cids.visitor.map((c) => visitor.next(isAck(c), 15_000, `ack ${c}`))),
      agent: await Promise.all(cids.agent.map((c) => agent.next(isAck(c), 15_000, `ack ${c}`))),
    };
    await Promise.all([
      ...cids.agent.map((c) => visitor.next(isMessage(c), 15_000, `visitor gets ${c}`)),
      ...cids.visitor.map((c) => agent.next(isMessage(c), 15_000, `agent gets ${c}`)),
      ...[...all].map((c) => observer.next(isMessage(c), 15_000, `observer gets ${c}`)),
    ]);

    for (const name of ['visitor', 'agent']) {
      assertStrictlyIncreasing(acks[name].map((a) => a.seq), `${name}'s acks in send order`);
    }
    const seqOf = new Map([...acks.visitor, ...acks.agent].map((a) => [a.client_id, a.seq]));
    assert.equal(new Set(seqOf.values()).size, 2 * N, `duplicate seqs: ${JSON.stringify([...seqOf])}`);

    for (const [name, sock] of [['visitor', visitor], ['agent', agent], ['observer', observer]]) {
      const seen = arrivalOrder(sock, all);
      assert.equal(seen.length, 2 * N, `${name} saw ${seen.length} of ${2 * N}: ${JSON.stringify(seen)}`);
      assertStrictlyIncreasing(seen.map((x) => x.seq), `${name}'s arrival order`);
      for (const x of seen) assert.equal(x.seq, seqOf.get(x.cid), `${name} saw ${x.cid} as seq ${x.seq}, acked as ${seqOf.get(x.cid)}`);
    }
    const history = (await historyOf(s)).filter((m) => all.has(m.client_id));
    assert.deepEqual(
      history.map((m) => m.client_id),
      arrivalOrder(observer, all).map((x) => x.cid),
      'history order differs from the live order',
    );
    assertStrictlyIncreasing(history.map((m) => m.seq), 'history');
  });

  test('dedupe across reconnect: a resend after reconnecting is stored and delivered once', async () => {
    const { s, id, visitor, agent } = await room();
    const cid = clientId('once');
    const a1 = await sendAcked(visitor, 'Only once, please', cid);
    await agent.next(isMessage(cid), 10_000, 'first delivery');
    await visitor.close();

    const { sock: v2, history } = await visitorSocket(s, { lastSeq: 0 });
    assert.equal(history.filter((m) => m.client_id === cid).length, 1);
    const a2 = await sendAcked(v2, 'Only once, please', cid);
    assert.equal(a2.seq, a1.seq, 'resend after reconnect got a new seq');
    await agent.expectNone(isMessage(cid), 1_000, 'the resend delivered again to the agent');

    // The same holds for an agent reconnecting.
    const acid = clientId('agent-once');
    const b1 = await sendAcked(agent, 'Agent says this once', acid);
    await v2.next(isMessage(acid), 10_000, 'agent message on the visitor socket');
    await agent.close();
    const { sock: agent2 } = await agentSocket(id);
    const b2 = await sendAcked(agent2, 'Agent says this once', acid);
    assert.equal(b2.seq, b1.seq);
    await v2.expectNone(isMessage(acid), 1_000, 'the agent resend delivered again');

    const next = await sendAcked(v2, 'after the duplicates');
    assert.equal(next.seq, b1.seq + 1, 'a duplicate consumed a seq');
    const full = await historyOf(s);
    assert.equal(full.filter((m) => m.client_id === cid).length, 1);
    assert.equal(full.filter((m) => m.client_id === acid).length, 1);
  });

  test('resume: hello last_seq=k gives exactly the later messages of both sides, ascending', async () => {
    const { s, id, visitor, agent } = await room();
    const v1 = await sendAcked(visitor, 'v1');
    const v2 = await sendAcked(visitor, 'v2');
    const a1 = await sendAcked(agent, 'a1');
    const v3 = await sendAcked(visitor, 'v3');
    const k = v2.seq;

    const { history: tail } = await visitorSocket(s, { lastSeq: k });
    assert.deepEqual(tail.map((m) => m.seq), [a1.seq, v3.seq]);
    assert.deepEqual(tail.map((m) => m.body), ['a1', 'v3']);
    assert.deepEqual(tail.map((m) => m.author), ['agent', 'visitor']);
    assert.ok(tail.every((m) => m.seq > k));

    const { history: agentTail } = await agentSocket(id, maya, { lastSeq: v1.seq });
    assert.deepEqual(agentTail.map((m) => m.seq), [v2.seq, a1.seq, v3.seq]);

    const { history: none } = await visitorSocket(s, { lastSeq: v3.seq });
    assert.deepEqual(none, []);
  });
});

describe('history in pages', { concurrency: 1, timeout: 90_000 }, () => {
  test('a resume gets everything it missed, in order, over several history frames', async () => {
    const s = await newSession();
    // The rate limit is per connection: six visitor tabs send ten lines each.
    const tabs = [];
    for (let t = 0; t < 6; t++) tabs.push((await visitorSocket(s)).sock);
    const seqs = [];
    for (const [t, tab] of tabs.entries()) {
      for (let i = 0; i < 10; i++) seqs.push((await sendAcked(tab, `tab ${t} line ${i}`)).seq);
    }
    const collect = async (sock, count) => {
      const got = [];
      let frames = 0;
      while (got.length < count) {
        const h = await sock.next((f) => f.type === 'history', 10_000, `history frame ${frames + 1} (${got.length} of ${count})`);
        frames += 1;
        got.push(...h.messages.map((m) => m.seq));
      }
      await sock.expectNone((f) => f.type === 'history' && f.messages.length > 0, 500, 'more history than was missed');
      return { got, frames };
    };
    const all = await collect(keep(await openSocket(s, { lastSeq: 0 })), 60);
    assert.deepEqual(all.got, seqs);
    assert.ok(all.frames >= 2, `60 messages came in ${all.frames} history frame(s)`);
    const rest = await collect(keep(await openSocket(s, { lastSeq: seqs[24] })), 35);
    assert.deepEqual(rest.got, seqs.slice(25));
  });
});

describe('typing indicators', { concurrency: 1, timeout: 60_000 }, () => {
  test('typing goes to the other side, with the agent name, and is not echoed or stored', async () => {
    const { s, visitor, agent } = await room();
    visitor.send({ type: 'typing', on: true });
    const t = await agent.next(isTyping(), 10_000, 'visitor typing on the agent socket');
    assert.equal(t.author, 'visitor');
    assert.equal(t.on, true);
    await visitor.expectNone(isTyping(), 750, 'typing echoed to the visitor');

    agent.send({ type: 'typing', on: true });
    const t2 = await visitor.next(isTyping(), 10_000, 'agent typing on the visitor socket');
    assert.equal(t2.author, 'agent');
    assert.equal(t2.name, MAYA.name);
    assert.equal(t2.on, true);
    await agent.expectNone(isTyping(), 750, 'typing echoed to the agent');

    agent.send({ type: 'typing', on: false });
    const off = await visitor.next(isTyping(false), 10_000, 'typing off');
    assert.equal(off.author, 'agent');
    assert.deepEqual(await historyOf(s), [], 'typing frames were stored as messages');
  });

  test('throttle: two on:true within 2 s → one forwarded; on:false always forwarded; later on:true forwarded again', async () => {
    const { visitor, agent } = await room();
    const t0 = Date.now();
    visitor.send({ type: 'typing', on: true });
    visitor.send({ type: 'typing', on: true });
    await agent.next(isTyping(true), 10_000, 'first typing on');
    await agent.expectNone(isTyping(true), 1_000, 'a second typing on:true within 2 s');
    visitor.send({ type: 'typing', on: false });
    await agent.next(isTyping(false), 10_000, 'typing off inside the throttle window');
    const wait = 2_200 - (Date.now() - t0);
    if (wait > 0) await sleep(wait);
    visitor.send({ type: 'typing', on: true });
    await agent.next(isTyping(true), 10_000, 'typing on after the 2 s window');
    const ons = agent.frames.filter(isTyping(true)).length;
    assert.equal(ons, 2, `forwarded on:true frames: ${ons}`);
  });

  test('toggling typing on and off cannot flood the other side: one on and one off per 2 s', async () => {
    const { visitor, agent } = await room();
    for (let i = 0; i < 5; i++) {
      visitor.send({ type: 'typing', on: true });
      visitor.send({ type: 'typing', on: false });
    }
    await agent.next(isTyping(true), 10_000, 'the first on');
    await agent.next(isTyping(false), 10_000, 'the first off');
    await agent.expectNone(isTyping(), 1_000, 'more typing frames within 2 s');
  });
});

describe('read receipts', { concurrency: 1, timeout: 60_000 }, () => {
  test('read{seq} reaches the other side; a new socket gets history then both read positions', async () => {
    const { s, id, visitor, agent } = await room();
    await sendAcked(visitor, 'Question one');
    const v2 = await sendAcked(visitor, 'Question two');
    const a1 = await sendAcked(agent, 'Answer');
    await visitor.next(isMessage(a1.client_id), 10_000, 'answer on the visitor socket');

    // (Sockets may also have got read frames with the positions at connect time; match the seq.)
    visitor.send({ type: 'read', seq: a1.seq });
    await agent.next((f) => f.type === 'read' && f.author === 'visitor' && f.seq === a1.seq, 10_000, `read{visitor, ${a1.seq}} on the agent socket`);

    agent.send({ type: 'read', seq: v2.seq });
    await visitor.next((f) => f.type === 'read' && f.author === 'agent' && f.seq === v2.seq, 10_000, `read{agent, ${v2.seq}} on the visitor socket`);

    for (const [name, fresh] of [
      ['visitor', keep(await openSocket(s))],
      ['agent', keep(await openAgentSocket(maya, id))],
    ]) {
      const h = await fresh.next((f) => f.type === 'history', 10_000, `${name}: history`);
      const ra = await fresh.next((f) => f.type === 'read' && f.author === 'agent', 10_000, `${name}: agent read position`);
      const rv = await fresh.next((f) => f.type === 'read' && f.author === 'visitor', 10_000, `${name}: visitor read position`);
      assert.equal(ra.seq, v2.seq, `${name}: agent read position`);
      assert.equal(rv.seq, a1.seq, `${name}: visitor read position`);
      const at = (f) => fresh.frames.indexOf(f);
      assert.ok(at(h) < at(ra) && at(h) < at(rv), `${name}: read frames must follow history: ${JSON.stringify(fresh.frames.map((f) => f.type))}`);
    }
  });
});

describe('rate limit and malformed frames', { concurrency: 1, timeout: 60_000 }, () => {
  test('a flood of hello frames is answered with rate_limited; the socket stays usable', async () => {
    const { visitor } = await room();
    for (let i = 0; i < 40; i++) visitor.send({ type: 'hello', last_seq: 0 });
    const err = await visitor.next((f) => f.type === 'error' && f.code === 'rate_limited', 10_000, 'rate_limited for a hello flood');
    assert.equal(err.client_id ?? null, null);
    await sendAcked(visitor, 'Still here');
    const histories = visitor.frames.filter((f) => f.type === 'history').length;
    assert.ok(histories <= 31, `history frames answered: ${histories}`);
  });

  test('12 quick sends → rate_limited errors with the client_id; the socket stays open; a retry after ~1.1 s is acked', async () => {
    const { s, visitor, agent } = await room();
    const cids = Array.from({ length: 12 }, (_, i) => clientId(`burst${i}`));
    cids.forEach((cid, i) => visitor.send({ type: 'send', client_id: cid, body: `burst ${i}` }));
    const outcomes = await Promise.all(
      cids.map((cid) => visitor.next((f) => (f.type === 'ack' || f.type === 'error') && f.client_id === cid, 15_000, `ack or error for ${cid}`)),
    );
    const limited = outcomes.filter((f) => f.type === 'error');
    const acked = outcomes.filter((f) => f.type === 'ack');
    assert.ok(limited.length >= 1, `no rate_limited error for 12 quick sends: ${JSON.stringify(outcomes)}`);
    assert.ok(acked.length >= 10, `the burst of 10 was not allowed: ${acked.length} acked`);
    for (const e of limited) assertErrorFrame(e, 'rate_limited', e.client_id);
    assert.ok(visitor.isOpen(), 'socket closed by the rate limit');
    await agent.expectNone((f) => f.type === 'message' && limited.some((e) => e.client_id === f.message?.client_id), 500, 'a refused message delivered');

    // The limit is per connection: the agent is not affected.
    await sendAcked(agent, 'the agent can still write');

    await sleep(1_100);
    const retry = limited[0].client_id;
    const ack = await sendAcked(visitor, 'burst retry', retry);
    assert.ok(ack.seq > Math.max(...acked.map((a) => a.seq)), 'the retried message did not get a new seq');
    await agent.next(isMessage(retry), 10_000, 'retried message on the agent socket');

    const history = await historyOf(s);
    for (const e of limited.slice(1)) assert.equal(history.some((m) => m.client_id === e.client_id), false, `refused ${e.client_id} was stored`);
    assert.equal(history.filter((m) => m.client_id === retry).length, 1);
  });

  test('malformed typing/read/send frames → invalid_frame on either socket; both stay open', async () => {
    const { visitor, agent } = await room();
    const cases = [
      [visitor, '{"type":"typing","on":"yes"}'],
      [visitor, '{"type":"typing"}'],
      [visitor, '{"type":"read","seq":-1}'],
      [visitor, '{"type":"read"}'],
      [visitor, '{"type":"read","seq":"3"}'],
      [agent, 'not json'],
      [agent, '{"type":"typing","on":1}'],
      [agent, '{"type":"send","client_id":"a1","body":42}'],
      [agent, '{"type":"presence","status":"away"}'],
    ];
    for (const [sock, raw] of cases) {
      sock.sendRaw(raw);
      assertErrorFrame(await sock.next(isError, 10_000, `error for ${raw}`), 'invalid_frame');
    }
    // Message rules apply to agents too.
    const long = clientId('long');
    agent.send({ type: 'send', client_id: long, body: 'a'.repeat(4001) });
    assertErrorFrame(await agent.next(isError, 10_000, 'too long'), 'message_too_long', long);
    const empty = clientId('empty');
    agent.send({ type: 'send', client_id: empty, body: '   ' });
    assertErrorFrame(await agent.next(isError, 10_000, 'empty'), 'message_empty', empty);
    agent.send({ type: 'send', client_id: 'bad id', body: 'hi' });
    assertErrorFrame(await agent.next(isError, 10_000, 'bad id'), 'invalid_client_id');

    assert.ok(visitor.isOpen() && agent.isOpen());
    await sendAcked(visitor, 'still fine');
    await sendAcked(agent, 'me too');
  });
});

describe('agent actions post system messages', { concurrency: 1, timeout: 90_000 }, () => {
  test('claim → transfer → escalate → resolve: QueueItems and agent_joined/transferred/escalated/resolved messages', async () => {
    const sam = await agentSignIn(SAM.email, SAM.password);
    const { s, id, visitor, agent } = await room();
    await sendAcked(visitor, 'My Brie arrived spoiled (order ord_1003).');

    const claim = await agentAction(maya, id, 'claim');
    assert.equal(claim.status, 200, claim.text);
    assert.equal(claim.json.id, id);
    assert.equal(claim.json.visitor_id, s.visitor_id);
    assert.equal(claim.json.status, 'assigned');
    assert.equal(claim.json.assignee?.name, MAYA.name);
    const joined = (await visitor.next(isSystem('agent_joined'), 10_000, 'agent_joined on the visitor socket')).message;
    assert.equal(joined.author, 'system');
    assert.equal(joined.event.agent_name, MAYA.name);
    assert.equal(joined.body, `${MAYA.name} joined the conversation.`);
    await agent.next(isSystem('agent_joined'), 10_000, 'agent_joined on the agent socket');

    const agents = await agentApi(maya, '/api/v1/agent/agents');
    assert.equal(agents.status, 200, agents.text);
    const samId = agents.json.find((a) => a.name === SAM.name)?.id;
    assert.ok(samId, `Sam not in ${agents.text}`);
    const unknown = await agentAction(maya, id, 'transfer', { agent_id: 'ag_no_such_agent' });
    assert.ok([400, 404].includes(unknown.status), `transfer to an unknown agent: ${unknown.status} ${unknown.text}`);

    const transfer = await agentAction(maya, id, 'transfer', { agent_id: samId });
    assert.equal(transfer.status, 200, transfer.text);
    assert.equal(transfer.json.assignee?.id, samId);
    assert.equal(transfer.json.status, 'assigned');
    const twice = await agentAction(maya, id, 'transfer', { agent_id: samId });
    assert.equal(twice.status, 200, `a double-clicked transfer: ${twice.status} ${twice.text}`);
    const moved = (await visitor.next(isSystem('transferred'), 10_000, 'transferred on the visitor socket')).message;
    assert.equal(moved.event.from_name, MAYA.name);
    assert.equal(moved.event.to_name, SAM.name);
    assert.equal(moved.body, `${MAYA.name} transferred the conversation to ${SAM.name}.`);

    for (const bad of [{ note: '' }, { note: 'x'.repeat(501) }, {}]) {
      const res = await agentAction(sam, id, 'escalate', bad);
      assert.equal(res.status, 400, `escalate ${JSON.stringify(bad).slice(0, 40)}: ${res.status} ${res.text}`);
    }
    const note = 'Spoiled cheese: refund needs approval from the cheese buyer.';
    const before = Date.now();
    const esc = await agentAction(sam, id, 'escalate', { note });
    assert.equal(esc.status, 200, esc.text);
    assert.equal(esc.json.status, 'escalated');
    assert.equal(esc.json.escalation_note, note);
    const again = await agentAction(sam, id, 'escalate', { note });
    assert.equal(again.status, 200, `a double-clicked escalate: ${again.status} ${again.text}`);
    const escalated = (await visitor.next(isSystem('escalated'), 10_000, 'escalated on the visitor socket')).message;
    assert.equal(escalated.event.note, '', 'the note for the specialist reached the subscriber');
    const forAgents = (await agent.next(isSystem('escalated'), 10_000, 'escalated on the agent socket')).message;
    assert.equal(forAgents.event.note, note);
    assert.ok(Number.isInteger(escalated.event.expected_by), JSON.stringify(escalated.event));
    assert.ok(escalated.event.expected_by > before - 60_000, `expected_by ${escalated.event.expected_by} is not unix ms in the future`);
    assert.equal(escalated.body, "Your conversation was passed to a specialist. We'll get back to you soon.");

    const res = await agentAction(sam, id, 'resolve');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.status, 'resolved');
    assert.ok(Number.isInteger(res.json.resolved_at), res.text);
    const resolved = (await visitor.next(isSystem('resolved'), 10_000, 'resolved on the visitor socket')).message;
    assert.equal(resolved.event.agent_name, SAM.name);
    assert.equal(resolved.body, `${SAM.name} marked the conversation as resolved.`);

    assertStrictlyIncreasing([joined.seq, moved.seq, escalated.seq, resolved.seq], 'system messages');
    const visitorHistory = await historyOf(s);
    const kinds = visitorHistory.filter((m) => m.author === 'system').map((m) => m.event?.kind);
    assert.deepEqual(kinds, ['agent_joined', 'transferred', 'escalated', 'resolved'], 'one system message per change');
    assert.equal(visitorHistory.find((m) => m.event?.kind === 'escalated').event.note, '', "the note in the subscriber's history");
    const { history: agentHistory } = await agentSocket(id, sam);
    assert.equal(agentHistory.find((m) => m.event?.kind === 'escalated').event.note, note, "the note in the agents' history");
  });
});

describe('inbox socket', { concurrency: 1, timeout: 90_000 }, () => {
  test('snapshot on connect, then upsert when a visitor writes, when read, and when an agent claims', async () => {
    const { sock: inbox, snapshot } = await inboxSocket();
    assert.ok(Array.isArray(snapshot.conversations), JSON.stringify(snapshot).slice(0, 300));
    assert.ok(Array.isArray(snapshot.agents), JSON.stringify(snapshot).slice(0, 300));
    const me = snapshot.agents.find((a) => a.name === MAYA.name);
    assert.ok(me, `Maya missing from the snapshot's agents: ${JSON.stringify(snapshot.agents)}`);
    assert.ok(['online', 'away', 'offline'].includes(me.status));

    const s = await newSession();
    const id = s.conversation_id;
    const { sock: visitor } = await visitorSocket(s);
    const tag = runTag('box');
    await sendAcked(visitor, `Where is my box ${tag}`);
    const v2 = await sendAcked(visitor, `Still waiting ${tag}`);
    const up = (
      await inbox.next((f) => f.type === 'upsert' && f.conversation?.id === id && f.conversation.last_preview?.includes(`Still waiting ${tag}`), 10_000, 'upsert after the visitor wrote')
    ).conversation;
    assert.equal(up.status, 'waiting');
    assert.equal(up.visitor_id, s.visitor_id);
    assert.ok(up.assignee == null, JSON.stringify(up));
    assert.equal(up.unread, 2);
    assert.ok(typeof up.display_name === 'string' && up.display_name.length > 0);
    for (const k of ['created_at', 'last_message_at']) assert.ok(Number.isInteger(up[k]), `${k}: ${JSON.stringify(up)}`);
    assert.ok(up.first_response_at == null);

    const { sock: agent } = await agentSocket(id);
    agent.send({ type: 'read', seq: v2.seq });
    await inbox.next((f) => f.type === 'upsert' && f.conversation?.id === id && f.conversation.unread === 0, 10_000, 'upsert with unread 0 after the agent read');

    const claim = await agentAction(maya, id, 'claim');
    assert.equal(claim.status, 200, claim.text);
    const claimed = (await inbox.next((f) => f.type === 'upsert' && f.conversation?.id === id && f.conversation.status === 'assigned', 10_000, 'upsert after claim')).conversation;
    assert.equal(claimed.assignee?.name, MAYA.name);

    // A later snapshot has the conversation as it is now.
    const { snapshot: later } = await inboxSocket();
    const item = later.conversations.find((c) => c.id === id);
    assert.ok(item, 'conversation missing from a new snapshot');
    assert.equal(item.status, 'assigned');
    assert.equal(item.assignee?.name, MAYA.name);
  });

  test("an agent's read is not undone by the messages batched before it; a read of older messages leaves the newer unread", async () => {
    const { sock: inbox } = await inboxSocket();
    const { id, visitor, agent } = await room();
    const forId = (f) => f.type === 'upsert' && f.conversation?.id === id;
    const v1 = await sendAcked(visitor, 'First question');
    await inbox.next((f) => forId(f) && f.conversation.unread === 1, 10_000, 'upsert with the first message');
    // The second message waits for the conversation's next batch (about a second)…
    const v2 = await sendAcked(visitor, 'Second question');
    await agent.next(isMessage(v2.client_id), 10_000, 'the second message on the agent socket');
    // …and the agent reads it before that batch leaves.
    agent.send({ type: 'read', seq: v2.seq });
    await inbox.next((f) => forId(f) && f.conversation.last_preview === 'Second question' && f.conversation.unread === 0, 10_000, 'the batch with the second message and the read');
    await sleep(2_500);
    const last = inbox.frames.filter(forId).at(-1).conversation;
    assert.equal(last.unread, 0, `the queue's unread count after the read: ${JSON.stringify(last)}`);

    // A read of only the first of two new messages leaves one unread.
    const v3 = await sendAcked(visitor, 'Third question');
    await sendAcked(visitor, 'Fourth question');
    agent.send({ type: 'read', seq: v3.seq });
    await inbox.next((f) => forId(f) && f.conversation.last_preview === 'Fourth question' && f.conversation.unread === 1, 10_000, 'one message left unread');
    assert.ok(v1.seq < v3.seq);
  });

  test('first_response_at is set by the first agent message (not by the claim) and then stays', async () => {
    const { sock: inbox } = await inboxSocket();
    const { id, visitor, agent } = await room();
    await sendAcked(visitor, 'Can I skip next month?');
    const claim = await agentAction(maya, id, 'claim');
    assert.equal(claim.status, 200, claim.text);
    assert.ok(claim.json.first_response_at == null, `claim set first_response_at: ${claim.text}`);

    const a1 = await sendAcked(agent, 'Yes — I can skip it for you.');
    const first = (await inbox.next((f) => f.type === 'upsert' && f.conversation?.id === id && f.conversation.first_response_at != null, 10_000, 'upsert with first_response_at')).conversation;
    assert.ok(Number.isInteger(first.first_response_at));
    assert.ok(first.first_response_at >= first.created_at);
    assert.ok(Math.abs(first.first_response_at - a1.at) < 5_000, `first_response_at ${first.first_response_at} vs first agent message at ${a1.at}`);

    const tag = runTag('second');
    await sendAcked(agent, `Done ${tag}`);
    const later = (await inbox.next((f) => f.type === 'upsert' && f.conversation?.id === id && f.conversation.last_preview?.includes(tag), 10_000, 'upsert after the second agent message')).conversation;
    assert.equal(later.first_response_at, first.first_response_at, 'first_response_at moved');
  });

  test('a busy conversation reaches the queue batch after batch, and again after a quiet spell', async () => {
    const { sock: inbox } = await inboxSocket();
    const { id, visitor, agent } = await room();
    const tag = runTag('busy');
    const newest = (text) => (f) => f.type === 'upsert' && f.conversation?.id === id && f.conversation.last_preview?.includes(text);
    // Visitor and agent take turns faster than the inbox batch interval (about a second):
    // the batches go over one feed socket while the conversation is busy.
    for (let i = 0; i < 4; i++) {
      await sendAcked(visitor, `v${i} ${tag}`);
      await sendAcked(agent, `a${i} ${tag}`);
    }
    await sendAcked(visitor, `last ${tag}`);
    const busy = (await inbox.next(newest(`last ${tag}`), 10_000, 'upsert with the newest message')).conversation;
    assert.equal(busy.status, 'assigned', JSON.stringify(busy));
    assert.equal(busy.assignee?.name, MAYA.name);
    assert.equal(busy.unread, 1, 'one visitor message since the last reply');
    assert.ok(Number.isInteger(busy.first_response_at));
    // Quiet for longer than the interval: the feed closes; the next message opens a new one.
    await sleep(2_500);
    await sendAcked(visitor, `after ${tag}`);
    const later = (await inbox.next(newest(`after ${tag}`), 10_000, 'upsert after the quiet spell')).conversation;
    assert.equal(later.unread, 2);
    assert.equal(later.first_response_at, busy.first_response_at);
  });

  test('presence: an agent going away/online is pushed to the other agents', async () => {
    const sam = await agentSignIn(SAM.email, SAM.password);
    const { sock: mine } = await inboxSocket(maya);
    const { sock: samsInbox } = await inboxSocket(sam);
    const isMaya = (status) => (f) => f.type === 'presence' && f.agent?.name === MAYA.name && f.agent.status === status;
    mine.send({ type: 'presence', status: 'away' });
    await samsInbox.next(isMaya('away'), 10_000, 'Maya away');
    mine.send({ type: 'presence', status: 'online' });
    await samsInbox.next(isMaya('online'), 10_000, 'Maya online');
  });
});
