//! A "Download CSV" button: builds nothing itself, it offers the given CSV text as a file.

use leptos::prelude::*;

use crate::browser;
use crate::i18n::{t, Key};

#[component]
pub fn CsvButton(
    /// `dash-csv-…`.
    testid: String,
    filename: String,
    csv: String,
    /// What the table is, for the button's accessible name.
    what: String,
    #[prop(optional)] label: Option<&'static str>,
) -> impl IntoView {
    let label = label.unwrap_or(t(Key::DownloadCsv));
    let aria = format!("{label}: {what}");
    view! {
        <button
            type="button"
            class="secondary csv"
            data-testid=testid
            data-filename=filename.clone()
            aria-label=aria
            on:click=move |_| {
                let _ = browser::download(&filename, "text/csv;charset=utf-8", &csv);
            }
        >
            {label}
        </button>
    }
}
