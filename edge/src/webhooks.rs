//! The Webhooks Durable Object: one per merchant. The Worker kicks it after a change is
//! committed; its alarm delivers the merchant's due outbox rows (D1) in order, signed with
//! `Cellar-Signature`, retries failures on `shared::selfservice`'s schedule, and re-arms
//! itself for the earliest row still due. A merchant without a webhook URL keeps its rows.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use shared::selfservice::{webhook_retry_delay_ms, WEBHOOK_SIGNATURE_HEADER};
use shared::token::webhook_signature;
use worker::{
    console_error, durable_object, AbortSignal, DurableObject, Env, Fetch, Headers, Method,
    Request, RequestInit, Response, Result, State,
};

use crate::config::{now_millis, now_secs};
use crate::db::{Db, WebhookSettings};
use crate::error::{EdgeError, EdgeResult};
use crate::peer::internal_post;
use crate::routes::dev;

/// How long one delivery may take before it counts as failed.
const DELIVERY_TIMEOUT_MS: u32 = 10_000;
/// Rows tried per alarm; more re-arm the alarm at once.
const BATCH: u32 = 20;
/// Received deliveries the dev sink keeps.
const SINK_KEEP: usize = 50;

/// Asks the merchant's object to deliver what is due now.
pub async fn kick(env: &Env, merchant_id: &str) -> EdgeResult<()> {
    let stub = env
        .durable_object("WEBHOOKS")?
        .id_from_name(merchant_id)?
        .get_stub()?;
    stub.fetch_with_request(internal_post("/kick", &merchant_id)?)
        .await?;
    Ok(())
}

/// One delivery the dev sink received.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SinkEntry {
    pub received_at: i64,
    pub signature: String,
    pub verified: bool,
    pub event: Value,
}

/// Dev sink: records a received delivery in the merchant's object.
pub async fn sink_record(env: &Env, merchant_id: &str, entry: &SinkEntry) -> EdgeResult<()> {
    let stub = env
        .durable_object("WEBHOOKS")?
        .id_from_name(merchant_id)?
        .get_stub()?;
    stub.fetch_with_request(internal_post("/sink", entry)?)
        .await?;
    Ok(())
}

/// Dev sink: what the merchant's object received, oldest first.
pub async fn sink_list(env: &Env, merchant_id: &str) -> EdgeResult<Vec<SinkEntry>> {
    let stub = env
        .durable_object("WEBHOOKS")?
        .id_from_name(merchant_id)?
        .get_stub()?;
    let mut resp = stub.fetch_with_str("https://object.internal/sink").await?;
    Ok(resp.json().await?)
}

#[durable_object]
pub struct Webhooks {
    state: State,
    env: Env,
}

impl DurableObject for Webhooks {
    fn new(state: State, env: Env) -> Self {
        Self { state, env }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let storage = self.state.storage();
        match (req.method(), req.path().as_str()) {
            (Method::Post, "/kick") => {
                let merchant: String = req.json().await?;
                storage.put("merchant", merchant).await?;
                storage.set_alarm(0i64).await?;
                Response::empty()
            }
            (Method::Post, "/sink") => {
                let entry: SinkEntry = req.json().await?;
                let mut list = self.sink().await?;
                list.push(entry);
                let drop = list.len().saturating_sub(SINK_KEEP);
                list.drain(..drop);
                storage.put("sink", serde_json::to_string(&list)?).await?;
                Response::empty()
            }
            (Method::Get, "/sink") => Response::from_json(&self.sink().await?),
            _ => Response::error("not found", 404),
        }
    }

    async fn alarm(&self) -> Result<Response> {
        if let Err(e) = self.deliver().await {
            console_error!("webhooks: {e:?}");
            // Try again in a minute rather than drop the schedule.
            self.state.storage().set_alarm(60_000i64).await?;
        }
        Response::empty()
    }
}

impl Webhooks {
    async fn sink(&self) -> Result<Vec<SinkEntry>> {
        let text: Option<String> = self.state.storage().get("sink").await?;
        Ok(text
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default())
    }

    async fn deliver(&self) -> EdgeResult<()> {
        let Some(merchant_id) = self.state.storage().get::<String>("merchant").await? else {
            return Ok(());
        };
        let db = Db::new(&self.env)?;
        let hook = match db.merchant(&merchant_id).await? {
            Some(m) => m.settings().webhook.filter(|w| !w.url.is_empty()),
            None => None,
        };
        let Some(hook) = hook else {
            return Ok(());
        };
        // Production always uses the shared schedule; development may shorten it.
        let scale = match hook.retry_scale {
            Some(s) if dev::enabled(&self.env) && s.is_finite() => s.clamp(0.0, 1.0),
            _ => 1.0,
        };
        for row in db.due_webhooks(&merchant_id, now_millis(), BATCH).await? {
            let (delivered, next, error) = match post(&hook, &row.body).await {
                Ok(()) => (Some(now_millis()), None, None),
                Err(error) => {
                    let next = webhook_retry_delay_ms(row.attempts + 1)
                        .map(|d| now_millis() + (d as f64 * scale) as i64);
                    (None, next, Some(error))
                }
            };
            db.webhook_attempted(
                &merchant_id,
                &row.event_id,
                delivered,
                next,
                error.as_deref(),
            )
            .await?;
        }
        if let Some(at) = db.next_webhook_due(&merchant_id).await? {
            self.state
                .storage()
                .set_alarm((at - now_millis()).max(0))
                .await?;
        }
        Ok(())
    }
}

/// One signed POST of `body`; an error describes a failure (network or non-2xx).
async fn post(hook: &WebhookSettings, body: &str) -> std::result::Result<(), String> {
    let attempt = async {
        let headers = Headers::new();
        headers.set("content-type", "application/json")?;
        headers.set(
            WEBHOOK_SIGNATURE_HEADER,
            &webhook_signature(hook.secret.as_bytes(), now_secs(), body),
        )?;
        let mut init = RequestInit::new();
        init.with_method(Method::Post)
            .with_headers(headers)
            .with_body(Some(body.into()));
        let req = Request::new_with_init(&hook.url, &init)?;
        // A receiver that never answers must not hold up the merchant's other deliveries.
        let timeout =
            AbortSignal::from(web_sys::AbortSignal::timeout_with_u32(DELIVERY_TIMEOUT_MS));
        Ok::<_, EdgeError>(
            Fetch::Request(req)
                .send_with_signal(&timeout)
                .await?
                .status_code(),
        )
    };
    match attempt.await {
        Ok(status) if (200..300).contains(&status) => Ok(()),
        Ok(status) => Err(format!("HTTP {status}")),
        Err(e) => Err(format!("{e:?}").chars().take(300).collect()),
    }
}
