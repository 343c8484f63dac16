import { test } from 'node:test';
import assert from 'node:assert/strict';
import { percentile, slowBursts } from './stats.mjs';

test('percentile takes the nearest rank', () => {
  const xs = Array.from({ length: 100 }, (_v, i) => i + 1);
  assert.equal(percentile(xs, 0.5), 50);
  assert.equal(percentile(xs, 0.99), 99);
  assert.equal(percentile(xs, 1), 100);
  assert.equal(percentile([7], 0.99), 7);
  assert.equal(percentile([], 0.5), null);
});

test('slow deliveries sent close together make one burst', () => {
  // 1,000 deliveries 1 ms apart, fast except two pauses: 30 queued behind one at 200 ms,
  // 5 behind one at 700 ms, plus a lone slow one at 900 ms.
  const n = 1_000;
  const sentAt = new Float64Array(n);
  const latency = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    sentAt[i] = i;
    latency[i] = 0.8;
  }
  for (let i = 200; i < 230; i++) latency[i] = 20 - (i - 200) * 0.5;
  for (let i = 700; i < 705; i++) latency[i] = 9;
  latency[900] = 6;
  const s = slowBursts(sentAt, latency, n);
  assert.equal(s.threshold_ms, 5);
  assert.equal(s.slow_messages, 36);
  assert.equal(s.bursts, 3);
  assert.deepEqual(s.largest_burst, { messages: 30, span_ms: 29, max_latency_ms: 20 });
});

test('order of deliveries does not matter, and a gap splits bursts', () => {
  // Slow ones at 0, 40, 80 (one burst: each within 50 ms of the last) and 200 (another),
  // delivered out of order.
  const sentAt = [200, 80, 0, 40, 10];
  const latency = [6, 7, 8, 9, 1];
  const s = slowBursts(sentAt, latency, sentAt.length, { thresholdMs: 5, gapMs: 50 });
  assert.equal(s.slow_messages, 4);
  assert.equal(s.bursts, 2);
  assert.deepEqual(s.largest_burst, { messages: 3, span_ms: 80, max_latency_ms: 9 });
});

test('no slow deliveries, no bursts', () => {
  const s = slowBursts([1, 2], [1, 1], 2);
  assert.deepEqual(s, { threshold_ms: 5, slow_messages: 0, bursts: 0, largest_burst: null });
});
