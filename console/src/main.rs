//! Cellar Door agent console (Leptos CSR, served at /console/). Built by Trunk from
//! console/index.html; `main` only mounts the app.

mod app;
mod i18n;
mod views;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
