//! Signed tokens: `base64url(json claims) "." base64url(HMAC-SHA256(secret, first part))`.
//!
//! Used for the visitor and conversation tokens the edge hands to the widget. The MAC is
//! RustCrypto's `hmac` and is checked with its constant-time `verify_slice`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::api::SubscriberInfo;

type HmacSha256 = Hmac<Sha256>;

/// Longest token accepted for verification.
pub const MAX_TOKEN_LEN: usize = 2_048;
/// A visitor token lives a year: it only says which anonymous visitor this browser is.
pub const VISITOR_TOKEN_SECS: i64 = 365 * 24 * 3600;
/// A conversation token lets a socket join one conversation for a day.
pub const CONVERSATION_TOKEN_SECS: i64 = 24 * 3600;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("malformed token")]
    Malformed,
    #[error("bad signature")]
    BadSignature,
    #[error("expired token")]
    Expired,
    #[error("token is for another purpose, merchant or conversation")]
    WrongScope,
}

/// What a token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    Visitor,
    Conversation,
}

/// When a token the edge issues at `now` for `secs` expires. A token that carries a
/// subscriber's identity expires no later than the merchant's token that vouched for it
/// (`identity_exp`): an hour-long storefront sign-in must not become a year-long credential.
pub fn issued_exp(now: i64, secs: i64, identity_exp: Option<i64>) -> i64 {
    let exp = now.saturating_add(secs);
    identity_exp.map_or(exp, |e| exp.min(e))
}

/// Claims of the edge's own tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub kind: TokenKind,
    /// Merchant id the token is scoped to.
    pub merchant: String,
    /// Visitor id.
    pub visitor: String,
    /// Conversation id (conversation tokens only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation: Option<String>,
    /// The signed-in subscriber the visitor is, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscriber: Option<SubscriberInfo>,
    /// Expiry, unix seconds.
    pub exp: i64,
}

/// Claims of a subscriber token, signed by the merchant's server with the merchant's
/// widget secret so the widget can say who is logged in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriberClaims {
    pub merchant: String,
    pub subscriber: String,
    pub email: String,
    pub name: String,
    /// Expiry, unix seconds.
    pub exp: i64,
}

/// Verifies a merchant-signed subscriber token for `merchant`, valid at `now`.
pub fn verify_subscriber(
    secret: &[u8],
    token: &str,
    merchant: &str,
    now: i64,
) -> Result<SubscriberClaims, TokenError> {
    let claims: SubscriberClaims = verify(secret, token)?;
    if claims.merchant != merchant {
        return Err(TokenError::WrongScope);
    }
    if claims.exp <= now {
        return Err(TokenError::Expired);
    }
    Ok(claims)
}

fn mac(secret: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length, so this cannot fail.
    HmacSha256::new_from_slice(secret).expect("HMAC takes any key length")
}

/// Signs any serialisable payload.
pub fn sign<T: Serialize>(secret: &[u8], claims: &T) -> String {
    let payload = B64.encode(serde_json::to_vec(claims).unwrap_or_default());
    let mut m = mac(secret);
    m.update(payload.as_bytes());
    let sig = B64.encode(m.finalize().into_bytes());
    format!("{payload}.{sig}")
}

/// Verifies the signature (constant time) and decodes the payload. Expiry is the caller's
/// to check on the typed claims (see [`verify_claims`]).
pub fn verify<T: DeserializeOwned>(secret: &[u8], token: &str) -> Result<T, TokenError> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(TokenError::Malformed);
    }
    let (payload, sig) = token.split_once('.').ok_or(TokenError::Malformed)?;
    let sig = B64.decode(sig).map_err(|_| TokenError::Malformed)?;
    let mut m = mac(secret);
    m.update(payload.as_bytes());
    m.verify_slice(&sig).map_err(|_| TokenError::BadSignature)?;
    let bytes = B64.decode(payload).map_err(|_| TokenError::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| TokenError::Malformed)
}

/// Verifies an edge token of `kind` for `merchant`, valid at `now` (unix seconds).
pub fn verify_claims(
    secret: &[u8],
    token: &str,
    kind: TokenKind,
    merchant: &str,
    now: i64,
) -> Result<Claims, TokenError> {
    let claims: Claims = verify(secret, token)?;
    if claims.kind != kind || claims.merchant != merchant {
        return Err(TokenError::WrongScope);
    }
    if claims.exp <= now {
        return Err(TokenError::Expired);
    }
    Ok(claims)
}

/// The `Cellar-Signature` header of a webhook delivery of `body` at `t` (unix seconds):
/// `t=<t>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the merchant's webhook secret>`.
pub fn webhook_signature(secret: &[u8], t: i64, body: &str) -> String {
    let hex: String = webhook_mac(secret, t, body)
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("t={t},v1={hex}")
}

/// Checks a `Cellar-Signature` header the way a receiver should: the signature matches
/// (constant time) and `t` is within `tolerance_secs` of `now` (unix seconds).
pub fn verify_webhook_signature(
    secret: &[u8],
    header: &str,
    body: &str,
    now: i64,
    tolerance_secs: i64,
) -> bool {
    let mut t = None;
    let mut v1 = None;
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => v1 = Some(v),
            _ => {}
        }
    }
    let (Some(t), Some(v1)) = (t, v1) else {
        return false;
    };
    if (now - t).abs() > tolerance_secs || v1.len() != 64 {
        return false;
    }
    let Some(sig) = (0..32)
        .map(|i| u8::from_str_radix(v1.get(2 * i..2 * i + 2)?, 16).ok())
        .collect::<Option<Vec<u8>>>()
    else {
        return false;
    };
    webhook_mac(secret, t, body).verify_slice(&sig).is_ok()
}

/// The MAC of a webhook delivery: over `"<t>.<body>"`.
fn webhook_mac(secret: &[u8], t: i64, body: &str) -> HmacSha256 {
    let mut m = mac(secret);
    m.update(format!("{t}.").as_bytes());
    m.update(body.as_bytes());
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const KEY: &[u8] = b"test-secret-0123456789";

    fn claims(exp: i64) -> Claims {
        Claims {
            kind: TokenKind::Conversation,
            merchant: "demo-wines".into(),
            visitor: "v_1".into(),
            conversation: Some("c_1".into()),
            subscriber: None,
            exp,
        }
    }

    #[test]
    fn sign_then_verify() {
        let t = sign(KEY, &claims(100));
        assert_eq!(
            verify_claims(KEY, &t, TokenKind::Conversation, "demo-wines", 99),
            Ok(claims(100))
        );
    }

    #[test]
    fn rejects_expired_wrong_scope_and_forged() {
        let t = sign(KEY, &claims(100));
        assert_eq!(
            verify_claims(KEY, &t, TokenKind::Conversation, "demo-wines", 100),
            Err(TokenError::Expired)
        );
        assert_eq!(
            verify_claims(KEY, &t, TokenKind::Visitor, "demo-wines", 1),
            Err(TokenError::WrongScope)
        );
        assert_eq!(
            verify_claims(KEY, &t, TokenKind::Conversation, "other", 1),
            Err(TokenError::WrongScope)
        );
        assert_eq!(
            verify_claims(b"other-key", &t, TokenKind::Conversation, "demo-wines", 1),
            Err(TokenError::BadSignature)
        );
        // Same signature, edited payload.
        let (_, sig) = t.split_once('.').unwrap();
        let forged = format!(
            "{}.{sig}",
            B64.encode(serde_json::to_vec(&claims(i64::MAX)).unwrap())
        );
        assert_eq!(
            verify_claims(KEY, &forged, TokenKind::Conversation, "demo-wines", 1),
            Err(TokenError::BadSignature)
        );
        assert_eq!(verify::<Claims>(KEY, "no-dot"), Err(TokenError::Malformed));
        assert_eq!(
            verify::<Claims>(KEY, &"a".repeat(5000)),
            Err(TokenError::Malformed)
        );
    }

    #[test]
    fn subscriber_tokens() {
        let c = SubscriberClaims {
            merchant: "demo-wines".into(),
            subscriber: "sub_ava".into(),
            email: "ava@example.com".into(),
            name: "Ava".into(),
            exp: 100,
        };
        let t = sign(KEY, &c);
        assert_eq!(verify_subscriber(KEY, &t, "demo-wines", 50), Ok(c));
        assert_eq!(
            verify_subscriber(KEY, &t, "demo-wines", 100),
            Err(TokenError::Expired)
        );
        assert_eq!(
            verify_subscriber(KEY, &t, "other-shop", 50),
            Err(TokenError::WrongScope)
        );
        assert_eq!(
            verify_subscriber(b"another-merchant-secret", &t, "demo-wines", 50),
            Err(TokenError::BadSignature)
        );
        // An edge visitor token is not a subscriber token.
        let visitor = sign(KEY, &claims(100));
        assert_eq!(
            verify_subscriber(KEY, &visitor, "demo-wines", 50),
            Err(TokenError::Malformed)
        );
    }

    proptest! {
        #[test]
        fn any_tampered_byte_is_rejected(i in 0usize..200, b in any::<u8>()) {
            let t = sign(KEY, &claims(100));
            let mut bytes = t.clone().into_bytes();
            let i = i % bytes.len();
            prop_assume!(bytes[i] != b);
            bytes[i] = b;
            if let Ok(s) = String::from_utf8(bytes) {
                prop_assert!(verify_claims(KEY, &s, TokenKind::Conversation, "demo-wines", 1).is_err());
            }
        }
    }

    #[test]
    fn webhook_signatures_verify_and_reject_tampering() {
        let secret = b"whsec_test";
        let body = r#"{"id":"evt_1","type":"subscription.paused"}"#;
        let header = webhook_signature(secret, 1_700_000_000, body);
        assert!(header.starts_with("t=1700000000,v1="));
        assert_eq!(header.len(), "t=1700000000,v1=".len() + 64);
        assert!(verify_webhook_signature(
            secret,
            &header,
            body,
            1_700_000_100,
            300
        ));
        assert!(!verify_webhook_signature(
            secret,
            &header,
            "{}",
            1_700_000_100,
            300
        ));
        assert!(!verify_webhook_signature(
            b"other",
            &header,
            body,
            1_700_000_100,
            300
        ));
        assert!(!verify_webhook_signature(
            secret,
            &header,
            body,
            1_700_001_000,
            300
        ));
        assert!(!verify_webhook_signature(secret, "t=1,v1=zz", body, 1, 300));
    }

    #[test]
    fn an_identity_expires_with_the_merchant_token() {
        assert_eq!(issued_exp(1_000, 3_600, None), 4_600);
        assert_eq!(issued_exp(1_000, 3_600, Some(2_000)), 2_000);
        assert_eq!(issued_exp(1_000, 3_600, Some(9_000)), 4_600);
        assert_eq!(issued_exp(i64::MAX - 1, 3_600, None), i64::MAX);
    }
}
