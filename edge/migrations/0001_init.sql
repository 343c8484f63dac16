-- Cellar Door schema, v1. Every table is keyed by merchant_id so that merchants can later be
-- split across databases (D1 caps one database at 10 GB).

CREATE TABLE merchants (
    id          TEXT PRIMARY KEY,             -- slug, [a-z0-9-]{3,40}
    name        TEXT NOT NULL,
    settings    TEXT NOT NULL DEFAULT '{}',   -- JSON: cutoff hours, regions, business hours, targets
    created_at  INTEGER NOT NULL              -- unix ms
);

-- Origins allowed to call the API for a merchant (CORS and the session endpoint).
CREATE TABLE merchant_origins (
    merchant_id TEXT NOT NULL REFERENCES merchants (id),
    origin      TEXT NOT NULL,
    PRIMARY KEY (merchant_id, origin)
);
CREATE INDEX merchant_origins_by_origin ON merchant_origins (origin);

CREATE TABLE subscribers (
    merchant_id TEXT NOT NULL REFERENCES merchants (id),
    id          TEXT NOT NULL,
    email       TEXT NOT NULL,
    name        TEXT NOT NULL,
    locale      TEXT,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, id)
);
CREATE UNIQUE INDEX subscribers_by_email ON subscribers (merchant_id, email);

CREATE TABLE subscriptions (
    merchant_id   TEXT NOT NULL,
    id            TEXT NOT NULL,
    subscriber_id TEXT NOT NULL,
    plan          TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('active', 'paused', 'cancelled')),
    frequency     TEXT NOT NULL CHECK (frequency IN ('weekly', 'biweekly', 'monthly')),
    next_box_date TEXT,                       -- ISO date
    price_cents   INTEGER NOT NULL,
    address       TEXT NOT NULL DEFAULT '{}', -- JSON
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, id),
    FOREIGN KEY (merchant_id, subscriber_id) REFERENCES subscribers (merchant_id, id)
);
CREATE INDEX subscriptions_by_subscriber ON subscriptions (merchant_id, subscriber_id);

CREATE TABLE orders (
    merchant_id     TEXT NOT NULL,
    id              TEXT NOT NULL,
    subscriber_id   TEXT NOT NULL,
    subscription_id TEXT,
    status          TEXT NOT NULL CHECK (status IN ('placed', 'shipped', 'delivered', 'problem')),
    items           TEXT NOT NULL,            -- JSON array of {sku, name, qty}
    total_cents     INTEGER NOT NULL,
    placed_at       INTEGER NOT NULL,
    delivered_at    INTEGER,
    PRIMARY KEY (merchant_id, id),
    FOREIGN KEY (merchant_id, subscriber_id) REFERENCES subscribers (merchant_id, id)
);
CREATE INDEX orders_by_subscriber ON orders (merchant_id, subscriber_id, placed_at);

-- Anonymous widget visitors, created only after they first interact.
CREATE TABLE visitors (
    merchant_id   TEXT NOT NULL REFERENCES merchants (id),
    id            TEXT NOT NULL,
    subscriber_id TEXT,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, id)
);

-- Conversation index; the messages themselves live in each conversation's Durable Object.
CREATE TABLE conversations (
    merchant_id TEXT NOT NULL REFERENCES merchants (id),
    id          TEXT NOT NULL,
    visitor_id  TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    channel     TEXT NOT NULL CHECK (channel IN ('chat', 'email')),
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, id),
    FOREIGN KEY (merchant_id, visitor_id) REFERENCES visitors (merchant_id, id)
);
CREATE INDEX conversations_by_visitor ON conversations (merchant_id, visitor_id, status, created_at);
