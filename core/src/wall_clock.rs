//! An instant as the owner's clock shows it, for pages that list times (the review board, notifications).

use time::OffsetDateTime;

/// `at` in the IANA zone `zone`, e.g. "Sat 5 Dec 2026, 20:41 CET"; in UTC when the zone is unknown.
pub fn in_zone(at: OffsetDateTime, zone: &str) -> String {
    let zone = jiff::tz::TimeZone::get(zone).unwrap_or(jiff::tz::TimeZone::UTC);
    match jiff::Timestamp::from_second(at.unix_timestamp()) {
        Ok(instant) => jiff::ZonedDateTime::new(instant, zone).strftime("%a %-d %b %Y, %H:%M %Z").to_string(),
        Err(_) => at.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instant_is_shown_on_the_owners_clock_with_its_zone() {
        let at = OffsetDateTime::from_unix_timestamp(1_796_503_200).unwrap(); // 2026-12-05 20:40 UTC
        assert_eq!(in_zone(at, "Europe/Paris"), "Sat 5 Dec 2026, 21:40 CET");
        assert_eq!(in_zone(at, "UTC"), "Sat 5 Dec 2026, 20:40 UTC");
        assert_eq!(in_zone(at, "Not/AZone"), "Sat 5 Dec 2026, 20:40 UTC");
    }
}
