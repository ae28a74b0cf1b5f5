//! The Retail Demo Store's seed file formats: `products.yaml`, `categories.yaml` and `users.json(.gz)`.
//!
//! These structs mirror the reference files field for field so that the store reads the RDS data
//! unchanged and writes its own seeds in the same shape. Fields the store does not use are kept
//! optional so that both the reference and the store's own files parse.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RdsProduct {
    pub id: String,
    pub name: String,
    pub category: String,
    pub style: String,
    pub description: String,
    /// Dollars, as in the reference (e.g. `129.99`).
    pub price: f64,
    pub image: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender_affinity: Option<String>,
    #[serde(default)]
    pub current_stock: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub featured: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promoted: Option<bool>,
    #[serde(default = "default_where_visible")]
    pub where_visible: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

fn default_where_visible() -> String {
    "UI".to_string()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RdsCategory {
    pub id: i64,
    pub name: String,
    pub image: String,
    #[serde(default)]
    pub has_gender_affinity: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RdsUser {
    pub id: String,
    #[serde(default = "yes")]
    pub selectable_user: bool,
    pub gender: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub age: i64,
    pub name: String,
    pub username: String,
    /// Three categories in order of interest, joined by `_`, e.g. `housewares_tools_beauty`.
    pub persona: String,
    pub discount_persona: String,
    #[serde(default)]
    pub traits: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    pub platforms: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    pub addresses: Vec<RdsAddress>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RdsAddress {
    pub first_name: String,
    pub last_name: String,
    pub address1: String,
    #[serde(default)]
    pub address2: String,
    pub country: String,
    pub city: String,
    pub state: String,
    pub zipcode: String,
    #[serde(default)]
    pub default: bool,
}
