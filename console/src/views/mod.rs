//! Console pages and components, one per file.

mod sign_in;

pub use sign_in::SignIn;
