//! The end of every self-service form: the preview line (from the server's preview of the
//! action), errors, and the one confirm button. Confirming applies with an idempotency key
//! made once per request body, so a double click or a retry applies once. A stale version
//! (409 `version_conflict`) shows what changed and previews again; a cutoff that passed
//! meanwhile (409 `effect_changed`) shows the new effect to confirm.

use std::rc::Rc;

use leptos::prelude::*;
use shared::address::FieldError;
use shared::selfservice::{
    ActionInput, ActionRequest, ApplyRequest, ApplyResponse, SubscriptionView,
};
use shared::subscription::Effect;

use crate::client::{new_client_id, SubApi};
use crate::i18n::sub::{t, Key};
use crate::i18n::Lang;
use crate::selfservice::{changes, error, preview_line};

/// The self-service API, for views (`Rc` is not `Send`).
pub type Api = StoredValue<Rc<SubApi>, LocalStorage>;

#[component]
pub fn Review(
    lang: Lang,
    client: Api,
    /// The subscription shown; replaced by the applied (or current) state.
    sub: RwSignal<SubscriptionView>,
    /// The action to preview; `None` until the form is complete.
    #[prop(into)]
    preview: Signal<Option<ActionInput>>,
    /// The action to apply (default: the previewed one).
    #[prop(optional, into)]
    submit: Option<Signal<Option<ActionInput>>>,
    /// Field errors of an address, for the form to show.
    #[prop(optional)]
    fields: Option<RwSignal<Vec<FieldError>>>,
    label: Key,
    testid: &'static str,
    on_done: Callback<ApplyResponse>,
) -> impl IntoView {
    let submit = submit.unwrap_or(preview);
    let fields = fields.unwrap_or_default();
    // The notice after a conflict, the effect as it is now, and the apply's error.
    let notice = RwSignal::new(None::<String>);
    let fresh = RwSignal::new(None::<Effect>);
    let failed = RwSignal::new(None::<&'static str>);
    // (body, key) of the last confirm.
    let key = StoredValue::new(None::<(String, String)>);
    // Applied: the form is going away, so the new version needs no preview.
    let applied = StoredValue::new(false);

    let previewed = LocalResource::new(move || {
        let input = preview.get().filter(|_| !applied.get_value());
        let (id, version) = sub.with(|s| (s.subscription.id.clone(), s.subscription.version));
        let c = client.get_value();
        async move {
            let r = c
                .preview(
                    &id,
                    &ActionRequest {
                        version,
                        action: input?,
                    },
                )
                .await;
            failed.set(None);
            fresh.set(None);
            fields.set(
                r.as_ref()
                    .err()
                    .map(|e| e.fields.clone())
                    .unwrap_or_default(),
            );
            Some(r)
        }
    });
    let effect = move || {
        fresh.get().or_else(|| {
            previewed
                .get()
                .flatten()
                .and_then(|r| r.ok())
                .map(|p| p.effect)
        })
    };
    let preview_error = move || {
        previewed
            .get()
            .flatten()
            .and_then(|r| r.err())
            .filter(|e| e.fields.is_empty())
            .map(|e| error(lang, &e))
    };

    let apply = Action::new_local(move |(id, req, k): &(String, ApplyRequest, String)| {
        let (c, id, req, k) = (client.get_value(), id.clone(), req.clone(), k.clone());
        async move {
            match c.apply(&id, &req, &k).await {
                Ok(done) => {
                    applied.set_value(true);
                    key.set_value(None);
                    notice.set(None);
                    sub.set(done.subscription.clone());
                    on_done.run(done);
                }
                Err(mut e) => {
                    if let (true, Some(current)) = (e.code == "version_conflict", e.current.take())
                    {
                        notice.set(Some(sub.with_untracked(|s| changes(lang, s, &current))));
                        sub.set(*current);
                    } else if e.code == "effect_changed" && e.effect.is_some() {
                        notice.set(Some(error(lang, &e).into()));
                        fresh.set(e.effect);
                    } else if !e.fields.is_empty() {
                        fields.set(e.fields);
                    } else {
                        failed.set(Some(error(lang, &e)));
                    }
                }
            }
        }
    });
    let pending = apply.pending();
    let confirm = move |_| {
        let (Some(effect), Some(action)) = (untrack(effect), submit.get_untracked()) else {
            return;
        };
        if pending.get_untracked() {
            return;
        }
        let (id, version) =
            sub.with_untracked(|s| (s.subscription.id.clone(), s.subscription.version));
        let req = ApplyRequest {
            version,
            action,
            effect: Some(effect),
        };
        let body = serde_json::to_string(&(&id, &req)).unwrap_or_default();
        let k = key
            .with_value(|k| {
                k.as_ref()
                    .filter(|(b, _)| *b == body)
                    .map(|(_, k)| k.clone())
            })
            .unwrap_or_else(|| {
                let k = new_client_id();
                key.set_value(Some((body, k.clone())));
                k
            });
        failed.set(None);
        apply.dispatch_local((id, req, k));
    };

    view! {
        <p class="cd-sub-notice" data-testid="sub-conflict" role="status">{move || notice.get()}</p>
        <p class="cd-sub-preview" data-testid="sub-preview" aria-live="polite">
            {move || effect().map(|e| preview_line(lang, &e))}
        </p>
        <p class="cd-sub-error" data-testid="sub-error" role="alert">
            {move || failed.get().or_else(preview_error)}
        </p>
        <button
            type="button"
            class="cd-sub-confirm"
            data-testid=testid
            disabled=move || pending.get() || effect().is_none()
            on:click=confirm
        >
            {t(lang, label)}
        </button>
    }
}
