-- Self-service subscription changes: the rest of shared::subscription::SubscriptionData on
-- the subscription row, the audit log of every change, idempotency records of applied
-- requests, and the webhook outbox. Every table is keyed by merchant_id first.

ALTER TABLE subscriptions ADD COLUMN pause_from TEXT;          -- ISO date: first box the pause skipped
ALTER TABLE subscriptions ADD COLUMN pause_until TEXT;         -- ISO date
ALTER TABLE subscriptions ADD COLUMN pause_boxes INTEGER;      -- 1..12
ALTER TABLE subscriptions ADD COLUMN cancel_effective TEXT;    -- ISO date
ALTER TABLE subscriptions ADD COLUMN box_after_next TEXT;      -- ISO date, when off the regular step
ALTER TABLE subscriptions ADD COLUMN monthly_day INTEGER;      -- 29..31 for monthly plans
ALTER TABLE subscriptions ADD COLUMN is_wine INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subscriptions ADD COLUMN cancel_reason TEXT;
ALTER TABLE subscriptions ADD COLUMN cancel_comment TEXT;
ALTER TABLE subscriptions ADD COLUMN updated_at INTEGER;       -- unix ms of the last change

-- Who changed what, before/after, when. One row per version: two racing writers cannot both
-- land the same version.
CREATE TABLE subscription_events (
    merchant_id     TEXT NOT NULL,
    id              TEXT NOT NULL,            -- evt_<hex>, also the webhook event id
    subscription_id TEXT NOT NULL,
    subscriber_id   TEXT NOT NULL,
    version         INTEGER NOT NULL,         -- the subscription's version after the change
    actor_kind      TEXT NOT NULL CHECK (actor_kind IN ('subscriber', 'agent')),
    actor_id        TEXT NOT NULL,
    actor_name      TEXT,
    action          TEXT NOT NULL,            -- shared ActionKind
    before          TEXT NOT NULL,            -- JSON SubscriptionData
    after           TEXT NOT NULL,            -- JSON SubscriptionData
    effect          TEXT NOT NULL,            -- JSON Effect
    reason          TEXT,                     -- cancel reason
    comment         TEXT,                     -- cancel comment
    reference       TEXT NOT NULL,            -- CD-XXXXXXXX
    at              INTEGER NOT NULL,         -- unix ms
    PRIMARY KEY (merchant_id, id),
    UNIQUE (merchant_id, subscription_id, version)
);
CREATE INDEX subscription_events_by_subscriber ON subscription_events (merchant_id, subscriber_id, at);

-- Applied requests by Idempotency-Key, per actor: a repeat gets the first response again.
CREATE TABLE idempotency_keys (
    merchant_id   TEXT NOT NULL,
    actor         TEXT NOT NULL,              -- subscriber id or agent id
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,              -- hex SHA-256 of the target and the request body
    status        INTEGER NOT NULL,
    body          TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, actor, key)
);

-- Webhook events to deliver, written in the same batch as the change.
CREATE TABLE webhook_outbox (
    merchant_id     TEXT NOT NULL,
    event_id        TEXT NOT NULL,
    type            TEXT NOT NULL,
    body            TEXT NOT NULL,            -- JSON WebhookEvent, sent verbatim
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,                  -- unix ms; NULL once delivered or given up
    delivered_at    INTEGER,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, event_id)
);
CREATE INDEX webhook_outbox_due ON webhook_outbox (merchant_id, next_attempt_at) WHERE delivered_at IS NULL;
