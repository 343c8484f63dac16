//! The short form of one action on a subscriber's behalf: its fields (none for skip and
//! resume, whose preview is asked for at once), the preview line from the server's effect,
//! and Confirm. A confirm sends the previewed change with the key made for it, so a double
//! click or a retry applies it at most once. A 409 says what changed (the state moved on, or
//! a cutoff passed since the preview); address problems show beside their fields.

use leptos::prelude::*;
use shared::address::{AddressField, FieldError};
use shared::selfservice::{
    ActionInput, ActionRequest, ApplyResponse, SubscriptionApiError, SubscriptionView,
};
use shared::subscription::{
    ActionKind, CancelReason, Frequency, SubscriptionData, MAX_COMMENT_CHARS,
};
use shared::{ApiError, ErrorCode};

use crate::api;
use crate::app::Session;
use crate::browser;
use crate::i18n::{self, subscription_error_text, t, Key};
use crate::selfservice::{
    action_slug, changes, needs_no_input, Draft, DraftError, PauseMode, Previewed, ADDRESS_FIELDS,
};

/// What the form shows besides its fields.
#[derive(Clone, Copy)]
struct FormState {
    previewed: RwSignal<Option<Previewed>>,
    /// A message, and what changed (after a 409).
    error: RwSignal<Option<(String, Vec<String>)>>,
    field_errors: RwSignal<Vec<FieldError>>,
    refresh: Callback<()>,
    session: Option<Session>,
}

impl FormState {
    /// Forgets the preview and any error: the draft changed.
    fn edited(&self) {
        self.previewed.set(None);
        self.error.set(None);
    }

    fn fail(&self, e: SubscriptionApiError, shown: &SubscriptionData, attempt: Option<&Previewed>) {
        if e.code == ErrorCode::Unauthorized.as_str() {
            if let Some(s) = self.session {
                s.check(&ApiError::new(ErrorCode::Unauthorized));
            }
        }
        let text = subscription_error_text(&e);
        match (e.code.as_str(), e.effect, attempt) {
            // A cutoff passed since the preview: show the new effect, confirm again (a new
            // body, so a new key).
            ("effect_changed", Some(effect), Some(p)) => {
                self.previewed
                    .try_set(Some(p.with_effect(effect, new_idempotency_key())));
                self.error.try_set(Some((text, Vec::new())));
            }
            _ => {
                let what = e
                    .current
                    .as_ref()
                    .map(|c| changes(shown, &c.subscription))
                    .unwrap_or_default();
                self.previewed.try_set(None);
                self.field_errors.try_set(e.fields.clone());
                self.error.try_set(Some((text, what)));
                if e.code == "version_conflict" || e.current.is_some() {
                    self.refresh.try_run(());
                }
            }
        }
    }
}

/// A fresh idempotency key (ASCII letters, digits and `-`).
fn new_idempotency_key() -> String {
    format!("agent-{}", browser::new_client_id())
}

#[component]
pub fn SubscriptionActionForm(
    kind: ActionKind,
    sub: Signal<Option<SubscriptionView>>,
    refresh: Callback<()>,
    on_applied: Callback<ApplyResponse>,
    on_close: Callback<()>,
) -> impl IntoView {
    let shown = sub.get_untracked().map(|v| v.subscription);
    let Some(initial) = shown else {
        return ().into_any();
    };
    let sub_id = initial.id.clone();
    let prefix = format!("ctx-sub-{}-{}", sub_id, action_slug(kind));
    let draft = RwSignal::new(Draft::for_subscription(&initial));
    let state = FormState {
        previewed: RwSignal::new(None),
        error: RwSignal::new(None),
        field_errors: RwSignal::new(Vec::new()),
        refresh,
        session: use_context::<Session>(),
    };

    let preview = Action::new_local(move |input: &(SubscriptionData, ActionInput)| {
        let (shown, action) = input.clone();
        async move {
            let req = ActionRequest {
                version: shown.version,
                action: action.clone(),
            };
            match api::preview_action(&shown.id, &req).await {
                Ok(r) => {
                    state.previewed.try_set(Some(Previewed {
                        subscription_id: shown.id.clone(),
                        shown,
                        action,
                        effect: r.effect,
                        key: new_idempotency_key(),
                    }));
                }
                Err(e) => state.fail(*e, &shown, None),
            }
        }
    });
    let apply = Action::new_local(move |p: &Previewed| {
        let p = p.clone();
        async move {
            match api::apply_action(&p.subscription_id, &p.apply_request(), &p.key).await {
                Ok(r) => {
                    on_applied.try_run(r);
                }
                Err(e) => state.fail(*e, &p.shown, Some(&p)),
            }
        }
    });
    let busy = move || preview.pending().get() || apply.pending().get();

    let ask_preview = move || {
        state.error.set(None);
        state.field_errors.set(Vec::new());
        let Some(shown) = sub.get_untracked().map(|v| v.subscription) else {
            return;
        };
        match draft.with_untracked(|d| d.to_input(kind)) {
            Ok(action) => {
                preview.dispatch_local((shown, action));
            }
            Err(DraftError::Message(m)) => state.error.set(Some((m, Vec::new()))),
            Err(DraftError::Fields(f)) => {
                state.field_errors.set(f);
                state
                    .error
                    .set(Some((t(Key::ErrCheckAddress).into(), Vec::new())));
            }
        }
    };
    let confirm = move |_| {
        // One attempt at a time; a repeat of this change would carry the same key anyway.
        if apply.pending().get_untracked() {
            return;
        }
        if let Some(p) = state.previewed.get_untracked() {
            state.error.set(None);
            apply.dispatch_local(p);
        }
    };
    if needs_no_input(kind) {
        ask_preview();
    }

    let fields = match kind {
        ActionKind::Pause => pause_fields(&prefix, draft, state, &initial).into_any(),
        ActionKind::ChangeFrequency => {
            frequency_fields(&prefix, draft, state, initial.frequency).into_any()
        }
        ActionKind::ChangeAddress => address_fields(&prefix, draft, state).into_any(),
        ActionKind::Cancel => cancel_fields(&prefix, draft, state).into_any(),
        ActionKind::Resume | ActionKind::SkipNext => ().into_any(),
    };
    let error_id = format!("{prefix}-error");
    let describe_id = error_id.clone();

    view! {
        <form
            class="ctx-sub-form"
            data-testid="ctx-sub-form"
            // Our checks (the server's rules, with its words) run instead of the browser's.
            novalidate=true
            data-action=kind.as_str()
            aria-label=i18n::action_label(kind)
            aria-describedby=describe_id
            on:submit=move |ev| {
                ev.prevent_default();
                if state.previewed.with_untracked(Option::is_some) {
                    confirm(());
                } else {
                    ask_preview();
                }
            }
        >
            {fields}
            {move || state.previewed.get().map(|p| view! {
                <p class="ctx-sub-preview" role="status" data-testid="ctx-sub-preview"
                    data-first-affected=p.effect.first_affected_box.to_string()
                    data-cutoff-passed=p.effect.cutoff_passed.to_string()
                >
                    <strong>{i18n::effect_line(&p.effect)}</strong>
                    <span class="muted">" · " {i18n::effect_details(&p.effect)}</span>
                </p>
            })}
            <div id=error_id>
                {move || state.error.get().map(|(msg, what)| view! {
                    <div class="inline-error" role="alert" data-testid="ctx-sub-error">
                        <p>{msg}</p>
                        {(!what.is_empty()).then(|| view! {
                            <ul class="ctx-items" data-testid="ctx-sub-conflict">
                                {what.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                            </ul>
                        })}
                    </div>
                })}
            </div>
            <div class="action-row">
                <Show
                    when=move || state.previewed.with(Option::is_some)
                    fallback=move || view! {
                        <button type="submit" class="secondary small" data-testid="ctx-sub-preview-button" disabled=busy>
                            {t(Key::PreviewChange)}
                        </button>
                    }
                >
                    <button
                        type="button"
                        class="primary small"
                        data-testid="ctx-sub-confirm"
                        disabled=busy
                        on:click=move |_| confirm(())
                    >
                        {i18n::confirm_label(kind)}
                    </button>
                </Show>
                <button type="button" class="secondary small" data-testid="ctx-sub-close" on:click=move |_| on_close.run(())>
                    {t(Key::CloseForm)}
                </button>
                {move || preview.pending().get().then(|| view! { <span class="working" role="status">{t(Key::Checking)}</span> })}
                {move || apply.pending().get().then(|| view! { <span class="working" role="status">{t(Key::Applying)}</span> })}
            </div>
        </form>
    }
    .into_any()
}

fn pause_fields(
    prefix: &str,
    draft: RwSignal<Draft>,
    state: FormState,
    sub: &SubscriptionData,
) -> impl IntoView {
    let name = format!("{prefix}-mode");
    let boxes_id = format!("{prefix}-boxes");
    let until_id = format!("{prefix}-until");
    let min = sub
        .next_box
        .map(|d| d.add_days(1).to_string())
        .unwrap_or_default();
    let mode = move || draft.with(|d| d.pause_mode);
    let set_mode = move |m: PauseMode| {
        draft.update(|d| d.pause_mode = m);
        state.edited();
    };
    view! {
        <fieldset class="ctx-sub-fieldset">
            <legend class="sr-only">{i18n::action_label(ActionKind::Pause)}</legend>
            <label class="ctx-sub-radio">
                <input
                    type="radio"
                    name=name.clone()
                    data-testid="ctx-sub-pause-mode-boxes"
                    prop:checked=move || mode() == PauseMode::Boxes
                    on:change=move |_| set_mode(PauseMode::Boxes)
                />
                {t(Key::PauseForBoxes)}
            </label>
            <label class="ctx-sub-radio">
                <input
                    type="radio"
                    name=name
                    data-testid="ctx-sub-pause-mode-until"
                    prop:checked=move || mode() == PauseMode::Until
                    on:change=move |_| set_mode(PauseMode::Until)
                />
                {t(Key::PauseUntilDate)}
            </label>
        </fieldset>
        {move || match mode() {
            PauseMode::Boxes => view! {
                <label class="ctx-sub-field" for=boxes_id.clone()>
                    <span>{t(Key::Boxes)}</span>
                    <input
                        id=boxes_id.clone()
                        type="number"
                        min="1"
                        max="12"
                        step="1"
                        inputmode="numeric"
                        data-testid="ctx-sub-pause-boxes"
                        prop:value=move || draft.with(|d| d.pause_boxes.clone())
                        on:input=move |ev| {
                            draft.update(|d| d.pause_boxes = event_target_value(&ev));
                            state.edited();
                        }
                    />
                </label>
            }
            .into_any(),
            PauseMode::Until => view! {
                <label class="ctx-sub-field" for=until_id.clone()>
                    <span>{t(Key::ResumeOnOrAfter)}</span>
                    <input
                        id=until_id.clone()
                        type="date"
                        min=min.clone()
                        data-testid="ctx-sub-pause-until"
                        prop:value=move || draft.with(|d| d.pause_until.clone())
                        on:input=move |ev| {
                            draft.update(|d| d.pause_until = event_target_value(&ev));
                            state.edited();
                        }
                    />
                </label>
            }
            .into_any(),
        }}
    }
}

fn frequency_fields(
    prefix: &str,
    draft: RwSignal<Draft>,
    state: FormState,
    current: Frequency,
) -> impl IntoView {
    let id = format!("{prefix}-frequency");
    let label_for = id.clone();
    view! {
        <label class="ctx-sub-field" for=label_for>
            <span>{t(Key::NewFrequency)}</span>
            <select
                id=id
                data-testid="ctx-sub-frequency-select"
                prop:value=move || draft.with(|d| d.frequency.map(|f| f.as_str()).unwrap_or(""))
                on:change=move |ev| {
                    let f = Frequency::parse(&event_target_value(&ev));
                    draft.update(|d| d.frequency = f);
                    state.edited();
                }
            >
                <option value="">"—"</option>
                {Frequency::ALL
                    .into_iter()
                    .filter(|f| *f != current)
                    .map(|f| view! { <option value=f.as_str()>{i18n::frequency_label(f)}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

fn address_fields(prefix: &str, draft: RwSignal<Draft>, state: FormState) -> impl IntoView {
    ADDRESS_FIELDS
        .into_iter()
        .map(|field| {
            let id = format!("{prefix}-{}", field.as_str());
            let err_id = format!("{id}-error");
            let problem = move || {
                state.field_errors.with(|errs| {
                    errs.iter()
                        .find(|e| e.field == field)
                        .map(|e| i18n::field_problem(&e.problem))
                })
            };
            let autocomplete = match field {
                AddressField::Name => "name",
                AddressField::Line1 => "address-line1",
                AddressField::Line2 => "address-line2",
                AddressField::City => "address-level2",
                AddressField::Region => "address-level1",
                AddressField::PostalCode => "postal-code",
                AddressField::Country => "country",
            };
            let err_for_describe = err_id.clone();
            view! {
                <label class="ctx-sub-field" for=id.clone()>
                    <span>{i18n::address_field_label(field)}</span>
                    <input
                        id=id.clone()
                        type="text"
                        autocomplete=autocomplete
                        data-testid=format!("ctx-sub-address-{}", field.as_str())
                        aria-invalid=move || problem().is_some().to_string()
                        aria-describedby=move || problem().map(|_| err_for_describe.clone())
                        prop:value=move || draft.with(|d| d.address.field(field).to_owned())
                        on:input=move |ev| {
                            draft.update(|d| *d.address.field_mut(field) = event_target_value(&ev));
                            state.edited();
                            state.field_errors.update(|errs| errs.retain(|e| e.field != field));
                        }
                    />
                </label>
                {move || problem().map(|p| view! {
                    <p
                        class="field-error"
                        id=err_id.clone()
                        data-testid=format!("ctx-sub-field-error-{}", field.as_str())
                    >
                        {p}
                    </p>
                })}
            }
        })
        .collect_view()
}

fn cancel_fields(prefix: &str, draft: RwSignal<Draft>, state: FormState) -> impl IntoView {
    let reason_id = format!("{prefix}-reason");
    let comment_id = format!("{prefix}-comment");
    let count_id = format!("{comment_id}-count");
    let len = move || draft.with(|d| d.comment.trim().chars().count());
    let over = Memo::new(move |_| len() > MAX_COMMENT_CHARS);
    view! {
        <label class="ctx-sub-field" for=reason_id.clone()>
            <span>{t(Key::CancelReasonLabel)}</span>
            <select
                id=reason_id.clone()
                data-testid="ctx-sub-cancel-reason"
                prop:value=move || draft.with(|d| d.reason.map(|r| r.as_str()).unwrap_or(""))
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let r = CancelReason::ALL.into_iter().find(|r| r.as_str() == v);
                    draft.update(|d| d.reason = r);
                    state.edited();
                }
            >
                <option value="">{t(Key::NoReasonGiven)}</option>
                {CancelReason::ALL
                    .into_iter()
                    .map(|r| view! { <option value=r.as_str()>{i18n::cancel_reason(r)}</option> })
                    .collect_view()}
            </select>
        </label>
        <label class="ctx-sub-field" for=comment_id.clone()>
            <span>{t(Key::CommentLabel)}</span>
            <textarea
                id=comment_id.clone()
                rows="2"
                data-testid="ctx-sub-cancel-comment"
                aria-describedby=count_id.clone()
                prop:value=move || draft.with(|d| d.comment.clone())
                on:input=move |ev| {
                    draft.update(|d| d.comment = event_target_value(&ev));
                    state.edited();
                }
            ></textarea>
        </label>
        <span id=count_id class="counter" class:over=over>
            {move || format!("{}/{MAX_COMMENT_CHARS}", len())}
        </span>
    }
}
