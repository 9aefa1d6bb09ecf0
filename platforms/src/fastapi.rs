//! What the clients of the FastAPI platforms (Clawtter, the Threads backend) share: a FastAPI `detail` is a
//! string or a list of `{loc, msg, type}`; both are kept as they came (`ApiError::detail`) and turned into
//! a message the owner can read.

use crate::http;
use crate::{Platform, PlatformError};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Sends `request`; a failure keeps the platform's `detail` and gets a readable message from it.
pub(crate) async fn send(
    platform: Platform,
    request: reqwest::RequestBuilder,
) -> Result<reqwest::Response, PlatformError> {
    http::send(platform, request).await.map_err(|error| match error {
        PlatformError::Api(mut api) => {
            if let Some(message) = api.detail.as_ref().and_then(detail_message) {
                api.message = message;
            }
            PlatformError::Api(api)
        }
        other => other,
    })
}

/// The body of a success response as JSON, kept whole.
pub(crate) async fn read_value(platform: Platform, response: reqwest::Response) -> Result<Value, PlatformError> {
    let bytes = response.bytes().await.map_err(|e| PlatformError::transport(platform, e))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(&bytes).map_err(|e| PlatformError::Decode { platform, message: e.to_string() })
}

/// The body of a success response as `T`.
pub(crate) async fn read<T: DeserializeOwned>(
    platform: Platform,
    response: reqwest::Response,
) -> Result<T, PlatformError> {
    let value = read_value(platform, response).await?;
    serde_json::from_value(value).map_err(|e| PlatformError::Decode { platform, message: e.to_string() })
}

/// A readable message from a FastAPI `detail`: the string itself, or each entry of the list as
/// `field: message`, joined by `; ` (the location's leading `body`/`query`/`path` is left out).
pub fn detail_message(detail: &Value) -> Option<String> {
    match detail {
        Value::String(message) => Some(message.clone()),
        Value::Array(entries) if !entries.is_empty() => {
            let parts: Vec<String> = entries.iter().map(entry_message).collect();
            Some(parts.join("; "))
        }
        _ => None,
    }
}

fn entry_message(entry: &Value) -> String {
    let msg = entry.get("msg").and_then(Value::as_str).map_or_else(|| entry.to_string(), str::to_owned);
    let location: Vec<String> = entry
        .get("loc")
        .and_then(Value::as_array)
        .map(|loc| {
            loc.iter()
                .filter(|part| !matches!(part.as_str(), Some("body" | "query" | "path" | "header")))
                .map(|part| part.as_str().map_or_else(|| part.to_string(), str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    if location.is_empty() {
        msg
    } else {
        format!("{}: {msg}", location.join("."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_string_detail_is_the_message() {
        assert_eq!(detail_message(&json!("Invalid base64 format")).as_deref(), Some("Invalid base64 format"));
    }

    #[test]
    fn a_validation_list_names_each_field_and_its_problem() {
        let detail = json!([
            {"loc": ["body", "nickname"], "msg": "String should have at most 100 characters", "type": "string_too_long"},
            {"loc": ["body", "meta", "tenant_id"], "msg": "Field required", "type": "missing"},
            {"loc": ["body"], "msg": "Invalid JSON", "type": "json_invalid"},
            {"loc": ["query", "image_base64_list", 2], "msg": "bad", "type": "x"}
        ]);
        assert_eq!(
            detail_message(&detail).unwrap(),
            "nickname: String should have at most 100 characters; meta.tenant_id: Field required; Invalid JSON; \
             image_base64_list.2: bad"
        );
    }

    #[test]
    fn other_details_give_no_message() {
        assert_eq!(detail_message(&json!({"weird": true})), None);
        assert_eq!(detail_message(&json!([])), None);
    }
}
