//! The centre column: one conversation over the agent conversation socket (hello → history,
//! ack, message, typing, read, error), with header, actions, messages and composer. Sends
//! `read{seq}` for the newest visitor message while open and the tab is visible, and
//! throttled `typing` frames while the agent writes.

use std::time::Duration;

use leptos::prelude::*;
use shared::api::{agent_conversation_socket_path, Agent, CannedReply, QueueItem};
use shared::protocol::{ClientFrame, ServerFrame};
use shared::ApiError;

use crate::browser;
use crate::i18n::{self, t, Key};
use crate::socket::{Conn, Handlers, Socket};
use crate::thread::{Outcome, ParkedDrafts, Thread, TypingThrottle};
use crate::views::{Composer, ConversationActions, MessageList};

/// Pause before resending a rate-limited line.
const RESEND_AFTER: Duration = Duration::from_secs(2);

#[component]
pub fn ConversationPanel(
    id: String,
    agent: Agent,
    item: Signal<Option<QueueItem>>,
    visible: Signal<bool>,
    now: Signal<i64>,
    canned: LocalResource<Result<Vec<CannedReply>, ApiError>>,
    /// Drafts and unsent lines of the conversations the agent switched away from.
    parked: StoredValue<ParkedDrafts>,
) -> impl IntoView {
    // Pick up what the agent left here: the draft, and lines the socket resends on connect.
    let mut restored = Thread::default();
    let draft = parked
        .try_update_value(|p| p.take(&id))
        .unwrap_or_default()
        .restore_into(&mut restored);
    let thread = RwSignal::new(restored);
    let draft = RwSignal::new(draft);
    let conn = RwSignal::new(Conn::Connecting);
    let error = RwSignal::new(None::<String>);
    let throttle = StoredValue::new(TypingThrottle::default());
    let socket = StoredValue::new_local(None::<Socket>);

    let resend = move |client_id: String| {
        let Some(body) = thread
            .try_with_untracked(|t| t.pending_body(&client_id))
            .flatten()
        else {
            return;
        };
        socket.try_with_value(|s| {
            s.as_ref()
                .map(|s| s.send(&ClientFrame::Send { client_id, body }))
        });
    };
    let path = agent_conversation_socket_path(&String::from(js_sys::encode_uri_component(&id)));
    let sock = Socket::connect(
        &path,
        Handlers {
            on_open: Box::new(move |link| {
                thread.update(Thread::reconnected);
                let (last_seq, unsent) = thread.with_untracked(|t| (t.last_seq, t.unsent()));
                link.send(&ClientFrame::Hello { last_seq });
                for (client_id, body) in unsent {
                    link.send(&ClientFrame::Send { client_id, body });
                }
            }),
            on_text: Box::new(move |_, text| {
                let Ok(frame) = serde_json::from_str::<ServerFrame>(text) else {
                    return;
                };
                let mut outcome = Outcome::Nothing;
                thread.update(|t| outcome = t.apply(frame, browser::now_ms()));
                match outcome {
                    Outcome::Nothing => {}
                    Outcome::Error(code) => error.set(Some(i18n::error_code_text(code))),
                    Outcome::ResendLater(client_id) => {
                        set_timeout(move || resend(client_id), RESEND_AFTER);
                    }
                }
            }),
            on_state: Box::new(move |c| conn.set(c)),
        },
    );
    socket.set_value(Some(sock));
    let send_frame =
        move |frame: ClientFrame| socket.with_value(|s| s.as_ref().is_some_and(|s| s.send(&frame)));

    // Tell the visitor (and other agents) what this agent has read.
    Effect::new(move |_| {
        let (Some(seq), true, Conn::Online) =
            (thread.with(Thread::read_to_send), visible.get(), conn.get())
        else {
            return;
        };
        if send_frame(ClientFrame::Read { seq }) {
            thread.update(|t| t.mark_read(seq));
        }
    });
    let on_online = window_event_listener_untyped("online", move |_| {
        socket.with_value(|s| s.as_ref().map(Socket::retry_now));
    });
    // Leaving the conversation (another one opened, sign-out, language switch): if this
    // agent's typing indicator is on, turn it off before the socket closes.
    let park_id = id.clone();
    on_cleanup(move || {
        on_online.remove();
        // Keep the draft and the unacknowledged lines for when the agent comes back.
        let d = draft.try_get_untracked().unwrap_or_default();
        thread.try_with_untracked(|t| parked.try_update_value(|p| p.park(&park_id, d, t)));
        if let Some(on) = throttle.try_update_value(|th| th.stop()).flatten() {
            socket.try_with_value(|s| s.as_ref().map(|s| s.send(&ClientFrame::Typing { on })));
        }
    });

    let agent_name = agent.name.clone();
    let on_send = Callback::new(move |text: String| -> bool {
        let body = match shared::chat::validate_body(&text) {
            Ok(body) => body.to_owned(),
            Err(code) => {
                error.set(Some(i18n::error_code_text(code)));
                return false;
            }
        };
        error.set(None);
        let client_id = browser::new_client_id();
        thread.update(|t| {
            t.push_local(
                client_id.clone(),
                body.clone(),
                Some(agent_name.clone()),
                browser::now_ms(),
            )
        });
        send_frame(ClientFrame::Send { client_id, body });
        if let Some(on) = throttle.try_update_value(|th| th.stop()).flatten() {
            send_frame(ClientFrame::Typing { on });
        }
        true
    });
    let on_typing = Callback::new(move |empty: bool| {
        let now = browser::now_ms();
        if let Some(on) = throttle
            .try_update_value(|th| th.input(empty, now))
            .flatten()
        {
            send_frame(ClientFrame::Typing { on });
        }
    });

    let visitor_name = Signal::derive(move || {
        item.with(|i| i.as_ref().map(i18n::visitor_name))
            .unwrap_or_else(|| t(Key::Visitor).to_owned())
    });
    let status_label = move || {
        item.with(|i| {
            i.as_ref()
                .map(|i| i18n::status_label(i.status, i.assignee.as_ref().map(|a| a.name.as_str())))
                .unwrap_or_default()
        })
    };
    let typing = move || {
        thread
            .with(|t| t.peer_typing(now.get()).map(|p| p.name.clone()))
            .map(|name| i18n::typing(&name.unwrap_or_else(|| visitor_name.get())))
    };
    let conn_text = move || match conn.get() {
        Conn::Connecting => t(Key::ConnConnecting),
        Conn::Online => t(Key::ConnLive),
        Conn::Reconnecting(_) => t(Key::ConnReconnecting),
    };

    let panel_id = id.clone();
    let actions_id = id.clone();
    view! {
        <section class="conv" data-testid="conv-panel" data-conversation-id=panel_id aria-labelledby="conv-title">
            <header class="conv-header">
                <div class="conv-heading">
                    <h2 id="conv-title" data-testid="conv-title">{visitor_name}</h2>
                    <span class="badge" data-testid="conv-status">{status_label}</span>
                    <span class="conn conn-small" data-testid="conv-connection" data-state=move || conn.get().as_str()>
                        <span class="conn-dot" aria-hidden="true"></span>
                        {conn_text}
                    </span>
                </div>
                <ConversationActions id=actions_id me=agent.id.clone() item />
            </header>
            <MessageList thread=thread.read_only() visitor_name />
            <p class="typing" data-testid="conv-typing" aria-live="polite" hidden=move || typing().is_none()>
                {move || typing().unwrap_or_default()}
            </p>
            {move || error.get().map(|e| view! { <p class="inline-error" role="alert" data-testid="conv-error">{e}</p> })}
            <Composer id visitor_name canned on_send on_typing draft />
        </section>
    }
}
