//! Cellar Door agent console (Leptos CSR, served at /console/). Built by Trunk from
//! console/index.html; `main` only mounts the app (see `lib.rs`).

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(console::app::App);
}
