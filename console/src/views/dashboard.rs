//! The support metrics dashboard: filters (range, period, agent, channel), then the metrics
//! for them (tiles, charts, breakdowns, comments) and the targets. Any agent may look; only
//! a lead may change the targets. Metrics are refetched when a filter changes or targets are
//! saved.

use leptos::prelude::*;
use shared::api::{Agent, AgentRole};
use shared::metrics::Targets;
use shared::support::Channel;
use shared::{ApiError, ErrorCode};

use crate::api;
use crate::app::Session;
use crate::browser;
use crate::dashboard::{
    channel_str, default_range, parse_channel, parse_period, period_str, Query,
};
use crate::i18n::{self, api_error_text, t, Key};
use crate::views::{MetricsReport, TargetsForm};

#[component]
pub fn Dashboard(
    agent: Agent,
    /// Opens a conversation in the inbox.
    on_open: Callback<String>,
) -> impl IntoView {
    let session = use_context::<Session>();
    let range = default_range(browser::today());
    let from = RwSignal::new(range.from.to_string());
    let to = RwSignal::new(range.to.to_string());
    let period = RwSignal::new(shared::metrics::Period::Week);
    let agent_filter = RwSignal::new(String::new());
    let channel = RwSignal::new(None::<Channel>);
    let query = Memo::new(move |_| {
        Query::parse(
            &from.get(),
            &to.get(),
            period.get(),
            &agent_filter.get(),
            channel.get(),
        )
    });
    let range_error = move || query.get().err().map(i18n::range_error);

    let save = Action::new_local(|t: &Targets| {
        let t = t.clone();
        async move { api::save_targets(&t).await }
    });
    let busy = RwSignal::new(false);
    let metrics = LocalResource::new(move || {
        save.version().track();
        let q = query.get();
        async move {
            let Ok(q) = q else {
                return Err(ApiError::new(ErrorCode::InvalidField));
            };
            busy.set(true);
            let r = api::metrics(&q).await;
            busy.set(false);
            if let (Err(e), Some(s)) = (&r, session) {
                s.check(e);
            }
            r
        }
    });
    let agents = LocalResource::new(api::agents);
    let agent_options = move || {
        agents
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|a| view! { <option value=a.id.clone()>{a.name}</option> })
            .collect_view()
    };
    let is_lead = agent.role == AgentRole::Lead;

    view! {
        <main class="dashboard" data-testid="dashboard" aria-labelledby="dash-title">
            <header class="dash-head">
                <h1 id="dash-title">{t(Key::DashTitle)}</h1>
                <p class="muted">{t(Key::DashLead)}</p>
            </header>
            <form class="dash-filters" role="search" aria-label=t(Key::DashFilters) on:submit=|ev| ev.prevent_default()>
                <label class="field" for="dash-from">
                    <span>{t(Key::DateFrom)}</span>
                    <input
                        id="dash-from"
                        data-testid="dash-from"
                        type="date"
                        required=true
                        prop:value=from
                        aria-invalid=move || range_error().is_some().then_some("true")
                        aria-describedby=move || range_error().map(|_| "dash-range-error")
                        on:change=move |ev| from.set(event_target_value(&ev))
                    />
                </label>
                <label class="field" for="dash-to">
                    <span>{t(Key::DateTo)}</span>
                    <input
                        id="dash-to"
                        data-testid="dash-to"
                        type="date"
                        required=true
                        prop:value=to
                        aria-invalid=move || range_error().is_some().then_some("true")
                        aria-describedby=move || range_error().map(|_| "dash-range-error")
                        on:change=move |ev| to.set(event_target_value(&ev))
                    />
                </label>
                <label class="field" for="dash-period">
                    <span>{t(Key::GroupBy)}</span>
                    <select
                        id="dash-period"
                        data-testid="dash-period"
                        prop:value=move || period_str(period.get())
                        on:change=move |ev| period.set(parse_period(&event_target_value(&ev)))
                    >
                        <option value="day">{t(Key::Daily)}</option>
                        <option value="week">{t(Key::Weekly)}</option>
                        <option value="month">{t(Key::Monthly)}</option>
                    </select>
                </label>
                <label class="field" for="dash-agent">
                    <span>{t(Key::AgentFilter)}</span>
                    <select
                        id="dash-agent"
                        data-testid="dash-agent"
                        prop:value=agent_filter
                        on:change=move |ev| agent_filter.set(event_target_value(&ev))
                    >
                        <option value="">{t(Key::WholeTeam)}</option>
                        {agent_options}
                    </select>
                </label>
                <label class="field" for="dash-channel">
                    <span>{t(Key::ChannelFilter)}</span>
                    <select
                        id="dash-channel"
                        data-testid="dash-channel"
                        prop:value=move || channel_str(channel.get())
                        on:change=move |ev| channel.set(parse_channel(&event_target_value(&ev)))
                    >
                        <option value="">{t(Key::AllChannels)}</option>
                        {Channel::ALL
                            .into_iter()
                            .map(|c| view! { <option value=c.as_str()>{i18n::channel_label(c)}</option> })
                            .collect_view()}
                    </select>
                </label>
            </form>
            {move || range_error().map(|e| view! {
                <p class="inline-error" id="dash-range-error" role="alert" data-testid="dash-range-error">{e}</p>
            })}
            <p class="dash-busy muted" role="status" data-testid="dash-updating">
                {move || (busy.get() && metrics.get().is_some()).then(|| t(Key::Updating))}
            </p>
            <div class="dash-body" aria-busy=move || busy.get().to_string()>
                {move || match (query.get().is_ok(), metrics.get()) {
                    // The filters say why there is nothing to show.
                    (false, _) => None,
                    (true, None) => Some(view! {
                        <p class="muted" role="status" data-testid="dash-loading">{t(Key::Loading)}</p>
                    }.into_any()),
                    (true, Some(Err(e))) => Some(view! {
                        <div class="inline-error" role="alert" data-testid="dash-error">
                            <p>{t(Key::MetricsUnavailable)} " " {api_error_text(&e)}</p>
                            <button type="button" class="secondary" data-testid="dash-retry" on:click=move |_| metrics.refetch()>
                                {t(Key::TryAgain)}
                            </button>
                        </div>
                    }.into_any()),
                    (true, Some(Ok(report))) => Some(view! { <MetricsReport report on_open /> }.into_any()),
                }}
            </div>
            <TargetsForm editable=is_lead save />
        </main>
    }
}
