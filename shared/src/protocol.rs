//! WebSocket protocol between a client (widget or console) and a conversation object.
//! Frames are JSON text, tagged by `type`.

use serde::{Deserialize, Serialize};

use crate::error::ErrorCode;

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    Visitor,
    Agent,
    System,
}

impl Author {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Visitor => "visitor",
            Self::Agent => "agent",
            Self::System => "system",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "visitor" => Some(Self::Visitor),
            "agent" => Some(Self::Agent),
            "system" => Some(Self::System),
            _ => None,
        }
    }
}

/// What a system message records. Clients localise it; `Message::body` holds an English
/// fallback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SystemEvent {
    AgentJoined {
        agent_name: String,
    },
    Transferred {
        from_name: String,
        to_name: String,
    },
    /// `expected_by`: unix ms by which the subscriber can expect news.
    Escalated {
        note: String,
        expected_by: i64,
    },
    Resolved {
        agent_name: String,
    },
}

impl SystemEvent {
    /// The event as the subscriber may see it: an escalation's note is written for the
    /// specialist, so the subscriber's copy carries none.
    pub fn for_visitor(&self) -> Self {
        match self {
            Self::Escalated { expected_by, .. } => Self::Escalated {
                note: String::new(),
                expected_by: *expected_by,
            },
            other => other.clone(),
        }
    }

    /// The English text stored as the message body.
    pub fn fallback_text(&self) -> String {
        match self {
            Self::AgentJoined { agent_name } => format!("{agent_name} joined the conversation."),
            Self::Transferred { from_name, to_name } => {
                format!("{from_name} transferred the conversation to {to_name}.")
            }
            Self::Escalated { .. } => {
                "Your conversation was passed to a specialist. We'll get back to you soon.".into()
            }
            Self::Resolved { agent_name } => {
                format!("{agent_name} marked the conversation as resolved.")
            }
        }
    }
}

/// A stored message. `seq` is assigned by the conversation object, monotonic from 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub seq: u64,
    pub client_id: String,
    pub author: Author,
    #[serde(default)]
    pub author_name: Option<String>,
    pub body: String,
    /// Unix time in milliseconds when the object stored it.
    pub at: i64,
    /// Set on system messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<SystemEvent>,
}

/// Frames a client sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientFrame {
    /// Sent on (re)connect: the server answers with every message after `last_seq`.
    Hello { last_seq: u64 },
    /// A new message; `client_id` makes a resend idempotent.
    Send { client_id: String, body: String },
    /// The sender started (`on`) or stopped typing. Ephemeral.
    Typing { on: bool },
    /// The sender has seen every message up to `seq`.
    Read { seq: u64 },
}

/// Frames the server sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame {
    History {
        messages: Vec<Message>,
    },
    Ack {
        client_id: String,
        seq: u64,
        at: i64,
    },
    Message {
        message: Message,
    },
    /// `author`'s side is (not) typing; `on: true` expires after [`crate::chat::TYPING_TTL_MS`].
    Typing {
        author: Author,
        #[serde(default)]
        name: Option<String>,
        on: bool,
    },
    /// `author`'s side has read every message up to `seq`.
    Read {
        author: Author,
        seq: u64,
    },
    Error {
        code: ErrorCode,
        message: String,
        #[serde(default)]
        client_id: Option<String>,
    },
}

impl ServerFrame {
    pub fn error(code: ErrorCode, client_id: Option<String>) -> Self {
        Self::Error {
            code,
            message: code.to_string(),
            client_id,
        }
    }

    /// Serialises the frame once; the text is then sent to every recipient.
    pub fn to_text(&self) -> String {
        // Serialising these plain structs cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// How long a client waits before reconnect attempt `n` (0-based): 0.5 s doubling to 30 s,
/// with up to 50 % jitter drawn from `r` in [0, 1) so that clients spread out.
pub fn reconnect_backoff_ms(n: u32, r: f64) -> u64 {
    let base = (500u64 << n.min(6)).min(30_000) as f64;
    (base * (0.5 + r.clamp(0.0, 1.0) * 0.5)) as u64
}

/// Parses a client frame, enforcing the frame size limit before parsing.
///
/// The frame is read in one pass into [`FlatClientFrame`], then checked for the fields its
/// type needs: serde's internally tagged enums buffer the whole object (every key and value
/// copied) before choosing the variant, which the conversation object would pay on every
/// message. Unknown fields are ignored; a known field of the wrong type is an error whatever
/// the frame's type.
pub fn parse_client_frame(text: &str) -> Result<ClientFrame, ErrorCode> {
    if text.len() > crate::chat::MAX_FRAME_BYTES {
        return Err(ErrorCode::FrameTooLarge);
    }
    let f: FlatClientFrame = serde_json::from_str(text).map_err(|_| ErrorCode::InvalidFrame)?;
    let frame = match f.kind {
        FrameKind::Hello => f.last_seq.map(|last_seq| ClientFrame::Hello { last_seq }),
        FrameKind::Send => f
            .client_id
            .zip(f.body)
            .map(|(client_id, body)| ClientFrame::Send { client_id, body }),
        FrameKind::Typing => f.on.map(|on| ClientFrame::Typing { on }),
        FrameKind::Read => f.seq.map(|seq| ClientFrame::Read { seq }),
    };
    frame.ok_or(ErrorCode::InvalidFrame)
}

/// Every field a [`ClientFrame`] may carry, for [`parse_client_frame`].
#[derive(Deserialize)]
struct FlatClientFrame {
    #[serde(rename = "type")]
    kind: FrameKind,
    last_seq: Option<u64>,
    client_id: Option<String>,
    body: Option<String>,
    on: Option<bool>,
    seq: Option<u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum FrameKind {
    Hello,
    Send,
    Typing,
    Read,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_frames_parse() {
        assert_eq!(
            parse_client_frame(r#"{"type":"hello","last_seq":3}"#),
            Ok(ClientFrame::Hello { last_seq: 3 })
        );
        assert_eq!(
            parse_client_frame(r#"{"type":"send","client_id":"a1","body":"hi"}"#),
            Ok(ClientFrame::Send {
                client_id: "a1".into(),
                body: "hi".into()
            })
        );
        assert_eq!(parse_client_frame("not json"), Err(ErrorCode::InvalidFrame));
        assert_eq!(
            parse_client_frame(r#"{"type":"nope"}"#),
            Err(ErrorCode::InvalidFrame)
        );
        assert_eq!(
            parse_client_frame(r#"{"type":"hello","last_seq":-1}"#),
            Err(ErrorCode::InvalidFrame)
        );
        let big = format!(
            r#"{{"type":"send","client_id":"a","body":"{}"}}"#,
            "x".repeat(40_000)
        );
        assert_eq!(parse_client_frame(&big), Err(ErrorCode::FrameTooLarge));
        // Field order does not matter, unknown fields are ignored, missing ones are refused.
        assert_eq!(
            parse_client_frame(r#"{"body":"hi","extra":[1],"client_id":"a1","type":"send"}"#),
            Ok(ClientFrame::Send {
                client_id: "a1".into(),
                body: "hi".into()
            })
        );
        for bad in [
            r#"{"type":"send","client_id":"a1"}"#,
            r#"{"type":"typing"}"#,
            r#"{"type":"read","seq":"3"}"#,
            r#"{"type":"hello","last_seq":null}"#,
            r#"{"last_seq":1}"#,
            r#"{"type":"hello","type":"read","last_seq":1,"seq":1}"#,
            r#"[]"#,
        ] {
            assert_eq!(
                parse_client_frame(bad),
                Err(ErrorCode::InvalidFrame),
                "{bad}"
            );
        }
    }

    fn any_client_frame() -> impl proptest::strategy::Strategy<Value = ClientFrame> {
        use proptest::prelude::*;
        prop_oneof![
            any::<u64>().prop_map(|last_seq| ClientFrame::Hello { last_seq }),
            ("[a-z0-9-]{1,40}", any::<String>())
                .prop_map(|(client_id, body)| ClientFrame::Send { client_id, body }),
            any::<bool>().prop_map(|on| ClientFrame::Typing { on }),
            any::<u64>().prop_map(|seq| ClientFrame::Read { seq }),
        ]
    }

    proptest::proptest! {
        /// Whatever a client serialises (the widget and console use `ClientFrame`'s own
        /// `Serialize`), the edge's parser reads back as the same frame.
        #[test]
        fn client_frames_round_trip(frame in any_client_frame()) {
            let text = serde_json::to_string(&frame).unwrap();
            proptest::prop_assume!(text.len() <= crate::chat::MAX_FRAME_BYTES);
            proptest::prop_assert_eq!(parse_client_frame(&text), Ok(frame));
        }
    }

    #[test]
    fn server_frames_have_the_documented_shape() {
        let ack = ServerFrame::Ack {
            client_id: "a".into(),
            seq: 2,
            at: 5,
        }
        .to_text();
        assert_eq!(ack, r#"{"type":"ack","client_id":"a","seq":2,"at":5}"#);
        let err = serde_json::to_value(ServerFrame::error(
            ErrorCode::MessageTooLong,
            Some("a".into()),
        ))
        .unwrap();
        assert_eq!(err["type"], "error");
        assert_eq!(err["code"], "message_too_long");
        assert_eq!(err["client_id"], "a");
        let msg = Message {
            seq: 1,
            client_id: "a".into(),
            author: Author::Visitor,
            author_name: None,
            body: "<b>hi</b>".into(),
            at: 1,
            event: None,
        };
        let back: ServerFrame = serde_json::from_str(
            &ServerFrame::Message {
                message: msg.clone(),
            }
            .to_text(),
        )
        .unwrap();
        assert_eq!(back, ServerFrame::Message { message: msg });
    }

    #[test]
    fn typing_read_and_system_frames() {
        assert_eq!(
            parse_client_frame(r#"{"type":"typing","on":true}"#),
            Ok(ClientFrame::Typing { on: true })
        );
        assert_eq!(
            parse_client_frame(r#"{"type":"read","seq":9}"#),
            Ok(ClientFrame::Read { seq: 9 })
        );
        let t = ServerFrame::Typing {
            author: Author::Agent,
            name: Some("Maya".into()),
            on: true,
        }
        .to_text();
        assert_eq!(
            t,
            r#"{"type":"typing","author":"agent","name":"Maya","on":true}"#
        );
        let ev = SystemEvent::Transferred {
            from_name: "Maya".into(),
            to_name: "Sam".into(),
        };
        let v = serde_json::to_value(&ev).unwrap();
        assert_eq!(v["kind"], "transferred");
        assert_eq!(
            ev.fallback_text(),
            "Maya transferred the conversation to Sam."
        );
        // Messages without an event omit the field.
        let m = Message {
            seq: 1,
            client_id: "a".into(),
            author: Author::Agent,
            author_name: None,
            body: "x".into(),
            at: 1,
            event: None,
        };
        assert!(serde_json::to_value(&m).unwrap().get("event").is_none());
    }

    #[test]
    fn backoff_grows_caps_and_jitters() {
        assert_eq!(reconnect_backoff_ms(0, 0.0), 250);
        assert_eq!(reconnect_backoff_ms(0, 0.999_999), 499);
        assert_eq!(reconnect_backoff_ms(3, 1.0), 4_000);
        assert_eq!(reconnect_backoff_ms(20, 1.0), 30_000);
        assert_eq!(reconnect_backoff_ms(20, 0.0), 15_000);
        let delays: Vec<u64> = (0..40).map(|n| reconnect_backoff_ms(n, 0.5)).collect();
        assert!(delays.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn authors_round_trip() {
        for a in [Author::Visitor, Author::Agent, Author::System] {
            assert_eq!(Author::parse(a.as_str()), Some(a));
        }
        assert_eq!(Author::parse("root"), None);
    }

    #[test]
    fn the_subscriber_never_sees_an_escalation_note() {
        let escalated = SystemEvent::Escalated {
            note: "Refund over limit: ask the buyer".into(),
            expected_by: 42,
        };
        assert_eq!(
            escalated.for_visitor(),
            SystemEvent::Escalated {
                note: String::new(),
                expected_by: 42
            }
        );
        let joined = SystemEvent::AgentJoined {
            agent_name: "Maya".into(),
        };
        assert_eq!(joined.for_visitor(), joined);
    }
}
