//! Request helpers: bounded JSON bodies and CORS for the merchant's own origins.

use serde::de::DeserializeOwned;
use shared::api::MAX_REQUEST_BYTES;
use shared::ErrorCode;
use worker::{Headers, Request, Response};

use crate::error::{EdgeError, EdgeResult};

/// The first value of query parameter `key`, decoded. Reads the request's URL string as it
/// is: no URL parsing, so the bundle carries no IDNA tables.
pub fn query_param(req: &Request, key: &str) -> Option<String> {
    let url = req.inner().url();
    let query = url.split('#').next()?.split_once('?')?.1;
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// Reads the body as JSON, refusing more than [`MAX_REQUEST_BYTES`].
pub async fn read_json<T: DeserializeOwned>(req: &mut Request) -> EdgeResult<T> {
    let bytes = read_body(req).await?;
    serde_json::from_slice(&bytes).map_err(|_| ErrorCode::InvalidJson.into())
}

/// Reads the JSON body of a request between the Worker and its objects (never from a
/// client, so no size limit: a busy conversation's inbox batch may exceed the public one).
/// serde_json parses the body text; `Request::json` would have the runtime build a JS object
/// and then walk it field by field across the wasm boundary, which profiles of the chat
/// benchmark showed costing more than the inbox's own work.
pub async fn internal_json<T: DeserializeOwned>(req: &mut Request) -> EdgeResult<T> {
    let text = req
        .text()
        .await
        .map_err(|_| EdgeError::from(ErrorCode::InvalidJson))?;
    serde_json::from_str(&text).map_err(|_| ErrorCode::InvalidJson.into())
}

/// Reads the body, refusing more than [`MAX_REQUEST_BYTES`].
pub async fn read_body(req: &mut Request) -> EdgeResult<Vec<u8>> {
    let declared = req
        .headers()
        .get("content-length")?
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_REQUEST_BYTES) {
        return Err(ErrorCode::PayloadTooLarge.into());
    }
    let bytes = req
        .bytes()
        .await
        .map_err(|_| EdgeError::from(ErrorCode::InvalidJson))?;
    if bytes.len() > MAX_REQUEST_BYTES {
        return Err(ErrorCode::PayloadTooLarge.into());
    }
    Ok(bytes)
}

/// The request's `Origin`, if the browser sent one.
pub fn origin(req: &Request) -> Option<String> {
    req.headers()
        .get("origin")
        .ok()
        .flatten()
        .filter(|o| !o.is_empty() && o != "null")
}

/// Adds the CORS headers that let `origin` read this response.
pub fn allow_origin(mut resp: Response, origin: &str) -> Response {
    let h = resp.headers_mut();
    let _ = h.set("access-control-allow-origin", origin);
    let _ = h.append("vary", "Origin");
    resp
}

/// The answer to a CORS preflight from an allowed origin.
pub fn preflight(origin: &str) -> EdgeResult<Response> {
    let h = Headers::new();
    h.set("access-control-allow-origin", origin)?;
    h.set("access-control-allow-methods", "GET, POST, OPTIONS")?;
    h.set(
        "access-control-allow-headers",
        "content-type, idempotency-key, authorization",
    )?;
    h.set("access-control-max-age", "600")?;
    h.set("vary", "Origin")?;
    Ok(Response::empty()?.with_status(204).with_headers(h))
}

/// A widget call's answer with CORS for the caller's origin, errors included (so the widget
/// can read them): a success only reaches an origin the caller's merchant allows (checked
/// when the caller was verified); a refusal is readable by any origin some merchant lists.
pub async fn widget_cors(
    env: &worker::Env,
    origin: Option<String>,
    result: EdgeResult<Response>,
) -> EdgeResult<Response> {
    let resp = result.unwrap_or_else(EdgeError::into_response);
    let Some(o) = origin else { return Ok(resp) };
    if resp.status_code() < 400 || crate::db::Db::new(env)?.origin_known(&o).await? {
        return Ok(allow_origin(resp, &o));
    }
    Ok(resp)
}
