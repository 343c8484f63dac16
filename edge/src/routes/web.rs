//! Everything outside `/api/`: the storefront, widget and console files.

use worker::{Env, Request, Response};

use crate::error::{EdgeError, EdgeResult};

/// A static file, from the web Worker (`edge/wrangler.web.toml`) behind the `WEB` binding,
/// with its own headers (`site/_headers`) and status.
pub async fn get(req: Request, env: &Env) -> EdgeResult<Response> {
    let web = env
        .service("WEB")
        .map_err(|e| EdgeError::Platform(format!("WEB binding: {e}")))?;
    web.fetch_request(req)
        .await
        .map_err(|e| EdgeError::Platform(format!("WEB fetch: {e}")))
}
