// Test-data set-up through the API (not through the UI under test), reusing the edge suite's
// HTTP/WebSocket helpers.

import { api, newSession, agentSignIn, agentAction, openInboxSocket, MERCHANT, AGENTS } from '../../edge/tests/helpers.mjs';

/**
 * An identified subscriber always gets their one open conversation back. When a previous run
 * against the same (not fresh) stack left it claimed or escalated, resolve it, so the next
 * widget session starts a conversation that is waiting again. Does nothing on a fresh stack.
 */
export async function releaseSubscriberConversation(subscriberId) {
  const tokenRes = await api(`/api/dev/subscriber-token?merchant=${MERCHANT}&subscriber=${encodeURIComponent(subscriberId)}`);
  if (tokenRes.status !== 200 || !tokenRes.json?.token) {
    throw new Error(`GET /api/dev/subscriber-token for ${subscriberId} → ${tokenRes.status} ${tokenRes.text.slice(0, 200)}`);
  }
  const session = await newSession({ subscriberToken: tokenRes.json.token });
  const cookie = await agentSignIn(AGENTS.maya.email, AGENTS.maya.password);
  const inbox = await openInboxSocket(cookie);
  try {
    const snapshot = await inbox.next((f) => f.type === 'snapshot', 10_000, 'inbox snapshot');
    const item = snapshot.conversations.find((c) => c.id === session.conversation_id);
    if (item && (item.status === 'assigned' || item.status === 'escalated')) {
      const res = await agentAction(cookie, session.conversation_id, 'resolve');
      if (res.status !== 200) throw new Error(`resolving ${session.conversation_id} → ${res.status} ${res.text.slice(0, 200)}`);
    }
  } finally {
    await inbox.close();
  }
}
