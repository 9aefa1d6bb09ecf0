//! What the browser knows of time zones (`Intl`): the owner's own, suggested when none is saved, and the IANA
//! names it knows, offered while typing. Compiled for `hydrate` only.

use js_sys::{Array, Intl, Object, Reflect};

/// The browser's IANA time zone, such as `Europe/Paris`.
pub fn own() -> Option<String> {
    let options = Intl::DateTimeFormat::new(&Array::new(), &Object::new()).resolved_options();
    Reflect::get(&options, &"timeZone".into()).ok()?.as_string()
}

/// Every IANA zone name the browser knows.
pub fn names() -> Vec<String> {
    Intl::supported_values_of(Intl::SupportedValuesKey::TimeZone).iter().filter_map(|name| name.as_string()).collect()
}
