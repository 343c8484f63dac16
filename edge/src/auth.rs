//! Agent authentication: PBKDF2-SHA256 password hashes computed with WebCrypto, and
//! session cookies whose SHA-256 is the session's key in D1.
//!
//! Hash format: `pbkdf2-sha256$<iterations>$<salt b64url>$<hash b64url>`. 100,000 iterations
//! is the most the production Workers runtime allows (local workerd does not enforce it, so
//! never raise it).

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use shared::api::{Agent, AGENT_COOKIE, AGENT_SESSION_SECS};
use shared::token::{self, Claims, TokenKind};
use shared::ErrorCode;
use subtle::ConstantTimeEq;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use worker::{Env, Request};

use crate::config::{now_millis, now_secs, random_bytes, session_secret};
use crate::db::Db;
use crate::error::{EdgeError, EdgeResult};
use crate::http::origin;

pub const PBKDF2_ITERATIONS: u32 = 100_000;
const SCHEME: &str = "pbkdf2-sha256";

fn js_err(e: JsValue) -> EdgeError {
    EdgeError::Platform(format!("webcrypto: {e:?}"))
}

fn subtle_crypto() -> EdgeResult<web_sys::SubtleCrypto> {
    let crypto =
        js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).map_err(js_err)?;
    Ok(crypto.unchecked_into::<web_sys::Crypto>().subtle())
}

/// PBKDF2-HMAC-SHA256 with WebCrypto: 32 bytes.
pub async fn pbkdf2(password: &str, salt: &[u8], iterations: u32) -> EdgeResult<Vec<u8>> {
    let subtle = subtle_crypto()?;
    let key_data = js_sys::Uint8Array::from(password.as_bytes());
    let import_alg = js_sys::Object::new();
    js_sys::Reflect::set(&import_alg, &"name".into(), &"PBKDF2".into()).map_err(js_err)?;
    let usages = js_sys::Array::of1(&"deriveBits".into());
    let key = JsFuture::from(
        subtle
            .import_key_with_object("raw", &key_data, &import_alg, false, &usages)
            .map_err(js_err)?,
    )
    .await
    .map_err(js_err)?;
    let params = js_sys::Object::new();
    js_sys::Reflect::set(&params, &"name".into(), &"PBKDF2".into()).map_err(js_err)?;
    js_sys::Reflect::set(&params, &"hash".into(), &"SHA-256".into()).map_err(js_err)?;
    js_sys::Reflect::set(&params, &"iterations".into(), &JsValue::from(iterations))
        .map_err(js_err)?;
    js_sys::Reflect::set(&params, &"salt".into(), &js_sys::Uint8Array::from(salt))
        .map_err(js_err)?;
    let bits = JsFuture::from(
        subtle
            .derive_bits_with_object(&params, &key.unchecked_into(), 256)
            .map_err(js_err)?,
    )
    .await
    .map_err(js_err)?;
    Ok(js_sys::Uint8Array::new(&bits).to_vec())
}

/// Checks `password` against a stored hash in constant time. Unknown schemes, or iteration
/// counts above the platform maximum, never verify.
pub async fn verify_password(password: &str, stored: &str) -> EdgeResult<bool> {
    let parts: Vec<&str> = stored.split('$').collect();
    let [scheme, iterations, salt, hash] = parts.as_slice() else {
        return Ok(false);
    };
    let Ok(iterations) = iterations.parse::<u32>() else {
        return Ok(false);
    };
    if *scheme != SCHEME || iterations == 0 || iterations > PBKDF2_ITERATIONS {
        return Ok(false);
    }
    let (Ok(salt), Ok(expected)) = (B64.decode(salt), B64.decode(hash)) else {
        return Ok(false);
    };
    let actual = pbkdf2(password, &salt, iterations).await?;
    Ok(actual.ct_eq(&expected).into())
}

/// Spends the same time as a real check, so unknown emails cannot be told apart by timing.
pub async fn burn_password_check(password: &str) -> EdgeResult<()> {
    pbkdf2(password, b"cellar-door-dummy-salt", PBKDF2_ITERATIONS)
        .await
        .map(|_| ())
}

/// The D1 key of a session token.
pub fn session_key(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A fresh session token (the cookie value).
pub fn new_session_token() -> EdgeResult<String> {
    let mut bytes = random_bytes()?.to_vec();
    bytes.extend_from_slice(&random_bytes()?);
    Ok(B64.encode(bytes))
}

/// `Set-Cookie` for a new session.
pub fn session_cookie(token: &str) -> String {
    format!("{AGENT_COOKIE}={token}; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age={AGENT_SESSION_SECS}")
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie() -> String {
    format!("{AGENT_COOKIE}=; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=0")
}

/// The session token from the request's cookies.
pub fn session_token(req: &Request) -> Option<String> {
    let header = req.headers().get("cookie").ok().flatten()?;
    header.split(';').find_map(|c| {
        let (k, v) = c.trim().split_once('=')?;
        (k == AGENT_COOKIE && !v.is_empty() && v.len() <= 128).then(|| v.to_owned())
    })
}

/// A signed-in agent and their merchant.
#[derive(Debug, Clone)]
pub struct AgentSession {
    pub merchant_id: String,
    pub agent: Agent,
}

/// The agent behind the request's session cookie, or 401.
pub async fn require_agent(req: &Request, env: &Env) -> EdgeResult<AgentSession> {
    let token = session_token(req).ok_or(ErrorCode::Unauthorized)?;
    Db::new(env)?
        .agent_session(&session_key(&token), now_millis())
        .await?
        .ok_or_else(|| ErrorCode::Unauthorized.into())
}

/// The visitor behind a widget call: `Authorization: Bearer <visitor token>`, signed by us,
/// unexpired, from an origin the token's merchant allows. Anything else is a 401 (or 403
/// for a refused origin).
pub async fn require_visitor(req: &Request, env: &Env) -> EdgeResult<Claims> {
    let token = req
        .headers()
        .get("authorization")?
        .and_then(|h| h.strip_prefix("Bearer ").map(|t| t.trim().to_owned()))
        .ok_or(ErrorCode::Unauthorized)?;
    let claims: Claims =
        token::verify(&session_secret(env)?, &token).map_err(|_| ErrorCode::Unauthorized)?;
    if claims.kind != TokenKind::Visitor || claims.exp <= now_secs() {
        return Err(ErrorCode::Unauthorized.into());
    }
    Db::new(env)?
        .require_origin(&claims.merchant, origin(req).as_deref())
        .await?;
    Ok(claims)
}
