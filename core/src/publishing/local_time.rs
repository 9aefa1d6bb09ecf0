//! The owner's wall-clock times in their IANA time zone, turned into the UTC instants the store keeps. A time
//! that a daylight-saving change skips is refused, and one that it repeats must say which of the two it means:
//! neither is ever shifted silently.

use jiff::civil::DateTime;
use jiff::tz::{AmbiguousOffset, TimeZone};
use time::OffsetDateTime;

/// Which of the two instants a repeated wall-clock time (the hour a fall-back change repeats) means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fold {
    /// The first time the clock shows it (still summer time).
    Earlier,
    /// The second time (already winter time).
    Later,
}

/// Why a local time cannot be turned into an instant.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LocalTimeError {
    #[error("{0:?} is not an IANA time zone such as Europe/Paris")]
    UnknownZone(String),
    #[error("{0:?} is not a date and time such as 2026-03-29T09:30")]
    NotADateTime(String),
    #[error("{local} does not exist in {zone}: the clocks skip it on that day; choose another time")]
    Skipped { local: String, zone: String },
    #[error("{local} happens twice in {zone} (at {earlier} and at {later} UTC); say which one")]
    Repeated { local: String, zone: String, earlier: OffsetDateTime, later: OffsetDateTime },
}

/// The owner's IANA zone, checked.
pub fn time_zone(zone: &str) -> Result<TimeZone, LocalTimeError> {
    TimeZone::get(zone).map_err(|_| LocalTimeError::UnknownZone(zone.to_owned()))
}

/// `local` (`2026-03-29T02:30`, seconds optional) in `zone`, as a UTC instant. `fold` is needed only for a
/// time that happens twice.
pub fn to_utc(local: &str, zone: &str, fold: Option<Fold>) -> Result<OffsetDateTime, LocalTimeError> {
    let date_time: DateTime = local.trim().parse().map_err(|_| LocalTimeError::NotADateTime(local.to_owned()))?;
    civil_to_utc(date_time, &time_zone(zone)?, fold).map_err(|error| error.in_zone(&date_time.to_string(), zone))
}

/// A UTC instant as the owner's clock shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalTime {
    /// `2026-03-29`.
    pub date: String,
    /// `09:30`.
    pub time: String,
    /// The zone's offset from UTC at that instant, `+02:00`.
    pub offset: String,
}

/// `at` on the clock of `zone` (an IANA name).
pub fn to_local(at: OffsetDateTime, zone: &str) -> Result<LocalTime, LocalTimeError> {
    Ok(local_in(at, &time_zone(zone)?))
}

/// `at` on the clock of `zone`.
pub(crate) fn local_in(at: OffsetDateTime, zone: &TimeZone) -> LocalTime {
    let zoned = zoned(at, zone);
    LocalTime {
        date: zoned.date().to_string(),
        time: zoned.strftime("%H:%M").to_string(),
        offset: zoned.strftime("%:z").to_string(),
    }
}

/// `at` in `zone`, for date arithmetic. Stored times lie well inside both libraries' ranges.
fn zoned(at: OffsetDateTime, zone: &TimeZone) -> jiff::ZonedDateTime {
    jiff::Timestamp::from_second(at.unix_timestamp()).unwrap_or_default().to_zoned_datetime(zone.clone())
}

/// A wall-clock time that exists once, or twice with no `fold` given, or never.
pub(crate) enum Instants {
    Once(OffsetDateTime),
    Twice { earlier: OffsetDateTime, later: OffsetDateTime },
    Never,
}

/// Every instant at which the clock in `zone` shows `date_time`.
pub(crate) fn instants(date_time: DateTime, zone: &TimeZone) -> Instants {
    let instant = |offset: jiff::tz::Offset| {
        OffsetDateTime::from_unix_timestamp(offset.to_timestamp(date_time).ok()?.as_second()).ok()
    };
    match zone.to_ambiguous_timestamp(date_time).offset() {
        AmbiguousOffset::Unambiguous { offset } => instant(offset).map_or(Instants::Never, Instants::Once),
        AmbiguousOffset::Gap { .. } => Instants::Never,
        AmbiguousOffset::Fold { before, after } => match (instant(before), instant(after)) {
            (Some(earlier), Some(later)) => Instants::Twice { earlier, later },
            _ => Instants::Never,
        },
    }
}

/// The reason, before the zone's name is known to the message.
enum Refusal {
    Skipped,
    Repeated { earlier: OffsetDateTime, later: OffsetDateTime },
}

impl Refusal {
    fn in_zone(self, local: &str, zone: &str) -> LocalTimeError {
        let (local, zone) = (local.to_owned(), zone.to_owned());
        match self {
            Refusal::Skipped => LocalTimeError::Skipped { local, zone },
            Refusal::Repeated { earlier, later } => LocalTimeError::Repeated { local, zone, earlier, later },
        }
    }
}

fn civil_to_utc(date_time: DateTime, zone: &TimeZone, fold: Option<Fold>) -> Result<OffsetDateTime, Refusal> {
    match (instants(date_time, zone), fold) {
        (Instants::Once(at), _) => Ok(at),
        (Instants::Twice { earlier, .. }, Some(Fold::Earlier)) => Ok(earlier),
        (Instants::Twice { later, .. }, Some(Fold::Later)) => Ok(later),
        (Instants::Twice { earlier, later }, None) => Err(Refusal::Repeated { earlier, later }),
        (Instants::Never, _) => Err(Refusal::Skipped),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn an_ordinary_time_is_converted_with_the_zones_offset_of_that_day() {
        assert_eq!(to_utc("2026-07-01T09:00", "Europe/Paris", None), Ok(datetime!(2026-07-01 07:00 UTC)));
        assert_eq!(to_utc("2026-01-15T09:00", "Europe/Paris", None), Ok(datetime!(2026-01-15 08:00 UTC)));
        assert_eq!(to_utc("2026-01-15T09:00", "America/New_York", None), Ok(datetime!(2026-01-15 14:00 UTC)));
    }

    #[test]
    fn half_past_two_on_a_spring_forward_day_does_not_exist_and_is_refused_not_shifted() {
        // Europe/Paris jumps from 02:00 to 03:00 on 29 March 2026.
        let refused = to_utc("2026-03-29T02:30", "Europe/Paris", None).unwrap_err();
        assert!(matches!(refused, LocalTimeError::Skipped { .. }), "{refused:?}");
        assert!(refused.to_string().contains("does not exist"), "{refused}");
        // Saying which fold is meant does not make a skipped time exist.
        assert!(to_utc("2026-03-29T02:30", "Europe/Paris", Some(Fold::Later)).is_err());
        assert_eq!(to_utc("2026-03-29T03:30", "Europe/Paris", None), Ok(datetime!(2026-03-29 01:30 UTC)));
        // New York springs forward on 8 March 2026.
        assert!(to_utc("2026-03-08T02:30", "America/New_York", None).is_err());
    }

    #[test]
    fn half_past_one_on_a_fall_back_day_must_be_disambiguated_and_each_choice_is_its_own_instant() {
        // New York repeats 01:00–02:00 on 1 November 2026 (EDT −4, then EST −5).
        let refused = to_utc("2026-11-01T01:30", "America/New_York", None).unwrap_err();
        assert_eq!(
            refused,
            LocalTimeError::Repeated {
                local: "2026-11-01T01:30:00".into(),
                zone: "America/New_York".into(),
                earlier: datetime!(2026-11-01 05:30 UTC),
                later: datetime!(2026-11-01 06:30 UTC),
            }
        );
        assert_eq!(
            to_utc("2026-11-01T01:30", "America/New_York", Some(Fold::Earlier)),
            Ok(datetime!(2026-11-01 05:30 UTC))
        );
        assert_eq!(
            to_utc("2026-11-01T01:30", "America/New_York", Some(Fold::Later)),
            Ok(datetime!(2026-11-01 06:30 UTC))
        );
    }

    #[test]
    fn an_instant_is_shown_on_the_clock_of_the_owners_zone_with_that_days_offset() {
        let summer = to_local(datetime!(2026-07-01 07:00 UTC), "Europe/Paris").unwrap();
        assert_eq!(
            (summer.date.as_str(), summer.time.as_str(), summer.offset.as_str()),
            ("2026-07-01", "09:00", "+02:00")
        );
        let winter = to_local(datetime!(2026-01-15 08:00 UTC), "Europe/Paris").unwrap();
        assert_eq!((winter.time.as_str(), winter.offset.as_str()), ("09:00", "+01:00"));
        // The two instants of New York's repeated 01:30 read the same on the clock, with their own offsets.
        let first = to_local(datetime!(2026-11-01 05:30 UTC), "America/New_York").unwrap();
        let second = to_local(datetime!(2026-11-01 06:30 UTC), "America/New_York").unwrap();
        assert_eq!((first.time.as_str(), second.time.as_str()), ("01:30", "01:30"));
        assert_eq!((first.offset.as_str(), second.offset.as_str()), ("-04:00", "-05:00"));
    }

    #[test]
    fn an_unknown_zone_or_a_malformed_time_is_named() {
        assert_eq!(
            to_utc("2026-07-01T09:00", "Mars/Olympus", None),
            Err(LocalTimeError::UnknownZone("Mars/Olympus".into()))
        );
        assert!(matches!(to_utc("tomorrow", "UTC", None), Err(LocalTimeError::NotADateTime(_))));
    }
}
