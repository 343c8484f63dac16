//! One dashboard tile: a metric's value with its unit, target, standing (colour and words),
//! trend against the previous period and sample size. The trend's arrow and abbreviated
//! unit are hidden from screen readers, which read the same trend in words instead.

use leptos::prelude::*;
use shared::metrics::Standing;
use shared::surveys::Tile;

use crate::dashboard::{
    self, direction, number, trend_class, trend_spoken, trend_text, value_text,
};
use crate::i18n::{self, t, Key};

#[component]
pub fn MetricTile(tile: Tile) -> impl IntoView {
    let m = tile.metric;
    let id = format!("dash-tile-{}", m.as_str());
    let standing = dashboard::standing_str(tile.standing);
    let value = value_text(m, tile.value);
    let raw = tile.value.map(|v| number(m, v)).unwrap_or_default();
    let target = match tile.target {
        Some(v) => i18n::target_text(&value_text(m, Some(v))),
        None => t(Key::NoTarget).to_owned(),
    };
    let empty = tile.value.is_none() && tile.standing == Standing::NoData;
    let trend = tile.trend.map(|tr| {
        let dir = direction(m, tr);
        let class = format!("tile-trend {}", trend_class(tile.better, dir));
        view! {
            <p class=class data-testid=format!("{id}-trend") data-direction=dir.as_str()>
                <span aria-hidden="true">{trend_text(m, tr)}</span>
                " " <span class="muted" aria-hidden="true">{t(Key::VsPrevious)}</span>
                <span class="sr-only">{trend_spoken(m, tile.better, tr)}</span>
            </p>
        }
    });
    view! {
        <article class="tile" data-testid=id.clone() data-standing=standing aria-labelledby=format!("{id}-name")>
            <h3 class="tile-name" id=format!("{id}-name")>{i18n::metric_name(m)}</h3>
            <p class="tile-value" data-testid=format!("{id}-value") data-value=raw>{value}</p>
            {empty.then(|| view! { <p class="tile-empty muted" data-testid=format!("{id}-empty")>{t(Key::NoAnswers)}</p> })}
            <p class=format!("tile-standing standing-{standing}") data-testid=format!("{id}-standing")>
                <span class="standing-dot" aria-hidden="true"></span>
                {i18n::standing_label(tile.standing)}
            </p>
            <p class="tile-target" data-testid=format!("{id}-target")>{target}</p>
            {trend}
            <p class="tile-sample muted" data-testid=format!("{id}-sample")>{i18n::sample_text(tile.sample)}</p>
        </article>
    }
}
