//! Settings read from the Worker's environment.

use worker::Env;

use crate::error::{EdgeError, EdgeResult};

/// The secret that signs visitor and conversation tokens (`wrangler secret put SESSION_SECRET`).
pub fn session_secret(env: &Env) -> EdgeResult<Vec<u8>> {
    let secret = env
        .secret("SESSION_SECRET")
        .map_err(|_| EdgeError::Platform("SESSION_SECRET is not set".into()))?
        .to_string();
    if secret.len() < 32 {
        return Err(EdgeError::Platform(
            "SESSION_SECRET must be at least 32 characters".into(),
        ));
    }
    Ok(secret.into_bytes())
}

/// Unix time in seconds.
pub fn now_secs() -> i64 {
    now_millis() / 1000
}

/// Unix time in milliseconds.
pub fn now_millis() -> i64 {
    js_sys::Date::now() as i64
}

/// 16 random bytes from the platform's CSPRNG.
pub fn random_bytes() -> EdgeResult<[u8; 16]> {
    let mut b = [0u8; 16];
    getrandom::getrandom(&mut b).map_err(|e| EdgeError::Platform(format!("getrandom: {e}")))?;
    Ok(b)
}
