//! The signed-in console: shell on top, then queue | conversation | context, or the metrics
//! dashboard. Owns the inbox
//! socket, the queue state, the one-second clock, tab visibility, the sound preference and
//! the title badge.

use std::time::Duration;

use leptos::prelude::*;
use shared::api::{
    Agent, AgentRole, InboxClientFrame, InboxServerFrame, PresenceStatus, QueueItem,
    AGENT_INBOX_SOCKET_PATH,
};

use crate::alerts::{on_screen, title_text, Viewer};
use crate::api;
use crate::app::Session;
use crate::browser;
use crate::i18n::{self, t, Key};
use crate::queue::{self, Ticket};
use crate::socket::{Conn, Handlers, Socket};
use crate::thread::ParkedDrafts;
use crate::views::{ContextPanel, ConversationPanel, Dashboard, QueuePanel, Shell};

/// localStorage key of the sound preference (`on` | `off`).
const SOUND_KEY: &str = "cd-console-sound";

/// Which part of the signed-in console is shown (the inbox socket stays open on both).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Inbox,
    Dashboard,
}

/// Inbox writes the views may trigger (provided as context).
#[derive(Clone, Copy)]
pub struct InboxActions {
    /// Opens a conversation in the centre column.
    pub open: Callback<String>,
    /// Sets this agent's presence (sent on the inbox socket).
    pub set_presence: Callback<PresenceStatus>,
    pub set_sound: Callback<bool>,
    /// Taken when an agent action starts, to pass back with its result to `upsert`.
    pub ticket: Callback<(), Ticket>,
    /// Applies a conversation state returned by an agent action, unless the inbox socket
    /// delivered a newer state of it since the action's ticket was taken.
    pub upsert: Callback<(QueueItem, Ticket)>,
}

#[component]
pub fn Inbox(agent: Agent) -> impl IntoView {
    let session = expect_context::<Session>();
    let inbox = RwSignal::new(queue::Inbox::default());
    let open = RwSignal::new(None::<String>);
    let open_id = Memo::new(move |_| open.get());
    let page = RwSignal::new(Page::Inbox);
    let visible = RwSignal::new(browser::tab_visible());
    // The open conversation is on screen only on the visible Inbox page: on the Dashboard it
    // stays mounted but hidden, so it neither sends read receipts nor silences alerts.
    let seeing = Memo::new(move |_| on_screen(visible.get(), page.get() == Page::Inbox));
    let now = RwSignal::new(browser::now_ms());
    let conn = RwSignal::new(Conn::Connecting);
    let presence = RwSignal::new(PresenceStatus::Online);
    let sound = RwSignal::new(browser::load(SOUND_KEY).as_deref() != Some("off"));
    let me = agent.id.clone();
    let lead = agent.role == AgentRole::Lead;
    let viewer = move || Viewer {
        me: me.clone(),
        lead,
        open: open.get_untracked(),
        visible: seeing.get_untracked(),
    };

    // The inbox socket: snapshot, then upserts and presence.
    let on_text_viewer = viewer.clone();
    let socket = Socket::connect(
        AGENT_INBOX_SOCKET_PATH,
        Handlers {
            on_open: Box::new(move |link| {
                link.send(&InboxClientFrame::Presence {
                    status: presence.get_untracked(),
                });
            }),
            on_text: Box::new(move |_, text| {
                let Ok(frame) = serde_json::from_str::<InboxServerFrame>(text) else {
                    return;
                };
                let v = on_text_viewer();
                // Presence chosen in another tab shows here too.
                if let InboxServerFrame::Presence { agent } = &frame {
                    if agent.id == v.me && agent.status != PresenceStatus::Offline {
                        presence.set(agent.status);
                    }
                }
                let mut bump = false;
                inbox.update(|i| bump = i.apply(frame, &v));
                if bump && sound.get_untracked() {
                    browser::beep();
                }
            }),
            on_state: Box::new(move |c| {
                conn.set(c);
                // A socket that keeps failing may mean the session ended; once it is back,
                // a session check that could not reach the server is tried again.
                let lost = session.lost.try_get_untracked().unwrap_or(false);
                if matches!(c, Conn::Reconnecting(n) if n % 3 == 0) || (c == Conn::Online && lost) {
                    session.recheck.try_run(());
                }
            }),
        },
    );
    let socket = StoredValue::new_local(socket);

    let upsert_viewer = viewer.clone();
    let actions = InboxActions {
        open: Callback::new(move |id: String| {
            if seeing.get_untracked() {
                inbox.update(|i| i.alerts.seen(&id));
            }
            open.set(Some(id));
        }),
        set_presence: Callback::new(move |status| {
            presence.set(status);
            socket.with_value(|s| s.send(&InboxClientFrame::Presence { status }));
        }),
        set_sound: Callback::new(move |on| {
            if on {
                browser::prime_audio();
            }
            sound.set(on);
        }),
        ticket: Callback::new(move |()| {
            inbox
                .try_with_untracked(queue::Inbox::ticket)
                .unwrap_or_else(|| queue::Inbox::default().ticket())
        }),
        upsert: Callback::new(move |(item, ticket): (QueueItem, Ticket)| {
            let v = upsert_viewer();
            inbox.try_update(|i| i.upsert_if_current(item, ticket, &v));
        }),
    };
    provide_context(actions);

    // The clock for waiting times and typing expiry.
    let tick =
        set_interval_with_handle(move || now.set(browser::now_ms()), Duration::from_secs(1)).ok();
    // Tab visibility. Seeing the open conversation (tab visible, Inbox page shown) clears its
    // alerts, also when the agent comes back from the Dashboard.
    let on_visibility = window_event_listener_untyped("visibilitychange", move |_| {
        visible.set(browser::tab_visible());
    });
    Effect::new(move |_| {
        if let (true, Some(id)) = (seeing.get(), open.get_untracked()) {
            inbox.update(|i| i.alerts.seen(&id));
        }
    });
    let on_online =
        window_event_listener_untyped("online", move |_| socket.with_value(Socket::retry_now));
    // Browsers allow sound only after a gesture: prepare audio on the first one.
    let on_pointer = window_event_listener_untyped("pointerdown", move |_| {
        if sound.get_untracked() {
            browser::prime_audio();
        }
    });
    on_cleanup(move || {
        if let Some(t) = tick {
            t.clear();
        }
        on_visibility.remove();
        on_online.remove();
        on_pointer.remove();
        browser::set_title(&i18n::title());
    });

    // Outside-world syncs: the title badge and the stored sound preference.
    Effect::new(move |_| browser::set_title(&title_text(inbox.with(|i| i.alerts.total()))));
    Effect::new(move |_| browser::save(SOUND_KEY, if sound.get() { "on" } else { "off" }));

    let canned = LocalResource::new(api::canned_replies);
    // Drafts and unsent lines of conversations the agent switched away from.
    let parked = StoredValue::new(ParkedDrafts::default());
    let me = agent.id.clone();
    let name = agent.name.clone();
    let agent_for_conv = agent.clone();
    let agent_for_dash = agent.clone();
    // A comment on the dashboard opens its conversation in the inbox.
    let open_from_dashboard = Callback::new(move |id: String| {
        actions.open.run(id);
        page.set(Page::Inbox);
    });

    view! {
        <div class="app">
            <Shell name conn=conn.into() presence=presence.into() sound=sound.into() page />
            {move || (page.get() == Page::Dashboard).then(|| {
                view! { <Dashboard agent=agent_for_dash.clone() on_open=open_from_dashboard /> }
            })}
            <div class="columns" hidden=move || page.get() != Page::Inbox>
                <QueuePanel inbox=inbox.read_only() me now=now.into() open=open_id.into() />
                <main class="centre" aria-label=t(Key::Conversation)>
                    {move || match open_id.get() {
                        Some(id) => {
                            let item_id = id.clone();
                            let item = Memo::new(move |_| inbox.with(|i| i.get(&item_id).cloned()));
                            view! {
                                <ConversationPanel
                                    id
                                    agent=agent_for_conv.clone()
                                    item=item.into()
                                    visible=seeing.into()
                                    now=now.into()
                                    canned
                                    parked
                                />
                            }
                            .into_any()
                        }
                        None => view! {
                            <section class="empty-state" data-testid="conv-empty">
                                <h2>{t(Key::PickConversation)}</h2>
                                <p>{t(Key::PickConversationLead)}</p>
                            </section>
                        }
                        .into_any(),
                    }}
                </main>
                <aside class="context" aria-label=t(Key::Customer)>
                    {move || open_id.get().map(|id| view! { <ContextPanel id /> })}
                </aside>
            </div>
        </div>
    }
}
