//! Legal status on a date, computed from dated events — never stored as a label.
//!
//! Status words (DOMAIN §4, Luật Ban hành VBQPPL 80/2015/QH13 Điều 153–154): Còn hiệu lực, Chưa có hiệu
//! lực, Hết hiệu lực (expired by its own term or declared so by a later act), bị bãi bỏ / bị thay thế
//! (repealed, replaced), Ngưng hiệu lực (suspended). Partial repeal or amendment does not end a document.

use crate::date::Date;
use crate::model::{EventKind, ForceEvent};
use serde::{Deserialize, Serialize};

/// The status of a document (or provision) on a given date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Còn hiệu lực.
    InForce,
    /// Chưa có hiệu lực.
    NotYetInForce,
    /// Bị bãi bỏ / bị thay thế.
    Repealed,
    /// Hết hiệu lực.
    Expired,
    /// Ngưng hiệu lực.
    Suspended,
}

impl Status {
    pub const ALL: [Status; 5] =
        [Status::InForce, Status::NotYetInForce, Status::Repealed, Status::Expired, Status::Suspended];

    /// A status from its name (`in_force` …).
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::InForce => "in_force",
            Status::NotYetInForce => "not_yet_in_force",
            Status::Repealed => "repealed",
            Status::Expired => "expired",
            Status::Suspended => "suspended",
        }
    }

    /// Vietnamese label for display.
    pub fn label_vi(self) -> &'static str {
        match self {
            Status::InForce => "Còn hiệu lực",
            Status::NotYetInForce => "Chưa có hiệu lực",
            Status::Repealed => "Đã bị bãi bỏ / thay thế",
            Status::Expired => "Hết hiệu lực",
            Status::Suspended => "Ngưng hiệu lực",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Status::InForce => "In force",
            Status::NotYetInForce => "Not yet in force",
            Status::Repealed => "Repealed / replaced",
            Status::Expired => "Expired",
            Status::Suspended => "Suspended",
        }
    }
}

/// Status on `at` from a document's events.
///
/// - before the entry-into-force date (or, lacking it, the issue date): not yet in force;
/// - a whole-document repeal, replacement or expiry dated on or before `at` ends it (the latest such
///   event decides its kind);
/// - a suspension in effect on `at` (no later resumption) suspends it;
/// - otherwise in force. Events without a date are ignored: status needs dates.
pub fn status_at(events: &[ForceEvent], at: Date) -> Status {
    let start = events
        .iter()
        .filter(|e| e.kind == EventKind::Effective)
        .filter_map(|e| e.date)
        .min()
        .or_else(|| events.iter().filter(|e| e.kind == EventKind::Issued).filter_map(|e| e.date).min());
    if let Some(start) = start
        && at < start
    {
        return Status::NotYetInForce;
    }
    let end = events
        .iter()
        .filter(|e| !e.partial && matches!(e.kind, EventKind::Repealed | EventKind::Replaced | EventKind::Expired))
        .filter_map(|e| e.date.map(|d| (d, e.kind)))
        .filter(|(d, _)| *d <= at)
        .min_by_key(|(d, _)| *d);
    if let Some((_, kind)) = end {
        return if kind == EventKind::Expired { Status::Expired } else { Status::Repealed };
    }
    let last_suspension = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Suspended | EventKind::Resumed) && !e.partial)
        .filter_map(|e| e.date.map(|d| (d, e.kind)))
        .filter(|(d, _)| *d <= at)
        .max_by_key(|(d, _)| *d);
    if let Some((_, EventKind::Suspended)) = last_suspension {
        return Status::Suspended;
    }
    Status::InForce
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(kind: EventKind, d: &str) -> ForceEvent {
        ForceEvent { kind, date: Date::parse_iso(d), by: None, partial: false }
    }

    #[test]
    fn lifecycle() {
        let events = vec![
            ev(EventKind::Issued, "2015-11-24"),
            ev(EventKind::Effective, "2017-01-01"),
            ev(EventKind::Replaced, "2030-01-01"),
        ];
        let d = |s| Date::parse_iso(s).unwrap();
        assert_eq!(status_at(&events, d("2016-06-01")), Status::NotYetInForce);
        assert_eq!(status_at(&events, d("2017-01-01")), Status::InForce);
        assert_eq!(status_at(&events, d("2030-01-01")), Status::Repealed);
    }

    #[test]
    fn partial_repeal_does_not_end() {
        let mut e = ev(EventKind::Repealed, "2020-01-01");
        e.partial = true;
        let events = vec![ev(EventKind::Effective, "2010-01-01"), e];
        assert_eq!(status_at(&events, Date::parse_iso("2021-01-01").unwrap()), Status::InForce);
    }

    #[test]
    fn suspension_and_resumption() {
        let events = vec![
            ev(EventKind::Effective, "2010-01-01"),
            ev(EventKind::Suspended, "2012-01-01"),
            ev(EventKind::Resumed, "2013-01-01"),
        ];
        let d = |s| Date::parse_iso(s).unwrap();
        assert_eq!(status_at(&events, d("2012-06-01")), Status::Suspended);
        assert_eq!(status_at(&events, d("2013-06-01")), Status::InForce);
    }
}
