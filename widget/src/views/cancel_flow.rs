//! Cancelling, as easy as signing up: an optional reason and comment, at most one save
//! offer (`shared::selfservice::save_offer`) shown beside the "Cancel subscription" button,
//! which stays visible and works whatever the subscriber picks. One confirm, no more.

use leptos::prelude::*;
use shared::selfservice::{
    save_offer, ActionInput, ApplyResponse, DiscountOffer, SaveOffer, SubscriptionView,
};
use shared::subscription::{CancelReason, Status, MAX_COMMENT_CHARS};

use crate::i18n::sub::{t, Key};
use crate::i18n::Lang;
use crate::selfservice::{offer, reason};
use crate::views::{Api, Review};

#[component]
pub fn CancelFlow(
    lang: Lang,
    client: Api,
    sub: RwSignal<SubscriptionView>,
    /// The merchant's discount save offer, if any.
    discount: Option<DiscountOffer>,
    /// The subscriber took a pause or skip offer: review that action instead.
    on_offer: Callback<ActionInput>,
    on_done: Callback<ApplyResponse>,
    on_back: Callback<()>,
) -> impl IntoView {
    let picked = RwSignal::new(None::<CancelReason>);
    let comment = RwSignal::new(String::new());
    let shown = move || {
        let paused = sub.with(|s| matches!(s.subscription.status, Status::Paused { .. }));
        save_offer(picked.get(), discount.as_ref(), paused)
    };
    // The effect of cancelling does not depend on the reason: preview once.
    let preview = Signal::derive(|| {
        Some(ActionInput::Cancel {
            reason: None,
            comment: None,
        })
    });
    let submit = Signal::derive(move || {
        Some(ActionInput::Cancel {
            reason: picked.get(),
            comment: comment.with(|c| Some(c.trim().to_owned()).filter(|c| !c.is_empty())),
        })
    });
    let offer_view = move || {
        shown().map(|o| {
            let (accept, kind) = match &o {
                SaveOffer::Pause { .. } => (Key::APause, "pause"),
                SaveOffer::SkipNext => (Key::ASkip, "skip_next"),
                SaveOffer::Discount(_) => (Key::KeepSub, "discount"),
            };
            let code = match &o {
                SaveOffer::Discount(d) => Some(d.code.clone()),
                _ => None,
            };
            let take = o.action();
            view! {
                <div class="cd-offer" data-testid="cancel-offer" data-offer=kind>
                    <p class="cd-offer-text">
                        {offer(lang, &o)}
                        {code.map(|c| view! { " " <strong data-testid="cancel-offer-code">{c}</strong> })}
                    </p>
                    <button type="button" class="cd-sub-btn" data-testid="cancel-offer-accept"
                        on:click=move |_| match &take {
                            Some(a) => on_offer.run(a.into()),
                            None => on_back.run(()),
                        }>
                        {t(lang, accept)}
                    </button>
                </div>
            }
        })
    };

    view! {
        <div class="cd-sub-form" data-testid="cancel-flow">
            <h3 class="cd-sub-title">{t(lang, Key::ACancel)}</h3>
            <fieldset class="cd-reasons">
                <legend class="cd-sub-label">{t(lang, Key::ReasonQ)}</legend>
                {CancelReason::ALL.map(|r| view! {
                    <label class="cd-reason">
                        <input type="radio" name="cd-reason" value=r.as_str()
                            data-testid=format!("cancel-reason-{}", r.as_str())
                            on:change=move |_| picked.set(Some(r)) />
                        {reason(lang, r)}
                    </label>
                }).to_vec()}
            </fieldset>
            <label class="cd-sub-label" for="cd-cancel-comment">{t(lang, Key::Comment)}</label>
            <textarea id="cd-cancel-comment" class="cd-sub-input" data-testid="cancel-comment" rows="2"
                maxlength=MAX_COMMENT_CHARS on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
            <div class="cd-cancel-actions">
                {offer_view}
                <Review lang client sub preview submit label=Key::ACancel testid="cancel-confirm" on_done />
            </div>
            <button type="button" class="cd-sub-link" data-testid="sub-back" on:click=move |_| on_back.run(())>
                {t(lang, Key::Back)}
            </button>
        </div>
    }
}
