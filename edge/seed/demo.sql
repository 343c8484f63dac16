-- Demo data for local development and tests. Idempotent: safe to apply on every start.
-- Times are relative to when the seed first runs.

INSERT OR IGNORE INTO merchants (id, name, settings, created_at) VALUES
  ('demo-wines', 'Demo Wines & Provisions',
   '{"cutoff_hours":48,"first_response_minutes":5,"business_hours":{"days":[1,2,3,4,5,6,7],"open_minute":0,"close_minute":1440,"utc_offset_minutes":0}}',
   CAST(strftime('%s','now') AS INTEGER) * 1000);

INSERT OR IGNORE INTO merchant_origins (merchant_id, origin) VALUES
  ('demo-wines', 'http://127.0.0.1:8787'),
  ('demo-wines', 'http://localhost:8787'),
  ('demo-wines', 'http://127.0.0.1:8788'),
  ('demo-wines', 'http://localhost:8788'),
  ('demo-wines', 'http://127.0.0.1:8790'),   -- benchmark stack (scripts/bench-chat)
  ('demo-wines', 'http://localhost:8790'),
  ('demo-wines', 'http://127.0.0.1:8791'),   -- spare stacks for parallel development
  ('demo-wines', 'http://127.0.0.1:8792'),
  ('demo-wines', 'http://127.0.0.1:8793');

INSERT OR IGNORE INTO subscribers (merchant_id, id, email, name, locale, created_at) VALUES
  ('demo-wines', 'sub_ava',    'ava.martin@example.com',  'Ava Martin',     'en', CAST(strftime('%s','now','-400 days') AS INTEGER) * 1000),
  ('demo-wines', 'sub_lucia',  'lucia.garcia@example.com','Lucía García',   'es', CAST(strftime('%s','now','-200 days') AS INTEGER) * 1000),
  ('demo-wines', 'sub_eero',   'eero.virtanen@example.com','Eero Virtanen', 'fi', CAST(strftime('%s','now','-90 days') AS INTEGER) * 1000),
  ('demo-wines', 'sub_olga',   'olga.ivanova@example.com','Olga Ivanova',   'ru', CAST(strftime('%s','now','-30 days') AS INTEGER) * 1000);

INSERT OR IGNORE INTO subscriptions (merchant_id, id, subscriber_id, plan, status, frequency, next_box_date, price_cents, address, created_at) VALUES
  ('demo-wines', 'subn_ava_cellar',  'sub_ava',   'Cellar Club — 3 bottles', 'active', 'monthly',  date('now','+9 days'), 6900,
   '{"name":"Ava Martin","line1":"410 Vine St","city":"Sacramento","region":"CA","postal_code":"95814","country":"US"}', CAST(strftime('%s','now','-400 days') AS INTEGER) * 1000),
  ('demo-wines', 'subn_lucia_pair',  'sub_lucia', 'Cheese & Wine Pairing',   'active', 'biweekly', date('now','+3 days'), 5400,
   '{"name":"Lucía García","line1":"Calle Mayor 12","city":"Madrid","region":"MD","postal_code":"28013","country":"ES"}', CAST(strftime('%s','now','-200 days') AS INTEGER) * 1000),
  ('demo-wines', 'subn_eero_bread',  'sub_eero',  'Artisan Bread & Provisions', 'paused', 'weekly', date('now','+21 days'), 2900,
   '{"name":"Eero Virtanen","line1":"Mannerheimintie 5","city":"Helsinki","region":"","postal_code":"00100","country":"FI"}', CAST(strftime('%s','now','-90 days') AS INTEGER) * 1000),
  ('demo-wines', 'subn_olga_cellar', 'sub_olga',  'Cellar Club — 3 bottles', 'active', 'monthly',  date('now','+1 days'), 6900,
   '{"name":"Olga Ivanova","line1":"Kaivokatu 8","city":"Helsinki","region":"","postal_code":"00100","country":"FI"}', CAST(strftime('%s','now','-30 days') AS INTEGER) * 1000);

INSERT OR IGNORE INTO orders (merchant_id, id, subscriber_id, subscription_id, status, items, total_cents, placed_at, delivered_at) VALUES
  ('demo-wines', 'ord_1001', 'sub_ava', 'subn_ava_cellar', 'delivered',
   '[{"sku":"W-PN-21","name":"Willamette Pinot Noir 2021","qty":1},{"sku":"W-RI-22","name":"Mosel Riesling 2022","qty":1},{"sku":"W-TE-20","name":"Rioja Tempranillo 2020","qty":1}]',
   6900, CAST(strftime('%s','now','-21 days') AS INTEGER) * 1000, CAST(strftime('%s','now','-18 days') AS INTEGER) * 1000),
  ('demo-wines', 'ord_1002', 'sub_lucia', 'subn_lucia_pair', 'delivered',
   '[{"sku":"C-MAN-12","name":"Manchego 12 months","qty":1},{"sku":"W-AL-22","name":"Albariño 2022","qty":1}]',
   5400, CAST(strftime('%s','now','-11 days') AS INTEGER) * 1000, CAST(strftime('%s','now','-9 days') AS INTEGER) * 1000),
  ('demo-wines', 'ord_1003', 'sub_lucia', 'subn_lucia_pair', 'problem',
   '[{"sku":"C-BRI-01","name":"Brie de Meaux","qty":1},{"sku":"W-CH-21","name":"Chablis 2021","qty":1}]',
   5400, CAST(strftime('%s','now','-2 days') AS INTEGER) * 1000, NULL),
  ('demo-wines', 'ord_1004', 'sub_olga', 'subn_olga_cellar', 'shipped',
   '[{"sku":"W-PN-21","name":"Willamette Pinot Noir 2021","qty":2},{"sku":"W-SY-20","name":"Barossa Shiraz 2020","qty":1}]',
   6900, CAST(strftime('%s','now','-3 days') AS INTEGER) * 1000, NULL);

-- The demo shop answers chat around the clock, so whether the widget says "we're away"
-- depends only on whether an agent is online.
UPDATE merchants SET widget_secret = 'demo-wines-widget-secret-change-me' WHERE id = 'demo-wines' AND widget_secret = '';

-- Demo agents (passwords printed by scripts/demo): PBKDF2-SHA256, 100,000 iterations.
INSERT OR IGNORE INTO agents (merchant_id, id, email, name, role, password_hash, created_at) VALUES
  ('demo-wines', 'agt_maya', 'maya@demo-wines.test', 'Maya Lindqvist', 'agent',
   'pbkdf2-sha256$100000$q82LBsRV-g-_C9kKdPZ3Yw$vD48WcrrUgEeHELqOe9DNr_1aymErb5Y0DJsRQWH12M', CAST(strftime('%s','now') AS INTEGER) * 1000),
  ('demo-wines', 'agt_sam', 'sam@demo-wines.test', 'Sam Ortega', 'lead',
   'pbkdf2-sha256$100000$D_7Nn80A0LjegwbcT6jaqA$2Yfo1djyP3xCZBNcSKgGxJxRE3Qw0HIrwz4Qg4orrWY', CAST(strftime('%s','now') AS INTEGER) * 1000);

-- Bring settings seeded by an earlier version up to the current shape.
UPDATE merchants
   SET settings = '{"cutoff_hours":48,"first_response_minutes":5,"business_hours":{"days":[1,2,3,4,5,6,7],"open_minute":0,"close_minute":1440,"utc_offset_minutes":0}}'
 WHERE id = 'demo-wines' AND settings NOT LIKE '%open_minute%';

-- Self-service (0003): the shop's cutoff, where wine may ship (shared::address::DEMO_WINE_REGIONS),
-- its discount save offer, and a webhook to the dev sink so the demo shows deliveries.
UPDATE merchants
   SET settings = json_set(settings,
         '$.cutoff_hours', 48,
         '$.allowed_regions', json('["US-CA","US-OR","US-WA","US-NY","DE","FR","ES","IT","FI","NL","AT"]'),
         '$.discount_offer', json('{"percent":20,"boxes":2,"code":"STAY20"}'),
         '$.webhook', json('{"url":"http://127.0.0.1:8787/api/dev/webhook-sink","secret":"demo-wines-webhook-secret-change-me"}'))
 WHERE id = 'demo-wines' AND json_extract(settings, '$.allowed_regions') IS NULL;

UPDATE subscriptions SET is_wine = 1
 WHERE merchant_id = 'demo-wines' AND plan LIKE 'Cellar Club%' AND is_wine = 0;
