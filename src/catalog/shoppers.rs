use std::collections::HashMap;

use std::sync::Arc;

use crate::domain::{Shopper, UserId};

/// The age ranges a presenter picks from on the profile page, as the reference offers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgeRange {
    pub key: &'static str,
    pub min: i64,
    pub max: i64,
}

pub const AGE_RANGES: [AgeRange; 6] = [
    AgeRange {
        key: "18-24",
        min: 18,
        max: 24,
    },
    AgeRange {
        key: "25-34",
        min: 25,
        max: 34,
    },
    AgeRange {
        key: "35-44",
        min: 35,
        max: 44,
    },
    AgeRange {
        key: "45-54",
        min: 45,
        max: 54,
    },
    AgeRange {
        key: "55-69",
        min: 55,
        max: 69,
    },
    AgeRange {
        key: "70+",
        min: 70,
        max: 200,
    },
];

impl AgeRange {
    pub fn parse(key: &str) -> Option<AgeRange> {
        AGE_RANGES.iter().copied().find(|r| r.key == key.trim())
    }

    pub fn contains(&self, age: i64) -> bool {
        (self.min..=self.max).contains(&age)
    }
}

/// The fictional shoppers, in memory, for the profile page's "emulate a shopper".
pub struct ShopperDirectory {
    /// Shared, so that a page naming the emulated shopper does not copy them.
    shoppers: Vec<Arc<Shopper>>,
    by_id: HashMap<UserId, usize>,
}

impl ShopperDirectory {
    pub fn new(shoppers: Vec<Shopper>) -> Self {
        let shoppers: Vec<Arc<Shopper>> = shoppers.into_iter().map(Arc::new).collect();
        let by_id = shoppers
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        Self { shoppers, by_id }
    }

    pub fn get(&self, id: &str) -> Option<&Arc<Shopper>> {
        self.by_id.get(id).map(|&i| &self.shoppers[i])
    }

    pub fn len(&self) -> usize {
        self.shoppers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shoppers.is_empty()
    }

    /// Categories that are some shopper's primary interest, sorted.
    pub fn primary_interests(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .shoppers
            .iter()
            .map(|s| s.persona.primary().to_string())
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// A shopper matching the criteria (any when none are given), chosen by `roll` so that
    /// repeated "auto select" clicks show different shoppers.
    /// Another shopper than `current`: one whose first interest differs from theirs if there
    /// is one, else anyone else; `None` when `current` is the only shopper.
    pub fn pick_other(&self, current: Option<&Shopper>, roll: u64) -> Option<&Shopper> {
        let others = |different_interest: bool| -> Vec<&Shopper> {
            self.shoppers
                .iter()
                .map(|s| &**s)
                .filter(|s| {
                    current.is_none_or(|c| {
                        s.id != c.id
                            && (!different_interest || s.persona.primary() != c.persona.primary())
                    })
                })
                .collect()
        };
        let mut pool = others(true);
        if pool.is_empty() {
            pool = others(false);
        }
        (!pool.is_empty()).then(|| pool[(roll % pool.len() as u64) as usize])
    }

    pub fn pick(
        &self,
        primary_interest: Option<&str>,
        age: Option<AgeRange>,
        roll: u64,
    ) -> Option<&Shopper> {
        let matching: Vec<&Shopper> = self
            .shoppers
            .iter()
            .map(|s| &**s)
            .filter(|s| primary_interest.is_none_or(|c| s.persona.primary() == c))
            .filter(|s| age.is_none_or(|r| r.contains(s.age)))
            .collect();
        if matching.is_empty() {
            return None;
        }
        Some(matching[(roll % matching.len() as u64) as usize])
    }
}
