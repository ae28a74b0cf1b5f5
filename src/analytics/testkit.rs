//! Hand-made event logs for the unit tests.

use crate::clock::{DAY, Timestamp};
use serde_json::{Map, Value};

use crate::analytics::query::{FunnelEvent, FunnelQuery, FunnelStep};

/// An owned event; `view` borrows it as the engine's input.
#[derive(Clone)]
pub(crate) struct Ev {
    pub user: String,
    pub session: String,
    pub kind: String,
    pub ts: i64,
    pub props: Map<String, Value>,
}

/// `ev("u1", "A", 10)`: user u1 did A at 10 µs, in session "s".
pub(crate) fn ev(user: &str, kind: &str, ts: i64) -> Ev {
    Ev {
        user: user.into(),
        session: "s".into(),
        kind: kind.into(),
        ts,
        props: Map::new(),
    }
}

impl Ev {
    pub(crate) fn session(mut self, s: &str) -> Self {
        self.session = s.into();
        self
    }

    pub(crate) fn prop(mut self, k: &str, v: impl Into<Value>) -> Self {
        self.props.insert(k.into(), v.into());
        self
    }
}

pub(crate) fn views(evs: &[Ev]) -> Vec<FunnelEvent<'_>> {
    evs.iter()
        .map(|e| FunnelEvent {
            user_id: &e.user,
            session_id: &e.session,
            event_type: &e.kind,
            timestamp: e.ts,
            properties: &e.props,
        })
        .collect()
}

/// A funnel over plain event types, entry range [0, 30 days), default window.
pub(crate) fn query(kinds: &[&str]) -> FunnelQuery {
    let steps = kinds.iter().map(|k| FunnelStep::new(*k)).collect();
    FunnelQuery::new(steps, Timestamp::EPOCH, Timestamp::from_micros(30 * DAY))
}
