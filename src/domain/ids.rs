//! The ids that travel through the layers: who a shopper is (`UserId`), which browsing session
//! (`SessionId`), which order (`OrderId`) and which event (`EventId`). Each is the text as it is
//! stored and sent, wrapped so one cannot stand for another: a session id handed where a user id
//! belongs is a compile error. In JSON each is its plain string (`#[serde(transparent)]`); the
//! store binds [`as_str`](UserId::as_str) and reads back through `From<String>`, so this module
//! stays free of database code, as `ProductId` is.
//!
//! Hot loops that only look at an id (the funnel's interned rows, the analytics rows, the bulk
//! readers) borrow it as `&str`: wrapping each borrowed id would cost an allocation a row.

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }

            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                $name(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                $name(id.to_string())
            }
        }

        /// The text, padded as a `String` would be (`{:<34}` in a table).
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(&self.0)
            }
        }

        /// Maps keyed by the id are looked up with a borrowed `&str` (hashes and compares as
        /// the text does).
        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

string_id! {
    /// The id under which a shopper's events, cart and orders are kept: an emulated shopper's
    /// id, an account's id, or the provisional id of an anonymous browser.
    UserId
}

string_id! {
    /// A browsing session: the `sessionId` of its events (kept in the session cookie; the
    /// simulator makes its own).
    SessionId
}

string_id! {
    /// An order: 12 random hex digits (see `shop::checkout`), in the order page's URL.
    OrderId
}

string_id! {
    /// An event: a time-ordered UUID for the shop's own, the simulator's and the seed history's
    /// own ids; what makes a repeated write of the same event a no-op.
    EventId
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn ids_are_their_text_in_json_and_in_maps() {
        let id = UserId::from("u-1");
        assert_eq!(serde_json::to_string(&id).unwrap(), r#""u-1""#);
        assert_eq!(serde_json::from_str::<UserId>(r#""u-1""#).unwrap(), id);
        assert_eq!(id.to_string(), "u-1");
        assert_eq!(format!("[{id:<5}]"), "[u-1  ]");
        assert_eq!(id, "u-1");
        let map = HashMap::from([(id.clone(), 1)]);
        assert_eq!(map.get("u-1"), Some(&1));
        assert_eq!(id.into_string(), "u-1");
    }
}
