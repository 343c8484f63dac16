//! The "My subscription" tab (identified subscribers only): loads the subscriber's
//! subscriptions when opened and shows a panel for each. After a change is applied it asks
//! for a survey (CES) and shows it at the top.

use leptos::prelude::*;

use crate::i18n::sub::{t, Key};
use crate::i18n::Lang;
use crate::selfservice::error;
use crate::views::{ask, Api, AskSurvey, SubscriptionPanel, SurveySlot};

#[component]
pub fn MySubscription(lang: Lang, client: Api) -> impl IntoView {
    let data = LocalResource::new(move || {
        let c = client.get_value();
        async move { c.subscriptions().await }
    });
    let survey = RwSignal::new(None);
    provide_context(AskSurvey(Callback::new(move |()| ask(client, survey))));
    view! {
        <div class="cd-sub" data-testid="sub-view">
            <SurveySlot lang client survey />
            {move || match data.get() {
                None => view! { <p class="cd-sub-status" role="status">{t(lang, Key::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="cd-sub-error" data-testid="sub-error" role="alert">{error(lang, &e)}</p> }.into_any(),
                Some(Ok(r)) if r.subscriptions.is_empty() => view! { <p class="cd-sub-status">{t(lang, Key::NoSubs)}</p> }.into_any(),
                Some(Ok(r)) => r.subscriptions.into_iter().map(|view| {
                    view! { <SubscriptionPanel lang client view discount=r.discount_offer.clone() /> }
                }).collect_view().into_any(),
            }}
        </div>
    }
}
