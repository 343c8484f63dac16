//! Survey endpoints of the widget (`shared::surveys`): the one survey to show now, answers
//! and dismissals. Callers carry their visitor token (`Authorization: Bearer`); answers are
//! CORS-readable by the merchant's origins like the self-service endpoints.

use shared::surveys::{nps_due, PendingSurveyResponse, SurveyAnswer};
use shared::{ids, ErrorCode};
use worker::{Env, Request, Response};

use crate::auth::require_visitor;
use crate::config::{now_millis, random_bytes};
use crate::db::{Db, Respondent};
use crate::error::{json_response, EdgeResult};
use crate::http::{origin, read_json, widget_cors};

/// A survey is offered for this long after it was created.
const PENDING_DAYS: i64 = 7;
/// Prefix of survey ids.
pub const SURVEY_PREFIX: &str = "srv_";

/// What a widget call asks for.
pub enum SurveyOp<'a> {
    Pending,
    Answer(&'a str),
    Dismiss(&'a str),
}

/// The verified visitor: merchant, visitor id and the subscriber they are signed in as.
struct Visitor {
    merchant: String,
    visitor: String,
    subscriber: Option<String>,
}

impl Visitor {
    fn respondent(&self) -> Respondent<'_> {
        Respondent {
            visitor_id: Some(&self.visitor),
            subscriber_id: self.subscriber.as_deref(),
        }
    }
}

/// Answers a widget survey call, with CORS for the merchant's origins (errors included).
pub async fn widget(req: Request, env: &Env, op: SurveyOp<'_>) -> EdgeResult<Response> {
    let origin = origin(&req);
    let result = match require_visitor(&req, env).await {
        Ok(claims) => {
            let v = Visitor {
                merchant: claims.merchant,
                visitor: claims.visitor,
                subscriber: claims.subscriber.map(|s| s.id),
            };
            run(req, env, &v, op).await
        }
        Err(e) => Err(e),
    };
    widget_cors(env, origin, result).await
}

async fn run(mut req: Request, env: &Env, v: &Visitor, op: SurveyOp<'_>) -> EdgeResult<Response> {
    let db = Db::new(env)?;
    let now = now_millis();
    let m = v.merchant.as_str();
    match op {
        SurveyOp::Pending => {
            let who = v.respondent();
            let mut survey = db
                .open_survey(m, &who, now - PENDING_DAYS * 86_400_000)
                .await?;
            if let (None, Some(subscriber)) = (&survey, &v.subscriber) {
                let (delivered, last_asked) = db.nps_facts(m, subscriber).await?;
                if nps_due(delivered, last_asked, now) {
                    let id = ids::from_random(SURVEY_PREFIX, random_bytes()?);
                    db.create_nps_survey(m, &id, &who, now).await?;
                    survey = db.open_survey(m, &who, now - 1).await?;
                }
            }
            if let Some(s) = &survey {
                db.mark_survey_shown(m, &s.id, now).await?;
            }
            let body = PendingSurveyResponse {
                survey: survey.map(Into::into),
            };
            Ok(json_response(&body, 200))
        }
        SurveyOp::Answer(id) => {
            let survey = owned(&db, v, id).await?;
            let answer: SurveyAnswer = read_json(&mut req).await?;
            let answer = answer.validate(survey.kind)?;
            db.answer_survey(m, &survey.id, &answer, now).await?;
            Ok(Response::empty()?.with_status(204))
        }
        SurveyOp::Dismiss(id) => {
            let survey = owned(&db, v, id).await?;
            db.dismiss_survey(m, &survey.id, now).await?;
            Ok(Response::empty()?.with_status(204))
        }
    }
}

/// The survey `id` if it is this visitor's (or their subscriber's), else 404.
async fn owned(db: &Db, v: &Visitor, id: &str) -> EdgeResult<crate::db::SurveyRow> {
    if id.is_empty() || id.len() > 100 {
        return Err(ErrorCode::NotFound.into());
    }
    db.survey_of(&v.merchant, id, &v.respondent())
        .await?
        .ok_or_else(|| ErrorCode::NotFound.into())
}
