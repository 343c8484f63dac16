// Dashboard query benchmark (scripts/bench-metrics): times GET /api/v1/agent/metrics for the
// bench-metrics merchant (bench/metrics-load.sql) on a local stack — a cold first request and
// warm repeats, for a 30-day and a 365-day range, with and without the agent filter. Prints a
// table and writes JSON. Only 127.0.0.1 / localhost.
//   node bench/metrics.mjs [--base URL] [--runs 15] [--out bench/out/metrics.json]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const base = (args.base || process.env.CD_BASE_URL || 'http://127.0.0.1:8793').replace(/\/+$/, '');
if (!['127.0.0.1', 'localhost'].includes(new URL(base).hostname)) throw new Error(`refusing non-local --base ${base}`);
const runs = Number(args.runs || 15);
const out = args.out || 'bench/out/metrics.json';
const TARGET_MS = 200;

const day = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

const signIn = await fetch(`${base}/api/v1/agent/session`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: base },
  body: JSON.stringify({ email: 'agent1@bench-metrics.test', password: 'maya-demo-pass' }),
});
if (signIn.status !== 200) throw new Error(`sign-in: ${signIn.status} ${await signIn.text()}`);
const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('cd_agent=')).split(';')[0];

const scenarios = [
  { name: '30 days, day', query: `from=${day(-29)}&to=${day(0)}&period=day` },
  { name: '30 days, day, agent', query: `from=${day(-29)}&to=${day(0)}&period=day&agent=agt_b2` },
  { name: '365 days, week', query: `from=${day(-364)}&to=${day(0)}&period=week` },
  { name: '365 days, day', query: `from=${day(-364)}&to=${day(0)}&period=day` },
  { name: '365 days, month, agent', query: `from=${day(-364)}&to=${day(0)}&period=month&agent=agt_b2` },
];

async function once(query) {
  const t0 = process.hrtime.bigint();
  const res = await fetch(`${base}/api/v1/agent/metrics?${query}`, { headers: { cookie } });
  const body = await res.json();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (res.status !== 200) throw new Error(`${query}: ${res.status} ${JSON.stringify(body)}`);
  const d1 = Number(/d1;dur=(\d+)/.exec(res.headers.get('server-timing') ?? '')?.[1] ?? NaN);
  return { ms, body, d1 };
}

const pct = (sorted, p) => sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];
const results = [];
for (const s of scenarios) {
  const cold = await once(s.query);
  const warm = [];
  const d1 = [];
  for (let i = 0; i < runs; i++) {
    const r = await once(s.query);
    warm.push(r.ms);
    d1.push(r.d1);
  }
  warm.sort((a, b) => a - b);
  d1.sort((a, b) => a - b);
  const csat = cold.body.tiles.find((t) => t.metric === 'csat');
  const frt = cold.body.tiles.find((t) => t.metric === 'frt_median');
  results.push({
    scenario: s.name,
    query: s.query,
    cold_ms: cold.ms,
    warm_p50_ms: pct(warm, 50),
    warm_max_ms: warm[warm.length - 1],
    d1_p50_ms: pct(d1, 50),
    conversations: frt.sample,
    csat_answers: csat.sample,
    within_target: Math.max(cold.ms, warm[warm.length - 1]) <= TARGET_MS,
  });
}

const f = (n) => n.toFixed(1).padStart(8);
console.log(`\nGET /api/v1/agent/metrics on ${base} (${runs} warm runs each; target ≤ ${TARGET_MS} ms)\n`);
console.log('scenario                    cold ms   p50 ms   max ms   D1 p50   conversations  csat answers  ok');
for (const r of results) {
  console.log(`${r.scenario.padEnd(26)}${f(r.cold_ms)} ${f(r.warm_p50_ms)} ${f(r.warm_max_ms)} ${f(r.d1_p50_ms)}   ${String(r.conversations).padStart(12)}  ${String(r.csat_answers).padStart(12)}  ${r.within_target ? 'yes' : 'NO'}`);
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ base, runs, target_ms: TARGET_MS, at: new Date().toISOString(), results }, null, 2));
console.log(`\nwritten: ${out}`);
