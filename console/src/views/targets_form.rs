//! The merchant's targets: a form for leads (validated here, then `PUT`), a read-only list
//! for everyone else.

use leptos::prelude::*;
use shared::metrics::Targets;
use shared::ApiError;

use crate::api;
use crate::dashboard::{parse_targets, TargetField, TargetProblem};
use crate::i18n::{self, api_error_text, t, Key};

#[component]
pub fn TargetsForm(
    /// Leads may edit.
    editable: bool,
    /// Saves targets (the dashboard refetches its metrics after each save).
    save: Action<Targets, Result<Targets, ApiError>>,
) -> impl IntoView {
    let targets = LocalResource::new(move || {
        save.version().track();
        api::targets()
    });
    view! {
        <section class="dash-targets" data-testid="dash-targets" aria-labelledby="dash-targets-title">
            <h2 id="dash-targets-title">{t(Key::Targets)}</h2>
            {move || match targets.get() {
                None => view! { <p class="muted" role="status">{t(Key::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! {
                    <p class="inline-error" role="alert" data-testid="dash-targets-error">
                        {t(Key::TargetsUnavailable)} " " {api_error_text(&e)}
                    </p>
                }
                .into_any(),
                Some(Ok(current)) if editable => view! { <Editor current save /> }.into_any(),
                Some(Ok(current)) => read_only(&current).into_any(),
            }}
        </section>
    }
}

fn read_only(current: &Targets) -> impl IntoView {
    let rows = TargetField::ALL
        .iter()
        .map(|f| {
            view! {
                <div class="target-row">
                    <dt>{i18n::target_field_label(*f)}</dt>
                    <dd data-testid=format!("dash-target-{}", f.as_str())>{f.text(current)}</dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <dl class="targets-list">{rows}</dl>
        <p class="muted" data-testid="dash-targets-readonly">{t(Key::TargetsLeadOnly)}</p>
    }
}

#[component]
fn Editor(current: Targets, save: Action<Targets, Result<Targets, ApiError>>) -> impl IntoView {
    let texts: Vec<(TargetField, RwSignal<String>)> = TargetField::ALL
        .iter()
        .map(|f| (*f, RwSignal::new(f.text(&current))))
        .collect();
    let problems = RwSignal::new(Vec::<(TargetField, TargetProblem)>::new());
    let pending = save.pending();
    let problem_of =
        move |f: TargetField| problems.with(|p| p.iter().find(|(g, _)| *g == f).map(|(_, p)| *p));
    let fields = texts
        .iter()
        .map(|(f, text)| {
            let f = *f;
            let text = *text;
            let id = format!("dash-target-{}", f.as_str());
            let err_id = format!("{id}-error");
            let (min, max) = f.bounds();
            view! {
                <div class="target-field">
                    <label for=id.clone()>{i18n::target_field_label(f)}</label>
                    <input
                        id=id.clone()
                        data-testid=id
                        type="number"
                        inputmode="decimal"
                        step=if f.whole() { "1" } else { "any" }
                        min=min.to_string()
                        max=max.to_string()
                        required=true
                        prop:value=text
                        aria-invalid=move || problem_of(f).is_some().then_some("true")
                        aria-describedby=move || problem_of(f).map(|_| err_id.clone())
                        on:input=move |ev| text.set(event_target_value(&ev))
                    />
                    {move || problem_of(f).map(|p| view! {
                        <p class="field-error" id=format!("dash-target-{}-error", f.as_str())>{i18n::target_problem(p)}</p>
                    })}
                </div>
            }
        })
        .collect_view();
    let submit_texts = texts.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let values: Vec<(TargetField, String)> = submit_texts
            .iter()
            .map(|(f, s)| (*f, s.get_untracked()))
            .collect();
        match parse_targets(&values) {
            Ok(targets) => {
                problems.set(Vec::new());
                save.dispatch_local(targets);
            }
            Err(p) => problems.set(p),
        }
    };
    let status = move || {
        if !problems.with(Vec::is_empty) {
            return Some(view! {
                <p class="inline-error" role="alert" data-testid="dash-targets-error">{t(Key::CheckTargets)}</p>
            }.into_any());
        }
        match save.value().get() {
            Some(Ok(_)) => Some(view! {
                <p class="saved" role="status" data-testid="dash-targets-saved">{t(Key::TargetsSaved)}</p>
            }.into_any()),
            Some(Err(e)) => Some(view! {
                <p class="inline-error" role="alert" data-testid="dash-targets-error">{api_error_text(&e)}</p>
            }.into_any()),
            None => None,
        }
    };
    view! {
        <form class="targets-form" novalidate=true on:submit=on_submit>
            <div class="target-fields">{fields}</div>
            <div class="targets-actions">
                <button type="submit" class="primary" data-testid="dash-targets-save" disabled=pending>
                    {move || if pending.get() { t(Key::Saving) } else { t(Key::SaveTargets) }}
                </button>
                {status}
            </div>
        </form>
    }
}
