// The benchmark's reference point: the smallest JavaScript Durable Object chat that speaks the
// frames bench/chat.mjs uses, written the way the open-source JS examples are (hibernation
// API, SQLite storage, one JSON.stringify per broadcast, getWebSockets() per message).
// Each `send` is stored with the next seq, acked, then broadcast to every other socket: the
// same storage and socket work as edge/src/conversation.rs, without anything else that
// object does (no token or cookie check, no validation or rate limit, no dedupe, no inbox).
// Run only by `./scripts/bench-chat --reference`; never deployed.
import { DurableObject } from 'cloudflare:workers';

export class Conversation extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      `CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY, client_id TEXT NOT NULL,
       author TEXT NOT NULL, author_id TEXT NOT NULL, author_name TEXT, body TEXT NOT NULL,
       at INTEGER NOT NULL, event TEXT)`,
    );
    this.seq = ctx.storage.sql.exec('SELECT COALESCE(MAX(seq), 0) AS m FROM messages').one().m;
  }

  async fetch(request) {
    const author = new URL(request.url).searchParams.get('author');
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1], [author]);
    pair[1].serializeAttachment({ author, id: crypto.randomUUID() });
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  async webSocketMessage(ws, data) {
    const frame = JSON.parse(data);
    if (frame.type === 'hello') {
      ws.send(JSON.stringify({ type: 'history', messages: [] }));
      return;
    }
    if (frame.type !== 'send') return;
    const { author, id } = ws.deserializeAttachment();
    const seq = ++this.seq;
    const at = Date.now();
    this.ctx.storage.sql.exec(
      'INSERT INTO messages (seq, client_id, author, author_id, author_name, body, at, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      seq, frame.client_id, author, id, null, frame.body, at, null,
    );
    ws.send(JSON.stringify({ type: 'ack', client_id: frame.client_id, seq, at }));
    const message = JSON.stringify({
      type: 'message',
      message: { seq, client_id: frame.client_id, author, author_name: null, body: frame.body, at },
    });
    for (const other of this.ctx.getWebSockets()) {
      if (other !== ws) {
        try {
          other.send(message);
        } catch {
          // closing: its close event follows
        }
      }
    }
  }

  async webSocketClose(ws, code, reason) {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // already closed
    }
  }
}

let conversations = 0;

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === '/api/health') return new Response('ok');
    if (pathname === '/api/v1/widget/session') {
      conversations += 1;
      return Response.json({ conversation_id: `c_ref${conversations}_${crypto.randomUUID()}`, conversation_token: 'reference' });
    }
    if (pathname === '/api/v1/agent/session') {
      return new Response('{}', { headers: { 'content-type': 'application/json', 'set-cookie': 'cd_agent=reference; Path=/' } });
    }
    const visitor = pathname.match(/^\/api\/v1\/conversations\/([^/]+)\/ws$/);
    const agent = pathname.match(/^\/api\/v1\/agent\/conversations\/([^/]+)\/ws$/);
    const match = visitor ?? agent;
    if (!match) return new Response('not found', { status: 404 });
    const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(match[1]));
    return stub.fetch(`https://object.internal/ws?author=${visitor ? 'visitor' : 'agent'}`, request);
  },
};
