//! One self-service action's short form: its inputs (boxes or a date to pause until, a
//! frequency, an address with per-field errors; none for resume and skip), then the
//! preview and confirm button ([`Review`]).

use leptos::prelude::*;
use shared::address::FieldError;
use shared::date::Date;
use shared::selfservice::{ActionInput, ApplyResponse, SubscriptionView};
use shared::subscription::{Frequency, PauseFor, MAX_PAUSE_BOXES, MIN_PAUSE_BOXES};

use crate::i18n::sub::{t, Key};
use crate::i18n::Lang;
use crate::selfservice::{action, field_error, frequency, ADDRESS_FIELDS};
use crate::views::{Api, Review};

#[component]
pub fn ActionForm(
    lang: Lang,
    client: Api,
    sub: RwSignal<SubscriptionView>,
    /// The action as the form starts (e.g. a pause of 2 boxes from a save offer).
    init: ActionInput,
    on_done: Callback<ApplyResponse>,
    on_back: Callback<()>,
) -> impl IntoView {
    let kind = init.kind();
    let fields = RwSignal::new(Vec::<FieldError>::new());
    // The address is previewed when the subscriber asks (not on every keystroke).
    let is_address = matches!(init, ActionInput::ChangeAddress { .. });
    let input = RwSignal::new((!is_address).then(|| init.clone()));
    let inputs = match init {
        ActionInput::Pause(p) => {
            let boxes = RwSignal::new(match p {
                PauseFor::Boxes(n) => n,
                PauseFor::Until(_) => 1,
            });
            let until = RwSignal::new(String::new());
            let update = move || {
                input.set(Some(ActionInput::Pause(
                    match Date::parse(until.get_untracked().trim()) {
                        Ok(d) => PauseFor::Until(d),
                        Err(_) => PauseFor::Boxes(boxes.get_untracked()),
                    },
                )))
            };
            view! {
                <label class="cd-sub-label" for="cd-pause-boxes">{t(lang, Key::PauseBoxes)}</label>
                <select id="cd-pause-boxes" class="cd-sub-input" data-testid="sub-pause-boxes"
                    on:change=move |ev| { boxes.set(event_target_value(&ev).parse().unwrap_or(1)); update() }>
                    {(MIN_PAUSE_BOXES..=MAX_PAUSE_BOXES).map(|n| view! {
                        <option value=n.to_string() selected=move || boxes.get() == n>{n}</option>
                    }).collect_view()}
                </select>
                <label class="cd-sub-label" for="cd-pause-until">{t(lang, Key::PauseUntil)}</label>
                <input id="cd-pause-until" class="cd-sub-input" data-testid="sub-pause-until" type="date"
                    on:change=move |ev| { until.set(event_target_value(&ev)); update() } />
            }
            .into_any()
        }
        ActionInput::ChangeFrequency { frequency: f } => view! {
            <label class="cd-sub-label" for="cd-frequency">{t(lang, Key::NewFreq)}</label>
            <select id="cd-frequency" class="cd-sub-input" data-testid="sub-frequency"
                on:change=move |ev| input.set(Frequency::parse(&event_target_value(&ev))
                    .map(|frequency| ActionInput::ChangeFrequency { frequency }))>
                {Frequency::ALL.map(|o| view! {
                    <option value=o.as_str() selected=o == f>{frequency(lang, o)}</option>
                }).to_vec()}
            </select>
        }
        .into_any(),
        ActionInput::ChangeAddress { address } => {
            let value = RwSignal::new(address);
            let review = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                input.set(Some(ActionInput::ChangeAddress {
                    address: value.get_untracked(),
                }));
            };
            view! {
                <form class="cd-sub-address" novalidate on:submit=review>
                    {ADDRESS_FIELDS.map(|(f, label)| {
                        let id = format!("cd-addr-{}", f.as_str());
                        let error = move || fields.with(|e| e.iter().find(|e| e.field == f).map(|e| field_error(lang, e.code())));
                        view! {
                            <label class="cd-sub-label" for=id.clone()>{t(lang, label)}</label>
                            <input id=id class="cd-sub-input" data-testid=format!("sub-address-{}", f.as_str())
                                prop:value=value.with_untracked(|a| a.field(f).to_owned())
                                aria-invalid=move || error().map(|_| "true")
                                on:input=move |ev| { value.update(|a| *a.field_mut(f) = event_target_value(&ev)); input.set(None) } />
                            {move || error().map(|e| view! {
                                <p class="cd-sub-error" data-testid=format!("field-error-{}", f.as_str()) role="alert">{e}</p>
                            })}
                        }
                    }).to_vec()}
                    <button type="submit" class="cd-sub-btn" data-testid="sub-review">{t(lang, Key::Review)}</button>
                </form>
            }
            .into_any()
        }
        _ => ().into_any(),
    };

    view! {
        <div class="cd-sub-form" data-testid="sub-form" data-action=kind.as_str()>
            <h3 class="cd-sub-title">{action(lang, kind)}</h3>
            {inputs}
            <Review lang client sub preview=input fields label=Key::Confirm testid="sub-confirm" on_done />
            <button type="button" class="cd-sub-link" data-testid="sub-back" on:click=move |_| on_back.run(())>
                {t(lang, Key::Back)}
            </button>
        </div>
    }
}
