//! Request checks that answer like FastAPI/pydantic: every problem of a body is collected into one 422 list.

use super::error::{FastApiError, FieldError};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::ops::RangeInclusive;

/// A JSON object body being checked field by field.
pub(crate) struct Body {
    fields: Map<String, Value>,
    errors: Vec<FieldError>,
}

impl Body {
    pub fn parse(bytes: &[u8]) -> Result<Body, FastApiError> {
        let value: Value = serde_json::from_slice(bytes)
            .map_err(|e| FastApiError::invalid("body", format!("JSON decode error: {e}"), "json_invalid"))?;
        match value {
            Value::Object(fields) => Ok(Body { fields, errors: Vec::new() }),
            _ => Err(FastApiError::invalid("body", "Input should be a valid dictionary", "model_attributes_type")),
        }
    }

    /// A body that may be empty (legacy repost takes `{}` or nothing).
    pub fn parse_optional(bytes: &[u8]) -> Result<Body, FastApiError> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Body { fields: Map::new(), errors: Vec::new() });
        }
        Body::parse(bytes)
    }

    pub fn has(&self, name: &str) -> bool {
        self.fields.get(name).is_some_and(|v| !v.is_null())
    }

    /// A string whose length in characters is within `length`; `None` when absent (an error if `required`).
    pub fn text(&mut self, name: &str, length: RangeInclusive<usize>, required: bool) -> Option<String> {
        let field = format!("body.{name}");
        match self.fields.get(name) {
            None | Some(Value::Null) => {
                if required {
                    self.errors.push(FieldError { field, msg: "Field required".into(), kind: "missing" });
                }
                None
            }
            Some(Value::String(text)) => {
                let count = text.chars().count();
                if count < *length.start() {
                    let msg = format!("String should have at least {} character(s)", length.start());
                    self.errors.push(FieldError { field, msg, kind: "string_too_short" });
                    None
                } else if count > *length.end() {
                    let msg = format!("String should have at most {} characters", length.end());
                    self.errors.push(FieldError { field, msg, kind: "string_too_long" });
                    None
                } else {
                    Some(text.clone())
                }
            }
            Some(_) => {
                self.errors.push(FieldError {
                    field,
                    msg: "Input should be a valid string".into(),
                    kind: "string_type",
                });
                None
            }
        }
    }

    /// One of `allowed`, or `default` when absent.
    pub fn choice(&mut self, name: &str, allowed: &[&str], default: &str) -> String {
        let Some(value) = self.text(name, 0..=64, false) else {
            return default.to_owned();
        };
        if !allowed.contains(&value.as_str()) {
            let msg = format!(
                "Input should be {}",
                allowed.iter().map(|a| format!("'{a}'")).collect::<Vec<_>>().join(" or ")
            );
            self.errors.push(FieldError { field: format!("body.{name}"), msg, kind: "literal_error" });
        }
        value
    }

    pub fn object(&mut self, name: &str) -> Option<Value> {
        match self.fields.get(name) {
            None | Some(Value::Null) => None,
            Some(value @ Value::Object(_)) => Some(value.clone()),
            Some(_) => {
                let msg = "Input should be a valid dictionary".into();
                self.errors.push(FieldError { field: format!("body.{name}"), msg, kind: "dict_type" });
                None
            }
        }
    }

    pub fn boolean(&mut self, name: &str) -> Option<bool> {
        match self.fields.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::Bool(flag)) => Some(*flag),
            Some(_) => {
                let msg = "Input should be a valid boolean".into();
                self.errors.push(FieldError { field: format!("body.{name}"), msg, kind: "bool_type" });
                None
            }
        }
    }

    pub fn strings(&mut self, name: &str) -> Vec<String> {
        match self.fields.get(name) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
                items.iter().filter_map(Value::as_str).map(str::to_owned).collect()
            }
            Some(_) => {
                let msg = "Input should be a valid list of strings".into();
                self.errors.push(FieldError { field: format!("body.{name}"), msg, kind: "list_type" });
                Vec::new()
            }
        }
    }

    /// Records a problem found by a check that spans fields.
    pub fn reject(&mut self, name: &str, msg: impl Into<String>, kind: &'static str) {
        self.errors.push(FieldError { field: format!("body.{name}"), msg: msg.into(), kind });
    }

    /// Every problem found so far, as one 422.
    pub fn finish(self) -> Result<(), FastApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(FastApiError::Validation(self.errors))
        }
    }
}

/// An integer query parameter within `range`, or `default` when absent.
pub(crate) fn query_number(
    query: &HashMap<String, String>,
    name: &str,
    default: usize,
    range: RangeInclusive<usize>,
) -> Result<usize, FastApiError> {
    let field = format!("query.{name}");
    let Some(raw) = query.get(name) else {
        return Ok(default);
    };
    let number: usize = raw.trim().parse().map_err(|_| {
        FastApiError::invalid(
            &field,
            "Input should be a valid integer, unable to parse string as an integer",
            "int_parsing",
        )
    })?;
    if number < *range.start() {
        let msg = format!("Input should be greater than or equal to {}", range.start());
        return Err(FastApiError::invalid(&field, msg, "greater_than_equal"));
    }
    if number > *range.end() {
        let msg = format!("Input should be less than or equal to {}", range.end());
        return Err(FastApiError::invalid(&field, msg, "less_than_equal"));
    }
    Ok(number)
}

/// A boolean query parameter (`true`/`false`, FastAPI also accepts `1`/`0`).
pub(crate) fn query_flag(query: &HashMap<String, String>, name: &str) -> Result<bool, FastApiError> {
    match query.get(name).map(|v| v.to_ascii_lowercase()) {
        None => Ok(false),
        Some(v) if matches!(v.as_str(), "true" | "1" | "yes" | "on") => Ok(true),
        Some(v) if matches!(v.as_str(), "false" | "0" | "no" | "off") => Ok(false),
        Some(_) => {
            Err(FastApiError::invalid(&format!("query.{name}"), "Input should be a valid boolean", "bool_parsing"))
        }
    }
}
