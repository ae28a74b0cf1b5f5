use std::fmt;

use super::Money;

/// A product id as the catalog spells it (the reference uses UUIDs).
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct ProductId(pub String);

impl ProductId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProductId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    Female,
    Male,
}

impl Gender {
    /// Reads the reference's `M` / `F` (case-insensitive); anything else means "no affinity".
    pub fn parse(s: &str) -> Option<Gender> {
        match s.trim() {
            "F" | "f" => Some(Gender::Female),
            "M" | "m" => Some(Gender::Male),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Gender::Female => "F",
            Gender::Male => "M",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Gender::Female => "Women",
            Gender::Male => "Men",
        }
    }

    /// A shopper's gender as their profile says it.
    pub fn of_person(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    pub id: ProductId,
    pub name: String,
    pub category: String,
    pub style: String,
    pub description: String,
    pub price: Money,
    pub gender_affinity: Option<Gender>,
    pub current_stock: i64,
    pub featured: bool,
    pub promoted: bool,
    /// `UI` for the web shop; the reference also has `Alexa`-only items, which the shop hides.
    pub where_visible: String,
}

impl Product {
    pub fn in_stock(&self) -> bool {
        self.current_stock > 0
    }

    pub fn visible_in_shop(&self) -> bool {
        self.where_visible.eq_ignore_ascii_case("ui") || self.where_visible.is_empty()
    }

    /// Image URL; every product's picture is drawn by the shop itself.
    pub fn image_url(&self) -> String {
        format!("/images/product/{}.svg", self.id)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    pub id: i64,
    pub name: String,
    pub has_gender_affinity: bool,
}

impl Category {
    /// "homedecor" → "Home Decor": category names are stored as the reference spells them and
    /// shown to people in a readable form.
    pub fn display_name(name: &str) -> String {
        let pretty = match name {
            "homedecor" => "home decor",
            other => other,
        };
        pretty
            .split([' ', '_', '-'])
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut c = w.chars();
                match c.next() {
                    Some(first) => first.to_uppercase().chain(c).collect::<String>(),
                    None => String::new(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn label(&self) -> String {
        Self::display_name(&self.name)
    }
}
