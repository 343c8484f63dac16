//! One row of a subscription's audit log: who (the subscriber or the agent's name), what,
//! its effect, what changed, when, and the reference to quote.

use leptos::prelude::*;
use shared::selfservice::SubscriptionEventView;

use crate::browser;
use crate::i18n::{t, Key};
use crate::selfservice::AuditRow;

#[component]
pub fn AuditEntry(
    event: SubscriptionEventView,
    /// The plan's name, when the subscriber has more than one subscription.
    plan: Option<String>,
) -> impl IntoView {
    let row = AuditRow::new(&event);
    let actor = if row.is_agent { "agent" } else { "subscriber" };
    view! {
        <li
            class="ctx-card ctx-audit-row"
            data-testid="ctx-audit-row"
            data-event-id=event.id.clone()
            data-actor=actor
            data-action=event.action.as_str()
        >
            <p class="ctx-line ctx-audit-head">
                <span class="ctx-audit-action" data-testid="ctx-audit-action">{row.action}</span>
                " · "
                <span data-testid="ctx-audit-who">{row.who}</span>
            </p>
            {plan.map(|p| view! { <p class="ctx-line muted">{p}</p> })}
            <p class="ctx-line" data-testid="ctx-audit-effect">{row.effect}</p>
            {(!row.changes.is_empty()).then(|| view! {
                <ul class="ctx-items" data-testid="ctx-audit-changes">
                    {row.changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
                </ul>
            })}
            <p class="ctx-line muted">
                <time data-testid="ctx-audit-when">{browser::date_time(event.at)}</time>
                " · "
                <span>
                    <span class="sr-only">{t(Key::ReferenceLabel)} " "</span>
                    <span data-testid="ctx-audit-ref">{row.reference}</span>
                </span>
            </p>
        </li>
    }
}
