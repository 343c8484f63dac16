-- Daily rollups for the dashboard (issue: 365-day ranges over 100,000 conversations in
-- ≤ 200 ms). Triggers keep them in step with every write, in the same statement as the
-- write: a change subtracts the old row's contribution and adds the new one's. Days are
-- the merchant's local days (its business_hours.utc_offset_minutes at write time); the
-- statements at the end rebuild them from the raw rows (run them again if a merchant's
-- offset changes). Every table is keyed by merchant_id first.

-- The merchant's offset from UTC in ms (settings default: UTC).
CREATE VIEW merchant_offsets AS
SELECT id, 60000 * COALESCE(json_extract(settings, '$.business_hours.utc_offset_minutes'), 0) AS offset_ms
  FROM merchants;

-- Conversations by the local day they began, channel and assignee ('' = nobody):
-- every first response time (ms, exact, for the median and p90), resolution totals and
-- outcomes for first contact resolution.
CREATE TABLE conversation_days (
    merchant_id   TEXT NOT NULL,
    day           INTEGER NOT NULL,          -- local days since 1970-01-01
    channel       TEXT NOT NULL,
    agent_id      TEXT NOT NULL,
    frt           TEXT NOT NULL DEFAULT '[]',
    resolved      INTEGER NOT NULL DEFAULT 0,
    resolution_ms INTEGER NOT NULL DEFAULT 0,
    clean         INTEGER NOT NULL DEFAULT 0, -- resolved, not reopened, not escalated
    reopened      INTEGER NOT NULL DEFAULT 0,
    escalated     INTEGER NOT NULL DEFAULT 0, -- resolved after an escalation, not reopened
    PRIMARY KEY (merchant_id, day, channel, agent_id)
) WITHOUT ROWID;

CREATE TABLE contact_reason_days (
    merchant_id TEXT NOT NULL,
    day         INTEGER NOT NULL,
    channel     TEXT NOT NULL,
    agent_id    TEXT NOT NULL,
    reason      TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, day, channel, agent_id, reason)
) WITHOUT ROWID;

-- Survey answers by the local day answered (scores: count of each score 0–10), and
-- surveys shown / answered by the day shown (response rate). CSAT carries the
-- conversation's channel and the agent who resolved it; CES and NPS carry ''.
CREATE TABLE survey_days (
    merchant_id TEXT NOT NULL,
    day         INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    channel     TEXT NOT NULL,
    agent_id    TEXT NOT NULL,
    scores      TEXT NOT NULL DEFAULT '[0,0,0,0,0,0,0,0,0,0,0]',
    shown       INTEGER NOT NULL DEFAULT 0,
    answered    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (merchant_id, day, kind, channel, agent_id)
) WITHOUT ROWID;

-- Subscriptions created and cancelled by local day (churn), cancel reasons by day.
CREATE TABLE subscription_days (
    merchant_id TEXT NOT NULL,
    day         INTEGER NOT NULL,
    created     INTEGER NOT NULL DEFAULT 0,
    cancels     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (merchant_id, day)
) WITHOUT ROWID;

CREATE TABLE cancel_reason_days (
    merchant_id TEXT NOT NULL,
    day         INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (merchant_id, day, reason)
) WITHOUT ROWID;

-- Conversations still waiting for their first response (their wait counts against the SLA
-- at read time).
CREATE INDEX conversations_waiting ON conversations (merchant_id, created_at)
    WHERE first_response_at IS NULL AND resolved_at IS NULL AND opened_at IS NOT NULL;

-- What one conversation contributes to the rollups (`opened`: when the visitor first wrote,
-- the creation time if unknown) and one survey (its score on the day answered, shown /
-- answered on the day shown; CSAT carries its conversation's channel).
CREATE VIEW conversation_contributions AS
SELECT c.merchant_id, c.id, (c.created_at + o.offset_ms) / 86400000 AS day, c.channel,
       COALESCE(c.assignee_id, '') AS agent_id, COALESCE(c.opened_at, c.created_at) AS opened,
       c.first_response_at, c.resolved_at, c.reopened, c.escalated_at, c.contact_reason
  FROM conversations c JOIN merchant_offsets o ON o.id = c.merchant_id;

CREATE VIEW survey_contributions AS
SELECT s.merchant_id, s.id, s.kind,
       COALESCE((SELECT channel FROM conversations c
                  WHERE c.merchant_id = s.merchant_id AND c.id = s.conversation_id), '') AS channel,
       COALESCE(s.agent_id, '') AS agent_id, (s.answered_at + o.offset_ms) / 86400000 AS answered_day,
       s.score, (s.shown_at + o.offset_ms) / 86400000 AS shown_day, s.answered_at IS NOT NULL AS answered
  FROM surveys s JOIN merchant_offsets o ON o.id = s.merchant_id;

-- A contribution added (sign 1) or taken away (sign -1): inserting into these views runs
-- their INSTEAD OF trigger; they never hold rows. Changes take the old row's contribution
-- away BEFORE they happen (the row still holds its old values) and add the new one's AFTER.
CREATE VIEW conversation_delta AS SELECT 0 AS sign, * FROM conversation_contributions WHERE 0;
CREATE VIEW survey_delta AS SELECT 0 AS sign, * FROM survey_contributions WHERE 0;

CREATE TRIGGER conversation_delta_apply INSTEAD OF INSERT ON conversation_delta
BEGIN
    INSERT OR IGNORE INTO conversation_days (merchant_id, day, channel, agent_id)
    SELECT NEW.merchant_id, NEW.day, NEW.channel, NEW.agent_id
     WHERE NEW.first_response_at IS NOT NULL OR NEW.resolved_at IS NOT NULL;
    UPDATE conversation_days SET
        frt = CASE
            WHEN NEW.first_response_at IS NULL THEN frt
            WHEN NEW.sign > 0 THEN json_insert(frt, '$[#]', NEW.first_response_at - NEW.opened)
            ELSE COALESCE(json_remove(frt, '$[' || (SELECT key FROM json_each(frt)
                WHERE value = NEW.first_response_at - NEW.opened LIMIT 1) || ']'), frt)
        END,
        resolved = resolved + NEW.sign * (NEW.resolved_at IS NOT NULL),
        resolution_ms = resolution_ms + NEW.sign * COALESCE(NEW.resolved_at - NEW.opened, 0),
        clean = clean + NEW.sign * (NEW.resolved_at IS NOT NULL AND NEW.reopened = 0 AND NEW.escalated_at IS NULL),
        reopened = reopened + NEW.sign * (NEW.resolved_at IS NOT NULL AND NEW.reopened = 1),
        escalated = escalated + NEW.sign * (NEW.resolved_at IS NOT NULL AND NEW.reopened = 0 AND NEW.escalated_at IS NOT NULL)
     WHERE merchant_id = NEW.merchant_id AND day = NEW.day AND channel = NEW.channel
       AND agent_id = NEW.agent_id
       AND (NEW.first_response_at IS NOT NULL OR NEW.resolved_at IS NOT NULL);
    INSERT INTO contact_reason_days (merchant_id, day, channel, agent_id, reason, n)
    SELECT NEW.merchant_id, NEW.day, NEW.channel, NEW.agent_id, NEW.contact_reason, NEW.sign
     WHERE NEW.contact_reason IS NOT NULL
    ON CONFLICT (merchant_id, day, channel, agent_id, reason) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER survey_delta_apply INSTEAD OF INSERT ON survey_delta
BEGIN
    INSERT OR IGNORE INTO survey_days (merchant_id, day, kind, channel, agent_id)
    SELECT NEW.merchant_id, NEW.answered_day, NEW.kind, NEW.channel, NEW.agent_id
     WHERE NEW.answered_day IS NOT NULL AND NEW.score BETWEEN 0 AND 10;
    UPDATE survey_days
       SET scores = json_set(scores, '$[' || NEW.score || ']',
                             json_extract(scores, '$[' || NEW.score || ']') + NEW.sign)
     WHERE merchant_id = NEW.merchant_id AND day = NEW.answered_day AND kind = NEW.kind
       AND channel = NEW.channel AND agent_id = NEW.agent_id
       AND NEW.answered_day IS NOT NULL AND NEW.score BETWEEN 0 AND 10;
    INSERT INTO survey_days (merchant_id, day, kind, channel, agent_id, shown, answered)
    SELECT NEW.merchant_id, NEW.shown_day, NEW.kind, NEW.channel, NEW.agent_id, NEW.sign,
           NEW.sign * NEW.answered
     WHERE NEW.shown_day IS NOT NULL
    ON CONFLICT (merchant_id, day, kind, channel, agent_id) DO UPDATE
       SET shown = shown + excluded.shown, answered = answered + excluded.answered;
END;

-- The columns a conversation's contribution depends on.
CREATE TRIGGER conversations_rollup_insert AFTER INSERT ON conversations
BEGIN
    INSERT INTO conversation_delta SELECT 1, * FROM conversation_contributions
     WHERE merchant_id = NEW.merchant_id AND id = NEW.id;
END;

CREATE TRIGGER conversations_rollup_before_update BEFORE UPDATE OF created_at, channel,
    assignee_id, opened_at, first_response_at, resolved_at, reopened, escalated_at,
    contact_reason ON conversations
BEGIN
    INSERT INTO conversation_delta SELECT -1, * FROM conversation_contributions
     WHERE merchant_id = OLD.merchant_id AND id = OLD.id;
END;

CREATE TRIGGER conversations_rollup_after_update AFTER UPDATE OF created_at, channel,
    assignee_id, opened_at, first_response_at, resolved_at, reopened, escalated_at,
    contact_reason ON conversations
BEGIN
    INSERT INTO conversation_delta SELECT 1, * FROM conversation_contributions
     WHERE merchant_id = NEW.merchant_id AND id = NEW.id;
END;

CREATE TRIGGER conversations_rollup_delete BEFORE DELETE ON conversations
BEGIN
    INSERT INTO conversation_delta SELECT -1, * FROM conversation_contributions
     WHERE merchant_id = OLD.merchant_id AND id = OLD.id;
END;

CREATE TRIGGER surveys_rollup_insert AFTER INSERT ON surveys
BEGIN
    INSERT INTO survey_delta SELECT 1, * FROM survey_contributions
     WHERE merchant_id = NEW.merchant_id AND id = NEW.id;
END;

CREATE TRIGGER surveys_rollup_before_update BEFORE UPDATE OF kind, conversation_id, agent_id,
    shown_at, answered_at, score ON surveys
BEGIN
    INSERT INTO survey_delta SELECT -1, * FROM survey_contributions
     WHERE merchant_id = OLD.merchant_id AND id = OLD.id;
END;

CREATE TRIGGER surveys_rollup_after_update AFTER UPDATE OF kind, conversation_id, agent_id,
    shown_at, answered_at, score ON surveys
BEGIN
    INSERT INTO survey_delta SELECT 1, * FROM survey_contributions
     WHERE merchant_id = NEW.merchant_id AND id = NEW.id;
END;

CREATE TRIGGER surveys_rollup_delete BEFORE DELETE ON surveys
BEGIN
    INSERT INTO survey_delta SELECT -1, * FROM survey_contributions
     WHERE merchant_id = OLD.merchant_id AND id = OLD.id;
END;

CREATE TRIGGER subscriptions_rollup_insert AFTER INSERT ON subscriptions
BEGIN
    INSERT INTO subscription_days (merchant_id, day, created)
    SELECT NEW.merchant_id, (NEW.created_at + o.offset_ms) / 86400000, 1
      FROM merchant_offsets o WHERE o.id = NEW.merchant_id
    ON CONFLICT (merchant_id, day) DO UPDATE SET created = created + 1;
END;

CREATE TRIGGER subscriptions_rollup_delete AFTER DELETE ON subscriptions
BEGIN
    UPDATE subscription_days SET created = created - 1
     WHERE merchant_id = OLD.merchant_id
       AND day = (OLD.created_at + (SELECT offset_ms FROM merchant_offsets WHERE id = OLD.merchant_id)) / 86400000;
END;

CREATE TRIGGER subscription_events_rollup_insert AFTER INSERT ON subscription_events
WHEN NEW.action = 'cancel'
BEGIN
    INSERT INTO subscription_days (merchant_id, day, cancels)
    SELECT NEW.merchant_id, (NEW.at + o.offset_ms) / 86400000, 1
      FROM merchant_offsets o WHERE o.id = NEW.merchant_id
    ON CONFLICT (merchant_id, day) DO UPDATE SET cancels = cancels + 1;
    INSERT INTO cancel_reason_days (merchant_id, day, reason, n)
    SELECT NEW.merchant_id, (NEW.at + o.offset_ms) / 86400000, NEW.reason, 1
      FROM merchant_offsets o WHERE o.id = NEW.merchant_id AND NEW.reason IS NOT NULL
    ON CONFLICT (merchant_id, day, reason) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER subscription_events_rollup_delete AFTER DELETE ON subscription_events
WHEN OLD.action = 'cancel'
BEGIN
    UPDATE subscription_days SET cancels = cancels - 1
     WHERE merchant_id = OLD.merchant_id
       AND day = (OLD.at + (SELECT offset_ms FROM merchant_offsets WHERE id = OLD.merchant_id)) / 86400000;
    UPDATE cancel_reason_days SET n = n - 1
     WHERE merchant_id = OLD.merchant_id AND reason = OLD.reason
       AND day = (OLD.at + (SELECT offset_ms FROM merchant_offsets WHERE id = OLD.merchant_id)) / 86400000;
END;

-- Rebuild from the raw rows (a no-op on an empty database).
DELETE FROM conversation_days;
DELETE FROM contact_reason_days;
DELETE FROM survey_days;
DELETE FROM subscription_days;
DELETE FROM cancel_reason_days;
INSERT INTO conversation_delta SELECT 1, * FROM conversation_contributions;
INSERT INTO survey_delta SELECT 1, * FROM survey_contributions;
INSERT INTO subscription_days (merchant_id, day, created)
SELECT s.merchant_id, (s.created_at + o.offset_ms) / 86400000 AS d, COUNT(*)
  FROM subscriptions s JOIN merchant_offsets o ON o.id = s.merchant_id
 GROUP BY s.merchant_id, d;
INSERT INTO subscription_days (merchant_id, day, cancels)
SELECT e.merchant_id, (e.at + o.offset_ms) / 86400000 AS d, COUNT(*)
  FROM subscription_events e JOIN merchant_offsets o ON o.id = e.merchant_id
 WHERE e.action = 'cancel'
 GROUP BY e.merchant_id, d
ON CONFLICT (merchant_id, day) DO UPDATE SET cancels = excluded.cancels;
INSERT INTO cancel_reason_days (merchant_id, day, reason, n)
SELECT e.merchant_id, (e.at + o.offset_ms) / 86400000 AS d, e.reason, COUNT(*)
  FROM subscription_events e JOIN merchant_offsets o ON o.id = e.merchant_id
 WHERE e.action = 'cancel' AND e.reason IS NOT NULL
 GROUP BY e.merchant_id, d, e.reason;
