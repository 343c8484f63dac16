//! One subscription in the context panel: plan, status (with pause or cancel details),
//! frequency, next box and its cutoff, address, and the buttons of the actions an agent can
//! take on the subscriber's behalf. One action form is open at a time.

use leptos::prelude::*;
use shared::selfservice::{ApplyResponse, SubscriptionView};
use shared::subscription::{ActionKind, Status};

use crate::browser;
use crate::format::{format_date, format_money};
use crate::i18n::{self, t, Key};
use crate::selfservice::{action_slug, address_line};
use crate::views::SubscriptionActionForm;

#[component]
pub fn SubscriptionCard(
    id: String,
    sub: Signal<Option<SubscriptionView>>,
    #[prop(into)] cutoff_hours: Signal<Option<u32>>,
    /// Reloads the subscriber's subscriptions (after a change, or a stale version).
    refresh: Callback<()>,
) -> impl IntoView {
    let open = RwSignal::new(None::<ActionKind>);
    let result = RwSignal::new(None::<String>);
    let on_applied = Callback::new(move |r: ApplyResponse| {
        result.try_set(Some(format!(
            "{} {}",
            i18n::applied(&r.reference),
            i18n::effect_summary(&r.effect)
        )));
        open.try_set(None);
        refresh.try_run(());
    });
    let on_close = Callback::new(move |()| open.set(None));
    let status = move || sub.with(|s| s.as_ref().map(|s| s.subscription.status));
    let actions = move || status().map(|s| s.actions().to_vec()).unwrap_or_default();
    let group_label = move || {
        sub.with(|s| {
            s.as_ref()
                .map(|s| format!("{}: {}", t(Key::ActOnBehalf), s.subscription.plan))
                .unwrap_or_default()
        })
    };
    let form_id = format!("ctx-sub-form-{id}");
    let form_box_id = form_id.clone();

    let details = move || {
        let Some(v) = sub.get() else {
            return ().into_any();
        };
        let s = &v.subscription;
        let now = browser::now_ms();
        let status_class = format!("pill pill-{}", s.status.as_str());
        let detail = (!matches!(s.status, Status::Active)).then(|| i18n::status_detail(&s.status));
        let next = s.next_box.map(|d| {
            let days = i64::from(browser_today(now).days_until(d));
            (
                d.to_string(),
                format!("{} · {}", format_date(d), i18n::relative_days(days)),
            )
        });
        let cutoff = v.cutoff_at.map(|at| {
            if now >= at {
                t(Key::CutoffPassedNow).to_owned()
            } else {
                let hours = cutoff_hours
                    .get()
                    .map(i18n::cutoff_hours)
                    .unwrap_or_default();
                format!(
                    "{}: {} {hours}",
                    t(Key::ChangesUntil),
                    browser::date_time(at)
                )
            }
        });
        let upcoming = (v.upcoming.len() > 1).then(|| i18n::upcoming(&v.upcoming));
        let address = address_line(&s.address);
        view! {
            <p class="ctx-title" data-testid="ctx-sub-plan">{s.plan.clone()}</p>
            <p class="ctx-line">
                <span class=status_class data-testid="ctx-sub-status">{i18n::status_word(s.status.as_str())}</span>
                " · "
                <span data-testid="ctx-sub-frequency">{i18n::frequency_label(s.frequency)}</span>
                " · "
                {format_money(v.price_cents)}
            </p>
            {detail.map(|d| view! { <p class="ctx-line" data-testid="ctx-sub-status-detail">{d}</p> })}
            {next.map(|(iso, text)| view! {
                <p class="ctx-line" data-testid="ctx-sub-next-box" data-date=iso>
                    <span class="ctx-label">{t(Key::NextBox)} ": "</span>
                    {text}
                </p>
            })}
            {cutoff.map(|c| view! { <p class="ctx-line" data-testid="ctx-sub-cutoff">{c}</p> })}
            {upcoming.map(|u| view! { <p class="ctx-line muted" data-testid="ctx-sub-upcoming">{u}</p> })}
            <p class="ctx-line" data-testid="ctx-sub-address">
                <span class="ctx-label">{t(Key::ShipTo)} ": "</span>
                {address}
            </p>
        }
        .into_any()
    };

    let card_id = id.clone();
    view! {
        <li
            class="ctx-card ctx-sub"
            data-testid="ctx-sub-card"
            data-subscription-id=card_id
            data-status=move || status().map(|s| s.as_str()).unwrap_or("")
        >
            {details}
            <Show when=move || !actions().is_empty()>
                <div class="ctx-sub-actions" role="group" aria-label=group_label>
                    {
                        let form_id = form_id.clone();
                        move || {
                            actions()
                                .into_iter()
                                .map(|kind| {
                                    let slug = action_slug(kind);
                                    view! {
                                        <button
                                            type="button"
                                            class="secondary small"
                                            data-testid=format!("ctx-sub-action-{slug}")
                                            aria-expanded=move || (open.get() == Some(kind)).to_string()
                                            aria-controls=form_id.clone()
                                            on:click=move |_| {
                                                result.set(None);
                                                open.update(|o| {
                                                    *o = if *o == Some(kind) { None } else { Some(kind) };
                                                });
                                            }
                                        >
                                            {i18n::action_label(kind)}
                                        </button>
                                    }
                                })
                                .collect_view()
                        }
                    }
                </div>
            </Show>
            <div id=form_box_id>
                {move || open.get().map(|kind| view! {
                    <SubscriptionActionForm kind sub refresh on_applied on_close />
                })}
            </div>
            {move || result.get().map(|r| view! {
                <p class="ctx-sub-result" role="status" data-testid="ctx-sub-result">{r}</p>
            })}
        </li>
    }
}

/// The agent's local date now.
fn browser_today(now: i64) -> shared::date::Date {
    shared::date::Date::from_unix_ms(now, browser::offset_at(now))
}
