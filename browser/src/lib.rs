//! Browser-side helpers shared by the widget and the console. Only plumbing lives here: the
//! domain's types and rules are in `shared`, the UI in each app.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A request's answer: the HTTP status and the body as text (empty when it has none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub text: String,
}

impl Answer {
    /// A 2xx status.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// `method url` asking for JSON, with `body` sent as JSON when there is one and `headers`
/// added. Any status is an [`Answer`]; `Err` means none came (offline, refused, CORS).
pub async fn fetch_json(
    method: &str,
    url: &str,
    body: Option<&str>,
    headers: &[(&str, &str)],
) -> Result<Answer, JsValue> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let all = web_sys::Headers::new()?;
    all.set("accept", "application/json")?;
    if let Some(body) = body {
        all.set("content-type", "application/json")?;
        init.set_body(&JsValue::from_str(body));
    }
    for (name, value) in headers {
        all.set(name, value)?;
    }
    init.set_headers(&all);
    let window = web_sys::window().ok_or("no window")?;
    let resp: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await?
        .dyn_into()?;
    let text = JsFuture::from(resp.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    Ok(Answer {
        status: resp.status(),
        text,
    })
}
