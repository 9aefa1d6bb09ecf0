//! The Schedule page's calendar: the days of a week or a month in the owner's time zone, each with the targets
//! due on it. A day runs from its local midnight to the next, so a day a daylight-saving change shortens or
//! lengthens holds 23 or 25 hours, and every target lands on the day its local clock shows.

use super::{local_in, LocalTime, Publishing, TargetFilter, TargetView};
use crate::CoreError;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::ToSpan;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CalendarSpan {
    /// Monday to Sunday.
    Week,
    /// The whole weeks that cover a month.
    Month,
}

/// The days shown, and where the previous and next spans begin (`YYYY-MM-DD`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    pub span: CalendarSpan,
    /// "March 2026", "30 Mar – 5 Apr 2026".
    pub title: String,
    pub zone: String,
    pub previous: String,
    pub next: String,
    pub days: Vec<CalendarDay>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarDay {
    /// `2026-03-29`.
    pub date: String,
    /// Whether it belongs to the month shown (a month's first and last weeks reach into its neighbours).
    pub in_span: bool,
    pub today: bool,
    /// 24, or 23 and 25 on the days the clocks change.
    pub hours: i64,
    /// The day's targets, earliest first, each with its local time.
    pub targets: Vec<(LocalTime, TargetView)>,
}

impl Publishing {
    /// The week or month around `anchor` (`YYYY-MM-DD`; today when `None`), with the targets matching `filter`.
    pub async fn calendar(
        &self,
        span: CalendarSpan,
        anchor: Option<&str>,
        filter: TargetFilter,
    ) -> Result<Calendar, CoreError> {
        let zone_name = self.time_zone().await?;
        let zone = self.zone().await?;
        let today = jiff::ZonedDateTime::now().with_time_zone(zone.clone()).date();
        let anchor = match anchor.map(str::trim).filter(|a| !a.is_empty()) {
            Some(text) => text
                .parse::<Date>()
                .map_err(|_| CoreError::invalid("from", format!("{text:?} is not a date such as 2026-03-29")))?,
            None => today,
        };
        let bounds = Bounds::of(span, anchor).map_err(out_of_range)?;
        let mut days = Vec::new();
        let mut date = bounds.first;
        while date < bounds.end {
            let next = date.tomorrow().map_err(out_of_range)?;
            let (start, end) = (start_of(date, &zone)?, start_of(next, &zone)?);
            days.push((start, end, date));
            date = next;
        }
        let targets = self.targets(filter).await?;
        let days = days
            .into_iter()
            .map(|(start, end, date)| {
                let mut on_day: Vec<(LocalTime, TargetView)> = targets
                    .iter()
                    .filter(|t| (start..end).contains(&t.due_at.unix_timestamp()))
                    .map(|t| (local_in(t.due_at, &zone), t.clone()))
                    .collect();
                on_day.sort_by_key(|(_, t)| (t.due_at, t.id));
                CalendarDay {
                    date: date.to_string(),
                    in_span: span == CalendarSpan::Week || date.month() == anchor.month(),
                    today: date == today,
                    hours: (end - start) / 3600,
                    targets: on_day,
                }
            })
            .collect();
        Ok(Calendar {
            span,
            title: bounds.title,
            zone: zone_name,
            previous: bounds.previous.to_string(),
            next: bounds.next.to_string(),
            days,
        })
    }
}

/// The dates a span shows and its neighbours' anchors.
struct Bounds {
    first: Date,
    /// The day after the last one shown.
    end: Date,
    previous: Date,
    next: Date,
    title: String,
}

impl Bounds {
    fn of(span: CalendarSpan, anchor: Date) -> Result<Bounds, jiff::Error> {
        let monday_of = |date: Date| date.checked_sub(i64::from(date.weekday().to_monday_zero_offset()).days());
        match span {
            CalendarSpan::Week => {
                let first = monday_of(anchor)?;
                let last = first.checked_add(6.days())?;
                Ok(Bounds {
                    first,
                    end: first.checked_add(7.days())?,
                    previous: first.checked_sub(7.days())?,
                    next: first.checked_add(7.days())?,
                    title: format!("{} – {} {}", day_text(first), day_text(last), last.year()),
                })
            }
            CalendarSpan::Month => {
                let (first_of_month, last_of_month) = (anchor.first_of_month(), anchor.last_of_month());
                let sunday =
                    last_of_month.checked_add(i64::from(6 - last_of_month.weekday().to_monday_zero_offset()).days())?;
                Ok(Bounds {
                    first: monday_of(first_of_month)?,
                    end: sunday.tomorrow()?,
                    previous: first_of_month.checked_sub(1.month())?,
                    next: first_of_month.checked_add(1.month())?,
                    title: first_of_month.strftime("%B %Y").to_string(),
                })
            }
        }
    }
}

/// "30 Mar".
fn day_text(date: Date) -> String {
    format!("{} {}", date.day(), date.strftime("%b"))
}

/// The UTC second at which `date` begins in `zone` (its first instant, should a change skip midnight).
fn start_of(date: Date, zone: &TimeZone) -> Result<i64, CoreError> {
    Ok(date.to_zoned_datetime(zone.clone()).map_err(out_of_range)?.timestamp().as_second())
}

fn out_of_range(error: jiff::Error) -> CoreError {
    CoreError::invalid("from", format!("that date is outside the calendar: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_runs_monday_to_sunday_and_its_neighbours_are_a_week_away() {
        let week = Bounds::of(CalendarSpan::Week, "2026-03-26".parse().unwrap()).unwrap();
        assert_eq!(week.first.to_string(), "2026-03-23");
        assert_eq!(week.end.to_string(), "2026-03-30");
        assert_eq!((week.previous.to_string(), week.next.to_string()), ("2026-03-16".into(), "2026-03-30".into()));
        assert_eq!(week.title, "23 Mar – 29 Mar 2026");
    }

    #[test]
    fn a_month_is_shown_in_whole_weeks() {
        let march = Bounds::of(CalendarSpan::Month, "2026-03-15".parse().unwrap()).unwrap();
        // 1 March 2026 is a Sunday; 31 March a Tuesday.
        assert_eq!(march.first.to_string(), "2026-02-23");
        assert_eq!(march.end.to_string(), "2026-04-06");
        assert_eq!((march.previous.to_string(), march.next.to_string()), ("2026-02-01".into(), "2026-04-01".into()));
        assert_eq!(march.title, "March 2026");
    }

    #[test]
    fn a_day_begins_at_local_midnight_so_the_clock_change_days_are_23_and_25_hours_long() {
        let paris = TimeZone::get("Europe/Paris").unwrap();
        let hours = |date: &str| {
            let date: Date = date.parse().unwrap();
            (start_of(date.tomorrow().unwrap(), &paris).unwrap() - start_of(date, &paris).unwrap()) / 3600
        };
        assert_eq!(hours("2026-03-29"), 23);
        assert_eq!(hours("2026-10-25"), 25);
        assert_eq!(hours("2026-07-01"), 24);
    }
}
