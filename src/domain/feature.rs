//! The shelves and lists a product can be shown on ("features", as the Retail Demo Store names
//! them). A shelf's name is on the page (`data-feature`), in the links out of it (`?feature=`)
//! and in the events those links lead to, so it is spelled in exactly one place: here.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Feature {
    /// The home page's recommendations for a known shopper.
    HomeRecs,
    /// The same shelf for a shopper the engine knows nothing about (popular items).
    HomeRecsCold,
    /// The home page's featured products, re-ranked for the shopper.
    HomeFeatured,
    /// "Compare similar items" on a product page.
    Related,
    /// A category page's list, ranked for the shopper.
    Category,
    /// Search results, ranked for the shopper.
    Search,
    /// Not a reference shelf: the engine's trending items.
    HomeTrending,
}

impl Feature {
    pub const ALL: [Feature; 7] = [
        Feature::HomeRecs,
        Feature::HomeRecsCold,
        Feature::HomeFeatured,
        Feature::Related,
        Feature::Category,
        Feature::Search,
        Feature::HomeTrending,
    ];

    /// The name as the reference spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Feature::HomeRecs => "home_product_recs",
            Feature::HomeRecsCold => "home_product_recs_cold",
            Feature::HomeFeatured => "home_featured_rerank",
            Feature::Related => "product_detail_related",
            Feature::Category => "category_detail_rank",
            Feature::Search => "search_results",
            Feature::HomeTrending => "home_trending",
        }
    }

    /// Only the known names are a feature; anything else a link carries is ignored rather than
    /// recorded.
    pub fn parse(name: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// Position in [`Feature::ALL`], for tables with a slot per feature.
    pub const fn index(self) -> usize {
        self as usize
    }
}

/// In stored definitions and JSON a feature is its name.
impl serde::Serialize for Feature {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Feature {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Feature::parse(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown shelf `{name}`")))
    }
}

impl fmt::Display for Feature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_index_matches_all() {
        for (k, f) in Feature::ALL.into_iter().enumerate() {
            assert_eq!(Feature::parse(f.as_str()), Some(f));
            assert_eq!(f.index(), k);
        }
        assert_eq!(Feature::parse("home_product_recs "), None);
        assert_eq!(Feature::parse(""), None);
    }
}
