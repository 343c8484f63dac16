//! What the widget keeps in the visitor's browser (localStorage), per merchant: the
//! visitor token and the lines not yet acknowledged (each with whose it is). Only ever touched after the visitor
//! opened the widget (the loader mounts it on the first click). Storage that is missing
//! or blocked (private mode, third-party rules) is treated as empty.

use web_sys::Storage;

use crate::chat::Pending;
use crate::config::Config;

fn local() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The visitor token from an earlier visit.
pub fn visitor_token(config: &Config) -> Option<String> {
    local()?.get_item(&config.storage_key()).ok().flatten()
}

pub fn set_visitor_token(config: &Config, token: &str) {
    if let Some(s) = local() {
        let _ = s.set_item(&config.storage_key(), token);
    }
}

/// Lines typed on an earlier page load that were never acknowledged.
pub fn outbox(config: &Config) -> Vec<Pending> {
    local()
        .and_then(|s| s.get_item(&config.outbox_key()).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Replaces the stored outbox; an empty one removes the key.
pub fn set_outbox(config: &Config, pending: &[Pending]) {
    let Some(s) = local() else { return };
    let key = config.outbox_key();
    if pending.is_empty() {
        let _ = s.remove_item(&key);
    } else if let Ok(text) = serde_json::to_string(pending) {
        let _ = s.set_item(&key, &text);
    }
}
