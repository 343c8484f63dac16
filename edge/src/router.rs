//! The route table: every API path, its methods and its handler, in one place.

use shared::ErrorCode;
use worker::{Env, Method, Request, Response};

use crate::error::{EdgeError, EdgeResult};
use crate::routes::{health, session, socket};

/// What a request is for, decided from its method and path alone.
#[derive(Debug, PartialEq, Eq)]
enum Route<'a> {
    Health,
    WidgetSession,
    ConversationSocket(&'a str),
    Preflight,
    MethodNotAllowed,
    NotFound,
}

fn route<'a>(method: &Method, path: &'a str) -> Route<'a> {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let (allowed, route) = match segments.as_slice() {
        ["api", "health"] => (method == &Method::Get, Route::Health),
        ["api", "v1", "widget", "session"] => (method == &Method::Post, Route::WidgetSession),
        ["api", "v1", "conversations", id, "ws"] => {
            (method == &Method::Get, Route::ConversationSocket(id))
        }
        _ => return Route::NotFound,
    };
    if method == &Method::Options {
        Route::Preflight
    } else if allowed {
        route
    } else {
        Route::MethodNotAllowed
    }
}

/// Answers one request; every failure becomes a JSON error here.
pub async fn handle(req: Request, env: Env) -> Response {
    let path = req.path();
    let method = req.method();
    let result: EdgeResult<Response> = match route(&method, &path) {
        Route::Health => health::get(),
        Route::WidgetSession => session::create(req, &env).await,
        Route::ConversationSocket(id) => socket::connect(req, &env, id).await,
        Route::Preflight => session::preflight(&req, &env).await,
        Route::MethodNotAllowed => Err(EdgeError::from(ErrorCode::MethodNotAllowed)),
        Route::NotFound => Err(EdgeError::from(ErrorCode::NotFound)),
    };
    result.unwrap_or_else(EdgeError::into_response)
}
