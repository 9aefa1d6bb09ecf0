//! Fault injection for every sandbox platform: added latency, a share of 429 answers (with `Retry-After`), a
//! share of 5xx answers, and a share of answers lost after the request took effect (the client sees a broken
//! connection). Set at run time through `GET/PUT {origin}/_sandbox/faults` or from Rust through
//! [`Faults::set`]; never applied to the `/_sandbox/*` control routes.
//!
//! Shares are deterministic: each kind of fault keeps its own request counter and fires whenever
//! `floor(n × share)` steps up, so a share of 0.25 fails exactly every fourth request, and a test can predict
//! which request fails.
//!
//! Injected error bodies carry both error shapes the platforms use (`detail` for the FastAPI ones, `success`,
//! `error` and `code` for Clawgram), so every client reads its usual message.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// The path prefix of the sandbox's own control routes, which faults never touch.
pub const CONTROL_PREFIX: &str = "/_sandbox/";

/// What goes wrong, and how often. All shares are fractions of requests in `0.0..=1.0`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FaultSettings {
    /// Added to every request before it is handled.
    pub latency_ms: u64,
    /// Share of requests answered 429 without being handled.
    pub rate_limited_share: f64,
    /// The `Retry-After` header (seconds) sent with injected 429s.
    pub retry_after_seconds: u64,
    /// Share of requests answered `server_error_status` without being handled.
    pub server_error_share: f64,
    /// 500–599.
    pub server_error_status: u16,
    /// Share of requests that are handled (the effect happens) but whose answer is lost.
    pub drop_after_processing_share: f64,
}

impl Default for FaultSettings {
    fn default() -> Self {
        FaultSettings {
            latency_ms: 0,
            rate_limited_share: 0.0,
            retry_after_seconds: 5,
            server_error_share: 0.0,
            server_error_status: 503,
            drop_after_processing_share: 0.0,
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum FaultSettingsError {
    #[error("{0} must be between 0.0 and 1.0")]
    ShareOutOfRange(&'static str),
    #[error("server_error_status must be between 500 and 599")]
    NotAServerError,
}

impl FaultSettings {
    fn validate(&self) -> Result<(), FaultSettingsError> {
        for (name, share) in [
            ("rate_limited_share", self.rate_limited_share),
            ("server_error_share", self.server_error_share),
            ("drop_after_processing_share", self.drop_after_processing_share),
        ] {
            if !(0.0..=1.0).contains(&share) {
                return Err(FaultSettingsError::ShareOutOfRange(name));
            }
        }
        if !(500..=599).contains(&self.server_error_status) {
            return Err(FaultSettingsError::NotAServerError);
        }
        Ok(())
    }
}

/// One platform's fault settings, shared by its server and whoever holds a clone.
#[derive(Clone, Debug, Default)]
pub struct Faults {
    state: Arc<Mutex<FaultState>>,
}

#[derive(Debug, Default)]
struct FaultState {
    settings: FaultSettings,
    rate_limited: ShareCounter,
    server_error: ShareCounter,
    dropped: ShareCounter,
}

/// Fires on exactly `share` of the calls, spread evenly, the same way every run.
#[derive(Debug, Default)]
struct ShareCounter(u64);

impl ShareCounter {
    fn fires(&mut self, share: f64) -> bool {
        let before = (self.0 as f64 * share).floor();
        self.0 += 1;
        (self.0 as f64 * share).floor() > before
    }
}

/// What happens to one request.
struct Plan {
    latency: Duration,
    rate_limited: Option<u64>,
    server_error: Option<StatusCode>,
    drop_answer: bool,
}

impl Faults {
    pub fn get(&self) -> FaultSettings {
        self.lock().settings.clone()
    }

    /// Replaces the settings and restarts the share counters, so the next requests follow the new shares
    /// from their start.
    pub fn set(&self, settings: FaultSettings) -> Result<(), FaultSettingsError> {
        settings.validate()?;
        *self.lock() = FaultState { settings, ..FaultState::default() };
        Ok(())
    }

    /// Back to no faults at all.
    pub fn clear(&self) {
        *self.lock() = FaultState::default();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FaultState> {
        // The state is plain data that is always left consistent, so a panic elsewhere cannot corrupt it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn plan(&self) -> Plan {
        let mut state = self.lock();
        let settings = state.settings.clone();
        let rate_limited = state.rate_limited.fires(settings.rate_limited_share);
        let server_error = !rate_limited && state.server_error.fires(settings.server_error_share);
        let drop_answer = !rate_limited && !server_error && state.dropped.fires(settings.drop_after_processing_share);
        Plan {
            latency: Duration::from_millis(settings.latency_ms),
            rate_limited: rate_limited.then_some(settings.retry_after_seconds),
            server_error: server_error
                .then(|| StatusCode::from_u16(settings.server_error_status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE)),
            drop_answer,
        }
    }
}

/// The middleware wrapped around every platform's router.
pub(crate) async fn inject(State(faults): State<Faults>, request: Request, next: Next) -> Response {
    if request.uri().path().starts_with(CONTROL_PREFIX) {
        return next.run(request).await;
    }
    let plan = faults.plan();
    if !plan.latency.is_zero() {
        tokio::time::sleep(plan.latency).await;
    }
    if let Some(seconds) = plan.rate_limited {
        let mut response = injected_error(StatusCode::TOO_MANY_REQUESTS, "rate_limited", "Too many requests");
        response.headers_mut().insert("retry-after", HeaderValue::from(seconds));
        return response;
    }
    if let Some(status) = plan.server_error {
        return injected_error(status, "internal_error", "The service is temporarily unavailable");
    }
    let response = next.run(request).await;
    if plan.drop_answer {
        return lost_answer();
    }
    response
}

fn injected_error(status: StatusCode, code: &str, message: &str) -> Response {
    let message = format!("{message} (sandbox fault injection)");
    let body = json!({"detail": message, "success": false, "error": message, "code": code});
    (status, Json(body)).into_response()
}

/// An answer whose body fails before its first byte: the server closes the connection without sending the
/// status line, so the client sees a transport error although the request took effect.
fn lost_answer() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other("sandbox fault injection dropped the answer"))
    });
    Response::new(Body::from_stream(failing))
}

/// `GET/PUT /_sandbox/faults` on one platform's own server.
pub(crate) fn control_routes(faults: Faults) -> Router {
    Router::new().route("/_sandbox/faults", get(read_settings).put(replace_settings)).with_state(faults)
}

async fn read_settings(State(faults): State<Faults>) -> Json<FaultSettings> {
    Json(faults.get())
}

async fn replace_settings(State(faults): State<Faults>, Json(settings): Json<FaultSettings>) -> Response {
    match faults.set(settings) {
        Ok(()) => Json(faults.get()).into_response(),
        Err(error) => (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({"detail": error.to_string()}))).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_fires_on_exactly_that_fraction_of_requests() {
        let mut counter = ShareCounter::default();
        let fired: Vec<bool> = (0..8).map(|_| counter.fires(0.25)).collect();
        assert_eq!(fired, [false, false, false, true, false, false, false, true]);
        let mut always = ShareCounter::default();
        assert!((0..5).all(|_| always.fires(1.0)));
        let mut never = ShareCounter::default();
        assert!((0..5).all(|_| !never.fires(0.0)));
    }

    #[test]
    fn settings_out_of_range_are_refused_and_leave_the_old_ones() {
        let faults = Faults::default();
        let too_much = FaultSettings { server_error_share: 1.5, ..FaultSettings::default() };
        assert_eq!(faults.set(too_much), Err(FaultSettingsError::ShareOutOfRange("server_error_share")));
        let not_5xx = FaultSettings { server_error_status: 404, ..FaultSettings::default() };
        assert_eq!(faults.set(not_5xx), Err(FaultSettingsError::NotAServerError));
        assert_eq!(faults.get(), FaultSettings::default());
    }
}
