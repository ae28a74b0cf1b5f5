use sqlx::Row;

use super::{Store, StoreError};
use crate::clock::now_micros;
use crate::domain::{Money, Order, OrderLine, ShippingAddress};

pub struct NewOrder<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub lines: &'a [OrderLine],
    pub shipping: &'a ShippingAddress,
}

impl Store {
    /// Records the order and empties the shopper's cart in one transaction, so a crash never
    /// leaves an order whose cart is still full (or an empty cart with no order).
    pub async fn place_order(&self, new: &NewOrder<'_>) -> Result<Order, StoreError> {
        let total: Money = new.lines.iter().map(OrderLine::subtotal).sum();
        let created = now_micros();
        let s = new.shipping;
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO orders (id, user_id, created_at, total_cents, ship_name, ship_email, \
             ship_address1, ship_address2, ship_city, ship_state, ship_zipcode, ship_country) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(new.id)
        .bind(new.user_id)
        .bind(created)
        .bind(total.cents())
        .bind(&s.name)
        .bind(&s.email)
        .bind(&s.address1)
        .bind(&s.address2)
        .bind(&s.city)
        .bind(&s.state)
        .bind(&s.zipcode)
        .bind(&s.country)
        .execute(&mut *tx)
        .await?;
        if !new.lines.is_empty() {
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
                new.lines.len(),
            );
            let mut q = sqlx::query(&sql);
            for (i, line) in new.lines.iter().enumerate() {
                q = q
                    .bind(new.id)
                    .bind(i as i64)
                    .bind(&line.product_id)
                    .bind(&line.name)
                    .bind(&line.category)
                    .bind(line.price.cents())
                    .bind(line.quantity);
            }
            q.execute(&mut *tx).await?;
        }
        sqlx::query("DELETE FROM cart_lines WHERE user_id = $1")
            .bind(new.user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Order {
            id: new.id.to_string(),
            user_id: new.user_id.to_string(),
            created_at_micros: created,
            total,
            shipping: s.clone(),
            lines: new.lines.to_vec(),
        })
    }

    pub async fn order(&self, id: &str) -> Result<Option<Order>, StoreError> {
        let row = sqlx::query(
            "SELECT id, user_id, created_at, total_cents, ship_name, ship_email, ship_address1, \
             ship_address2, ship_city, ship_state, ship_zipcode, ship_country \
             FROM orders WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else {
            return Ok(None);
        };
        let lines = sqlx::query(
            "SELECT product_id, name, category, price_cents, quantity FROM order_lines \
             WHERE order_id = $1 ORDER BY line_no",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|l| {
            Ok(OrderLine {
                product_id: l.try_get(0)?,
                name: l.try_get(1)?,
                category: l.try_get(2)?,
                price: Money::from_cents(l.try_get(3)?),
                quantity: l.try_get(4)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Some(Order {
            id: r.try_get(0)?,
            user_id: r.try_get(1)?,
            created_at_micros: r.try_get(2)?,
            total: Money::from_cents(r.try_get(3)?),
            shipping: ShippingAddress {
                name: r.try_get(4)?,
                email: r.try_get(5)?,
                address1: r.try_get(6)?,
                address2: r.try_get(7)?,
                city: r.try_get(8)?,
                state: r.try_get(9)?,
                zipcode: r.try_get(10)?,
                country: r.try_get(11)?,
            },
            lines,
        }))
    }

    /// The shopper's orders, newest first, with their lines.
    pub async fn orders_for(&self, user_id: &str, limit: i64) -> Result<Vec<Order>, StoreError> {
        let ids = sqlx::query(
            "SELECT id FROM orders WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT $2",
        )
        .bind(user_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut orders = Vec::with_capacity(ids.len());
        for r in ids {
            let id: String = r.try_get(0)?;
            if let Some(order) = self.order(&id).await? {
                orders.push(order);
            }
        }
        Ok(orders)
    }
}
