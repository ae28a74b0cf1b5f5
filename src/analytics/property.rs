//! [`PropertyName`]: the name of an event property a funnel looks at. A funnel's read writes
//! the names into its SQL text (`properties -> '$."feature"'`), and they come from questions
//! and files, so a name is checked once, where it is parsed, and is safe wherever it goes.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An event property's name: 1 to [`PropertyName::MAX_LEN`] ASCII letters, digits, `_` or `-`.
/// Nothing else (no quote, dot, space or backslash) can be in one, so it is safe in a JSON path
/// and in a SQL string literal as it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PropertyName(String);

/// Why a text is not a [`PropertyName`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PropertyNameError {
    #[error("a property name cannot be empty")]
    Empty,
    #[error("property name {name:?} is longer than {max} characters")]
    TooLong { name: String, max: usize },
    #[error(
        "property name {name:?} has {character:?}: use ASCII letters, digits, `_` and `-` only"
    )]
    Character { name: String, character: char },
}

impl PropertyName {
    /// Longer than any property the shop or its simulator writes.
    pub const MAX_LEN: usize = 64;

    pub fn parse(name: &str) -> Result<PropertyName, PropertyNameError> {
        if name.is_empty() {
            return Err(PropertyNameError::Empty);
        }
        if name.len() > Self::MAX_LEN {
            return Err(PropertyNameError::TooLong {
                name: name.to_string(),
                max: Self::MAX_LEN,
            });
        }
        if let Some(character) = name
            .chars()
            .find(|&c| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        {
            return Err(PropertyNameError::Character {
                name: name.to_string(),
                character,
            });
        }
        Ok(PropertyName(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for PropertyName {
    type Err = PropertyNameError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        PropertyName::parse(name)
    }
}

impl TryFrom<String> for PropertyName {
    type Error = PropertyNameError;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        PropertyName::parse(&name)
    }
}

impl From<PropertyName> for String {
    fn from(name: PropertyName) -> String {
        name.0
    }
}

impl AsRef<str> for PropertyName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PropertyName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `name("feature")` in tests.
#[cfg(test)]
pub(crate) fn name(text: &str) -> PropertyName {
    PropertyName::parse(text).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_names_are_property_names() {
        for ok in ["feature", "productId", "utm_source", "x-ab-test", "a1"] {
            assert_eq!(PropertyName::parse(ok).unwrap().as_str(), ok);
        }
        assert_eq!(PropertyName::parse(""), Err(PropertyNameError::Empty));
        for bad in ["a'b", "a\"b", "a.b", "a b", "a\\b", "é", "a;--"] {
            assert!(
                matches!(
                    PropertyName::parse(bad),
                    Err(PropertyNameError::Character { .. })
                ),
                "{bad:?}"
            );
        }
        let long = "x".repeat(PropertyName::MAX_LEN + 1);
        assert!(matches!(
            PropertyName::parse(&long),
            Err(PropertyNameError::TooLong { .. })
        ));
    }

    #[test]
    fn json_checks_the_name_when_it_is_read() {
        let ok: PropertyName = serde_json::from_str("\"feature\"").unwrap();
        assert_eq!(serde_json::to_string(&ok).unwrap(), "\"feature\"");
        let err = serde_json::from_str::<PropertyName>("\"x' OR 1=1\"").unwrap_err();
        assert!(err.to_string().contains("use ASCII letters"), "{err}");
    }
}
