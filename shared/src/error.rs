//! Error codes shared by the HTTP API, the WebSocket protocol and the clients.
//!
//! A code is stable (clients switch on it and translate it); the message is a short English
//! fallback with no internal detail.

use serde::{Deserialize, Serialize};

/// Every error the edge can report to a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    #[error("The request body is not valid JSON of the expected shape.")]
    InvalidJson,
    #[error("A field is missing or invalid.")]
    InvalidField,
    #[error("The request body is too large.")]
    PayloadTooLarge,
    #[error("Nothing is here.")]
    NotFound,
    #[error("This method is not allowed here.")]
    MethodNotAllowed,
    #[error("This shop is not known.")]
    MerchantNotFound,
    #[error("Sign-in is missing, invalid or expired.")]
    Unauthorized,
    #[error("This endpoint only speaks WebSocket.")]
    UpgradeRequired,
    #[error("This origin may not call the API.")]
    OriginNotAllowed,
    #[error("The frame is not a valid message.")]
    InvalidFrame,
    #[error("The frame is too large.")]
    FrameTooLarge,
    #[error("The message is too long.")]
    MessageTooLong,
    #[error("The message is empty.")]
    MessageEmpty,
    #[error("The client message id is invalid.")]
    InvalidClientId,
    #[error("This conversation cannot do that in its current state.")]
    InvalidState,
    #[error("Too many messages too quickly. Please wait a moment.")]
    RateLimited,
    #[error("The subscriber sign-in could not be verified.")]
    InvalidSubscriberToken,
    #[error("Email or password is incorrect.")]
    InvalidCredentials,
    #[error("Too many failed sign-ins. Please wait and try again.")]
    TooManyAttempts,
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
}

impl ErrorCode {
    /// HTTP status for this code when it is answered over HTTP.
    pub fn status(self) -> u16 {
        match self {
            Self::InvalidJson | Self::InvalidField | Self::InvalidFrame => 400,
            Self::MessageTooLong | Self::MessageEmpty | Self::InvalidClientId => 400,
            Self::Unauthorized | Self::InvalidSubscriberToken | Self::InvalidCredentials => 401,
            Self::RateLimited | Self::TooManyAttempts => 429,
            Self::InvalidState => 409,
            Self::OriginNotAllowed => 403,
            Self::NotFound | Self::MerchantNotFound => 404,
            Self::MethodNotAllowed => 405,
            Self::PayloadTooLarge | Self::FrameTooLarge => 413,
            Self::UpgradeRequired => 426,
            Self::Internal => 500,
        }
    }

    /// The stable snake_case code, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidJson => "invalid_json",
            Self::InvalidField => "invalid_field",
            Self::PayloadTooLarge => "payload_too_large",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::MerchantNotFound => "merchant_not_found",
            Self::Unauthorized => "unauthorized",
            Self::UpgradeRequired => "upgrade_required",
            Self::OriginNotAllowed => "origin_not_allowed",
            Self::InvalidFrame => "invalid_frame",
            Self::FrameTooLarge => "frame_too_large",
            Self::MessageTooLong => "message_too_long",
            Self::MessageEmpty => "message_empty",
            Self::InvalidClientId => "invalid_client_id",
            Self::InvalidState => "invalid_state",
            Self::RateLimited => "rate_limited",
            Self::InvalidSubscriberToken => "invalid_subscriber_token",
            Self::InvalidCredentials => "invalid_credentials",
            Self::TooManyAttempts => "too_many_attempts",
            Self::Internal => "internal",
        }
    }
}

/// The JSON body of every API error: `{code, message, field?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ApiError {
    pub fn new(code: ErrorCode) -> Self {
        Self {
            code,
            message: code.to_string(),
            field: None,
        }
    }

    pub fn field(code: ErrorCode, field: &str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: Some(field.to_owned()),
        }
    }
}

impl From<ErrorCode> for ApiError {
    fn from(code: ErrorCode) -> Self {
        Self::new(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_str_matches_serde() {
        for code in [
            ErrorCode::InvalidJson,
            ErrorCode::PayloadTooLarge,
            ErrorCode::MerchantNotFound,
            ErrorCode::UpgradeRequired,
            ErrorCode::MessageTooLong,
            ErrorCode::InvalidClientId,
            ErrorCode::RateLimited,
            ErrorCode::InvalidState,
            ErrorCode::InvalidSubscriberToken,
            ErrorCode::InvalidCredentials,
            ErrorCode::TooManyAttempts,
            ErrorCode::Internal,
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn errors_are_4xx_except_internal() {
        assert_eq!(ErrorCode::MessageTooLong.status(), 400);
        assert_eq!(ErrorCode::Unauthorized.status(), 401);
        assert_eq!(ErrorCode::Internal.status(), 500);
    }

    #[test]
    fn field_is_omitted_when_absent() {
        let body = serde_json::to_value(ApiError::new(ErrorCode::NotFound)).unwrap();
        assert_eq!(body["code"], "not_found");
        assert!(body.get("field").is_none());
        let body = serde_json::to_value(ApiError::field(
            ErrorCode::InvalidField,
            "merchant_id",
            "required",
        ))
        .unwrap();
        assert_eq!(body["field"], "merchant_id");
    }
}
