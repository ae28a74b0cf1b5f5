use std::fmt;

/// An amount in integer cents, so that totals never drift by floating-point rounding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(i64);

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum MoneyError {
    #[error("price must be a finite, non-negative amount, got {0}")]
    Invalid(f64),
}

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn from_cents(cents: i64) -> Self {
        Money(cents)
    }

    /// Parses a dollar amount as the reference files write it (`129.99`).
    pub fn from_dollars(dollars: f64) -> Result<Self, MoneyError> {
        if !dollars.is_finite() || !(0.0..=1e12).contains(&dollars) {
            return Err(MoneyError::Invalid(dollars));
        }
        Ok(Money((dollars * 100.0).round() as i64))
    }

    pub fn cents(self) -> i64 {
        self.0
    }

    pub fn dollars(self) -> f64 {
        self.0 as f64 / 100.0
    }

    pub fn times(self, quantity: i64) -> Money {
        Money(self.0.saturating_mul(quantity))
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0.saturating_add(rhs.0))
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

impl fmt::Display for Money {
    /// `$1,234.50`: how a shopper reads a price.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let dollars = (abs / 100).to_string();
        let mut grouped = String::with_capacity(dollars.len() + dollars.len() / 3);
        for (i, c) in dollars.chars().enumerate() {
            if i > 0 && (dollars.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(f, "{sign}${grouped}.{:02}", abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        assert_eq!(Money::from_dollars(129.99).unwrap().cents(), 12999);
        assert_eq!(Money::from_dollars(0.1 + 0.2).unwrap().cents(), 30);
        assert_eq!(Money::from_cents(123456789).to_string(), "$1,234,567.89");
        assert_eq!(Money::from_cents(5).to_string(), "$0.05");
        assert!(Money::from_dollars(f64::NAN).is_err());
        assert!(Money::from_dollars(-1.0).is_err());
    }
}
