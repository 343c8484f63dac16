//! The edge's one error type, and the one place it becomes an HTTP response.

use shared::{ApiError, ErrorCode};
use worker::{console_error, Response};

/// Anything a handler can fail with.
#[derive(Debug)]
pub enum EdgeError {
    /// A client error with a stable code (4xx).
    Api(ApiError),
    /// A platform failure (D1, storage, bindings). Logged, never shown.
    Platform(String),
}

pub type EdgeResult<T> = Result<T, EdgeError>;

impl From<ErrorCode> for EdgeError {
    fn from(code: ErrorCode) -> Self {
        Self::Api(ApiError::new(code))
    }
}

impl From<ApiError> for EdgeError {
    fn from(e: ApiError) -> Self {
        Self::Api(e)
    }
}

impl From<worker::Error> for EdgeError {
    fn from(e: worker::Error) -> Self {
        Self::Platform(e.to_string())
    }
}

impl EdgeError {
    /// The HTTP response for this error: `{code, message, field?}` and no internal detail.
    pub fn into_response(self) -> Response {
        let body = match self {
            Self::Api(body) => body,
            Self::Platform(detail) => {
                console_error!("internal error: {detail}");
                ApiError::new(ErrorCode::Internal)
            }
        };
        json_response(&body, body.code.status())
    }
}

/// A JSON response with a status; falls back to a bare status if building it fails.
pub fn json_response<T: serde::Serialize>(body: &T, status: u16) -> Response {
    match Response::from_json(body) {
        Ok(r) => r.with_status(status),
        Err(_) => Response::empty()
            .map(|r| r.with_status(500))
            .unwrap_or_else(|_| unreachable_response()),
    }
}

fn unreachable_response() -> Response {
    // Response::empty() only fails if the JS runtime is broken.
    Response::from_bytes(Vec::new()).expect("an empty response can always be built")
}
