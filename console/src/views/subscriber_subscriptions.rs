//! A signed-in subscriber's subscriptions in the context panel, with the actions an agent
//! takes on their behalf, and the subscriptions' audit log. Read from
//! `GET /api/v1/agent/subscribers/:id/subscriptions`, refetched after every change.

use leptos::prelude::*;
use shared::api::SubscriptionSummary;
use shared::selfservice::{AgentSubscriptionsResponse, SubscriptionView};
use shared::{ApiError, ErrorCode};

use crate::api;
use crate::app::Session;
use crate::i18n::{subscription_error_text, t, Key};
use crate::views::{AuditEntry, SubscriptionCard};

#[component]
pub fn SubscriberSubscriptions(
    subscriber_id: String,
    /// The context's short list, shown if the detailed one cannot be loaded.
    #[prop(optional)]
    fallback: Vec<SubscriptionSummary>,
) -> impl IntoView {
    let session = use_context::<Session>();
    let data = LocalResource::new(move || {
        let id = subscriber_id.clone();
        async move {
            let r = api::subscriber_subscriptions(&id).await;
            if let (Err(e), Some(s)) = (&r, session) {
                if e.code == ErrorCode::Unauthorized.as_str() {
                    s.check(&ApiError::new(ErrorCode::Unauthorized));
                }
            }
            r
        }
    });
    let refresh = Callback::new(move |()| data.refetch());
    // The last answer that came through: a failed refetch keeps showing it.
    let latest =
        Memo::new(
            move |prev: Option<&Option<AgentSubscriptionsResponse>>| match data.get() {
                Some(Ok(r)) => Some(r),
                _ => prev.cloned().flatten(),
            },
        );
    let ids = move || {
        latest.with(|r| {
            r.as_ref()
                .map(|r| {
                    r.subscriptions
                        .iter()
                        .map(|s| s.subscription.id.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let cutoff_hours = Signal::derive(move || latest.with(|r| r.as_ref().map(|r| r.cutoff_hours)));
    let events = move || latest.with(|r| r.as_ref().map(|r| r.events.clone()).unwrap_or_default());
    let plan_of = move |sub_id: &str| -> Option<String> {
        latest.with(|r| {
            let r = r.as_ref()?;
            // Only worth saying when there is more than one subscription.
            (r.subscriptions.len() > 1)
                .then(|| {
                    r.subscriptions
                        .iter()
                        .find(|s| s.subscription.id == sub_id)
                        .map(|s| s.subscription.plan.clone())
                })
                .flatten()
        })
    };
    let fallback = StoredValue::new(fallback);

    view! {
        {move || match (data.get(), latest.with(Option::is_some)) {
            (None, false) => view! { <p class="muted" role="status">{t(Key::Loading)}</p> }.into_any(),
            (Some(Err(e)), false) => view! {
                <p class="inline-error" role="alert" data-testid="ctx-sub-unavailable">
                    {t(Key::SubscriptionsUnavailable)} " " {subscription_error_text(&e)}
                </p>
                <ul class="ctx-list">
                    {fallback.get_value().into_iter().map(|s| view! {
                        <li class="ctx-card" data-testid="ctx-subscription">
                            <p class="ctx-title">{s.plan}</p>
                        </li>
                    }).collect_view()}
                </ul>
            }
            .into_any(),
            _ => ().into_any(),
        }}
        <Show when=move || latest.with(Option::is_some)>
            <Show
                when=move || !ids().is_empty()
                fallback=|| view! { <p class="muted">{t(Key::NoSubscriptions)}</p> }
            >
                <ul class="ctx-list" data-testid="ctx-sub-list">
                    <For each=ids key=|id| id.clone() let:id>
                        {
                            let sub_id = id.clone();
                            let sub = Signal::derive(move || -> Option<SubscriptionView> {
                                latest.with(|r| {
                                    r.as_ref()?
                                        .subscriptions
                                        .iter()
                                        .find(|s| s.subscription.id == sub_id)
                                        .cloned()
                                })
                            });
                            view! { <SubscriptionCard id sub cutoff_hours refresh /> }
                        }
                    </For>
                </ul>
            </Show>
            <h3>{t(Key::ChangeHistory)}</h3>
            <Show
                when=move || !events().is_empty()
                fallback=|| view! { <p class="muted" data-testid="ctx-audit-empty">{t(Key::NoChanges)}</p> }
            >
                <ul class="ctx-list ctx-audit" data-testid="ctx-audit">
                    <For each=events key=|e| e.id.clone() let:event>
                        {
                            let plan = plan_of(&event.subscription_id);
                            view! { <AuditEntry event plan /> }
                        }
                    </For>
                </ul>
            </Show>
        </Show>
    }
}
