-- Live chat: subscriber identity, agents and their sessions, assignment and SLA timestamps.

-- Secret the merchant's server uses to sign subscriber tokens for the widget.
ALTER TABLE merchants ADD COLUMN widget_secret TEXT NOT NULL DEFAULT '';

-- Email an anonymous visitor left for an offline follow-up.
ALTER TABLE visitors ADD COLUMN email TEXT;

ALTER TABLE conversations ADD COLUMN subscriber_id TEXT;
ALTER TABLE conversations ADD COLUMN assignee_id TEXT;
ALTER TABLE conversations ADD COLUMN escalated_at INTEGER;
ALTER TABLE conversations ADD COLUMN first_response_at INTEGER;
ALTER TABLE conversations ADD COLUMN resolved_at INTEGER;
ALTER TABLE conversations ADD COLUMN reopened INTEGER NOT NULL DEFAULT 0;
CREATE INDEX conversations_by_subscriber ON conversations (merchant_id, subscriber_id, status, created_at);

CREATE TABLE agents (
    merchant_id   TEXT NOT NULL REFERENCES merchants (id),
    id            TEXT NOT NULL,
    email         TEXT NOT NULL,              -- lower-case
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('agent', 'lead')),
    password_hash TEXT NOT NULL,              -- "pbkdf2-sha256$<iterations>$<salt>$<hash>" (base64url)
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, id)
);
CREATE UNIQUE INDEX agents_by_email ON agents (email);

-- Sessions are looked up by the SHA-256 of the cookie value; the value itself is never stored.
CREATE TABLE agent_sessions (
    id          TEXT PRIMARY KEY,             -- hex SHA-256 of the session token
    merchant_id TEXT NOT NULL,
    agent_id    TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    FOREIGN KEY (merchant_id, agent_id) REFERENCES agents (merchant_id, id)
);
CREATE INDEX agent_sessions_by_agent ON agent_sessions (merchant_id, agent_id);

-- Failed sign-ins, for rate limiting (pre-authentication, so keyed by the email tried).
CREATE TABLE sign_in_failures (
    email TEXT NOT NULL,
    at    INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_by_email ON sign_in_failures (email, at);

-- What happened to a conversation and who did it, for the audit trail and the metrics.
CREATE TABLE conversation_events (
    merchant_id     TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('claimed', 'transferred', 'escalated', 'resolved', 'reopened', 'first_response')),
    agent_id        TEXT,
    detail          TEXT,
    at              INTEGER NOT NULL
);
CREATE INDEX conversation_events_by_conversation ON conversation_events (merchant_id, conversation_id, at);
