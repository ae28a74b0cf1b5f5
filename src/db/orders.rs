//! Orders: placing one from the cart (with its event, once per checkout form) and reading them.

use super::{CartLine, EventRow, Store, StoreError};
use crate::clock::Timestamp;
use crate::domain::{Money, Order, OrderId, OrderLine, ShippingAddress, UserId};
use crate::events::Event;

pub struct NewOrder<'a> {
    pub id: &'a OrderId,
    /// Whose cart is sold and whose order it is.
    pub owner: &'a UserId,
    /// The checkout form's key: the same form posted twice places one order.
    pub checkout_key: &'a str,
    pub shipping: &'a ShippingAddress,
}

/// What placing an order came to.
#[derive(Debug)]
pub enum Placed {
    /// The order, the event recording it (stored in the same transaction) and the units left of
    /// each product it sold.
    New(Box<PlacedOrder>),
    /// This checkout form was already placed as this order; nothing changed.
    AlreadyPlaced(OrderId),
    /// The cart held nothing that could be sold; nothing changed.
    EmptyCart,
    /// The store has fewer units of these products than the cart holds; nothing changed.
    Short(Vec<Shortage>),
}

#[derive(Debug)]
pub struct PlacedOrder {
    pub order: Order,
    pub event: Event,
    /// (product id, units left after this order).
    pub stock_left: Vec<(String, i64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Shortage {
    pub product_id: String,
    pub wanted: i64,
    pub left: i64,
}

impl Store {
    /// Places the order for what the owner's cart holds, in one transaction: the cart is read
    /// and emptied, the order and its lines written, and the event `sell` makes of it stored.
    /// `sell` turns the cart's lines into the order's lines and its event; `None` when nothing
    /// in the cart can be sold. A crash never leaves an order whose cart is still full, an empty
    /// cart with no order, or an order without its event; a form posted twice places one order.
    pub async fn place_order(
        &self,
        new: &NewOrder<'_>,
        sell: impl FnOnce(&[CartLine]) -> Option<(Vec<OrderLine>, Event)>,
    ) -> Result<Placed, StoreError> {
        let created = Timestamp::now();
        let s = new.shipping;
        let owner = new.owner.as_str();
        let placed = with_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            // The write first, so that it takes SQLite's write lock before any read (see
            // `edit_cart`), and a second post of the form waits here for the first to finish.
            let mut cart: Vec<CartLineRecord> = sqlx::query_as(
                "DELETE FROM cart_lines WHERE user_id = $1 RETURNING product_id, quantity, added_at",
            )
            .bind(owner)
            .fetch_all(&mut *tx)
            .await?;
            let before: Option<String> = sqlx::query_scalar(
                "SELECT id FROM orders WHERE user_id = $1 AND checkout_key = $2",
            )
            .bind(owner)
            .bind(new.checkout_key)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(id) = before {
                tx.rollback().await?;
                return Ok(Placed::AlreadyPlaced(id.into()));
            }
            cart.sort_by(|a, b| (a.added_at, &a.product_id).cmp(&(b.added_at, &b.product_id)));
            let lines: Vec<CartLine> = cart
                .into_iter()
                .map(|l| CartLine {
                    product_id: l.product_id,
                    quantity: l.quantity,
                })
                .collect();
            let Some((lines, event)) = sell(&lines) else {
                tx.rollback().await?;
                return Ok(Placed::EmptyCart);
            };
            // Each line takes its units, or the order is refused: the check and the take are
            // one statement, so two orders can never both take the last unit.
            let mut stock_left = Vec::with_capacity(lines.len());
            let mut short = Vec::new();
            // Rows locked in one order (by product id) in every transaction: two orders of the
            // same products in other orders cannot deadlock on PostgreSQL.
            let mut by_product: Vec<&OrderLine> = lines.iter().collect();
            by_product.sort_by(|a, b| a.product_id.cmp(&b.product_id));
            for line in by_product {
                let left: Option<i64> = sqlx::query_scalar(
                    "UPDATE products SET current_stock = current_stock - $1 \
                     WHERE id = $2 AND current_stock >= $1 RETURNING current_stock",
                )
                .bind(line.quantity)
                .bind(&line.product_id)
                .fetch_optional(&mut *tx)
                .await?;
                if let Some(left) = left {
                    stock_left.push((line.product_id.clone(), left));
                } else {
                    let left: Option<i64> =
                        sqlx::query_scalar("SELECT current_stock FROM products WHERE id = $1")
                            .bind(&line.product_id)
                            .fetch_optional(&mut *tx)
                            .await?;
                    short.push(Shortage {
                        product_id: line.product_id.clone(),
                        wanted: line.quantity,
                        left: left.unwrap_or(0).max(0),
                    });
                }
            }
            if !short.is_empty() {
                tx.rollback().await?;
                return Ok(Placed::Short(short));
            }
            let total: Money = lines.iter().map(OrderLine::subtotal).sum();
            sqlx::query(
                "INSERT INTO orders (id, user_id, created_at, total_cents, ship_name, ship_email, \
                 ship_address1, ship_address2, ship_city, ship_state, ship_zipcode, ship_country, \
                 checkout_key) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(new.id.as_str())
            .bind(owner)
            .bind(created.as_micros())
            .bind(total.cents())
            .bind(&s.name)
            .bind(&s.email)
            .bind(&s.address1)
            .bind(&s.address2)
            .bind(&s.city)
            .bind(&s.state)
            .bind(&s.zipcode)
            .bind(&s.country)
            .bind(new.checkout_key)
            .execute(&mut *tx)
            .await?;
            if !lines.is_empty() {
                let sql = self.insert_sql(
                    "order_lines",
                    &[
                        "order_id",
                        "line_no",
                        "product_id",
                        "name",
                        "category",
                        "price_cents",
                        "quantity",
                    ],
                    lines.len(),
                );
                let mut q = sqlx::query(&sql);
                for (i, line) in lines.iter().enumerate() {
                    q = q
                        .bind(new.id.as_str())
                        .bind(i as i64)
                        .bind(&line.product_id)
                        .bind(&line.name)
                        .bind(&line.category)
                        .bind(line.price.cents())
                        .bind(line.quantity);
                }
                q.execute(&mut *tx).await?;
            }
            let (sql, rows) = self.event_insert(&[EventRow::from(&event)]);
            sqlx::query(&sql).bind(rows).execute(&mut *tx).await?;
            tx.commit().await?;
            Placed::New(Box::new(PlacedOrder {
                order: Order {
                    id: new.id.clone(),
                    user_id: new.owner.clone(),
                    created_at: created,
                    total,
                    shipping: s.clone(),
                    lines,
                },
                event,
                stock_left,
            }))
        });
        Ok(placed)
    }

    pub async fn order(&self, id: &OrderId) -> Result<Option<Order>, StoreError> {
        let (order, lines): (Option<OrderRecord>, Vec<OrderLineRecord>) =
            with_pool!(self, |pool| {
                let order = sqlx::query_as(
                    "SELECT id, user_id, created_at, total_cents, ship_name, ship_email, \
                     ship_address1, ship_address2, ship_city, ship_state, ship_zipcode, \
                     ship_country FROM orders WHERE id = $1",
                )
                .bind(id.as_str())
                .fetch_optional(pool)
                .await?;
                if order.is_none() {
                    return Ok(None);
                }
                let lines = sqlx::query_as(
                    "SELECT product_id, name, category, price_cents, quantity FROM order_lines \
                     WHERE order_id = $1 ORDER BY line_no",
                )
                .bind(id.as_str())
                .fetch_all(pool)
                .await?;
                (order, lines)
            });
        Ok(order.map(|order| order.with_lines(lines)))
    }

    /// The shopper's orders, newest first, with their lines.
    pub async fn orders_for(&self, user_id: &UserId, limit: i64) -> Result<Vec<Order>, StoreError> {
        let ids: Vec<String> = with_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT id FROM orders WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT $2",
            )
            .bind(user_id.as_str())
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        let mut orders = Vec::with_capacity(ids.len());
        for id in ids.into_iter().map(OrderId::from) {
            if let Some(order) = self.order(&id).await? {
                orders.push(order);
            }
        }
        Ok(orders)
    }
}

/// A cart line as the order's transaction takes it out of the cart.
#[derive(sqlx::FromRow)]
struct CartLineRecord {
    product_id: String,
    quantity: i64,
    added_at: i64,
}

/// A row of `orders` as [`Store::order`] reads it.
#[derive(sqlx::FromRow)]
struct OrderRecord {
    id: String,
    user_id: String,
    created_at: i64,
    total_cents: i64,
    ship_name: String,
    ship_email: String,
    ship_address1: String,
    ship_address2: String,
    ship_city: String,
    ship_state: String,
    ship_zipcode: String,
    ship_country: String,
}

impl OrderRecord {
    fn with_lines(self, lines: Vec<OrderLineRecord>) -> Order {
        Order {
            id: self.id.into(),
            user_id: self.user_id.into(),
            created_at: Timestamp::from_micros(self.created_at),
            total: Money::from_cents(self.total_cents),
            shipping: ShippingAddress {
                name: self.ship_name,
                email: self.ship_email,
                address1: self.ship_address1,
                address2: self.ship_address2,
                city: self.ship_city,
                state: self.ship_state,
                zipcode: self.ship_zipcode,
                country: self.ship_country,
            },
            lines: lines.into_iter().map(OrderLine::from).collect(),
        }
    }
}

/// A row of `order_lines` as [`Store::order`] reads it.
#[derive(sqlx::FromRow)]
struct OrderLineRecord {
    product_id: String,
    name: String,
    category: String,
    price_cents: i64,
    quantity: i64,
}

impl From<OrderLineRecord> for OrderLine {
    fn from(l: OrderLineRecord) -> OrderLine {
        OrderLine {
            product_id: l.product_id,
            name: l.name,
            category: l.category,
            price: Money::from_cents(l.price_cents),
            quantity: l.quantity,
        }
    }
}
