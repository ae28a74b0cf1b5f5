//! A funnel question as a person writes it — on the `/analytics` form or on the command line —
//! turned into a checked [`FunnelQuery`] (and comparison), then answered from the store's
//! events. One piece serves both the page and `storefront funnel`.

use serde::{Deserialize, Serialize};

use crate::analytics::{
    Assignment, ComparisonRequest, ComparisonSide, Field, FunnelComparison, FunnelQuery,
    FunnelReport, FunnelStep, PropertyFilter, PropertyName, compare_funnel_rows,
    compute_funnel_rows,
};
use crate::db::{FunnelSelection, Store, StoreError};
use crate::events::EventType;

use crate::clock::Timestamp;

/// The workshop's funnel.
pub const DEFAULT_STEPS: &str = "ProductViewed,ProductAdded,CheckoutStarted,OrderCompleted";
/// The personalization shelves, as the workshop's "after" funnel filters its views.
pub const PERSONALIZED_FEATURES: &str = "home_product_recs,product_detail_related";
/// What an `OrderCompleted` event carries as the order's total, in dollars: a funnel that ends
/// with the order adds it up as its revenue.
pub const ORDER_TOTAL: &str = "orderTotal";

/// The question, every field as typed; empty means the default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FunnelSpec {
    /// Event types in order, comma-separated.
    pub steps: String,
    /// When the entry range starts and ends: `30d` (days ago), `now`, a date or an RFC 3339 time.
    pub from: String,
    pub to: String,
    /// Conversion window: `1d`, `12h`, `30m`.
    pub window: String,
    /// Step filters: `STEP:PROPERTY=V1,V2` (in) or `STEP:PROPERTY!=V1,V2` (not in), `;`-separated.
    pub filter: String,
    /// Hold a value constant across the steps: `session` or a property name.
    pub hold: String,
    /// Group by a property of the entry event.
    pub group_by: String,
    /// A second period to compare with (B; the first is the baseline A).
    pub compare_from: String,
    pub compare_to: String,
    /// Step-1 filter for side B only (`PROPERTY=V1,V2`): a segment of the same or another period.
    pub compare_filter: String,
    /// Which events count: `all` (default), `simulated` or `live`.
    pub source: String,
}

/// Which events count: the simulator's, the shop's own (live and the seed's history), or all.
/// The funnel's `source` and the `--source` flag of `events` and `export amplitude`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    All,
    Simulated,
    Live,
}

impl Source {
    /// The store's filter on the simulator's mark.
    pub fn simulated(self) -> Option<bool> {
        match self {
            Source::All => None,
            Source::Simulated => Some(true),
            Source::Live => Some(false),
        }
    }
}

/// A checked question.
#[derive(Debug, Clone)]
pub struct Question {
    pub query: FunnelQuery,
    pub comparison: Option<ComparisonRequest>,
    pub source: Source,
}

/// Why a question got no answer: the question itself (the asker can fix it), or the store.
#[derive(Debug, thiserror::Error)]
pub enum AnswerError {
    #[error("{0}")]
    Invalid(String),
    #[error("reading the funnel's events")]
    Store(#[source] StoreError),
}

/// The answer: one funnel, or two and their comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    pub report: FunnelReport,
    pub comparison: Option<FunnelComparison>,
    pub source: Source,
    pub events_read: usize,
    pub seconds: f64,
}

fn or<'a>(value: &'a str, default: &'a str) -> &'a str {
    if value.trim().is_empty() {
        default
    } else {
        value.trim()
    }
}

/// A property name as typed (`what` uses it), checked: the message says what is wrong with it.
fn property_name(text: &str, what: &str) -> Result<PropertyName, String> {
    PropertyName::parse(text.trim()).map_err(|e| format!("{what}: {e}"))
}

/// `PROPERTY=V1,V2` or `PROPERTY!=V1,V2`.
fn parse_filter(text: &str) -> Result<PropertyFilter, String> {
    let (property, values, negate) = match text.split_once("!=") {
        Some((p, v)) => (p, v, true),
        None => match text.split_once('=') {
            Some((p, v)) => (p, v, false),
            None => return Err(format!("a filter is PROPERTY=VALUE[,VALUE…]: {text:?}")),
        },
    };
    let property = property_name(property, "a filter")?;
    let values: Vec<String> = values.split(',').map(|v| v.trim().to_string()).collect();
    Ok(if negate {
        PropertyFilter::none_of(property, values)
    } else {
        PropertyFilter::one_of(property, values)
    })
}

impl FunnelSpec {
    /// The workshop's comparison: all views before personalization (60 to 30 days ago) against
    /// views from the personalization shelves after it (the last 30 days), simulated events.
    pub fn workshop() -> FunnelSpec {
        FunnelSpec {
            steps: DEFAULT_STEPS.into(),
            from: "60d".into(),
            to: "30d".into(),
            window: "1d".into(),
            compare_from: "30d".into(),
            compare_to: "now".into(),
            compare_filter: format!("feature={PERSONALIZED_FEATURES}"),
            source: "simulated".into(),
            ..FunnelSpec::default()
        }
    }

    /// Checks every field; the message says which one is wrong and how to write it.
    pub fn question(&self, now: i64) -> Result<Question, String> {
        let mut steps = Vec::new();
        for name in or(&self.steps, DEFAULT_STEPS).split(',') {
            let t = EventType::parse(name)
                .ok_or_else(|| format!("unknown event {:?} in the steps", name.trim()))?;
            steps.push(FunnelStep::new(t.as_str()));
        }
        for part in self.filter.split(';').filter(|p| !p.trim().is_empty()) {
            let (step, filter) = part
                .split_once(':')
                .ok_or_else(|| format!("a step filter is STEP:PROPERTY=VALUE: {part:?}"))?;
            let n: usize = step
                .trim()
                .parse()
                .ok()
                .filter(|n| (1..=steps.len()).contains(n))
                .ok_or_else(|| format!("step {:?} is not between 1 and {}", step, steps.len()))?;
            steps[n - 1].filters.push(parse_filter(filter)?);
        }
        let when = |v: &str, default: &str, what: &str| {
            crate::clock::parse_when(or(v, default), now)
                .map(Timestamp::from_micros)
                .ok_or_else(|| {
                    format!("{what}: {v:?} is not a time (30d for 30 days ago, now, 2026-11-01)")
                })
        };
        let from = when(&self.from, "30d", "from")?;
        let to = when(&self.to, "now", "to")?;
        let window = crate::clock::parse_duration(or(&self.window, "1d"))
            .ok_or_else(|| format!("window: {:?} is not a duration (1d, 12h, 30m)", self.window))?;
        let mut query = FunnelQuery::new(steps, from, to).with_window(window);
        match self.hold.trim() {
            "" => {}
            "session" | "session_id" => query = query.hold_constant(Field::SessionId),
            p => query = query.hold_constant(Field::Property(property_name(p, "hold")?)),
        }
        if !self.group_by.trim().is_empty() {
            query = query.group_by(Field::Property(property_name(&self.group_by, "group by")?));
        }
        let ends_with_the_order = query
            .steps
            .last()
            .is_some_and(|s| s.event_type == EventType::OrderCompleted.as_str());
        if ends_with_the_order {
            query = query.with_revenue(property_name(ORDER_TOTAL, "revenue")?);
        }
        query.validate().map_err(|e| e.to_string())?;

        let comparing = !(self.compare_from.trim().is_empty()
            && self.compare_to.trim().is_empty()
            && self.compare_filter.trim().is_empty());
        let comparison = if comparing {
            let b_from = when(&self.compare_from, or(&self.from, "30d"), "compare from")?;
            let b_to = when(&self.compare_to, or(&self.to, "now"), "compare to")?;
            let mut b = ComparisonSide::new("B").range(b_from, b_to);
            if !self.compare_filter.trim().is_empty() {
                b = b.entry_filter(parse_filter(&self.compare_filter)?);
            }
            b.apply(&query).validate().map_err(|e| e.to_string())?;
            let same_period = b_from == from && b_to == to;
            Some(ComparisonRequest {
                a: ComparisonSide::new("A").range(from, to),
                b,
                // Different periods are before/after; one period split by what shoppers
                // clicked is self-selected. Neither is an experiment.
                assignment: if same_period {
                    Assignment::SelfSelected
                } else {
                    Assignment::BeforeAfter
                },
            })
        } else {
            None
        };
        let source = match or(&self.source, "all") {
            "all" => Source::All,
            "simulated" => Source::Simulated,
            "live" => Source::Live,
            other => return Err(format!("source: {other:?} is not all, simulated or live")),
        };
        Ok(Question {
            query,
            comparison,
            source,
        })
    }
}

impl Question {
    /// The event properties the question looks at: its step filters, hold-constant and
    /// group-by fields, the comparison's segment filters, and the revenue property. Each with
    /// the one event type it is read from, if only one: the revenue is the order's alone
    /// unless a filter or a field looks at it too.
    fn properties_read(&self) -> (Vec<PropertyName>, Vec<Option<EventType>>) {
        let mut names = self.properties_looked_at();
        let revenue = self.query.revenue.as_ref().filter(|r| !names.contains(r));
        let mut scopes = vec![None; names.len()];
        if let Some(revenue) = revenue {
            names.push(revenue.clone());
            scopes.push(Some(EventType::OrderCompleted));
        }
        (names, scopes)
    }

    fn properties_looked_at(&self) -> Vec<PropertyName> {
        let q = &self.query;
        let filters = q.steps.iter().flat_map(|s| &s.filters).chain(
            self.comparison
                .iter()
                .flat_map(|c| c.a.entry_filters.iter().chain(&c.b.entry_filters)),
        );
        let fields = [&q.hold_constant, &q.group_by].into_iter().flatten();
        let mut names: Vec<PropertyName> = filters
            .map(|f| f.property.clone())
            .chain(fields.filter_map(|f| match f {
                Field::Property(p) => Some(p.clone()),
                Field::SessionId => None,
            }))
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// From the earliest start to the latest end of the entry ranges (A's, and B's when
    /// comparing).
    pub fn range(&self) -> (Timestamp, Timestamp) {
        let (mut since, mut until) = (self.query.from, self.query.to);
        if let Some(c) = &self.comparison {
            since = since.min(c.b.from.unwrap_or(since));
            until = until.max(c.b.to.unwrap_or(until));
        }
        (since, until)
    }

    /// Reads the events the funnel needs (its event types, over both ranges plus the window)
    /// and computes it.
    pub async fn answer(&self, store: &Store) -> Result<Answer, AnswerError> {
        let started = std::time::Instant::now();
        let mut types: Vec<EventType> = self
            .query
            .steps
            .iter()
            .filter_map(|s| EventType::parse(&s.event_type))
            .collect();
        types.sort_by_key(|t| t.as_str());
        types.dedup();
        let (since, until) = self.range();
        let (properties, property_scopes) = self.properties_read();
        let rows = store
            .funnel_rows(&FunnelSelection {
                types,
                since,
                until: until.saturating_add(self.query.window_us).saturating_add(1),
                simulated: self.source.simulated(),
                properties,
                property_scopes,
                sessions: [&self.query.hold_constant, &self.query.group_by]
                    .contains(&&Some(Field::SessionId)),
                ..FunnelSelection::default()
            })
            .await
            .map_err(AnswerError::Store)?;
        let (report, comparison) = match &self.comparison {
            Some(request) => {
                let c = compare_funnel_rows(&rows, &self.query, request)
                    .map_err(|e| AnswerError::Invalid(e.to_string()))?;
                (c.report_a.clone(), Some(c))
            }
            None => (
                compute_funnel_rows(&rows, &self.query)
                    .map_err(|e| AnswerError::Invalid(e.to_string()))?,
                None,
            ),
        };
        Ok(Answer {
            report,
            comparison,
            source: self.source,
            events_read: rows.len(),
            seconds: started.elapsed().as_secs_f64(),
        })
    }
}

/// A rate for people: "23.8 %", or "—" when undefined.
pub fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{:.1} %", v * 100.0))
}

/// Percentage points with their sign: "+6.8", or "—".
pub fn points(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{v:+.1}"))
}

/// A p-value for people: "0.0123", "< 0.0001", or "—".
pub fn p_value(v: Option<f64>) -> String {
    match v {
        Some(p) if p < 0.0001 => "< 0.0001".into(),
        Some(p) => format!("{p:.4}"),
        None => "—".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{DAY, HOUR};

    const NOW: i64 = 1_800_000_000_000_000;

    #[test]
    fn a_spec_becomes_a_checked_query() {
        let q = FunnelSpec::workshop().question(NOW).unwrap();
        assert_eq!(q.query.steps.len(), 4);
        let at = |micros| Timestamp::from_micros(micros);
        assert_eq!(q.query.from, at(NOW - 60 * DAY));
        assert_eq!(q.query.to, at(NOW - 30 * DAY));
        let c = q.comparison.unwrap();
        assert_eq!(c.b.from, Some(at(NOW - 30 * DAY)));
        assert_eq!(c.b.entry_filters.len(), 1);
        assert_eq!(c.assignment, Assignment::BeforeAfter);
        assert_eq!(q.source, Source::Simulated);

        let spec = FunnelSpec {
            filter: "1:feature=home_product_recs; 2:feature!=".into(),
            window: "12h".into(),
            hold: "session".into(),
            group_by: "feature".into(),
            compare_filter: "feature=home_product_recs".into(),
            ..FunnelSpec::default()
        };
        let q = spec.question(NOW).unwrap();
        assert_eq!(q.query.window_us, 12 * HOUR);
        assert_eq!(q.query.steps[0].filters.len(), 1);
        assert_eq!(q.query.steps[1].filters.len(), 1);
        assert_eq!(q.query.hold_constant, Some(Field::SessionId));
        assert_eq!(q.comparison.unwrap().assignment, Assignment::SelfSelected);
    }

    #[test]
    fn bad_fields_are_named() {
        let err = |spec: FunnelSpec| spec.question(NOW).unwrap_err();
        let spec = |f: fn(&mut FunnelSpec)| {
            let mut s = FunnelSpec::default();
            f(&mut s);
            s
        };
        assert!(err(spec(|s| s.steps = "ProductViewed,Nope".into())).contains("Nope"));
        assert!(err(spec(|s| s.from = "last week".into())).contains("from"));
        assert!(err(spec(|s| s.window = "0d".into())).contains("window"));
        assert!(err(spec(|s| s.filter = "9:feature=x".into())).contains("step"));
        assert!(err(spec(|s| s.filter = "1:feature".into())).contains("PROPERTY=VALUE"));
        assert!(err(spec(|s| s.filter = "1:=x".into())).contains("a filter: a property name"));
        let quote = err(spec(|s| s.group_by = "x') OR 1=1".into()));
        assert!(quote.starts_with("group by: property name"), "{quote}");
        assert!(err(spec(|s| s.hold = "a.b".into())).starts_with("hold: "));
        assert!(err(spec(|s| s.source = "both".into())).contains("source"));
        assert!(
            !err(spec(|s| {
                s.from = "now".into();
                s.to = "30d".into();
            }))
            .is_empty()
        );
    }
}
