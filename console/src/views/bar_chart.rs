//! A horizontal bar chart of a breakdown (contact or cancel reasons) as inline SVG, with a
//! summary label and a visually hidden table, and its CSV.

use leptos::prelude::*;
use shared::metrics::Slice;
use shared::surveys::DateRange;

use crate::chart::{attr, bar_length};
use crate::dashboard::{csv_filename, share_text, slices_csv};
use crate::i18n::{self, t, Key};
use crate::views::CsvButton;

const WIDTH: f64 = 320.0;
const LABEL: f64 = 130.0;
const VALUE: f64 = 60.0;
const ROW: f64 = 24.0;

#[component]
pub fn BarChart(
    /// `contact-reasons` or `cancel-reasons`.
    slug: &'static str,
    title: &'static str,
    slices: Vec<Slice>,
    range: DateRange,
) -> impl IntoView {
    let labelled: Vec<(String, usize, String)> = slices
        .iter()
        .map(|s| (i18n::reason_label(&s.key), s.count, share_text(s.share)))
        .collect();
    let summary = i18n::bar_summary(title, &labelled);
    let max = slices.iter().map(|s| s.count).max().unwrap_or(0);
    let full = WIDTH - LABEL - VALUE;
    let height = (ROW * slices.len() as f64).max(ROW);
    let bars = labelled
        .iter()
        .enumerate()
        .map(|(i, (label, count, share))| {
            let y = ROW * i as f64;
            let len = bar_length(*count, max, full);
            view! {
                <g class="bar">
                    <text x=attr(LABEL - 6.0) y=attr(y + ROW / 2.0) text-anchor="end" dominant-baseline="middle">{label.clone()}</text>
                    <rect x=attr(LABEL) y=attr(y + 4.0) width=attr(len.max(1.0)) height=attr(ROW - 8.0) rx="3"></rect>
                    <text x=attr(LABEL + len + 6.0) y=attr(y + ROW / 2.0) dominant-baseline="middle">{format!("{count} · {share}%")}</text>
                </g>
            }
        })
        .collect_view();
    let rows = labelled
        .iter()
        .map(|(label, count, share)| {
            view! {
                <tr>
                    <th scope="row">{label.clone()}</th>
                    <td>{*count}</td>
                    <td>{format!("{share}%")}</td>
                </tr>
            }
        })
        .collect_view();
    let empty = slices.is_empty();
    let heading_id = format!("dash-chart-{slug}-title");
    view! {
        <figure class="chart" data-testid=format!("dash-chart-{slug}")>
            <figcaption class="chart-head">
                <h3 id=heading_id>{title}</h3>
                <CsvButton
                    testid=format!("dash-csv-{slug}")
                    filename=csv_filename(slug, None, &range)
                    csv=slices_csv(&slices, i18n::reason_label)
                    what=title.to_owned()
                />
            </figcaption>
            {if empty {
                view! { <p class="chart-empty muted" data-testid=format!("dash-chart-{slug}-empty")>{t(Key::NothingRecorded)}</p> }.into_any()
            } else {
                view! {
                    <svg class="bar-chart" viewBox=format!("0 0 {WIDTH} {}", attr(height)) role="img" aria-label=summary>
                        {bars}
                    </svg>
                }
                .into_any()
            }}
            <table class="sr-only" data-testid=format!("dash-table-{slug}")>
                <caption>{title}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t(Key::ReasonLabel)}</th>
                        <th scope="col">{t(Key::CountLabel)}</th>
                        <th scope="col">{t(Key::ShareLabel)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </figure>
    }
}
