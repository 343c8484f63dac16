//! One subscription: its card and actions, an action's form, the cancel flow, and the
//! cancel confirmation (effective date and reference). Applied changes update the card at
//! once from the apply's answer.

use leptos::prelude::*;
use shared::selfservice::{ActionInput, ApplyResponse, DiscountOffer, SubscriptionView};
use shared::subscription::{ActionKind, Frequency, PauseFor};

use crate::i18n::sub::{fill, t, Key};
use crate::i18n::Lang;
use crate::selfservice::action;
use crate::time::day;
use crate::views::{ActionForm, Api, AskSurvey, CancelFlow, PlanCard};

#[derive(Clone, PartialEq)]
enum Screen {
    Card,
    Form(ActionInput),
    Cancel,
    Cancelled(Box<ApplyResponse>),
}

#[component]
pub fn SubscriptionPanel(
    lang: Lang,
    client: Api,
    view: SubscriptionView,
    discount: Option<DiscountOffer>,
) -> impl IntoView {
    let sub = RwSignal::new(view);
    let screen = RwSignal::new(Screen::Card);
    // The last change applied from the card (its reference).
    let applied = RwSignal::new(None::<String>);
    // A change applied: the server may now have a survey (CES) for the view above to show.
    let ask_survey = use_context::<AskSurvey>();
    let on_done = Callback::new(move |r: ApplyResponse| {
        if let Some(AskSurvey(ask)) = ask_survey {
            ask.run(());
        }
        if r.effect.action == ActionKind::Cancel {
            screen.set(Screen::Cancelled(Box::new(r)));
        } else {
            applied.set(Some(r.reference));
            screen.set(Screen::Card);
        }
    });
    let on_back = Callback::new(move |()| screen.set(Screen::Card));
    let on_offer = Callback::new(move |a| screen.set(Screen::Form(a)));
    let button = move |input: ActionInput, testid: &'static str| {
        let kind = input.kind();
        view! {
            <button type="button" class="cd-sub-btn" data-testid=testid
                on:click=move |_| {
                    applied.set(None);
                    screen.set(if kind == ActionKind::Cancel { Screen::Cancel } else { Screen::Form(input.clone()) })
                }>
                {action(lang, kind)}
            </button>
        }
    };
    // Which actions the status offers (and in which order) is the shared rule.
    let actions = move || {
        let s = sub.get().subscription;
        s.status
            .actions()
            .iter()
            .map(|kind| match kind {
                ActionKind::Pause => {
                    button(ActionInput::Pause(PauseFor::Boxes(1)), "sub-action-pause")
                }
                ActionKind::Resume => button(ActionInput::Resume, "sub-action-resume"),
                ActionKind::SkipNext => button(ActionInput::SkipNext, "sub-action-skip"),
                ActionKind::ChangeFrequency => {
                    let other = Frequency::ALL
                        .into_iter()
                        .find(|f| *f != s.frequency)
                        .unwrap_or(s.frequency);
                    button(
                        ActionInput::ChangeFrequency { frequency: other },
                        "sub-action-frequency",
                    )
                }
                ActionKind::ChangeAddress => button(
                    ActionInput::ChangeAddress {
                        address: s.address.to_input(),
                    },
                    "sub-action-address",
                ),
                ActionKind::Cancel => button(
                    ActionInput::Cancel {
                        reason: None,
                        comment: None,
                    },
                    "sub-cancel-open",
                ),
            })
            .collect::<Vec<_>>()
    };

    move || {
        match screen.get() {
        Screen::Card => view! {
            <PlanCard lang sub />
            {move || applied.get().map(|r| view! {
                <p class="cd-sub-done" data-testid="sub-success" role="status">
                    {t(lang, Key::Done)} " " {fill(lang, Key::Reference, &[&r])}
                </p>
            })}
            <div class="cd-sub-actions">{actions}</div>
        }
        .into_any(),
        Screen::Form(init) => view! { <ActionForm lang client sub init on_done on_back /> }.into_any(),
        Screen::Cancel => {
            view! { <CancelFlow lang client sub discount=discount.clone() on_offer on_done on_back /> }.into_any()
        }
        Screen::Cancelled(r) => view! {
            <div class="cd-sub-form" data-testid="cancel-done" role="status">
                <h3 class="cd-sub-title">{t(lang, Key::CancelDone)}</h3>
                <p data-testid="cancel-done-effective">
                    {r.effect.effective.map(|d| fill(lang, Key::EffectiveOn, &[&day(lang, d)]))}
                </p>
                <p data-testid="cancel-done-reference">{fill(lang, Key::Reference, &[&r.reference])}</p>
                <button type="button" class="cd-sub-link" data-testid="sub-back" on:click=move |_| on_back.run(())>
                    {t(lang, Key::Back)}
                </button>
            </div>
        }
        .into_any(),
    }
    }
}
