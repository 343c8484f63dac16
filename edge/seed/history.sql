-- Demo history for the support dashboard: six months of conversations, surveys and
-- cancellations for demo-wines, so the dashboard means something on first run. Applied by
-- scripts/stack.sh after demo.sql. Deterministic (pseudo-random from row numbers), dates
-- relative to when it first runs, and idempotent: fixed ids and INSERT OR IGNORE, so running
-- it again adds nothing. Everything belongs to synthetic subscribers (sub_hist_*) and
-- visitors (v_hist_*): the live demo subscribers (sub_ava …) get no surveys from it, and every
-- history survey is answered, dismissed or older than the 7 days the widget looks back.

-- 60 synthetic subscribers with 5 subscriptions each (300), created 200–400 days ago.
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 60)
INSERT OR IGNORE INTO subscribers (merchant_id, id, email, name, locale, created_at)
SELECT 'demo-wines', printf('sub_hist_%03d', n), printf('history-%03d@example.com', n),
       printf('History subscriber %03d', n), 'en',
       (CAST(strftime('%s', 'now') AS INTEGER) - (200 + n * 3) * 86400) * 1000
  FROM seq;

WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 200)
INSERT OR IGNORE INTO visitors (merchant_id, id, subscriber_id, created_at)
SELECT 'demo-wines', printf('v_hist_%03d', n), printf('sub_hist_%03d', (n - 1) % 60 + 1),
       (CAST(strftime('%s', 'now') AS INTEGER) - 200 * 86400) * 1000
  FROM seq;

-- Every fourth subscription was cancelled in the last 180 days (below).
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 300)
INSERT OR IGNORE INTO subscriptions (merchant_id, id, subscriber_id, plan, status, frequency, next_box_date, price_cents, created_at)
SELECT 'demo-wines', printf('subn_hist_%03d', n), printf('sub_hist_%03d', (n - 1) % 60 + 1),
       CASE n % 3 WHEN 0 THEN 'Cellar Club — 3 bottles' WHEN 1 THEN 'Cheese & Wine Pairing' ELSE 'Artisan Bread & Provisions' END,
       CASE WHEN n % 4 = 0 THEN 'cancelled' ELSE 'active' END,
       CASE n % 3 WHEN 0 THEN 'monthly' WHEN 1 THEN 'biweekly' ELSE 'weekly' END,
       date('now', printf('+%d days', n % 20 + 3)),
       CASE n % 3 WHEN 0 THEN 6900 WHEN 1 THEN 5400 ELSE 2900 END,
       (CAST(strftime('%s', 'now') AS INTEGER) - (200 + n * 67 % 200) * 86400) * 1000
  FROM seq;

WITH RECURSIVE seq(n) AS (SELECT 4 UNION ALL SELECT n + 4 FROM seq WHERE n < 300)
INSERT OR IGNORE INTO subscription_events (merchant_id, id, subscription_id, subscriber_id, version, actor_kind, actor_id,
    action, before, after, effect, reason, comment, reference, at)
SELECT 'demo-wines', printf('evt_hist_cancel_%03d', n), printf('subn_hist_%03d', n), printf('sub_hist_%03d', (n - 1) % 60 + 1),
       2, 'subscriber', printf('sub_hist_%03d', (n - 1) % 60 + 1), 'cancel', '{}', '{}', '{}',
       CASE n * 7 % 10
         WHEN 0 THEN 'too_expensive' WHEN 1 THEN 'too_expensive' WHEN 2 THEN 'too_expensive'
         WHEN 3 THEN 'too_much_product' WHEN 4 THEN 'too_much_product'
         WHEN 5 THEN 'not_enjoying' WHEN 6 THEN 'moving' WHEN 7 THEN 'delivery_problems'
         WHEN 8 THEN 'other' ELSE NULL END,
       NULL, printf('CD-H%07d', n),
       (CAST(strftime('%s', 'now') AS INTEGER) - (1 + n * 7 % 179) * 86400 - n * 977 % 80000) * 1000
  FROM seq;

-- 1,440 conversations over 180 days ending 5 days ago (8 a day, so every resolution and
-- survey lies in the past), answered a little faster lately.
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 1440),
conv AS (
  SELECT n,
         (CAST(strftime('%s', 'now') AS INTEGER) - (184 - (n - 1) / 8) * 86400 + (n * 7919 % 36000) + 8 * 3600) * 1000 AS created,
         CASE WHEN n % 10 = 0 THEN (600 + n * 13 % 1800) ELSE (30 + n * 37 % 300) END * 1000
           + (184 - (n - 1) / 8) * 1000 AS frt,
         (1800 + n * 7919 % 86400) * 1000 * (1 + n % 3) AS resolution
    FROM seq
)
INSERT OR IGNORE INTO conversations (merchant_id, id, visitor_id, subscriber_id, status, channel, created_at, opened_at,
    assignee_id, escalated_at, first_response_at, resolved_at, reopened, contact_reason)
SELECT 'demo-wines', printf('c_hist_%05d', n), printf('v_hist_%03d', (n - 1) % 200 + 1), printf('sub_hist_%03d', ((n - 1) % 200) % 60 + 1),
       CASE WHEN n % 25 = 0 THEN 'open' ELSE 'resolved' END, CASE WHEN n % 10 = 0 THEN 'email' ELSE 'chat' END, created, created,
       CASE WHEN n % 3 = 0 THEN 'agt_sam' ELSE 'agt_maya' END,
       CASE WHEN n % 17 = 0 THEN created + frt + 600000 END,
       created + frt,
       CASE WHEN n % 25 = 0 THEN NULL ELSE created + frt + resolution END,
       CASE WHEN n % 13 = 0 THEN 1 ELSE 0 END,
       CASE n * 31 % 20
         WHEN 0 THEN 'wrong_order' WHEN 1 THEN 'wrong_order' WHEN 2 THEN 'wrong_order' WHEN 3 THEN 'wrong_order'
         WHEN 4 THEN 'wrong_order' WHEN 5 THEN 'wrong_order' WHEN 6 THEN 'wrong_order'
         WHEN 7 THEN 'product_quality' WHEN 8 THEN 'product_quality' WHEN 9 THEN 'product_quality' WHEN 10 THEN 'product_quality'
         WHEN 11 THEN 'delivery_delay' WHEN 12 THEN 'delivery_delay' WHEN 13 THEN 'delivery_delay' WHEN 14 THEN 'delivery_delay'
         WHEN 15 THEN 'subscription_management' WHEN 16 THEN 'subscription_management' WHEN 17 THEN 'subscription_management'
         WHEN 18 THEN 'billing' ELSE 'other' END
  FROM conv;

-- CSAT for 70 % of the resolved conversations; 60 % of those answered, the rest dismissed.
INSERT OR IGNORE INTO surveys (merchant_id, id, kind, visitor_id, subscriber_id, conversation_id, agent_id,
    created_at, shown_at, answered_at, dismissed_at, score, comment)
SELECT c.merchant_id, 'srv_hist_c' || substr(c.id, 8), 'csat', c.visitor_id, c.subscriber_id, c.id, c.assignee_id,
       c.resolved_at, c.resolved_at + 60000,
       CASE WHEN k % 5 < 3 THEN c.resolved_at + 120000 END,
       CASE WHEN k % 5 >= 3 THEN c.resolved_at + 90000 END,
       CASE WHEN k % 5 < 3 THEN
         CASE k * 17 % 20 WHEN 0 THEN 1 WHEN 1 THEN 2 WHEN 2 THEN 3 WHEN 3 THEN 4 WHEN 4 THEN 4 WHEN 5 THEN 4
           WHEN 6 THEN 4 WHEN 7 THEN 4 ELSE 5 END END,
       CASE WHEN k % 5 < 3 AND k % 9 = 0 THEN
         CASE k * 17 % 20
           WHEN 0 THEN 'Still waiting for the refund I was promised.'
           WHEN 1 THEN 'Took three messages to get a straight answer.'
           WHEN 2 THEN 'Fine in the end, but slow.'
           ELSE CASE k % 4
             WHEN 0 THEN 'Replacement bottle sorted in minutes — thank you!'
             WHEN 1 THEN 'Lovely, friendly help with my delivery.'
             WHEN 2 THEN 'Quick and kind, the cheese was replaced straight away.'
             ELSE 'Great wine tips as well as the fix.' END END END
  FROM (SELECT *, CAST(substr(id, 8) AS INTEGER) AS k FROM conversations
         WHERE merchant_id = 'demo-wines' AND id LIKE 'c_hist_%' AND resolved_at IS NOT NULL) c
 WHERE c.k % 10 < 7;

-- CES after 360 self-service changes (2 a day); half answered, half dismissed.
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 360),
s AS (SELECT n, (CAST(strftime('%s', 'now') AS INTEGER) - (180 - (n - 1) / 2) * 86400 + n * 4111 % 40000) * 1000 AS at FROM seq)
INSERT OR IGNORE INTO surveys (merchant_id, id, kind, subscriber_id, event_id, created_at, shown_at, answered_at, dismissed_at, score, comment)
SELECT 'demo-wines', printf('srv_hist_e%04d', n), 'ces', printf('sub_hist_%03d', (n - 1) % 60 + 1), printf('evt_hist_%04d', n),
       at, at + 5000,
       CASE WHEN n % 2 = 0 THEN at + 20000 END,
       CASE WHEN n % 2 = 1 THEN at + 15000 END,
       CASE WHEN n % 2 = 0 THEN CASE n * 7 % 10 WHEN 0 THEN 7 WHEN 1 THEN 6 WHEN 2 THEN 6 WHEN 3 THEN 5 WHEN 4 THEN 5
         WHEN 5 THEN 4 WHEN 6 THEN 7 WHEN 7 THEN 6 WHEN 8 THEN 3 ELSE 6 END END,
       CASE WHEN n % 2 = 0 AND n % 14 = 0 THEN
         CASE n % 3 WHEN 0 THEN 'Skipping a box took two clicks.' WHEN 1 THEN 'Could not find where to change the address at first.'
           ELSE 'Pausing over the holidays was easy.' END END
  FROM s;

-- NPS: 180 asked (one a day), 70 % answered.
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 180),
s AS (SELECT n, (CAST(strftime('%s', 'now') AS INTEGER) - (181 - n) * 86400 + n * 2713 % 30000) * 1000 AS at FROM seq)
INSERT OR IGNORE INTO surveys (merchant_id, id, kind, subscriber_id, created_at, shown_at, answered_at, dismissed_at, score, comment)
SELECT 'demo-wines', printf('srv_hist_n%04d', n), 'nps', printf('sub_hist_%03d', (n - 1) % 60 + 1),
       at, at + 5000,
       CASE WHEN n % 10 < 7 THEN at + 30000 END,
       CASE WHEN n % 10 >= 7 THEN at + 20000 END,
       CASE WHEN n % 10 < 7 THEN CASE n * 11 % 15 WHEN 0 THEN 10 WHEN 1 THEN 9 WHEN 2 THEN 9 WHEN 3 THEN 10 WHEN 4 THEN 8
         WHEN 5 THEN 7 WHEN 6 THEN 9 WHEN 7 THEN 10 WHEN 8 THEN 6 WHEN 9 THEN 3 WHEN 10 THEN 9 WHEN 11 THEN 10
         WHEN 12 THEN 8 WHEN 13 THEN 9 ELSE 10 END END,
       CASE WHEN n % 10 < 7 AND n % 8 = 0 THEN
         CASE n % 3 WHEN 0 THEN 'The pairings are the best part of my month.' WHEN 1 THEN 'Great cheese, delivery could be faster.'
           ELSE 'Already recommended you to two friends.' END END
  FROM s;
