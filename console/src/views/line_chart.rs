//! A line chart of one metric per period, as inline SVG: a y axis with three labels, the
//! first, middle and last periods on the x axis, a dashed target line, a line broken where a
//! period has no data and a dot per value. Its text alternative is a summary (the SVG's
//! label) and a visually hidden table of the same numbers as its CSV.

use leptos::prelude::*;
use shared::metrics::Period;
use shared::surveys::{DateRange, Series};

use crate::chart::{self, attr, Frame};
use crate::dashboard::{csv_filename, number, series_csv, value_text};
use crate::format::{format_date, format_day};
use crate::i18n::{self, t, Key};
use crate::views::CsvButton;

#[component]
pub fn LineChart(
    series: Series,
    period: Period,
    range: DateRange,
    target: Option<f64>,
) -> impl IntoView {
    let m = series.metric;
    let slug = m.as_str();
    let f = Frame::LINE;
    let values: Vec<Option<f64>> = series.points.iter().map(|p| p.value).collect();
    let (lo, hi) = chart::bounds(m, &values, target);
    let n = values.len();
    let title = i18n::chart_title(m, period);
    let summary = i18n::line_summary(
        &title,
        &series
            .points
            .iter()
            .map(|p| {
                (
                    format_date(p.start),
                    p.value.map(|v| value_text(m, Some(v))),
                )
            })
            .collect::<Vec<_>>(),
    );
    let has_data = values.iter().any(Option::is_some);
    let y_axis = chart::ticks(lo, hi)
        .into_iter()
        .map(|v| {
            let y = attr(f.y(v, lo, hi));
            view! {
                <g class="tick">
                    <line x1=attr(f.left) x2=attr(f.width - f.right) y1=y.clone() y2=y.clone()></line>
                    <text x=attr(f.left - 6.0) y=y text-anchor="end" dominant-baseline="middle">{number(m, v)}</text>
                </g>
            }
        })
        .collect_view();
    let x_axis = chart::x_label_indices(n)
        .into_iter()
        .map(|i| {
            let anchor = if n > 1 && i == 0 { "start" } else if n > 1 && i == n - 1 { "end" } else { "middle" };
            view! {
                <text x=attr(f.x(i, n)) y=attr(f.height - 8.0) text-anchor=anchor>{format_day(series.points[i].start)}</text>
            }
        })
        .collect_view();
    let target_line = target.map(|v| {
        let y = attr(f.y(v, lo, hi));
        view! { <line class="target" x1=attr(f.left) x2=attr(f.width - f.right) y1=y.clone() y2=y></line> }
    });
    let dots = chart::points(&values, lo, hi, &f)
        .into_iter()
        .flatten()
        .map(|(x, y)| view! { <circle cx=attr(x) cy=attr(y) r="3"></circle> })
        .collect_view();
    let path = chart::line_path(&values, lo, hi, &f);
    let rows = series
        .points
        .iter()
        .map(|p| {
            view! {
                <tr>
                    <th scope="row">{format_date(p.start)}</th>
                    <td>{p.value.map(|v| number(m, v)).unwrap_or_else(|| i18n::NO_VALUE.to_owned())}</td>
                    <td>{p.sample}</td>
                </tr>
            }
        })
        .collect_view();
    let stem = slug.replace('_', "-");
    let heading_id = format!("dash-chart-{slug}-title");
    view! {
        <figure class="chart" data-testid=format!("dash-chart-{slug}")>
            <figcaption class="chart-head">
                <h3 id=heading_id>{title.clone()}</h3>
                <CsvButton
                    testid=format!("dash-csv-{slug}")
                    filename=csv_filename(&stem, Some(period), &range)
                    csv=series_csv(&series)
                    what=title.clone()
                />
            </figcaption>
            <svg class="line-chart" viewBox=f.view_box() role="img" aria-label=summary preserveAspectRatio="xMidYMid meet">
                <g class="axis">{y_axis}{x_axis}</g>
                {target_line}
                <path class="line" d=path></path>
                <g class="dots">{dots}</g>
            </svg>
            {(!has_data).then(|| view! { <p class="chart-empty muted">{t(Key::NoAnswers)}</p> })}
            <table class="sr-only" data-testid=format!("dash-table-{slug}")>
                <caption>{title}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t(Key::PeriodStart)}</th>
                        <th scope="col">{format!("{} ({})", t(Key::ValueLabel), i18n::unit_name(crate::dashboard::unit(m)))}</th>
                        <th scope="col">{t(Key::AnswersLabel)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </figure>
    }
}
