//! The right column: who the agent is talking to — subscriber (or follow-up email, or an
//! anonymous visitor), subscriptions with the next box (for a signed-in subscriber: in
//! detail, with changes on their behalf and the audit log), recent orders and earlier
//! conversations with their ratings.

use leptos::prelude::*;
use shared::api::{ConversationContext, OrderSummary, PastConversation, SubscriptionSummary};

use crate::api;
use crate::app::Session;
use crate::browser;
use crate::format::{days_until, format_iso_date, format_money, stars};
use crate::i18n::{self, api_error_text, t, Key};
use crate::queue::status_str;
use crate::views::SubscriberSubscriptions;

#[component]
pub fn ContextPanel(id: String) -> impl IntoView {
    let session = expect_context::<Session>();
    let context = LocalResource::new(move || {
        let id = id.clone();
        async move {
            let r = api::context(&id).await;
            if let Err(e) = &r {
                session.check(e);
            }
            r
        }
    });

    view! {
        <section class="ctx" data-testid="ctx-panel" aria-labelledby="ctx-title">
            <h2 id="ctx-title" class="ctx-heading">{t(Key::Customer)}</h2>
            {move || match context.get() {
                None => view! { <p class="muted" role="status">{t(Key::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! {
                    <p class="inline-error" role="alert">{t(Key::ContextUnavailable)} " " {api_error_text(&e)}</p>
                }
                .into_any(),
                Some(Ok(ctx)) => details(ctx).into_any(),
            }}
        </section>
    }
}

fn details(ctx: ConversationContext) -> impl IntoView {
    let (name, email, email_label) = match (&ctx.subscriber, &ctx.follow_up_email) {
        (Some(s), _) => (s.name.clone(), Some(s.email.clone()), t(Key::Email)),
        (None, follow_up) => (
            t(Key::AnonymousVisitor).to_owned(),
            follow_up.clone(),
            t(Key::FollowUpEmail),
        ),
    };
    let now = browser::now_ms();
    let subscriptions = match &ctx.subscriber {
        Some(s) => view! {
            <SubscriberSubscriptions subscriber_id=s.id.clone() fallback=ctx.subscriptions />
        }
        .into_any(),
        None => list(ctx.subscriptions, t(Key::NoSubscriptions), move |s| {
            subscription(s, now)
        }),
    };

    view! {
        <div class="ctx-person">
            <p class="ctx-name" data-testid="ctx-name">{name}</p>
            {match email {
                Some(email) => view! {
                    <p class="ctx-email">
                        <span class="sr-only">{email_label} ": "</span>
                        <a data-testid="ctx-email" href=format!("mailto:{email}")>{email.clone()}</a>
                    </p>
                }
                .into_any(),
                None => view! { <p class="muted">{t(Key::NoEmail)}</p> }.into_any(),
            }}
        </div>
        <h3>{t(Key::Subscriptions)}</h3>
        {subscriptions}
        <h3>{t(Key::Orders)}</h3>
        {list(ctx.orders, t(Key::NoOrders), order)}
        <h3>{t(Key::Previous)}</h3>
        {list(ctx.previous_conversations, t(Key::NoPrevious), previous)}
    }
}

fn list<T, V: IntoView + 'static>(
    items: Vec<T>,
    empty: &'static str,
    row: impl Fn(T) -> V,
) -> AnyView {
    if items.is_empty() {
        return view! { <p class="muted">{empty}</p> }.into_any();
    }
    view! { <ul class="ctx-list">{items.into_iter().map(row).collect_view()}</ul> }.into_any()
}

fn subscription(s: SubscriptionSummary, now: i64) -> impl IntoView {
    let next = s.next_box_date.map(|d| {
        let when = days_until(&d, now, browser::offset_at(now)).map(i18n::relative_days);
        match when {
            Some(w) => format!("{} · {w}", format_iso_date(&d)),
            None => format_iso_date(&d),
        }
    });
    view! {
        <li class="ctx-card" data-testid="ctx-subscription">
            <p class="ctx-title">{s.plan}</p>
            <p class="ctx-line">
                <span class=format!("pill pill-{}", s.status)>{i18n::status_word(&s.status)}</span>
                " · "
                {i18n::frequency(&s.frequency)}
                " · "
                {format_money(s.price_cents)}
            </p>
            {next.map(|n| view! {
                <p class="ctx-line" data-testid="ctx-next-box">
                    <span class="ctx-label">{t(Key::NextBox)} ": "</span>
                    {n}
                </p>
            })}
        </li>
    }
}

fn order(o: OrderSummary) -> impl IntoView {
    let items = o
        .items
        .iter()
        .map(|i| i18n::order_item(i.qty, &i.name))
        .collect::<Vec<_>>();
    view! {
        <li class="ctx-card" data-testid="ctx-order">
            <p class="ctx-line ctx-order-head">
                <span class=format!("pill pill-{}", o.status)>{i18n::status_word(&o.status)}</span>
                <span>{browser::date(o.placed_at)}</span>
                <span class="ctx-total">{format_money(o.total_cents)}</span>
            </p>
            <ul class="ctx-items">{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
        </li>
    }
}

fn previous(p: PastConversation) -> impl IntoView {
    let rating = match p.rating {
        Some(r) => view! {
            <span class="stars" aria-label=i18n::rating(r) title=i18n::rating(r)>{stars(r)}</span>
        }
        .into_any(),
        None => view! { <span class="muted">{t(Key::NotRated)}</span> }.into_any(),
    };
    view! {
        <li class="ctx-card ctx-previous" data-testid="ctx-previous" data-status=status_str(p.status)>
            <span>{browser::date(p.created_at)}</span>
            <span class="muted">{i18n::status_label(p.status, None)}</span>
            {rating}
        </li>
    }
}
