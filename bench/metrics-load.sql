-- Bulk data for scripts/bench-metrics: one merchant (bench-metrics) with 100,000
-- conversations over the last two years and 50,000 answered surveys (plus 10,000 shown and
-- not answered), 2,000 subscriptions and 500 cancellations. Agents sign in with the demo
-- password of Maya (their hash is copied from agt_maya).

INSERT OR IGNORE INTO merchants (id, name, settings, created_at)
VALUES ('bench-metrics', 'Bench Metrics', '{}', CAST(strftime('%s', 'now') AS INTEGER) * 1000);

INSERT OR IGNORE INTO agents (merchant_id, id, email, name, role, password_hash, created_at)
SELECT 'bench-metrics', 'agt_b' || n, 'agent' || n || '@bench-metrics.test', 'Bench Agent ' || n,
       CASE WHEN n = 1 THEN 'lead' ELSE 'agent' END, password_hash, 0
  FROM agents, (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5)
 WHERE agents.merchant_id = 'demo-wines' AND agents.id = 'agt_maya';

INSERT OR IGNORE INTO subscribers (merchant_id, id, email, name, created_at)
VALUES ('bench-metrics', 'sub_bench', 'bench@example.com', 'Bench', 0);
INSERT OR IGNORE INTO visitors (merchant_id, id, subscriber_id, created_at)
VALUES ('bench-metrics', 'v_bench', 'sub_bench', 0);

WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 100000),
c AS (SELECT n, (CAST(strftime('%s', 'now') AS INTEGER) - 730 * 86400 + n * 630) * 1000 - 3600000 AS created,
             (20 + n * 37 % 900) * 1000 AS frt, (600 + n * 7919 % 172800) * 1000 AS res FROM seq)
INSERT OR IGNORE INTO conversations (merchant_id, id, visitor_id, subscriber_id, status, channel, created_at, opened_at,
    assignee_id, escalated_at, first_response_at, resolved_at, reopened, contact_reason)
SELECT 'bench-metrics', printf('c_bench_%06d', n), 'v_bench', 'sub_bench',
       CASE WHEN n % 20 = 0 THEN 'open' ELSE 'resolved' END, 'chat', created, created,
       'agt_b' || (n % 5 + 1),
       CASE WHEN n % 17 = 0 THEN created + frt END,
       CASE WHEN n % 50 = 0 THEN NULL ELSE created + frt END,
       CASE WHEN n % 20 = 0 THEN NULL ELSE created + frt + res END,
       CASE WHEN n % 13 = 0 THEN 1 ELSE 0 END,
       CASE n % 6 WHEN 0 THEN 'wrong_order' WHEN 1 THEN 'product_quality' WHEN 2 THEN 'delivery_delay'
         WHEN 3 THEN 'subscription_management' WHEN 4 THEN 'billing' ELSE 'other' END
  FROM c;

-- 60,000 surveys shown, 50,000 answered: CSAT (60 %), NPS and CES (20 % each).
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 60000),
s AS (SELECT n, (CAST(strftime('%s', 'now') AS INTEGER) - 730 * 86400 + n * 1050) * 1000 - 3600000 AS at FROM seq)
INSERT OR IGNORE INTO surveys (merchant_id, id, kind, visitor_id, subscriber_id, conversation_id, agent_id, event_id,
    created_at, shown_at, answered_at, score, comment)
SELECT 'bench-metrics', printf('srv_bench_%06d', n),
       CASE WHEN n % 5 < 3 THEN 'csat' WHEN n % 5 = 3 THEN 'nps' ELSE 'ces' END,
       'v_bench', 'sub_bench',
       CASE WHEN n % 5 < 3 THEN printf('c_bench_%06d', n) END,
       CASE WHEN n % 5 < 3 THEN 'agt_b' || (n % 5 + 1) END,
       CASE WHEN n % 5 >= 3 THEN printf('evt_bench_%06d', n) END,
       at, at + 1000,
       CASE WHEN n % 6 != 0 THEN at + 60000 END,
       CASE WHEN n % 6 != 0 THEN
         CASE WHEN n % 5 < 3 THEN n * 7 % 5 + 1 WHEN n % 5 = 3 THEN n * 7 % 11 ELSE n * 7 % 7 + 1 END END,
       CASE WHEN n % 6 != 0 AND n % 10 = 1 THEN 'Bench comment ' || n END
  FROM s;

WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 2000)
INSERT OR IGNORE INTO subscriptions (merchant_id, id, subscriber_id, plan, status, frequency, price_cents, created_at)
SELECT 'bench-metrics', printf('subn_bench_%05d', n), 'sub_bench', 'Bench', CASE WHEN n % 4 = 0 THEN 'cancelled' ELSE 'active' END,
       'monthly', 1000, (CAST(strftime('%s', 'now') AS INTEGER) - 800 * 86400 + n * 30000) * 1000
  FROM seq;

WITH RECURSIVE seq(n) AS (SELECT 4 UNION ALL SELECT n + 4 FROM seq WHERE n < 2000)
INSERT OR IGNORE INTO subscription_events (merchant_id, id, subscription_id, subscriber_id, version, actor_kind, actor_id,
    action, before, after, effect, reason, reference, at)
SELECT 'bench-metrics', printf('evt_bench_cancel_%05d', n), printf('subn_bench_%05d', n), 'sub_bench', 2, 'subscriber',
       'sub_bench', 'cancel', '{}', '{}', '{}',
       CASE n % 5 WHEN 0 THEN 'too_expensive' WHEN 1 THEN 'moving' WHEN 2 THEN 'not_enjoying' WHEN 3 THEN 'other' ELSE NULL END,
       'CD-BENCH', (CAST(strftime('%s', 'now') AS INTEGER) - 700 * 86400 + n * 30000) * 1000
  FROM seq;
