// Takes a browser context offline and back, WebSockets included.
//
// `context.setOffline(true)` fails HTTP requests and fires the page's `offline` event, but
// Chromium's offline emulation does not touch WebSockets: an open socket keeps working and new
// ones still connect (microsoft/playwright#4910). So the conversation socket is routed through
// `context.routeWebSocket`: going offline also drops every routed socket (the page sees it
// close, as when the network goes away) and refuses new ones until back online.
//
//   const net = await installNetworkSwitch(context);   // before the page opens the widget
//   await net.offline(); … await net.online();

/** The widget's conversation socket. */
export const CONVERSATION_SOCKET = /\/api\/v1\/conversations\/[^/?#]+\/ws(\?|$)/;

/** Close code the page sees when the network goes away (an app-range code: 1006 cannot be sent). */
const DROPPED = 4000;

export async function installNetworkSwitch(context, pattern = CONVERSATION_SOCKET) {
  let isOffline = false;
  const live = new Set();
  await context.routeWebSocket(pattern, async (ws) => {
    if (isOffline) {
      // No network: the page sees the socket close without ever opening.
      await ws.close({ code: DROPPED, reason: 'offline' });
      return;
    }
    const server = ws.connectToServer();
    const pair = { ws, server };
    live.add(pair);
    ws.onClose((code, reason) => {
      live.delete(pair);
      server.close({ code: code === DROPPED ? 1000 : code, reason }).catch(() => {});
    });
    server.onClose((code, reason) => {
      live.delete(pair);
      ws.close({ code, reason }).catch(() => {});
    });
  });

  return {
    get isOffline() {
      return isOffline;
    },
    /** How many routed sockets are open now. */
    get openSockets() {
      return live.size;
    },
    async offline() {
      isOffline = true;
      await context.setOffline(true);
      const pairs = [...live];
      live.clear();
      for (const { ws, server } of pairs) {
        await ws.close({ code: DROPPED, reason: 'offline' }).catch(() => {});
        await server.close({ code: 1000, reason: 'client offline' }).catch(() => {});
      }
    },
    async online() {
      isOffline = false;
      await context.setOffline(false);
    },
  };
}
