//! Console strings (agents work in English for now; the catalogue keeps them in one place).

#[derive(Debug, Clone, Copy)]
pub enum Key {
    Product,
    SignInTitle,
    SignInLead,
    Email,
    Password,
    SignIn,
    NotYet,
}

pub fn t(key: Key) -> &'static str {
    match key {
        Key::Product => "Cellar Door",
        Key::SignInTitle => "Agent console",
        Key::SignInLead => "Sign in to answer subscribers and see your team's metrics.",
        Key::Email => "Work email",
        Key::Password => "Password",
        Key::SignIn => "Sign in",
        Key::NotYet => "Agent accounts are not enabled on this server yet.",
    }
}
