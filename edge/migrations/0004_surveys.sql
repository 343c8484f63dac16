-- Post-interaction surveys (shared::surveys) and the support dashboard (shared::metrics).
-- Every table is keyed by merchant_id first.

-- One row per survey asked: CSAT after a resolution (conversation_id), CES after a
-- subscriber's self-service change (event_id), NPS every 90 days after the third box.
CREATE TABLE surveys (
    merchant_id     TEXT NOT NULL,
    id              TEXT NOT NULL,            -- srv_<hex>
    kind            TEXT NOT NULL CHECK (kind IN ('csat', 'ces', 'nps')),
    visitor_id      TEXT,
    subscriber_id   TEXT,
    conversation_id TEXT,                     -- CSAT: the resolved conversation
    agent_id        TEXT,                     -- CSAT: the agent who resolved it
    event_id        TEXT,                     -- CES: the subscription_events id
    created_at      INTEGER NOT NULL,         -- unix ms
    shown_at        INTEGER,                  -- first handed to the widget
    answered_at     INTEGER,
    dismissed_at    INTEGER,
    score           INTEGER,
    comment         TEXT,
    PRIMARY KEY (merchant_id, id),
    -- One survey per interaction (NULLs are distinct, so NPS rows are not limited here).
    UNIQUE (merchant_id, kind, conversation_id),
    UNIQUE (merchant_id, kind, event_id)
);
-- The widget's pending lookup, by visitor or by subscriber (newest first).
CREATE INDEX surveys_by_visitor ON surveys (merchant_id, visitor_id, created_at);
CREATE INDEX surveys_by_subscriber ON surveys (merchant_id, subscriber_id, kind, created_at);
-- Dashboard: answers by day (covering: kind, score, agent), response rate by day shown,
-- and the newest comments.
CREATE INDEX surveys_answered ON surveys (merchant_id, answered_at, kind, score, agent_id)
    WHERE answered_at IS NOT NULL;
CREATE INDEX surveys_shown ON surveys (merchant_id, shown_at, kind, agent_id, answered_at)
    WHERE shown_at IS NOT NULL;
CREATE INDEX surveys_comments ON surveys (merchant_id, answered_at)
    WHERE comment IS NOT NULL;

-- Why the subscriber got in touch (shared::surveys::ContactReason), set when resolving.
ALTER TABLE conversations ADD COLUMN contact_reason TEXT;
-- When the visitor first wrote (a widget session alone creates an empty conversation row).
ALTER TABLE conversations ADD COLUMN opened_at INTEGER;

-- Dashboard: conversations by day created, covering every column the metrics read; and
-- the same per agent (assignee).
CREATE INDEX conversations_metrics ON conversations
    (merchant_id, created_at, opened_at, first_response_at, resolved_at, reopened, escalated_at, contact_reason, assignee_id);
CREATE INDEX conversations_metrics_by_agent ON conversations
    (merchant_id, assignee_id, created_at, opened_at, first_response_at, resolved_at, reopened, escalated_at, contact_reason);

-- Churn and cancel reasons: changes by action and time; subscriptions by creation time.
CREATE INDEX subscription_events_by_action ON subscription_events (merchant_id, action, at, reason);
CREATE INDEX subscriptions_by_created ON subscriptions (merchant_id, created_at);
