//! A post-interaction survey (`shared::surveys`: CSAT 1–5, CES 1–7, NPS 0–10) as a compact
//! card that never blocks anything: a labelled radio group of scores (arrow keys move the
//! choice), an optional comment, send, and × (or Escape) to dismiss. The answer is checked
//! with [`SurveyAnswer::validate`] and sent once (a double click sends one answer); a short
//! thank-you follows, then the card closes. Part of the on-demand panel module only.

use std::time::Duration;

use leptos::prelude::*;
use shared::surveys::{AnswerError, PendingSurvey, SurveyAnswer, SurveyKind};
use wasm_bindgen::JsCast;

use crate::i18n::sub::{fill, t, Key};
use crate::i18n::Lang;
use crate::views::Api;

/// How long the thank-you shows before the card closes.
pub const THANKS_MS: u64 = 2_500;

const CSAT_LABELS: [Key; 5] = [
    Key::SvCsat1,
    Key::SvCsat2,
    Key::SvCsat3,
    Key::SvCsat4,
    Key::SvCsat5,
];
const FACES: [&str; 5] = ["😞", "🙁", "😐", "🙂", "😄"];

/// The survey's question.
pub fn question(lang: Lang, s: &PendingSurvey) -> String {
    match (s.kind, &s.agent_name) {
        (SurveyKind::Csat, Some(name)) => fill(lang, Key::SvCsatAgentQ, &[name]),
        (SurveyKind::Csat, None) => t(lang, Key::SvCsatQ).into(),
        (SurveyKind::Ces, _) => t(lang, Key::SvCesQ).into(),
        (SurveyKind::Nps, _) => t(lang, Key::SvNpsQ).into(),
    }
}

/// The labels of the lowest and highest score.
pub fn ends(lang: Lang, kind: SurveyKind) -> (&'static str, &'static str) {
    let (lo, hi) = match kind {
        SurveyKind::Csat => (Key::SvCsat1, Key::SvCsat5),
        SurveyKind::Ces => (Key::SvCesLo, Key::SvCesHi),
        SurveyKind::Nps => (Key::SvNpsLo, Key::SvNpsHi),
    };
    (t(lang, lo), t(lang, hi))
}

/// A score's accessible name: CSAT names every face; the other scales name their ends.
pub fn score_label(lang: Lang, kind: SurveyKind, n: u8) -> String {
    let (lo, hi) = kind.scale();
    let (l, h) = ends(lang, kind);
    match kind {
        SurveyKind::Csat => t(lang, CSAT_LABELS[usize::from(n.clamp(1, 5) - 1)]).into(),
        _ if n == lo => format!("{n} – {l}"),
        _ if n == hi => format!("{n} – {h}"),
        _ => n.to_string(),
    }
}

fn answer_error(lang: Lang, e: AnswerError) -> String {
    match e {
        AnswerError::ScoreOutOfRange { .. } => t(lang, Key::SvPick).into(),
        AnswerError::CommentTooLong { max } => {
            fill(lang, Key::SvTooLong, &[&lang.number(usize::from(max))])
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Asking,
    Sending,
    Thanks,
}

#[component]
pub fn SurveyCard(
    lang: Lang,
    client: Api,
    survey: PendingSurvey,
    /// The card is done (answered, or dismissed): called once.
    on_close: Callback<()>,
) -> impl IntoView {
    let kind = survey.kind;
    let (lo, hi) = kind.scale();
    let score = RwSignal::new(None::<u8>);
    let comment = RwSignal::new(String::new());
    let phase = RwSignal::new(Phase::Asking);
    let error = RwSignal::new(None::<String>);
    let id = StoredValue::new(survey.id.clone());
    let closed = StoredValue::new(false);
    let close = move || {
        if !closed.try_get_value().unwrap_or(true) {
            closed.set_value(true);
            on_close.run(());
        }
    };

    // Dismissed before answering: not asked again.
    let dismiss = move || {
        if phase.try_get_untracked() == Some(Phase::Asking) && closed.try_get_value() == Some(false)
        {
            let (c, id) = (client.get_value(), id.get_value());
            wasm_bindgen_futures::spawn_local(async move {
                c.dismiss_survey(&id).await;
            });
        }
        close();
    };
    let submit = move || {
        if phase.get_untracked() != Phase::Asking {
            return;
        }
        let Some(score) = score.get_untracked() else {
            error.set(Some(t(lang, Key::SvPick).into()));
            return;
        };
        let answer = SurveyAnswer {
            score,
            comment: Some(comment.get_untracked()),
        };
        let answer = match answer.validate(kind) {
            Ok(a) => a,
            Err(e) => return error.set(Some(answer_error(lang, e))),
        };
        error.set(None);
        phase.set(Phase::Sending);
        let (c, id) = (client.get_value(), id.get_value());
        wasm_bindgen_futures::spawn_local(async move {
            if c.answer_survey(&id, &answer).await {
                phase.try_set(Phase::Thanks);
                set_timeout(close, Duration::from_millis(THANKS_MS));
            } else {
                phase.try_set(Phase::Asking);
                error.try_set(Some(t(lang, Key::SvFailed).into()));
            }
        });
    };

    // A key handled here is marked (prevent_default) and stopped, so the widget's own
    // listeners further up the shadow tree (Escape closes the widget) leave it alone.
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" && !ev.default_prevented() {
            // The card's, not the widget's: the chat stays open.
            ev.stop_propagation();
            ev.prevent_default();
            dismiss();
        }
    };
    // Arrow keys move the choice along the scale (and focus with it).
    let on_arrows = move |ev: web_sys::KeyboardEvent| {
        if ev.default_prevented() {
            return;
        }
        let step: i16 = match ev.key().as_str() {
            "ArrowRight" | "ArrowUp" => 1,
            "ArrowLeft" | "ArrowDown" => -1,
            _ => return,
        };
        ev.prevent_default();
        let n = match score.get_untracked() {
            None if step > 0 => lo,
            None => hi,
            Some(s) => (i16::from(s) + step).clamp(i16::from(lo), i16::from(hi)) as u8,
        };
        score.set(Some(n));
        let group = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let button = group
            .and_then(|g| {
                g.query_selector(&format!("[data-testid=\"survey-score-{n}\"]"))
                    .ok()
            })
            .flatten()
            .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(b) = button {
            let _ = b.focus();
        }
    };

    let q = question(lang, &survey);
    let qid = format!("cd-sv-q-{}", survey.id);
    let (qid2, qid3) = (qid.clone(), qid.clone());
    let cid = format!("cd-sv-c-{}", survey.id);
    let (l, h) = ends(lang, kind);
    let comment_label = t(
        lang,
        if kind == SurveyKind::Nps {
            Key::SvWhy
        } else {
            Key::SvComment
        },
    );
    let scores = (lo..=hi)
        .map(|n| {
            let face = (kind == SurveyKind::Csat).then(|| FACES[usize::from(n - 1)]);
            let checked = move || score.get() == Some(n);
            // One tab stop: the chosen score, or the first.
            let tabindex = move || {
                if checked() || (n == lo && score.get().is_none()) {
                    "0"
                } else {
                    "-1"
                }
            };
            view! {
                <button type="button" role="radio" class="cd-survey-score"
                    data-testid=format!("survey-score-{n}")
                    aria-checked=move || checked().to_string()
                    aria-label=score_label(lang, kind, n)
                    title=score_label(lang, kind, n)
                    tabindex=tabindex
                    on:click=move |_| { score.set(Some(n)); error.set(None); }>
                    {face.map_or_else(|| n.to_string(), str::to_owned)}
                </button>
            }
        })
        .collect_view();

    view! {
        <div class="cd-survey" data-testid="survey-card" data-kind=kind.as_str()
            role="region" aria-labelledby=qid3 on:keydown=on_keydown>
            <button type="button" class="cd-survey-x" data-testid="survey-dismiss"
                aria-label=t(lang, Key::SvClose) on:click=move |_| dismiss()>
                "×"
            </button>
            {move || (phase.get() == Phase::Thanks).then(|| view! {
                <p class="cd-survey-q cd-sub-done" data-testid="survey-thanks" role="status">
                    {t(lang, Key::SvThanks)}
                </p>
            })}
            <form class="cd-survey-form" hidden=move || phase.get() == Phase::Thanks
                on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <p class="cd-survey-q" id=qid data-testid=format!("survey-kind-{}", kind.as_str())>{q}</p>
                <div class="cd-survey-scale" role="radiogroup" aria-labelledby=qid2 on:keydown=on_arrows>
                    {scores}
                </div>
                <div class="cd-survey-ends" aria-hidden="true"><span>{l}</span><span>{h}</span></div>
                <label class="cd-sub-label" for=cid.clone()>{comment_label}</label>
                <textarea id=cid class="cd-sub-input" data-testid="survey-comment" rows="2"
                    prop:value=move || comment.get()
                    on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                <p class="cd-sub-error" data-testid="survey-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="cd-sub-confirm" data-testid="survey-submit"
                    disabled=move || phase.get() == Phase::Sending>
                    {t(lang, Key::SvSend)}
                </button>
            </form>
        </div>
    }
}

/// Says "ask the server for a survey now" (e.g. after a self-service change: CES). Given as
/// context by the view that shows a [`SurveySlot`].
#[derive(Clone, Copy)]
pub struct AskSurvey(pub Callback<()>);

/// Where a survey shows: one card at a time, from `survey`; it clears `survey` on closing.
#[component]
pub fn SurveySlot(
    lang: Lang,
    client: Api,
    survey: RwSignal<Option<PendingSurvey>>,
) -> impl IntoView {
    let on_close = Callback::new(move |()| {
        survey.try_set(None);
    });
    move || {
        survey
            .get()
            .map(|survey| view! { <SurveyCard lang client survey on_close /> })
    }
}

/// Asks the server for the survey to show now and puts it in `survey`, unless one is showing.
pub fn ask(client: Api, survey: RwSignal<Option<PendingSurvey>>) {
    let c = client.get_value();
    wasm_bindgen_futures::spawn_local(async move {
        if let Ok(r) = c.pending_survey().await {
            if r.survey.is_some() && survey.try_with_untracked(Option::is_none) == Some(true) {
                survey.try_set(r.survey);
            }
        }
    });
}
