//! Console root: the sign-in page for now; queue, conversations and dashboard follow.

use leptos::prelude::*;

use crate::views::SignIn;

#[component]
pub fn App() -> impl IntoView {
    view! {
        <main class="console">
            <SignIn />
        </main>
    }
}
