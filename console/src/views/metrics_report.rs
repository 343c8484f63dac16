//! The dashboard's body for one answer of the metrics API: the tiles (with their CSV), the
//! line charts, the reason breakdowns and the recent comments. Presentational only.

use leptos::prelude::*;
use shared::surveys::MetricsResponse;

use crate::dashboard::{csv_filename, tiles_csv};
use crate::i18n::{t, Key};
use crate::views::{BarChart, CsvButton, LineChart, MetricTile, SurveyComments};

#[component]
pub fn MetricsReport(report: MetricsResponse, on_open: Callback<String>) -> impl IntoView {
    let MetricsResponse {
        range,
        period,
        channel,
        targets,
        tiles,
        series,
        contact_reasons,
        cancel_reasons,
        comments,
        ..
    } = report;
    let tiles_file = csv_filename("metrics", None, &range);
    let tiles_text = tiles_csv(&tiles);
    let tile_views = tiles
        .into_iter()
        .map(|tile| view! { <li><MetricTile tile /></li> })
        .collect_view();
    let charts = series
        .into_iter()
        .map(|s| {
            // A channel's first responses stand against that channel's target.
            let target = s.metric.target(&targets, channel);
            view! { <LineChart series=s period range target /> }
        })
        .collect_view();
    view! {
        <section class="dash-tiles" aria-labelledby="dash-tiles-title">
            <div class="section-head">
                <h2 id="dash-tiles-title">{t(Key::Tiles)}</h2>
                <CsvButton
                    testid="dash-csv-tiles".to_string()
                    filename=tiles_file
                    csv=tiles_text
                    what=t(Key::Tiles).to_string()
                    label=t(Key::DownloadTilesCsv)
                />
            </div>
            <ul class="tiles" data-testid="dash-tiles">{tile_views}</ul>
        </section>
        <section class="dash-charts" aria-labelledby="dash-trends-title">
            <h2 id="dash-trends-title">{t(Key::Trends)}</h2>
            <div class="charts">{charts}</div>
        </section>
        <section class="dash-charts" aria-labelledby="dash-breakdowns-title">
            <h2 id="dash-breakdowns-title">{t(Key::Breakdowns)}</h2>
            <div class="charts">
                <BarChart slug="contact-reasons" title=t(Key::ContactReasons) slices=contact_reasons range />
                <BarChart slug="cancel-reasons" title=t(Key::CancelReasons) slices=cancel_reasons range />
            </div>
        </section>
        <SurveyComments comments on_open />
    }
}
