//! The plan card: plan, status, frequency, price, next box with a live countdown to its
//! cutoff, and the boxes after it.

use leptos::prelude::*;
use shared::selfservice::SubscriptionView;

use crate::i18n::sub::{fill, t, Key};
use crate::i18n::{money, Lang};
use crate::selfservice::{countdown, frequency, next_box, status};
use crate::time::day;

#[component]
pub fn PlanCard(lang: Lang, sub: RwSignal<SubscriptionView>) -> impl IntoView {
    let now = RwSignal::new(js_sys::Date::now() as i64);
    if let Ok(h) = set_interval_with_handle(
        move || now.set(js_sys::Date::now() as i64),
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || h.clear());
    }
    let cutoff = move || {
        let at = sub.with(|s| s.cutoff_at)?;
        let left = at - now.get();
        Some(if left > 0 {
            fill(lang, Key::CutoffIn, &[&countdown(lang, left)])
        } else {
            t(lang, Key::CutoffGone).to_owned()
        })
    };
    // One reactive block for the card's data (it changes only when a change is applied).
    let data = move || {
        sub.with(|v| {
            let s = &v.subscription;
            let upcoming: Vec<String> = v.upcoming.iter().map(|d| day(lang, *d)).collect();
            view! {
                <h3 class="cd-sub-title" data-testid="sub-plan">{s.plan.clone()}</h3>
                <p class="cd-card-row">
                    <span data-testid="sub-status" data-status=s.status.as_str()>{status(lang, s.status)}</span>
                    " · "
                    <span data-testid="sub-frequency-text">{frequency(lang, s.frequency)}</span>
                    " · "
                    <span data-testid="sub-price">{money(lang, v.price_cents)}</span>
                </p>
                <p class="cd-card-row" data-testid="sub-next-box">{next_box(lang, s.next_box)}</p>
                <p class="cd-card-row" data-testid="sub-upcoming">
                    {(!upcoming.is_empty()).then(|| fill(lang, Key::Upcoming, &[&upcoming.join(", ")]))}
                </p>
            }
        })
    };
    view! {
        <div class="cd-card" data-testid="sub-card">
            {data}
            <p class="cd-card-row cd-card-cutoff" data-testid="sub-cutoff">{cutoff}</p>
        </div>
    }
}
