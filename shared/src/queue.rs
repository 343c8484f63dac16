//! The conversation queue's state machine: how messages and agent actions move a
//! conversation between waiting, assigned, escalated and resolved.

use crate::api::{AgentRef, QueueItem, QueueStatus, MAX_NOTE_CHARS};
use crate::error::ErrorCode;
use crate::protocol::Author;
use serde::{Deserialize, Serialize};

/// Longest preview kept for the queue.
pub const PREVIEW_CHARS: usize = 140;

/// What an agent asks to do with a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueAction {
    Claim,
    Transfer(AgentRef),
    Escalate(String),
    Resolve,
}

/// Side effects of a message the inbox must record elsewhere.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MessageEffects {
    /// The subscriber wrote again after a resolution.
    pub reopened: bool,
    /// This was the first agent reply.
    pub first_response: bool,
}

/// The text kept as a queue preview.
pub fn preview(body: &str) -> String {
    let mut p: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if p.chars().count() > PREVIEW_CHARS {
        p = p.chars().take(PREVIEW_CHARS - 1).collect::<String>() + "…";
    }
    p
}

/// A trimmed escalation note of 1..=500 characters.
pub fn validate_note(note: &str) -> Result<String, ErrorCode> {
    let n = note.trim();
    if n.is_empty() || n.chars().count() > MAX_NOTE_CHARS {
        return Err(ErrorCode::InvalidField);
    }
    Ok(n.to_owned())
}

/// Applies a new message. `agent` is the author when an agent wrote it.
pub fn on_message(
    item: &mut QueueItem,
    author: Author,
    agent: Option<AgentRef>,
    body: &str,
    at: i64,
) -> MessageEffects {
    let mut fx = MessageEffects::default();
    match author {
        Author::Visitor => {
            if item.status == QueueStatus::Resolved {
                item.status = if item.assignee.is_some() {
                    QueueStatus::Assigned
                } else {
                    QueueStatus::Waiting
                };
                item.resolved_at = None;
                fx.reopened = true;
            }
            item.unread = item.unread.saturating_add(1);
        }
        Author::Agent => {
            if item.first_response_at.is_none() {
                item.first_response_at = Some(at);
                fx.first_response = true;
            }
            item.unread = 0;
            // Replying to an unassigned conversation takes it.
            if matches!(item.status, QueueStatus::Waiting | QueueStatus::Escalated) {
                if let Some(a) = agent {
                    item.assignee = Some(a);
                    item.status = QueueStatus::Assigned;
                }
            }
        }
        Author::System => return fx,
    }
    item.last_message_at = at;
    item.last_preview = preview(body);
    fx
}

/// The name the queue lists an anonymous visitor under: "Visitor" and the last four
/// characters of their id, upper-cased ("Visitor 7K2Q"). Consoles show the word in their own
/// language ([`anonymous_tag`]).
pub fn anonymous_name(visitor_id: &str) -> String {
    let tail = visitor_id
        .get(visitor_id.len().saturating_sub(4)..)
        .unwrap_or("");
    format!("{ANONYMOUS_PREFIX}{}", tail.to_ascii_uppercase())
}

const ANONYMOUS_PREFIX: &str = "Visitor ";

/// The four characters of an [`anonymous_name`], or `None` for any other name (a
/// subscriber's, a follow-up email).
pub fn anonymous_tag(name: &str) -> Option<&str> {
    name.strip_prefix(ANONYMOUS_PREFIX)
        .filter(|t| !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The unread count after a message by `author`: a subscriber's message adds one, an agent's
/// reply answers them all (as [`on_message`] counts). An agent's read sets it to the
/// subscriber's messages after the read and the last reply.
pub fn unread_after(unread: u32, author: Author) -> u32 {
    match author {
        Author::Visitor => unread.saturating_add(1),
        Author::Agent => 0,
        Author::System => unread,
    }
}

/// Consecutive messages of one author (one agent, for agents), as a conversation reports
/// them to the inbox: a batch holds one run per change of author, and once it has settled
/// (see [`push_run`]) only a short tail beyond that, however many messages it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageRun {
    pub author: Author,
    pub agent: Option<AgentRef>,
    pub count: u32,
    pub first_at: i64,
    pub last_at: i64,
}

/// Adds a message to a batch of runs: it extends the last run when the author (and agent)
/// is the same, else starts a new one. System messages are not queue events and are left out.
///
/// A batch settles once it holds a visitor's run and, after it, a run of a known agent: from
/// then on no message can reopen the conversation, be its first response or assign it (see
/// [`on_message`]); a later message only moves the unread count, the time and the preview.
/// So an agent's message after that point also drops the runs since the settling one (it
/// zeroes the unread count they added): a busy conversation's batch stays at a few runs
/// however many messages it covers, and applying it gives what applying every message would.
pub fn push_run(runs: &mut Vec<MessageRun>, author: Author, agent: Option<&AgentRef>, at: i64) {
    if author == Author::System {
        return;
    }
    if extend_last(runs, author, agent, at) {
        return;
    }
    if author == Author::Agent && agent.is_some() {
        if let Some(end) = settled_len(runs) {
            runs.truncate(end);
            if extend_last(runs, author, agent, at) {
                return;
            }
        }
    }
    runs.push(MessageRun {
        author,
        agent: agent.cloned(),
        count: 1,
        first_at: at,
        last_at: at,
    });
}

/// Extends the batch's last run with this message if it has the same author (and agent).
fn extend_last(runs: &mut [MessageRun], author: Author, agent: Option<&AgentRef>, at: i64) -> bool {
    let Some(last) = runs.last_mut() else {
        return false;
    };
    let same_agent = last.agent.as_ref().map(|a| &a.id) == agent.map(|a| &a.id);
    if last.author != author || !same_agent {
        return false;
    }
    last.count = last.count.saturating_add(1);
    last.last_at = at;
    true
}

/// The length of a batch's settled head: up to and including the first run of a known agent
/// after the first visitor run. `None` while the batch has not settled.
fn settled_len(runs: &[MessageRun]) -> Option<usize> {
    let visitor = runs.iter().position(|r| r.author == Author::Visitor)?;
    runs[visitor + 1..]
        .iter()
        .position(|r| r.author == Author::Agent && r.agent.is_some())
        .map(|i| visitor + 1 + i + 1)
}

/// Applies a run: the same as [`on_message`] for each of its messages in turn, with `body`
/// as the newest one's text (the effects happen at the run's first message, `first_at`).
pub fn on_run(item: &mut QueueItem, run: &MessageRun, body: &str) -> MessageEffects {
    if run.count == 0 || run.author == Author::System {
        return MessageEffects::default();
    }
    let fx = on_message(item, run.author, run.agent.clone(), "", run.first_at);
    if run.author == Author::Visitor {
        // The first message reopened and counted itself; the rest only count.
        item.unread = item.unread.saturating_add(run.count - 1);
    }
    item.last_message_at = run.last_at;
    item.last_preview = preview(body);
    fx
}

/// Applies an agent action by `agent`. Returns whether anything changed (a repeated
/// action, like a double-clicked resolve, changes nothing and posts nothing).
pub fn apply(
    item: &mut QueueItem,
    action: &QueueAction,
    agent: &AgentRef,
    now: i64,
) -> Result<bool, ErrorCode> {
    if item.status == QueueStatus::Resolved {
        return if *action == QueueAction::Resolve {
            Ok(false)
        } else {
            Err(ErrorCode::InvalidState)
        };
    }
    match action {
        QueueAction::Claim => {
            if item.status == QueueStatus::Assigned && item.assignee.as_ref() == Some(agent) {
                return Ok(false);
            }
            item.assignee = Some(agent.clone());
            item.status = QueueStatus::Assigned;
        }
        QueueAction::Transfer(to) => {
            // A second click (or the agent it already went to) changes nothing.
            if item.assignee.as_ref().map(|a| &a.id) == Some(&to.id) {
                return Ok(false);
            }
            item.assignee = Some(to.clone());
            item.status = QueueStatus::Assigned;
        }
        QueueAction::Escalate(note) => {
            let note = validate_note(note)?;
            // A second click with the same note must not tell the subscriber twice.
            if item.status == QueueStatus::Escalated && item.escalation_note.as_ref() == Some(&note)
            {
                return Ok(false);
            }
            item.escalation_note = Some(note);
            item.assignee = None;
            item.status = QueueStatus::Escalated;
        }
        QueueAction::Resolve => {
            item.status = QueueStatus::Resolved;
            item.resolved_at = Some(now);
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn item() -> QueueItem {
        QueueItem {
            id: "c_1".into(),
            visitor_id: "v_1".into(),
            subscriber: None,
            display_name: "Visitor 0001".into(),
            status: QueueStatus::Waiting,
            assignee: None,
            escalation_note: None,
            created_at: 0,
            first_response_at: None,
            resolved_at: None,
            last_message_at: 0,
            last_preview: String::new(),
            unread: 0,
        }
    }

    fn maya() -> AgentRef {
        AgentRef {
            id: "agt_maya".into(),
            name: "Maya".into(),
        }
    }

    fn sam() -> AgentRef {
        AgentRef {
            id: "agt_sam".into(),
            name: "Sam".into(),
        }
    }

    #[test]
    fn visitor_messages_count_unread_and_agent_reply_records_first_response() {
        let mut q = item();
        on_message(&mut q, Author::Visitor, None, "hello   there", 10);
        on_message(&mut q, Author::Visitor, None, "anyone?", 20);
        assert_eq!(
            (q.unread, q.last_preview.as_str(), q.last_message_at),
            (2, "anyone?", 20)
        );
        let fx = on_message(&mut q, Author::Agent, Some(maya()), "Hi!", 30);
        assert!(fx.first_response);
        assert_eq!(
            (q.unread, q.first_response_at, q.status),
            (0, Some(30), QueueStatus::Assigned)
        );
        assert_eq!(q.assignee, Some(maya()));
        let fx = on_message(&mut q, Author::Agent, Some(sam()), "More", 40);
        assert!(!fx.first_response);
        assert_eq!(
            q.assignee,
            Some(maya()),
            "a reply does not steal an assigned conversation"
        );
    }

    #[test]
    fn actions_follow_the_state_machine() {
        let mut q = item();
        assert_eq!(apply(&mut q, &QueueAction::Claim, &maya(), 1), Ok(true));
        assert_eq!(apply(&mut q, &QueueAction::Claim, &maya(), 2), Ok(false));
        assert_eq!(
            apply(&mut q, &QueueAction::Transfer(maya()), &maya(), 3),
            Ok(false),
            "a transfer to the assignee changes nothing"
        );
        assert_eq!(
            apply(&mut q, &QueueAction::Transfer(sam()), &maya(), 3),
            Ok(true)
        );
        assert_eq!(q.assignee, Some(sam()));
        assert_eq!(
            apply(&mut q, &QueueAction::Escalate("  ".into()), &sam(), 4),
            Err(ErrorCode::InvalidField)
        );
        assert_eq!(
            apply(
                &mut q,
                &QueueAction::Escalate("Refund over limit".into()),
                &sam(),
                4
            ),
            Ok(true)
        );
        assert_eq!(
            (q.status, q.assignee.clone()),
            (QueueStatus::Escalated, None)
        );
        assert_eq!(
            apply(
                &mut q,
                &QueueAction::Escalate(" Refund over limit ".into()),
                &sam(),
                4
            ),
            Ok(false),
            "double-click escalate is a no-op"
        );
        assert_eq!(
            apply(
                &mut q,
                &QueueAction::Escalate("Refund over limit; photo attached".into()),
                &sam(),
                4
            ),
            Ok(true),
            "a new note is an update"
        );
        assert_eq!(apply(&mut q, &QueueAction::Resolve, &sam(), 5), Ok(true));
        assert_eq!((q.status, q.resolved_at), (QueueStatus::Resolved, Some(5)));
        assert_eq!(
            apply(&mut q, &QueueAction::Resolve, &sam(), 6),
            Ok(false),
            "double-click resolve is a no-op"
        );
        assert_eq!(
            apply(&mut q, &QueueAction::Claim, &maya(), 7),
            Err(ErrorCode::InvalidState)
        );
    }

    #[test]
    fn a_visitor_message_reopens_a_resolved_conversation() {
        let mut q = item();
        apply(&mut q, &QueueAction::Claim, &maya(), 1).unwrap();
        apply(&mut q, &QueueAction::Resolve, &maya(), 2).unwrap();
        let fx = on_message(&mut q, Author::Visitor, None, "One more thing", 3);
        assert!(fx.reopened);
        assert_eq!((q.status, q.resolved_at), (QueueStatus::Assigned, None));
    }

    #[test]
    fn runs_group_consecutive_messages_by_author_and_agent() {
        let mut runs = Vec::new();
        push_run(&mut runs, Author::Visitor, None, 1);
        push_run(&mut runs, Author::Visitor, None, 2);
        push_run(&mut runs, Author::System, None, 3);
        push_run(&mut runs, Author::Agent, Some(&maya()), 4);
        push_run(&mut runs, Author::Agent, Some(&sam()), 5);
        push_run(&mut runs, Author::Agent, Some(&sam()), 6);
        let shape: Vec<_> = runs
            .iter()
            .map(|r| {
                (
                    r.author,
                    r.agent.as_ref().map(|a| a.id.as_str()),
                    r.count,
                    r.first_at,
                    r.last_at,
                )
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                (Author::Visitor, None, 2, 1, 2),
                (Author::Agent, Some("agt_maya"), 1, 4, 4),
                (Author::Agent, Some("agt_sam"), 2, 5, 6),
            ]
        );
    }

    /// Each run's author, count, first and last time.
    fn shape(runs: &[MessageRun]) -> Vec<(Author, u32, i64, i64)> {
        runs.iter()
            .map(|r| (r.author, r.count, r.first_at, r.last_at))
            .collect()
    }

    #[test]
    fn a_settled_batch_stays_short() {
        let mut runs = Vec::new();
        for i in 0..1_000 {
            if i % 2 == 0 {
                push_run(&mut runs, Author::Visitor, None, i);
            } else {
                push_run(&mut runs, Author::Agent, Some(&maya()), i);
            }
        }
        // 1,000 alternating messages: the visitor's first message, then Maya's run, which
        // settled the batch and took in each later reply (each dropping the visitor's message
        // before it, whose unread count that reply zeroed).
        assert_eq!(
            shape(&runs),
            vec![(Author::Visitor, 1, 0, 0), (Author::Agent, 500, 1, 999)]
        );
        push_run(&mut runs, Author::Visitor, None, 1_000);
        push_run(&mut runs, Author::Visitor, None, 1_001);
        push_run(&mut runs, Author::Agent, Some(&sam()), 1_002);
        push_run(&mut runs, Author::Visitor, None, 1_003);
        assert_eq!(
            shape(&runs),
            vec![
                (Author::Visitor, 1, 0, 0),
                (Author::Agent, 500, 1, 999),
                (Author::Agent, 1, 1_002, 1_002),
                (Author::Visitor, 1, 1_003, 1_003),
            ]
        );
    }

    fn any_item() -> impl Strategy<Value = QueueItem> {
        (
            0..4u8,
            proptest::option::of(0..2u8),
            0..3u32,
            proptest::bool::ANY,
        )
            .prop_map(|(status, assignee, unread, responded)| {
                let mut q = item();
                q.status = match status {
                    0 => QueueStatus::Waiting,
                    1 => QueueStatus::Assigned,
                    2 => QueueStatus::Escalated,
                    _ => QueueStatus::Resolved,
                };
                q.assignee = assignee.map(|a| if a == 0 { maya() } else { sam() });
                q.resolved_at = (q.status == QueueStatus::Resolved).then_some(5);
                q.unread = unread;
                q.first_response_at = responded.then_some(7);
                q
            })
    }

    proptest! {
        /// Folding a batch into runs and applying them gives the same queue item, and the same
        /// first-response and reopen events at the same times, as applying each message.
        #[test]
        fn runs_apply_like_their_messages(
            start in any_item(),
            authors in proptest::collection::vec(0..5u8, 1..40),
        ) {
            let msgs: Vec<(Author, Option<AgentRef>, i64)> = authors
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let at = 100 + i as i64;
                    match a {
                        0 => (Author::Visitor, None, at),
                        1 => (Author::Agent, Some(maya()), at),
                        2 => (Author::Agent, Some(sam()), at),
                        // An agent message the object could not name (never sent today).
                        3 => (Author::Agent, None, at),
                        _ => (Author::System, None, at),
                    }
                })
                .collect();
            let newest = "the newest  message";

            let mut one_by_one = start.clone();
            let mut events_one = Vec::new();
            let queued: Vec<_> = msgs.iter().filter(|m| m.0 != Author::System).collect();
            for (i, (author, agent, at)) in queued.iter().enumerate() {
                let body = if i + 1 == queued.len() { newest } else { "" };
                let fx = on_message(&mut one_by_one, *author, agent.clone(), body, *at);
                events_one.push((fx.first_response.then_some(*at), fx.reopened.then_some(*at)));
            }

            let mut runs = Vec::new();
            for (author, agent, at) in &msgs {
                push_run(&mut runs, *author, agent.as_ref(), *at);
            }
            let mut by_runs = start.clone();
            let mut events_runs = Vec::new();
            for (i, run) in runs.iter().enumerate() {
                let body = if i + 1 == runs.len() { newest } else { "" };
                let fx = on_run(&mut by_runs, run, body);
                events_runs.push((fx.first_response.then_some(run.first_at), fx.reopened.then_some(run.first_at)));
            }

            let firsts = |e: &[(Option<i64>, Option<i64>)]| e.iter().filter_map(|x| x.0).collect::<Vec<_>>();
            let reopens = |e: &[(Option<i64>, Option<i64>)]| e.iter().filter_map(|x| x.1).collect::<Vec<_>>();
            prop_assert_eq!(&by_runs, &one_by_one);
            prop_assert_eq!(firsts(&events_runs), firsts(&events_one));
            prop_assert_eq!(reopens(&events_runs), reopens(&events_one));
            // The count a conversation keeps message by message is the queue's.
            let kept = msgs.iter().fold(start.unread, |n, m| unread_after(n, m.0));
            prop_assert_eq!(kept, one_by_one.unread);
        }
    }

    #[test]
    fn previews_are_short_and_single_line() {
        assert_eq!(preview("a\nb\t c"), "a b c");
        let long = preview(&"x".repeat(500));
        assert_eq!(long.chars().count(), PREVIEW_CHARS);
        assert!(long.ends_with('…'));
        assert_eq!(
            validate_note(&"n".repeat(501)),
            Err(ErrorCode::InvalidField)
        );
    }

    #[test]
    fn anonymous_names_carry_a_tag_consoles_can_translate() {
        let name = anonymous_name("v_9f8e7k2q");
        assert_eq!(name, "Visitor 7K2Q");
        assert_eq!(anonymous_tag(&name), Some("7K2Q"));
        assert_eq!(anonymous_tag("Ava Martin"), None);
        assert_eq!(anonymous_tag("Visitor Relations <vr@example.com>"), None);
        assert_eq!(anonymous_tag("ava@example.com"), None);
    }
}
