//! What is left of each product: the database's `products.current_stock` is the truth (an order
//! takes its units in the order's own transaction and is refused rather than oversell); this is
//! the instance's view of it for pages and shelves, kept current by the levels this instance's
//! orders and refusals read back and, for the orders other instances place (seen through the
//! event pickup), by reading those products' levels again.
//!
//! Levels only go down while the shop runs (stock is only ever sold; a new catalog means a
//! restart), so every level is applied as a minimum: a level read before another sale can never
//! raise a newer one, and an event seen twice (a restarted instance replays the last day) costs
//! a read, never a second subtraction.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::catalog::Catalog;
use crate::db::Store;
use crate::events::{Event, EventObserver, EventType};

pub struct Stock {
    catalog: Arc<Catalog>,
    /// Units left, by catalog position.
    left: Vec<AtomicI64>,
    /// Products other instances sold, whose levels are to be read again.
    sold_elsewhere: Mutex<Vec<String>>,
    wake: tokio::sync::Notify,
}

impl Stock {
    /// The levels the catalog was loaded with (the database's at start).
    pub fn new(catalog: Arc<Catalog>) -> Stock {
        let left = catalog
            .products()
            .iter()
            .map(|p| AtomicI64::new(p.current_stock.max(0)))
            .collect();
        Stock {
            catalog,
            left,
            sold_elsewhere: Mutex::new(Vec::new()),
            wake: tokio::sync::Notify::new(),
        }
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

    /// Records a level the database reported (after an order or a refusal), as a minimum.
    pub fn set(&self, product_id: &str, level: i64) {
        if let Some(index) = self.catalog.index_of(product_id) {
            self.left[index].fetch_min(level.max(0), Ordering::Relaxed);
        }
    }

    fn pending(&self) -> std::sync::MutexGuard<'_, Vec<String>> {
        self.sold_elsewhere
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Reads again, as they come, the levels of what other instances sold. Runs until aborted.
    pub fn spawn_refresh(self: Arc<Self>, store: Store) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                self.wake.notified().await;
                // A moment for the rest of a burst of orders to arrive: one read for all.
                tokio::time::sleep(Duration::from_millis(50)).await;
                let mut ids = std::mem::take(&mut *self.pending());
                ids.sort_unstable();
                ids.dedup();
                match store.stock_levels(&ids).await {
                    Ok(levels) => {
                        for (id, level) in levels {
                            self.set(&id, level);
                        }
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "could not read stock levels; will retry");
                        self.pending().extend(ids);
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        self.wake.notify_one();
                    }
                }
            }
        })
    }
}

/// Fed by the event pickup, which passes on the events other instances stored: the products an
/// order placed elsewhere sold have their levels read again.
impl EventObserver for Stock {
    fn observe(&self, event: &Event) {
        if event.event_type == EventType::OrderCompleted {
            self.pending()
                .extend(event.order_items().map(str::to_string));
            self.wake.notify_one();
        }
    }
}
