//! The store's events in Amplitude, through its HTTP V2 API (`/2/httpapi`): live, as one of the
//! tracker's sinks, and from the database with `storefront export amplitude`. Both go through
//! the same mapping (here), batching and retries (`client`).

mod client;
mod export;
mod sink;

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Map, Value};

use super::{Event, EventType};
use crate::domain::{EventId, SessionId, Shopper, UserId};

pub use client::{AmplitudeClient, AmplitudeError, BatchLimits, Delivery};
pub use export::{ExportError, ExportReport, Target, export};
pub use sink::AmplitudeSink;

/// Shortest user and device id Amplitude is told to accept (`options.min_id_length`). Its
/// default is 5, but the Retail Demo Store's shoppers are numbered from "1".
pub const MIN_ID_LENGTH: usize = 1;

/// A browsing session that is idle this long ends; the next event starts a new Amplitude
/// session (Amplitude's own browser SDK uses the same 30 minutes).
pub const SESSION_TIMEOUT_MS: i64 = 30 * 60 * 1_000;

/// One event as the HTTP V2 API takes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmplitudeEvent {
    /// The store's own event names (ProductViewed, OrderCompleted, …), as the Retail Demo
    /// Store's Amplitude workshop charts them.
    pub event_type: &'static str,
    /// Only for a known shopper (signed in or emulated); an anonymous one is its device alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<UserId>,
    /// The browser: the store's session id, which the session cookie keeps across visits.
    pub device_id: String,
    /// Milliseconds since the epoch.
    pub time: i64,
    /// The store's event id, so that Amplitude drops a retried event it already has.
    pub insert_id: EventId,
    /// The start of the Amplitude session in milliseconds, as Amplitude's SDKs number them.
    pub session_id: i64,
    pub platform: &'static str,
    pub event_properties: Map<String, Value>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub user_properties: Map<String, Value>,
    /// The order total on OrderCompleted, for Amplitude's revenue charts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revenue: Option<f64>,
}

/// Maps one store event. `known`: the user id names a shopper or an account (not a browser's
/// provisional id); `shopper`: the fictional shopper it names, whose persona becomes a user
/// property; `session_start`: from [`Sessions`].
pub fn amplitude_event(
    event: &Event,
    known: bool,
    shopper: Option<&Shopper>,
    session_start: i64,
) -> AmplitudeEvent {
    let mut user_properties = Map::new();
    if let Some(s) = shopper {
        user_properties.insert("persona".into(), s.persona.as_str().into());
        if !s.discount_persona.is_empty() {
            user_properties.insert("discount_persona".into(), s.discount_persona.clone().into());
        }
    }
    // As the Retail Demo Store's `identifyExperiment`: the variation a shopper saw becomes a
    // user property `{shelf}.{experiment}`, so any chart can be split by it.
    if event.event_type == EventType::ExperimentExposure
        && let (Some(shelf), Some(name), Some(variation)) = (
            event.property_str("feature"),
            event.property_str("experimentName"),
            event.property_str("variation"),
        )
    {
        user_properties.insert(format!("{shelf}.{name}"), variation.into());
    }
    let revenue = match event.event_type {
        EventType::OrderCompleted => event.properties.get("orderTotal").and_then(Value::as_f64),
        _ => None,
    };
    AmplitudeEvent {
        event_type: event.event_type.as_str(),
        user_id: (known && !event.anonymous && !event.user_id.is_empty())
            .then(|| event.user_id.clone()),
        device_id: device_id(&event.session_id),
        time: event.timestamp.as_millis(),
        insert_id: event.event_id.clone(),
        session_id: session_start,
        platform: "Web",
        event_properties: event.properties.clone(),
        user_properties,
        revenue,
    }
}

impl AmplitudeEvent {
    /// The event as it appears in a request body.
    pub fn to_json(&self) -> Vec<u8> {
        // Strings, integers, an f64 (non-finite ones become null) and JSON values: nothing here
        // can fail to serialize.
        serde_json::to_vec(self).expect("an Amplitude event serializes")
    }
}

/// The browser's id as Amplitude's device id. The shop's session ids are 32 hex digits and the
/// synthetic history's `hist-…`, but Amplitude refuses an event with neither a user id nor a
/// device id of Amplitude's default minimum length (5), so a short one is made longer.
pub fn device_id(session_id: &SessionId) -> String {
    if session_id.as_str().chars().count() >= 5 {
        session_id.as_str().to_owned()
    } else {
        format!("storefront-session-{session_id}")
    }
}

/// Amplitude numbers a session by its start time in milliseconds; the store's session id is a
/// long-lived browser id instead. So a store session is cut into Amplitude sessions the way
/// Amplitude's browser SDK cuts them: one starts at the first event seen for the browser, and
/// after [`SESSION_TIMEOUT_MS`] without events the next one starts at that event.
///
/// Given the same events in the same order the answer is the same (the export, the live sink,
/// and a batch the tracker sends again), which matters because Amplitude keeps the first copy
/// of an event. The live sink remembers sessions only while the process runs: after a restart a
/// browser's next event starts a new Amplitude session.
#[derive(Debug, Default)]
pub struct Sessions {
    open: HashMap<SessionId, OpenSession>,
    newest: i64,
}

#[derive(Debug, Clone, Copy)]
struct OpenSession {
    start: i64,
    last: i64,
    /// The session before this one, so that a batch sent again across the cut maps as before.
    previous_start: Option<i64>,
}

/// Past this many remembered browsers, sessions idle for longer than the timeout are forgotten.
const REMEMBERED_SESSIONS: usize = 100_000;

impl Sessions {
    /// The Amplitude session (its start, ms) of an event of `session_id` at `at` (ms).
    pub fn start_of(&mut self, session_id: &SessionId, at: i64) -> i64 {
        self.newest = self.newest.max(at);
        if let Some(open) = self.open.get_mut(session_id) {
            if at < open.start {
                // An event from before this session: a late or repeated one.
                return match open.previous_start {
                    Some(p) if at >= p => p,
                    _ => open.start,
                };
            }
            if at - open.last <= SESSION_TIMEOUT_MS {
                open.last = open.last.max(at);
                return open.start;
            }
            *open = OpenSession {
                start: at,
                last: at,
                previous_start: Some(open.start),
            };
            return at;
        }
        if self.open.len() >= REMEMBERED_SESSIONS {
            let horizon = self.newest - SESSION_TIMEOUT_MS;
            self.open.retain(|_, s| s.last >= horizon);
        }
        self.open.insert(
            session_id.clone(),
            OpenSession {
                start: at,
                last: at,
                previous_start: None,
            },
        );
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{AmplitudeRegion, AmplitudeSettings};
    use crate::domain::Persona;

    fn event(t: EventType, user: &str, session: &str, micros: i64) -> Event {
        Event {
            event_id: format!("e-{micros}").into(),
            event_type: t,
            user_id: user.into(),
            session_id: session.into(),
            item_id: Some("p1".into()),
            timestamp: crate::clock::Timestamp::from_micros(micros),
            properties: Map::from_iter([("productId".to_string(), Value::from("p1"))]),
            anonymous: false,
        }
    }

    #[test]
    fn amplitude_region_picks_the_host_and_an_endpoint_url_overrides_it() {
        let mut s = AmplitudeSettings::default();
        assert_eq!(s.endpoint(), "https://api2.amplitude.com/2/httpapi");
        s.region = AmplitudeRegion::Eu;
        assert_eq!(s.endpoint(), "https://api.eu.amplitude.com/2/httpapi");
        s.endpoint_url = Some("http://127.0.0.1:9/2/httpapi".into());
        assert_eq!(s.endpoint(), "http://127.0.0.1:9/2/httpapi");
        assert!(s.validate().is_ok());
        s.endpoint_url = Some("api2.amplitude.com".into());
        assert!(s.validate().is_err());
    }

    #[test]
    fn amplitude_event_of_a_known_shopper_carries_user_and_persona() {
        let shopper = Shopper {
            id: "42".into(),
            username: "user42".into(),
            first_name: "A".into(),
            last_name: "B".into(),
            email: "a@example.com".into(),
            age: 30,
            gender: None,
            persona: Persona::parse("housewares_tools_beauty").unwrap(),
            discount_persona: "discount_indifferent".into(),
            default_address: None,
        };
        let e = event(
            EventType::ProductViewed,
            "42",
            "0123456789abcdef",
            1_700_000_000_123_456,
        );
        let a = amplitude_event(&e, true, Some(&shopper), 1_700_000_000_000);
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["event_type"], "ProductViewed");
        assert_eq!(json["user_id"], "42");
        assert_eq!(json["device_id"], "0123456789abcdef");
        assert_eq!(json["time"], 1_700_000_000_123i64);
        assert_eq!(json["insert_id"], e.event_id.as_str());
        assert_eq!(json["session_id"], 1_700_000_000_000i64);
        assert_eq!(json["platform"], "Web");
        assert_eq!(json["event_properties"]["productId"], "p1");
        assert_eq!(
            json["user_properties"]["persona"],
            "housewares_tools_beauty"
        );
        assert_eq!(
            json["user_properties"]["discount_persona"],
            "discount_indifferent"
        );
        assert!(json.get("revenue").is_none());
    }

    #[test]
    fn amplitude_event_of_an_anonymous_browser_has_only_a_device() {
        let mut e = event(EventType::OrderCompleted, "f00d", "abc", 5_000);
        e.anonymous = true;
        e.properties.insert("orderTotal".into(), Value::from(12.5));
        let json = serde_json::to_value(amplitude_event(&e, true, None, 5)).unwrap();
        assert!(json.get("user_id").is_none());
        assert!(json.get("user_properties").is_none());
        assert_eq!(json["device_id"], "storefront-session-abc");
        assert_eq!(json["revenue"], 12.5);
        // Known to the tracker but not to the shop's records (the export's view): no user id.
        e.anonymous = false;
        let json = serde_json::to_value(amplitude_event(&e, false, None, 5)).unwrap();
        assert!(json.get("user_id").is_none());
    }

    #[test]
    fn amplitude_sessions_start_at_the_first_event_and_split_after_idling() {
        let mut s = Sessions::default();
        let min = 60_000;
        let (a, b) = (SessionId::from("a"), SessionId::from("b"));
        assert_eq!(s.start_of(&a, 1_000), 1_000);
        assert_eq!(s.start_of(&b, 2_000), 2_000);
        assert_eq!(s.start_of(&a, 1_000 + 29 * min), 1_000);
        assert_eq!(s.start_of(&a, 1_000 + 58 * min), 1_000, "idle 29 minutes");
        let later = 1_000 + 58 * min + 31 * min;
        assert_eq!(
            s.start_of(&a, later),
            later,
            "idle 31 minutes: a new session"
        );
        // The same events again (a batch the tracker retries) map as before.
        assert_eq!(s.start_of(&a, 1_000 + 29 * min), 1_000);
        assert_eq!(s.start_of(&a, later), later);
        assert_eq!(s.start_of(&b, 2_000 + 5 * min), 2_000);
    }
}
