//! Property filters on a step (`feature in [home_product_recs, product_detail_related]`) and the
//! value keys used to compare, hold constant and group by property values.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::analytics::property::PropertyName;

/// A condition on one event property. Filter values are JSON strings, numbers or booleans.
///
/// Values compare by type: a string equals a string with the same bytes, a number equals a
/// number with the same numeric value (`1` = `1.0`), a bool equals a bool. Across types nothing
/// is equal (`"1"` ≠ `1`). A missing or `null` property equals nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// The property equals the value. Missing → fails.
    Is(Value),
    /// The property does not equal the value. Missing → passes.
    IsNot(Value),
    /// The property equals one of the values. Missing → fails.
    In(Vec<Value>),
    /// The property equals none of the values. Missing → passes.
    NotIn(Vec<Value>),
    /// The property is a string containing this substring (case-sensitive). Missing or not a
    /// string → fails.
    Contains(String),
}

/// `property` must satisfy `condition`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PropertyFilter {
    pub property: PropertyName,
    pub condition: Condition,
}

impl PropertyFilter {
    pub fn is(property: PropertyName, value: impl Into<Value>) -> Self {
        Self::new(property, Condition::Is(value.into()))
    }

    pub fn is_not(property: PropertyName, value: impl Into<Value>) -> Self {
        Self::new(property, Condition::IsNot(value.into()))
    }

    pub fn one_of<V: Into<Value>>(
        property: PropertyName,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        let values = values.into_iter().map(Into::into).collect();
        Self::new(property, Condition::In(values))
    }

    pub fn none_of<V: Into<Value>>(
        property: PropertyName,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        let values = values.into_iter().map(Into::into).collect();
        Self::new(property, Condition::NotIn(values))
    }

    pub fn contains(property: PropertyName, needle: impl Into<String>) -> Self {
        Self::new(property, Condition::Contains(needle.into()))
    }

    pub fn new(property: PropertyName, condition: Condition) -> Self {
        Self {
            property,
            condition,
        }
    }

    /// Does an event with these properties pass the filter?
    pub fn matches(&self, properties: &Map<String, Value>) -> bool {
        let value = properties
            .get(self.property.as_str())
            .filter(|v| !v.is_null());
        match &self.condition {
            Condition::Is(want) => value.is_some_and(|v| scalar_eq(v, want)),
            Condition::IsNot(want) => !value.is_some_and(|v| scalar_eq(v, want)),
            Condition::In(wants) => value.is_some_and(|v| wants.iter().any(|w| scalar_eq(v, w))),
            Condition::NotIn(wants) => {
                !value.is_some_and(|v| wants.iter().any(|w| scalar_eq(v, w)))
            }
            Condition::Contains(needle) => {
                matches!(value, Some(Value::String(s)) if s.contains(needle.as_str()))
            }
        }
    }

    /// Why this filter cannot be evaluated, if it cannot.
    pub(crate) fn problem(&self) -> Option<&'static str> {
        let scalar = |v: &Value| matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_));
        match &self.condition {
            Condition::Is(v) | Condition::IsNot(v) if !scalar(v) => {
                Some("the value must be a string, number or bool")
            }
            Condition::In(vs) | Condition::NotIn(vs) if vs.is_empty() => {
                Some("the list of values is empty")
            }
            Condition::In(vs) | Condition::NotIn(vs) if !vs.iter().all(scalar) => {
                Some("every value must be a string, number or bool")
            }
            _ => None,
        }
    }
}

impl fmt::Display for PropertyFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |vs: &[Value]| vs.iter().map(display_value).collect::<Vec<_>>().join(", ");
        let p = &self.property;
        match &self.condition {
            Condition::Is(v) => write!(f, "{p} is {}", display_value(v)),
            Condition::IsNot(v) => write!(f, "{p} is not {}", display_value(v)),
            Condition::In(vs) => write!(f, "{p} in [{}]", list(vs)),
            Condition::NotIn(vs) => write!(f, "{p} not in [{}]", list(vs)),
            Condition::Contains(s) => write!(f, "{p} contains {s:?}"),
        }
    }
}

fn display_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Typed equality of two JSON scalars (see [`Condition`]).
pub(crate) fn scalar_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        _ => false,
    }
}

/// A property value reduced to something hashable, for holding a property constant and for
/// grouping. Missing and `null` are the same key. Numbers key by their `f64` value, so `1` and
/// `1.0` are one key (integers beyond 2^53 may share a key with a neighbour).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum ValueKey<'a> {
    Missing,
    Str(&'a str),
    Num(u64),
    Bool(bool),
    /// Arrays and objects, by their JSON text.
    Json(String),
}

impl<'a> ValueKey<'a> {
    pub(crate) fn of(value: Option<&'a Value>) -> Self {
        match value {
            None | Some(Value::Null) => ValueKey::Missing,
            Some(Value::String(s)) => ValueKey::Str(s),
            Some(Value::Bool(b)) => ValueKey::Bool(*b),
            Some(Value::Number(n)) => {
                let x = n.as_f64().unwrap_or(0.0);
                // -0.0 and 0.0 are one key.
                ValueKey::Num(if x == 0.0 { 0 } else { x.to_bits() })
            }
            Some(other) => ValueKey::Json(other.to_string()),
        }
    }

    /// The key used for grouping: the empty string joins missing/null as "(none)".
    pub(crate) fn for_group(self) -> Self {
        match self {
            ValueKey::Str("") => ValueKey::Missing,
            other => other,
        }
    }

    /// How a group is labelled in the output.
    pub(crate) fn label(&self) -> String {
        match self {
            ValueKey::Missing => NONE_LABEL.to_string(),
            ValueKey::Str(s) => (*s).to_string(),
            ValueKey::Num(bits) => f64::from_bits(*bits).to_string(),
            ValueKey::Bool(b) => b.to_string(),
            ValueKey::Json(s) => s.clone(),
        }
    }
}

/// Group label of entries whose group-by property is missing, null or the empty string.
pub const NONE_LABEL: &str = "(none)";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::property::name;
    use serde_json::json;

    fn props(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn operators_on_strings_numbers_bools() {
        let p = props(json!({"feature": "home_product_recs", "rank": 2, "promo": true}));
        assert!(PropertyFilter::is(name("feature"), "home_product_recs").matches(&p));
        assert!(!PropertyFilter::is(name("feature"), "search").matches(&p));
        assert!(PropertyFilter::is_not(name("feature"), "search").matches(&p));
        assert!(!PropertyFilter::is_not(name("feature"), "home_product_recs").matches(&p));
        let shelves = ["home_product_recs", "product_detail_related"];
        assert!(PropertyFilter::one_of(name("feature"), shelves).matches(&p));
        assert!(!PropertyFilter::none_of(name("feature"), shelves).matches(&p));
        assert!(PropertyFilter::contains(name("feature"), "product").matches(&p));
        assert!(!PropertyFilter::contains(name("feature"), "Product").matches(&p));
        assert!(PropertyFilter::is(name("rank"), 2.0).matches(&p));
        assert!(PropertyFilter::one_of(name("rank"), [1, 2]).matches(&p));
        assert!(
            !PropertyFilter::is(name("rank"), "2").matches(&p),
            "types differ"
        );
        assert!(!PropertyFilter::contains(name("rank"), "2").matches(&p));
        assert!(PropertyFilter::is(name("promo"), true).matches(&p));
        assert!(!PropertyFilter::is(name("promo"), false).matches(&p));
    }

    #[test]
    fn missing_and_null_properties() {
        let p = props(json!({"feature": null}));
        for prop in ["feature", "absent"] {
            assert!(!PropertyFilter::is(name(prop), "x").matches(&p));
            assert!(!PropertyFilter::one_of(name(prop), ["x"]).matches(&p));
            assert!(!PropertyFilter::contains(name(prop), "").matches(&p));
            assert!(PropertyFilter::is_not(name(prop), "x").matches(&p));
            assert!(PropertyFilter::none_of(name(prop), ["x"]).matches(&p));
        }
    }

    #[test]
    fn invalid_filters_are_reported() {
        assert!(
            PropertyFilter::is(name("a"), json!([1]))
                .problem()
                .is_some()
        );
        assert!(
            PropertyFilter::is(name("a"), Value::Null)
                .problem()
                .is_some()
        );
        assert!(
            PropertyFilter::one_of::<&str>(name("a"), [])
                .problem()
                .is_some()
        );
        assert!(
            PropertyFilter::one_of(name("a"), [json!({})])
                .problem()
                .is_some()
        );
        assert!(PropertyFilter::one_of(name("a"), ["x"]).problem().is_none());
    }

    #[test]
    fn value_keys_and_labels() {
        let one = json!(1);
        let one_f = json!(1.0);
        assert_eq!(ValueKey::of(Some(&one)), ValueKey::of(Some(&one_f)));
        assert_eq!(ValueKey::of(Some(&Value::Null)), ValueKey::Missing);
        let empty = json!("");
        assert_eq!(ValueKey::of(Some(&empty)).for_group(), ValueKey::Missing);
        assert_ne!(ValueKey::of(Some(&empty)), ValueKey::Missing);
        assert_eq!(ValueKey::Missing.label(), "(none)");
        assert_eq!(ValueKey::of(Some(&one)).label(), "1");
        assert_eq!(ValueKey::of(Some(&json!(2.5))).label(), "2.5");
        assert_eq!(ValueKey::of(Some(&json!(true))).label(), "true");
    }

    #[test]
    fn display_and_serde_shape() {
        let f = PropertyFilter::one_of(name("feature"), ["a", "b"]);
        assert_eq!(f.to_string(), "feature in [a, b]");
        let j = serde_json::to_value(&f).unwrap();
        assert_eq!(
            j,
            json!({"property": "feature", "condition": {"in": ["a", "b"]}})
        );
        let back: PropertyFilter = serde_json::from_value(j).unwrap();
        assert_eq!(back, f);
    }
}
