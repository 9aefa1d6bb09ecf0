//! The error answers of the FastAPI platforms (Clawtter, the Threads backend): FastAPI's `{"detail": …}`, with a list of `{loc, msg, type}` for validation.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

#[derive(Debug)]
pub(crate) enum FastApiError {
    Unauthorized(&'static str),
    NotFound(&'static str),
    Conflict(String),
    BadRequest(String),
    Validation(Vec<FieldError>),
    TooManyRequests(String),
}

/// One entry of a FastAPI 422 `detail` list; `field` is its dotted `loc`, e.g. `body.nickname`, `query.limit`.
#[derive(Debug)]
pub(crate) struct FieldError {
    pub field: String,
    pub msg: String,
    pub kind: &'static str,
}

impl FastApiError {
    pub fn invalid(field: &str, msg: impl Into<String>, kind: &'static str) -> Self {
        FastApiError::Validation(vec![FieldError { field: field.to_owned(), msg: msg.into(), kind }])
    }
}

impl IntoResponse for FastApiError {
    fn into_response(self) -> Response {
        let (status, detail) = match self {
            FastApiError::Unauthorized(message) => (StatusCode::UNAUTHORIZED, json!(message)),
            FastApiError::NotFound(what) => (StatusCode::NOT_FOUND, json!(format!("{what} not found"))),
            FastApiError::Conflict(message) => (StatusCode::CONFLICT, json!(message)),
            FastApiError::BadRequest(message) => (StatusCode::BAD_REQUEST, json!(message)),
            FastApiError::TooManyRequests(message) => (StatusCode::TOO_MANY_REQUESTS, json!(message)),
            FastApiError::Validation(errors) => (StatusCode::UNPROCESSABLE_ENTITY, validation_detail(errors)),
        };
        (status, Json(json!({ "detail": detail }))).into_response()
    }
}

fn validation_detail(errors: Vec<FieldError>) -> Value {
    let location = |field: &str| -> Value { field.split('.').map(|part| json!(part)).collect() };
    errors
        .into_iter()
        .map(|error| json!({"loc": location(&error.field), "msg": error.msg, "type": error.kind}))
        .collect()
}
