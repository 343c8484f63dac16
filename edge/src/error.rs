//! The edge's one error type, and the one place it becomes an HTTP response.

use shared::address::FieldError;
use shared::selfservice::{SubscriptionApiError, SubscriptionView};
use shared::subscription::ActionError;
use shared::surveys::{AnswerError, RangeError};
use shared::{ApiError, ErrorCode};
use worker::{console_error, Response};

/// Anything a handler can fail with.
#[derive(Debug)]
pub enum EdgeError {
    /// A client error with a stable code (4xx).
    Api(ApiError),
    /// A subscription endpoint's error: its status and body (a superset of `ApiError`).
    Subscription(u16, Box<SubscriptionApiError>),
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

/// A rule of `shared::subscription` refused the action: its code, status and message.
impl From<ActionError> for EdgeError {
    fn from(e: ActionError) -> Self {
        let effect = match &e {
            ActionError::EffectChanged { effect } => Some(*effect),
            _ => None,
        };
        let field = matches!(e, ActionError::WineRegionNotAllowed { .. }).then(|| "address".into());
        let body = SubscriptionApiError {
            effect,
            field,
            ..EdgeError::subscription_body(e.code(), e.to_string())
        };
        Self::Subscription(e.status(), Box::new(body))
    }
}

/// An address with field errors: 400 `invalid_field` with every field's problem.
impl From<Vec<FieldError>> for EdgeError {
    fn from(fields: Vec<FieldError>) -> Self {
        let body = SubscriptionApiError {
            field: Some("address".into()),
            fields,
            ..EdgeError::subscription_body(
                ErrorCode::InvalidField.as_str(),
                "Please check the address.".into(),
            )
        };
        Self::Subscription(400, Box::new(body))
    }
}

/// A refused survey answer: 400 with its own code and the field at fault.
impl From<AnswerError> for EdgeError {
    fn from(e: AnswerError) -> Self {
        let field = match e {
            AnswerError::ScoreOutOfRange { .. } => "score",
            AnswerError::CommentTooLong { .. } => "comment",
        };
        Self::field_error(e.code(), field, e.to_string())
    }
}

/// A refused dashboard date range: 400 naming `from` (bad or reversed) or `to` (too long).
impl From<RangeError> for EdgeError {
    fn from(e: RangeError) -> Self {
        let (code, field) = match e {
            RangeError::InvalidDate => ("invalid_date", "from"),
            RangeError::Reversed => ("range_reversed", "from"),
            RangeError::TooLong { .. } => ("range_too_long", "to"),
        };
        Self::field_error(code, field, e.to_string())
    }
}

impl From<worker::Error> for EdgeError {
    fn from(e: worker::Error) -> Self {
        Self::Platform(e.to_string())
    }
}

impl EdgeError {
    /// A subscription endpoint's error body with only a code and a message.
    pub fn subscription_body(code: &str, message: String) -> SubscriptionApiError {
        SubscriptionApiError {
            code: code.to_owned(),
            message,
            field: None,
            fields: Vec::new(),
            current: None,
            effect: None,
        }
    }

    /// A subscription endpoint's error with its own code (not an `ErrorCode`).
    pub fn custom(status: u16, code: &str, message: &str) -> Self {
        Self::Subscription(
            status,
            Box::new(Self::subscription_body(code, message.into())),
        )
    }

    /// 400 with its own code, naming the field at fault.
    pub fn field_error(code: &str, field: &str, message: String) -> Self {
        let body = SubscriptionApiError {
            field: Some(field.to_owned()),
            ..Self::subscription_body(code, message)
        };
        Self::Subscription(400, Box::new(body))
    }

    /// 409 `version_conflict` with the subscription as it is now.
    pub fn version_conflict(current: SubscriptionView) -> Self {
        let body = SubscriptionApiError {
            current: Some(Box::new(current)),
            ..Self::subscription_body(
                "version_conflict",
                ActionError::VersionConflict { current: 0 }.to_string(),
            )
        };
        Self::Subscription(409, Box::new(body))
    }

    /// The HTTP response for this error: `{code, message, field?}` and no internal detail.
    pub fn into_response(self) -> Response {
        let body = match self {
            Self::Api(body) => body,
            Self::Subscription(status, body) => return json_response(&body, status),
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
