use super::{Money, Product};

/// How many of one product a shopper may put in the cart at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quantity(i64);

pub const MAX_QUANTITY: i64 = 99;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum QuantityError {
    #[error("Please enter a quantity as a whole number from 1 to {MAX_QUANTITY}.")]
    NotANumber,
    #[error("Quantity must be between 1 and {MAX_QUANTITY}.")]
    OutOfRange,
}

impl Quantity {
    pub fn parse(input: &str) -> Result<Quantity, QuantityError> {
        let n: i64 = input
            .trim()
            .parse()
            .map_err(|_| QuantityError::NotANumber)?;
        if (1..=MAX_QUANTITY).contains(&n) {
            Ok(Quantity(n))
        } else {
            Err(QuantityError::OutOfRange)
        }
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CartItem {
    /// Position in the catalog.
    pub index: usize,
    pub product: Product,
    pub quantity: i64,
}

impl CartItem {
    pub fn subtotal(&self) -> Money {
        self.product.price.times(self.quantity)
    }
}

/// A shopper's cart, priced from the current catalog.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cart {
    pub items: Vec<CartItem>,
}

impl Cart {
    pub fn total(&self) -> Money {
        self.items.iter().map(CartItem::subtotal).sum()
    }

    pub fn units(&self) -> i64 {
        self.items.iter().map(|i| i.quantity).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantity_bounds() {
        assert_eq!(Quantity::parse(" 3 ").unwrap().get(), 3);
        assert_eq!(Quantity::parse("99").unwrap().get(), 99);
        assert_eq!(Quantity::parse("0"), Err(QuantityError::OutOfRange));
        assert_eq!(Quantity::parse("100"), Err(QuantityError::OutOfRange));
        assert_eq!(Quantity::parse("-1"), Err(QuantityError::OutOfRange));
        assert_eq!(Quantity::parse("two"), Err(QuantityError::NotANumber));
        assert_eq!(Quantity::parse("1e3"), Err(QuantityError::NotANumber));
        assert_eq!(Quantity::parse(""), Err(QuantityError::NotANumber));
    }
}
