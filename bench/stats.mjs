// Statistics of the chat benchmark's samples (pure functions; tested by bench/stats.test.mjs).

/** The `q` quantile (0..1) of an ascending array, by the nearest-rank method; null if empty. */
export function percentile(sorted, q) {
  if (!sorted.length) return null;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[idx];
}

/** Deliveries slower than this (ms) count as slow in `slowBursts`: below both scenarios'
 * p99 targets (7 and 9 ms), so the bursts show what makes a run miss them. */
export const SLOW_MS = 5;

/**
 * How the slow deliveries cluster in time. `sentAt[i]` and `latency[i]` (ms) describe delivery
 * i of `length`. A delivery slower than `thresholdMs` belongs to a burst with the slow ones
 * sent within `gapMs` of it, so a pause of the server shows as one burst of the messages that
 * queued behind it, while slowness spread over a run shows as many small ones. A run's p99 is
 * then read with how many bursts made it and how large the largest was.
 */
export function slowBursts(sentAt, latency, length, { thresholdMs = SLOW_MS, gapMs = 50 } = {}) {
  const slow = [];
  for (let i = 0; i < length; i++) if (latency[i] > thresholdMs) slow.push(i);
  slow.sort((a, b) => sentAt[a] - sentAt[b]);
  let bursts = 0;
  let largest = null;
  let cur = null;
  for (const i of slow) {
    if (cur && sentAt[i] - cur.last <= gapMs) {
      cur.last = sentAt[i];
      cur.messages++;
      cur.max = Math.max(cur.max, latency[i]);
    } else {
      cur = { first: sentAt[i], last: sentAt[i], messages: 1, max: latency[i] };
      bursts++;
    }
    if (!largest || cur.messages > largest.messages) largest = cur;
  }
  return {
    threshold_ms: thresholdMs,
    slow_messages: slow.length,
    bursts,
    largest_burst: largest && {
      messages: largest.messages,
      span_ms: largest.last - largest.first,
      max_latency_ms: largest.max,
    },
  };
}
