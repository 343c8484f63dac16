//! Conversation actions: Claim (while waiting), Transfer (to another agent), Escalate (with
//! a 1–500 character note) and Resolve. Each posts to the API; errors show inline.

use leptos::prelude::*;
use shared::api::{AgentPresence, QueueItem, QueueStatus, MAX_NOTE_CHARS};

use crate::api::{self, Command};
use crate::app::Session;
use crate::i18n::{self, api_error_text, note_error, t, Key};
use crate::queue::Inbox;
use crate::views::inbox::InboxActions;

#[component]
pub fn ConversationActions(
    id: String,
    me: String,
    item: Signal<Option<QueueItem>>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let actions = expect_context::<InboxActions>();
    let agents = LocalResource::new(api::agents);
    let target = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let local_error = RwSignal::new(None::<String>);

    let conv_id = id.clone();
    let run = Action::new_local(move |cmd: &Command| {
        let (id, cmd) = (conv_id.clone(), cmd.clone());
        // Taken now: the result yields to any inbox upsert of this conversation from here on.
        let ticket = actions.ticket.try_run(());
        async move {
            match api::command(&id, &cmd).await {
                Ok(item) => {
                    if let Some(ticket) = ticket {
                        actions.upsert.try_run((item, ticket));
                    }
                    // Clear the input the action used.
                    match &cmd {
                        Command::Escalate { .. } => note.try_set(String::new()),
                        Command::Transfer { .. } => target.try_set(String::new()),
                        Command::Claim | Command::Resolve => None,
                    };
                    Ok(cmd)
                }
                Err(e) => {
                    session.check(&e);
                    Err(e)
                }
            }
        }
    });
    let pending = run.pending();
    let dispatch = move |cmd: Command| {
        local_error.set(None);
        run.dispatch_local(cmd);
    };
    let error = move || {
        local_error.get().or_else(|| match run.value().get() {
            Some(Err(e)) if !pending.get() => Some(api_error_text(&e)),
            _ => None,
        })
    };

    let status = move || item.with(|i| i.as_ref().map(|i| i.status));
    let is = move |s: QueueStatus| status() == Some(s);
    let open = move || status().is_some_and(|s| s != QueueStatus::Resolved);
    let can_escalate = move || open() && !is(QueueStatus::Escalated);
    // Waiting conversations, and escalated ones nobody holds (a specialist picks them up).
    let can_claim = move || is(QueueStatus::Waiting) || is(QueueStatus::Escalated);
    // Everyone but me and the current assignee.
    let others = Memo::new(move |_| {
        let assignee = item.with(|i| {
            i.as_ref()
                .and_then(|i| i.assignee.as_ref().map(|a| a.id.clone()))
        });
        match agents.get() {
            Some(Ok(list)) => Inbox::others(&list, &me)
                .into_iter()
                .filter(|a| Some(&a.id) != assignee.as_ref())
                .collect(),
            _ => Vec::<AgentPresence>::new(),
        }
    });
    let transfer_id = format!("transfer-{id}");
    let note_id = format!("escalate-{id}");
    let note_len = move || note.with(|n| n.trim().chars().count());
    let note_over = Memo::new(move |_| note_len() > MAX_NOTE_CHARS);

    view! {
        <div class="conv-actions" role="group" aria-label=t(Key::Actions)>
            <div class="action-row">
                <Show when=can_claim>
                    <button
                        type="button"
                        class="primary"
                        data-testid="conv-claim"
                        disabled=pending
                        on:click=move |_| dispatch(Command::Claim)
                    >
                        {t(Key::Claim)}
                    </button>
                </Show>
                <Show when=open>
                    <button
                        type="button"
                        class="secondary"
                        data-testid="conv-resolve"
                        disabled=pending
                        on:click=move |_| dispatch(Command::Resolve)
                    >
                        {t(Key::Resolve)}
                    </button>
                </Show>
                {move || pending.get().then(|| view! { <span class="working" role="status">{t(Key::Working)}</span> })}
            </div>
            <Show when=open>
                <div class="action-row">
                    <label class="field-inline" for=transfer_id.clone()>
                        <span>{t(Key::TransferTo)}</span>
                        <select
                            id=transfer_id.clone()
                            data-testid="conv-transfer-select"
                            prop:value=target
                            on:change=move |ev| target.set(event_target_value(&ev))
                        >
                            <option value="">{t(Key::ChooseAgent)}</option>
                            <For
                                each=move || others.get()
                                key=|a| format!("{}:{:?}", a.id, a.status)
                                children=move |a| {
                                    let label = format!("{} ({})", a.name, i18n::presence(a.status));
                                    view! { <option value=a.id>{label}</option> }
                                }
                            />
                        </select>
                    </label>
                    <button
                        type="button"
                        class="secondary"
                        data-testid="conv-transfer"
                        disabled=move || pending.get() || target.with(String::is_empty)
                        on:click=move |_| {
                            let agent_id = target.get_untracked();
                            if !agent_id.is_empty() {
                                dispatch(Command::Transfer { agent_id });
                            }
                        }
                    >
                        {t(Key::Transfer)}
                    </button>
                </div>
            </Show>
            <Show when=can_escalate>
                <div class="action-row escalate">
                    <label class="sr-only" for=note_id.clone()>{t(Key::EscalateNote)}</label>
                    <textarea
                        id=note_id.clone()
                        rows="1"
                        data-testid="conv-escalate-note"
                        placeholder=t(Key::EscalateNotePlaceholder)
                        aria-describedby=format!("{note_id}-count")
                        prop:value=note
                        on:input=move |ev| note.set(event_target_value(&ev))
                    ></textarea>
                    <span
                        id=format!("{note_id}-count")
                        class="counter"
                        class:over=note_over
                    >
                        {move || format!("{}/{MAX_NOTE_CHARS}", note_len())}
                    </span>
                    <button
                        type="button"
                        class="secondary"
                        data-testid="conv-escalate"
                        disabled=pending
                        on:click=move |_| match shared::queue::validate_note(&note.get_untracked()) {
                            Ok(note) => dispatch(Command::Escalate { note }),
                            Err(_) => local_error.set(Some(note_error(note_len()))),
                        }
                    >
                        {t(Key::Escalate)}
                    </button>
                </div>
            </Show>
            {move || error().map(|e| view! { <p class="inline-error" role="alert" data-testid="conv-action-error">{e}</p> })}
        </div>
    }
}
