//! The route table: every API path, its methods and its handler, in one place.

use shared::ErrorCode;
use worker::{Env, Method, Request, Response};

use crate::routes::surveys::SurveyOp;

use crate::error::{EdgeError, EdgeResult};
use crate::routes::subscriptions::{self, Op};
use crate::routes::{actions, agent, dev, health, metrics, socket, surveys, web, widget};

/// What a request is for, decided from its method and path alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route<'a> {
    Health,
    WidgetSession,
    WidgetFollowUp,
    WidgetAvailability,
    VisitorSocket(&'a str),
    AgentSignIn,
    AgentSignOut,
    AgentMe,
    Agents,
    CannedReplies,
    InboxSocket,
    AgentSocket(&'a str),
    Context(&'a str),
    Claim(&'a str),
    Transfer(&'a str),
    Escalate(&'a str),
    Resolve(&'a str),
    MySubscriptions,
    Preview(&'a str),
    Apply(&'a str),
    AgentSubscriptions(&'a str),
    AgentPreview(&'a str),
    AgentApply(&'a str),
    PendingSurvey,
    AnswerSurvey(&'a str),
    DismissSurvey(&'a str),
    Metrics,
    Targets,
    PutTargets,
    DevSubscribers,
    DevMetricsFixture,
    DevDeliveredOrders,
    DevSubscriberToken,
    DevCopySubscription,
    DevMerchantWebhook,
    DevWebhookSinkPost,
    DevWebhookSinkGet,
    Preflight,
    MethodNotAllowed,
    NotFound,
    /// Anything outside `/api/`: the static files (storefront, widget, console).
    Static,
}

fn route<'a>(method: &Method, path: &'a str) -> Route<'a> {
    use Method::{Delete, Get, Post, Put};
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    if segments.first() != Some(&"api") {
        return Route::Static;
    }
    // (methods this path answers, route for each)
    let candidates: &[(Method, Route<'a>)] = &match segments.as_slice() {
        ["api", "health"] => vec![(Get, Route::Health)],
        ["api", "v1", "widget", "session"] => vec![(Post, Route::WidgetSession)],
        ["api", "v1", "widget", "follow-up"] => vec![(Post, Route::WidgetFollowUp)],
        ["api", "v1", "widget", "availability"] => vec![(Get, Route::WidgetAvailability)],
        ["api", "v1", "conversations", id, "ws"] => vec![(Get, Route::VisitorSocket(id))],
        ["api", "v1", "agent", "session"] => {
            vec![(Post, Route::AgentSignIn), (Delete, Route::AgentSignOut)]
        }
        ["api", "v1", "agent", "me"] => vec![(Get, Route::AgentMe)],
        ["api", "v1", "agent", "agents"] => vec![(Get, Route::Agents)],
        ["api", "v1", "agent", "canned-replies"] => vec![(Get, Route::CannedReplies)],
        ["api", "v1", "agent", "inbox", "ws"] => vec![(Get, Route::InboxSocket)],
        ["api", "v1", "agent", "conversations", id, action] => match *action {
            "ws" => vec![(Get, Route::AgentSocket(id))],
            "context" => vec![(Get, Route::Context(id))],
            "claim" => vec![(Post, Route::Claim(id))],
            "transfer" => vec![(Post, Route::Transfer(id))],
            "escalate" => vec![(Post, Route::Escalate(id))],
            "resolve" => vec![(Post, Route::Resolve(id))],
            _ => return Route::NotFound,
        },
        ["api", "v1", "subscriptions"] => vec![(Get, Route::MySubscriptions)],
        ["api", "v1", "subscriptions", id, "preview"] => vec![(Post, Route::Preview(id))],
        ["api", "v1", "subscriptions", id, "actions"] => vec![(Post, Route::Apply(id))],
        ["api", "v1", "agent", "subscribers", id, "subscriptions"] => {
            vec![(Get, Route::AgentSubscriptions(id))]
        }
        ["api", "v1", "agent", "subscriptions", id, "preview"] => {
            vec![(Post, Route::AgentPreview(id))]
        }
        ["api", "v1", "agent", "subscriptions", id, "actions"] => {
            vec![(Post, Route::AgentApply(id))]
        }
        ["api", "v1", "surveys", "pending"] => vec![(Get, Route::PendingSurvey)],
        ["api", "v1", "surveys", id, "answer"] => vec![(Post, Route::AnswerSurvey(id))],
        ["api", "v1", "surveys", id, "dismiss"] => vec![(Post, Route::DismissSurvey(id))],
        ["api", "v1", "agent", "metrics"] => vec![(Get, Route::Metrics)],
        ["api", "v1", "agent", "targets"] => {
            vec![(Get, Route::Targets), (Put, Route::PutTargets)]
        }
        ["api", "dev", "metrics-fixture"] => vec![(Post, Route::DevMetricsFixture)],
        ["api", "dev", "delivered-orders"] => vec![(Post, Route::DevDeliveredOrders)],
        ["api", "dev", "subscribers"] => vec![(Get, Route::DevSubscribers)],
        ["api", "dev", "subscriber-token"] => vec![(Get, Route::DevSubscriberToken)],
        ["api", "dev", "subscriptions"] => vec![(Post, Route::DevCopySubscription)],
        ["api", "dev", "merchant-webhook"] => vec![(Post, Route::DevMerchantWebhook)],
        ["api", "dev", "webhook-sink"] => vec![
            (Post, Route::DevWebhookSinkPost),
            (Get, Route::DevWebhookSinkGet),
        ],
        _ => return Route::NotFound,
    };
    if method == &Method::Options {
        return Route::Preflight;
    }
    candidates
        .iter()
        .find(|(m, _)| m == method)
        .map_or(Route::MethodNotAllowed, |(_, r)| *r)
}

/// Answers one request; every failure becomes a JSON error here.
pub async fn handle(req: Request, env: Env) -> Response {
    let path = req.path();
    let method = req.method();
    let result: EdgeResult<Response> = match route(&method, &path) {
        Route::Health => health::get(),
        Route::WidgetSession => widget::session(req, &env).await,
        Route::WidgetFollowUp => widget::follow_up(req, &env).await,
        Route::WidgetAvailability => widget::availability_now(req, &env).await,
        Route::VisitorSocket(id) => socket::visitor(req, &env, id).await,
        Route::AgentSignIn => agent::sign_in(req, &env).await,
        Route::AgentSignOut => agent::sign_out(req, &env).await,
        Route::AgentMe => agent::me(req, &env).await,
        Route::Agents => agent::agents(req, &env).await,
        Route::CannedReplies => agent::canned_replies(req, &env).await,
        Route::InboxSocket => socket::inbox(req, &env).await,
        Route::AgentSocket(id) => socket::agent(req, &env, id).await,
        Route::Context(id) => actions::context(req, &env, id).await,
        Route::Claim(id) => actions::claim(req, &env, id).await,
        Route::Transfer(id) => actions::transfer(req, &env, id).await,
        Route::Escalate(id) => actions::escalate(req, &env, id).await,
        Route::Resolve(id) => actions::resolve(req, &env, id).await,
        Route::MySubscriptions => subscriptions::widget(req, &env, Op::List(None)).await,
        Route::Preview(id) => subscriptions::widget(req, &env, Op::Preview(id)).await,
        Route::Apply(id) => subscriptions::widget(req, &env, Op::Apply(id)).await,
        Route::AgentSubscriptions(id) => subscriptions::agent(req, &env, Op::List(Some(id))).await,
        Route::AgentPreview(id) => subscriptions::agent(req, &env, Op::Preview(id)).await,
        Route::AgentApply(id) => subscriptions::agent(req, &env, Op::Apply(id)).await,
        Route::PendingSurvey => surveys::widget(req, &env, SurveyOp::Pending).await,
        Route::AnswerSurvey(id) => surveys::widget(req, &env, SurveyOp::Answer(id)).await,
        Route::DismissSurvey(id) => surveys::widget(req, &env, SurveyOp::Dismiss(id)).await,
        Route::Metrics => metrics::metrics(req, &env).await,
        Route::Targets => metrics::targets(req, &env).await,
        Route::PutTargets => metrics::put_targets(req, &env).await,
        Route::DevMetricsFixture => dev::metrics_fixture(req, &env).await,
        Route::DevDeliveredOrders => dev::delivered_orders(req, &env).await,
        Route::DevSubscribers => dev::subscribers(req, &env).await,
        Route::DevSubscriberToken => dev::subscriber_token(req, &env).await,
        Route::DevCopySubscription => dev::copy_subscription(req, &env).await,
        Route::DevMerchantWebhook => dev::merchant_webhook(req, &env).await,
        Route::DevWebhookSinkPost => dev::webhook_sink_post(req, &env).await,
        Route::DevWebhookSinkGet => dev::webhook_sink_get(req, &env).await,
        Route::Preflight => widget::preflight(&req, &env).await,
        Route::MethodNotAllowed => Err(EdgeError::from(ErrorCode::MethodNotAllowed)),
        Route::NotFound => Err(EdgeError::from(ErrorCode::NotFound)),
        Route::Static => web::get(req, &env).await,
    };
    result.unwrap_or_else(EdgeError::into_response)
}
