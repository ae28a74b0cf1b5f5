//! What a funnel query is made of: the input event view, the steps, the options, and the
//! validation errors.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::analytics::filter::PropertyFilter;
use crate::analytics::property::PropertyName;

use crate::clock::{DAY, Timestamp};

/// The most steps a funnel may have.
pub const MAX_STEPS: usize = 10;

/// A borrowed view of one tracked event: adapt the store's events to this. Events may be given
/// in any order; ties on `timestamp` are ordered by position in the input slice.
#[derive(Debug, Clone, Copy)]
pub struct FunnelEvent<'a> {
    pub user_id: &'a str,
    pub session_id: &'a str,
    pub event_type: &'a str,
    /// UTC microseconds since the epoch.
    pub timestamp: i64,
    pub properties: &'a Map<String, Value>,
}

/// One step: an event type, optionally narrowed by property filters that must all pass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunnelStep {
    pub event_type: String,
    #[serde(default)]
    pub filters: Vec<PropertyFilter>,
}

impl FunnelStep {
    pub fn new(event_type: impl Into<String>) -> Self {
        Self {
            event_type: event_type.into(),
            filters: Vec::new(),
        }
    }

    pub fn with_filter(mut self, filter: PropertyFilter) -> Self {
        self.filters.push(filter);
        self
    }

    /// Does this event pass the step's filters? (The caller checks the event type.)
    pub fn filters_match(&self, properties: &Map<String, Value>) -> bool {
        self.filters.iter().all(|f| f.matches(properties))
    }
}

impl fmt::Display for FunnelStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.event_type)?;
        for (i, filter) in self.filters.iter().enumerate() {
            let word = if i == 0 { "where" } else { "and" };
            write!(f, " {word} {filter}")?;
        }
        Ok(())
    }
}

/// Something read off an event to hold constant or group by: the session id or an event
/// property. JSON: `"session_id"` or `{"property": "feature"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    SessionId,
    Property(PropertyName),
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::SessionId => f.write_str("session_id"),
            Field::Property(p) => f.write_str(p.as_str()),
        }
    }
}

/// A funnel query: steps in order, the entry date range `[from, to)` (in JSON, numbers: UTC
/// microseconds), the conversion window, and the optional hold-constant and group-by fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunnelQuery {
    pub steps: Vec<FunnelStep>,
    #[serde(with = "crate::clock::micros")]
    pub from: Timestamp,
    #[serde(with = "crate::clock::micros")]
    pub to: Timestamp,
    /// Conversion window in microseconds, measured from the entry (step 1) event, inclusive.
    #[serde(default = "default_window")]
    pub window_us: i64,
    #[serde(default)]
    pub hold_constant: Option<Field>,
    #[serde(default)]
    pub group_by: Option<Field>,
    /// A property of the last step's event to add up over the converted users (an order's
    /// total: the funnel's revenue); see [`FunnelResult::revenue_cents`].
    ///
    /// [`FunnelResult::revenue_cents`]: crate::analytics::FunnelResult::revenue_cents
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revenue: Option<PropertyName>,
}

fn default_window() -> i64 {
    DAY
}

impl FunnelQuery {
    /// A query with the default one-day window, no hold-constant and no group-by.
    pub fn new(steps: Vec<FunnelStep>, from: Timestamp, to: Timestamp) -> Self {
        Self {
            steps,
            from,
            to,
            window_us: DAY,
            hold_constant: None,
            group_by: None,
            revenue: None,
        }
    }

    pub fn with_window(mut self, window_us: i64) -> Self {
        self.window_us = window_us;
        self
    }

    pub fn hold_constant(mut self, field: Field) -> Self {
        self.hold_constant = Some(field);
        self
    }

    pub fn group_by(mut self, field: Field) -> Self {
        self.group_by = Some(field);
        self
    }

    /// Adds up `property` of the event that completed each converted user's counted path.
    pub fn with_revenue(mut self, property: PropertyName) -> Self {
        self.revenue = Some(property);
        self
    }

    /// Checks the query; the engine calls this first.
    pub fn validate(&self) -> Result<(), FunnelError> {
        if self.steps.is_empty() {
            return Err(FunnelError::NoSteps);
        }
        if self.steps.len() > MAX_STEPS {
            return Err(FunnelError::TooManySteps {
                steps: self.steps.len(),
                max: MAX_STEPS,
            });
        }
        if self.window_us <= 0 {
            return Err(FunnelError::NonPositiveWindow {
                window_us: self.window_us,
            });
        }
        if self.from >= self.to {
            return Err(FunnelError::EmptyRange {
                from: self.from,
                to: self.to,
            });
        }
        for (i, step) in self.steps.iter().enumerate() {
            if step.event_type.is_empty() {
                return Err(FunnelError::EmptyEventType { step: i + 1 });
            }
            for filter in &step.filters {
                if let Some(reason) = filter.problem() {
                    return Err(FunnelError::InvalidFilter {
                        step: i + 1,
                        property: filter.property.to_string(),
                        reason,
                    });
                }
            }
        }
        Ok(())
    }
}

/// Why a funnel query cannot run. Steps are numbered from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FunnelError {
    NoSteps,
    TooManySteps {
        steps: usize,
        max: usize,
    },
    NonPositiveWindow {
        window_us: i64,
    },
    EmptyRange {
        from: Timestamp,
        to: Timestamp,
    },
    EmptyEventType {
        step: usize,
    },
    InvalidFilter {
        step: usize,
        property: String,
        reason: &'static str,
    },
    TooManyEvents {
        events: usize,
    },
}

impl fmt::Display for FunnelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FunnelError::NoSteps => f.write_str("a funnel needs at least one step"),
            FunnelError::TooManySteps { steps, max } => {
                write!(f, "a funnel has at most {max} steps, this one has {steps}")
            }
            FunnelError::NonPositiveWindow { window_us } => write!(
                f,
                "the conversion window must be positive, got {window_us} µs"
            ),
            FunnelError::EmptyRange { from, to } => write!(
                f,
                "the date range is empty: from ({}) must be before to ({})",
                from.as_micros(),
                to.as_micros()
            ),
            FunnelError::EmptyEventType { step } => {
                write!(f, "step {step} has an empty event type")
            }
            FunnelError::InvalidFilter {
                step,
                property,
                reason,
            } => write!(f, "step {step}, filter on {property:?}: {reason}"),
            FunnelError::TooManyEvents { events } => write!(
                f,
                "{events} events is more than one query handles ({})",
                u32::MAX
            ),
        }
    }
}

impl std::error::Error for FunnelError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::property::name;
    use serde_json::json;

    fn steps(n: usize) -> Vec<FunnelStep> {
        (0..n).map(|i| FunnelStep::new(format!("E{i}"))).collect()
    }

    #[test]
    fn validation_errors() {
        let (zero, ten) = (Timestamp::EPOCH, Timestamp::from_micros(10));
        let ok = FunnelQuery::new(steps(4), zero, ten);
        assert_eq!(ok.validate(), Ok(()));
        assert_eq!(
            FunnelQuery::new(vec![], zero, ten).validate(),
            Err(FunnelError::NoSteps)
        );
        assert_eq!(
            FunnelQuery::new(steps(11), zero, ten).validate(),
            Err(FunnelError::TooManySteps { steps: 11, max: 10 })
        );
        assert_eq!(FunnelQuery::new(steps(10), zero, ten).validate(), Ok(()));
        for w in [0, -1] {
            assert_eq!(
                ok.clone().with_window(w).validate(),
                Err(FunnelError::NonPositiveWindow { window_us: w })
            );
        }
        for (from, to) in [(10, 10), (11, 10)] {
            let (from, to) = (Timestamp::from_micros(from), Timestamp::from_micros(to));
            assert_eq!(
                FunnelQuery::new(steps(2), from, to).validate(),
                Err(FunnelError::EmptyRange { from, to })
            );
        }
        let mut bad = ok.clone();
        bad.steps[1] =
            FunnelStep::new("X").with_filter(PropertyFilter::one_of::<&str>(name("f"), []));
        assert!(matches!(
            bad.validate(),
            Err(FunnelError::InvalidFilter { step: 2, .. })
        ));
        // A property without a name cannot be written: `PropertyName` refuses it.
        let unnamed = json!({"steps": [{"event_type": "A"}], "from": 0, "to": 1,
                             "group_by": {"property": ""}});
        let err = serde_json::from_value::<FunnelQuery>(unnamed).unwrap_err();
        assert!(err.to_string().contains("cannot be empty"), "{err}");
        // Display is readable and the type is a std error.
        let e: Box<dyn std::error::Error> = Box::new(FunnelError::NoSteps);
        assert_eq!(e.to_string(), "a funnel needs at least one step");
        let empty = FunnelError::EmptyRange { from: ten, to: ten };
        assert_eq!(
            empty.to_string(),
            "the date range is empty: from (10) must be before to (10)"
        );
    }

    #[test]
    fn query_json_shape_and_defaults() {
        let q: FunnelQuery = serde_json::from_value(json!({
            "steps": [{"event_type": "ProductViewed",
                       "filters": [{"property": "feature", "condition": {"is": "home"}}]},
                      {"event_type": "ProductAdded"}],
            "from": 0, "to": 100,
            "hold_constant": "session_id",
            "group_by": {"property": "feature"}
        }))
        .unwrap();
        assert_eq!(q.window_us, DAY);
        assert_eq!(
            (q.from, q.to),
            (Timestamp::EPOCH, Timestamp::from_micros(100))
        );
        let written = serde_json::to_value(&q).unwrap();
        assert_eq!((&written["from"], &written["to"]), (&json!(0), &json!(100)));
        assert_eq!(q.hold_constant, Some(Field::SessionId));
        assert_eq!(q.group_by, Some(Field::Property(name("feature"))));
        assert_eq!(
            q.steps[0].to_string(),
            "ProductViewed where feature is home"
        );
    }
}
