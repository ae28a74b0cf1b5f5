//! Orders: where they ship, what they hold, and the rules a shipping address must meet.

use super::{CartItem, Money, OrderId, UserId};
use crate::clock::Timestamp;

/// Where an order ships. Built from a form by [`ShippingAddress::checked`], which trims and
/// bounds every field. As a form, every field is optional: missing ones are reported by
/// `checked`, not refused by the parser.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ShippingAddress {
    pub name: String,
    pub email: String,
    pub address1: String,
    pub address2: String,
    pub city: String,
    pub state: String,
    pub zipcode: String,
    pub country: String,
}

/// The longest a field of an address may be; longer input is cut, not refused.
const MAX_FIELD: usize = 200;

impl ShippingAddress {
    /// The address with every field trimmed and bounded, and what is wrong with it (nothing,
    /// when the list is empty): the page shows the cleaned address back with the messages.
    pub fn checked(self) -> (ShippingAddress, Vec<String>) {
        let clean = |s: String| s.trim().chars().take(MAX_FIELD).collect::<String>();
        let address = ShippingAddress {
            name: clean(self.name),
            email: clean(self.email),
            address1: clean(self.address1),
            address2: clean(self.address2),
            city: clean(self.city),
            state: clean(self.state),
            zipcode: clean(self.zipcode),
            country: clean(self.country),
        };
        let mut errors = Vec::new();
        for (value, label) in [
            (&address.name, "Name"),
            (&address.address1, "Address"),
            (&address.city, "City"),
            (&address.state, "State"),
            (&address.zipcode, "ZIP code"),
            (&address.country, "Country"),
        ] {
            if value.is_empty() {
                errors.push(format!("{label} is required."));
            }
        }
        if !looks_like_email(&address.email) {
            errors.push("Please enter a valid email address.".into());
        }
        (address, errors)
    }
}

/// A plausible email address: something, an `@`, a dotted domain, no spaces.
pub fn looks_like_email(email: &str) -> bool {
    let email = email.trim();
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.len() <= 254
        && !email.chars().any(char::is_whitespace)
}

/// One line of an order: the product as it was sold (name, category and price at the time).
#[derive(Debug, Clone, PartialEq)]
pub struct OrderLine {
    pub product_id: String,
    pub name: String,
    pub category: String,
    pub price: Money,
    pub quantity: i64,
}

impl OrderLine {
    pub fn subtotal(&self) -> Money {
        self.price.times(self.quantity)
    }
}

impl From<&CartItem> for OrderLine {
    fn from(item: &CartItem) -> Self {
        OrderLine {
            product_id: item.product.id.0.clone(),
            name: item.product.name.clone(),
            category: item.product.category.clone(),
            price: item.product.price,
            quantity: item.quantity,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    pub id: OrderId,
    pub user_id: UserId,
    pub created_at: Timestamp,
    pub total: Money,
    pub shipping: ShippingAddress,
    pub lines: Vec<OrderLine>,
}

impl Order {
    pub fn units(&self) -> i64 {
        self.lines.iter().map(|l| l.quantity).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_trimmed_bounded_and_checked() {
        let (clean, errors) = ShippingAddress {
            name: "  Ada ".into(),
            email: "ada@example".into(),
            address1: "x".repeat(500),
            city: "Paris".into(),
            state: "IDF".into(),
            zipcode: "75001".into(),
            country: String::new(),
            ..Default::default()
        }
        .checked();
        assert_eq!(clean.name, "Ada");
        assert_eq!(clean.address1.len(), MAX_FIELD);
        assert_eq!(
            errors,
            vec![
                "Country is required.".to_string(),
                "Please enter a valid email address.".to_string()
            ]
        );
    }

    #[test]
    fn emails() {
        assert!(looks_like_email("a@b.co"));
        assert!(!looks_like_email("a@b"));
        assert!(!looks_like_email("@b.co"));
        assert!(!looks_like_email("a b@c.co"));
    }
}
