//! Demo-only endpoints for the storefront's "signed in as" switcher. They answer only when
//! the Worker runs with `ENVIRONMENT=development` (edge/.dev.vars, written by the local
//! scripts); everywhere else they are 404 like any unknown path.

use serde::Serialize;
use shared::token::{self, SubscriberClaims};
use shared::ErrorCode;
use worker::{Env, Request, Response};

use crate::config::now_secs;
use crate::db::Db;
use crate::error::{json_response, EdgeResult};

pub fn enabled(env: &Env) -> bool {
    env.var("ENVIRONMENT")
        .map(|v| v.to_string() == "development")
        .unwrap_or(false)
}

fn query(req: &Request, key: &str) -> EdgeResult<String> {
    let url = req.url()?;
    Ok(url
        .query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default())
}

pub async fn subscribers(req: Request, env: &Env) -> EdgeResult<Response> {
    if !enabled(env) {
        return Err(ErrorCode::NotFound.into());
    }
    let list = Db::new(env)?.subscribers(&query(&req, "merchant")?).await?;
    Ok(json_response(&list, 200))
}

#[derive(Serialize)]
struct TokenBody {
    token: String,
}

pub async fn subscriber_token(req: Request, env: &Env) -> EdgeResult<Response> {
    if !enabled(env) {
        return Err(ErrorCode::NotFound.into());
    }
    let db = Db::new(env)?;
    let merchant = db
        .merchant(&query(&req, "merchant")?)
        .await?
        .ok_or(ErrorCode::MerchantNotFound)?;
    let sub = db
        .subscriber(&merchant.id, &query(&req, "subscriber")?)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    let claims = SubscriberClaims {
        merchant: merchant.id,
        subscriber: sub.id,
        email: sub.email,
        name: sub.name,
        exp: now_secs() + 3600,
    };
    Ok(json_response(
        &TokenBody {
            token: token::sign(merchant.widget_secret.as_bytes(), &claims),
        },
        200,
    ))
}
