//! What is left of each product: the database's `products.current_stock` is the truth (an order
//! takes its units in the order's own transaction and is refused rather than oversell); this is
//! the instance's view of it for pages and shelves, kept current by this instance's orders and,
//! through the event pickup, by the orders other instances place.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use crate::catalog::Catalog;
use crate::events::{Event, EventObserver, EventType};

pub struct Stock {
    catalog: Arc<Catalog>,
    /// Units left, by catalog position.
    left: Vec<AtomicI64>,
}

impl Stock {
    /// The levels the catalog was loaded with (the database's at start).
    pub fn new(catalog: Arc<Catalog>) -> Stock {
        let left = catalog
            .products()
            .iter()
            .map(|p| AtomicI64::new(p.current_stock.max(0)))
            .collect();
        Stock { catalog, left }
    }

    /// Units left of the product at `index` (0 past the catalog's end).
    pub fn left(&self, index: usize) -> i64 {
        self.left
            .get(index)
            .map_or(0, |l| l.load(Ordering::Relaxed))
    }

    pub fn in_stock(&self, index: usize) -> bool {
        self.left(index) > 0
    }

    /// Records a level the database reported (after this instance's order or a refusal).
    pub fn set(&self, product_id: &str, level: i64) {
        if let Some(index) = self.catalog.index_of(product_id) {
            self.left[index].store(level.max(0), Ordering::Relaxed);
        }
    }

    /// Takes `quantity` units off (another instance sold them).
    fn sold(&self, product_id: &str, quantity: i64) {
        if let Some(index) = self.catalog.index_of(product_id) {
            let _ = self.left[index].fetch_update(Ordering::Relaxed, Ordering::Relaxed, |l| {
                Some((l - quantity).max(0))
            });
        }
    }
}

/// Fed by the event pickup, which passes on only the events other instances stored: an order
/// placed elsewhere takes its units off here too.
impl EventObserver for Stock {
    fn observe(&self, event: &Event) {
        if event.event_type == EventType::OrderCompleted {
            for (product_id, quantity) in event.order_lines() {
                self.sold(product_id, quantity);
            }
        }
    }
}
