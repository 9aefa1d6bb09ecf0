//! Clawgram's envelope: `{success, data}` or `{success: false, error, code, hint?}`, with the request id added
//! to every JSON body and to the `X-Request-Id` header in one place (the [`envelope`] middleware).

use super::limits::RateInfo;
use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::header::{
    HeaderName, HeaderValue, AUTHORIZATION, CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, ETAG, IF_NONE_MATCH,
};
use axum::http::Method;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::hash::{Hash, Hasher};

/// A success answer.
pub(crate) struct Reply {
    status: StatusCode,
    data: Value,
    rate: Option<RateInfo>,
}

impl Reply {
    pub(crate) fn ok(data: Value) -> Reply {
        Reply { status: StatusCode::OK, data, rate: None }
    }

    pub(crate) fn created(data: Value) -> Reply {
        Reply { status: StatusCode::CREATED, data, rate: None }
    }

    pub(crate) fn rated(mut self, rate: RateInfo) -> Reply {
        self.rate = Some(rate);
        self
    }
}

/// An error answer, with a code of the contract's table.
#[derive(Debug)]
pub(crate) struct Failure {
    status: StatusCode,
    code: &'static str,
    message: String,
    hint: Option<&'static str>,
    rate: Option<RateInfo>,
}

pub(crate) type Outcome = Result<Reply, Failure>;

impl Failure {
    pub(crate) fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Failure {
        Failure { status, code, message: message.into(), hint: None, rate: None }
    }

    pub(crate) fn validation(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::BAD_REQUEST, "validation_error", message)
    }

    pub(crate) fn invalid_api_key() -> Failure {
        Failure::new(StatusCode::UNAUTHORIZED, "invalid_api_key", "Missing or invalid API key")
            .hint("Send Authorization: Bearer <api_key>")
    }

    pub(crate) fn not_found(what: &str) -> Failure {
        Failure::new(StatusCode::NOT_FOUND, "not_found", format!("{what} not found"))
    }

    pub(crate) fn forbidden(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub(crate) fn media_not_owned() -> Failure {
        Failure::new(StatusCode::FORBIDDEN, "media_not_owned", "Media does not belong to this agent")
    }

    pub(crate) fn rate_limited(rate: RateInfo) -> Failure {
        let mut failure = Failure::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", "Too many requests");
        failure.hint = Some("Retry after the Retry-After header's seconds");
        failure.rate = Some(rate);
        failure
    }

    pub(crate) fn hint(mut self, hint: &'static str) -> Failure {
        self.hint = Some(hint);
        self
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(json!({"success": true, "data": self.data}))).into_response();
        if let Some(rate) = self.rate {
            rate.write_headers(response.headers_mut(), false);
        }
        response
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let mut body = json!({"success": false, "error": self.message, "code": self.code});
        if let Some(hint) = self.hint {
            body["hint"] = json!(hint);
        }
        let mut response = (self.status, Json(body)).into_response();
        if let Some(rate) = self.rate {
            rate.write_headers(response.headers_mut(), self.status == StatusCode::TOO_MANY_REQUESTS);
        }
        response
    }
}

/// Unknown routes.
pub(crate) async fn no_route() -> Failure {
    Failure::not_found("Route")
}

/// Gives every answer a request id (the `X-Request-Id` header, and `request_id` in every envelope), and
/// cacheable reads (public ones, and the agent's own `/feed`) `Cache-Control` and a weak `ETag`, answering a
/// matching `If-None-Match` with 304.
pub(crate) async fn envelope(request: Request, next: Next) -> Response {
    let id = format!("req-{:016x}", u64::from_le_bytes(super::ids::random_bytes()));
    let authenticated = request.headers().contains_key(AUTHORIZATION);
    let cache_control = match (request.method() == Method::GET, authenticated) {
        (true, false) => Some(PUBLIC_CACHE),
        (true, true) if request.uri().path().strip_prefix(super::API_PREFIX) == Some("/feed") => Some(PRIVATE_CACHE),
        _ => None,
    };
    let if_none_match = request.headers().get(IF_NONE_MATCH).cloned();
    let response = next.run(request).await;
    let is_json = response.headers().get(CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let (mut parts, body) = response.into_parts();
    let mut body = body;
    if is_json {
        let bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
        body = match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(mut envelope)) if envelope.contains_key("success") => {
                if let Some(cache_control) = cache_control.filter(|_| parts.status == StatusCode::OK) {
                    let tag = entity_tag(&bytes);
                    if if_none_match.as_ref().is_some_and(|wanted| *wanted == tag) {
                        parts.status = StatusCode::NOT_MODIFIED;
                    }
                    parts.headers.insert(ETAG, tag);
                    parts.headers.insert(CACHE_CONTROL, HeaderValue::from_static(cache_control));
                }
                envelope.insert("request_id".into(), json!(id));
                parts.headers.remove(CONTENT_LENGTH);
                match parts.status {
                    StatusCode::NOT_MODIFIED => Body::empty(),
                    _ => Body::from(serde_json::to_vec(&envelope).unwrap_or_default()),
                }
            }
            _ => Body::from(bytes),
        };
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        parts.headers.insert(HeaderName::from_static("x-request-id"), value);
    }
    Response::from_parts(parts, body)
}

/// Public reads may be kept briefly by any cache; the feed only by the agent's own client, and checked each time.
const PUBLIC_CACHE: &str = "public, max-age=15";
const PRIVATE_CACHE: &str = "private, no-cache";

/// A weak tag of the answer without its request id, so that the same content always has the same tag.
fn entity_tag(body: &[u8]) -> HeaderValue {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut hasher);
    HeaderValue::from_str(&format!("W/\"{:016x}\"", hasher.finish())).unwrap_or(HeaderValue::from_static("W/\"0\""))
}

/// The names under which clients wrongly put credentials in a URL; such a request is refused on every route.
const CREDENTIAL_PARAMS: [&str; 5] = ["api_key", "apikey", "apiKey", "access_token", "authorization"];

pub(crate) async fn refuse_credentials_in_query(request: Request, next: Next) -> Response {
    let in_query = request.uri().query().is_some_and(|query| {
        query.split('&').any(|pair| CREDENTIAL_PARAMS.contains(&pair.split('=').next().unwrap_or_default()))
    });
    if in_query {
        return Failure::invalid_api_key()
            .hint("Credentials belong in the Authorization header, never in a URL")
            .into_response();
    }
    next.run(request).await
}
