//! Catalog and shopper tables: replaced whole when the store is seeded from another source,
//! read whole at start into the in-memory catalog.

use sqlx::Row;

use super::{Store, StoreError};
use crate::domain::{Address, Category, Gender, Money, Persona, Product, ProductId, Shopper};

/// Rows per multi-row INSERT: well under SQLite's 32,766 bound parameters.
const CHUNK: usize = 200;

impl Store {
    /// Replaces categories, products and shoppers in one transaction; `progress` is told how
    /// many rows have been written so far.
    pub async fn replace_catalog(
        &self,
        categories: &[Category],
        products: &[Product],
        shoppers: &[Shopper],
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for table in ["categories", "products", "shoppers"] {
            sqlx::query(&format!("DELETE FROM {table}"))
                .execute(&mut *tx)
                .await?;
        }
        let mut written = 0u64;
        for chunk in categories.chunks(CHUNK) {
            let sql = self.insert_sql(
                "categories",
                &["id", "name", "has_gender_affinity"],
                chunk.len(),
            );
            let mut q = sqlx::query(&sql);
            for c in chunk {
                q = q
                    .bind(c.id)
                    .bind(&c.name)
                    .bind(c.has_gender_affinity as i64);
            }
            q.execute(&mut *tx).await?;
            written += chunk.len() as u64;
            progress(written);
        }
        for (n, chunk) in products.chunks(CHUNK).enumerate() {
            let sql = self.insert_sql(
                "products",
                &[
                    "id",
                    "position",
                    "name",
                    "category",
                    "style",
                    "description",
                    "price_cents",
                    "gender_affinity",
                    "current_stock",
                    "featured",
                    "promoted",
                    "where_visible",
                ],
                chunk.len(),
            );
            let mut q = sqlx::query(&sql);
            for (i, p) in chunk.iter().enumerate() {
                q = q
                    .bind(p.id.as_str())
                    .bind((n * CHUNK + i) as i64)
                    .bind(&p.name)
                    .bind(&p.category)
                    .bind(&p.style)
                    .bind(&p.description)
                    .bind(p.price.cents())
                    .bind(p.gender_affinity.map(|g| g.code()))
                    .bind(p.current_stock)
                    .bind(p.featured as i64)
                    .bind(p.promoted as i64)
                    .bind(&p.where_visible);
            }
            q.execute(&mut *tx).await?;
            written += chunk.len() as u64;
            progress(written);
        }
        for (n, chunk) in shoppers.chunks(CHUNK).enumerate() {
            let sql = self.insert_sql(
                "shoppers",
                &[
                    "id",
                    "position",
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "age",
                    "gender",
                    "persona",
                    "discount_persona",
                    "default_address",
                ],
                chunk.len(),
            );
            let mut q = sqlx::query(&sql);
            for (i, s) in chunk.iter().enumerate() {
                let address = s
                    .default_address
                    .as_ref()
                    .map(|a| serde_json::to_string(a).unwrap_or_default());
                q = q
                    .bind(&s.id)
                    .bind((n * CHUNK + i) as i64)
                    .bind(&s.username)
                    .bind(&s.first_name)
                    .bind(&s.last_name)
                    .bind(&s.email)
                    .bind(s.age)
                    .bind(s.gender.map(|g| g.code()))
                    .bind(s.persona.as_str())
                    .bind(&s.discount_persona)
                    .bind(address);
            }
            q.execute(&mut *tx).await?;
            written += chunk.len() as u64;
            progress(written);
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn load_categories(&self) -> Result<Vec<Category>, StoreError> {
        let rows = sqlx::query("SELECT id, name, has_gender_affinity FROM categories ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Category {
                    id: r.try_get(0)?,
                    name: r.try_get(1)?,
                    has_gender_affinity: r.try_get::<i64, _>(2)? != 0,
                })
            })
            .collect()
    }

    pub async fn load_products(&self) -> Result<Vec<Product>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, category, style, description, price_cents, gender_affinity, \
             current_stock, featured, promoted, where_visible FROM products ORDER BY position",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Product {
                    id: ProductId(r.try_get(0)?),
                    name: r.try_get(1)?,
                    category: r.try_get(2)?,
                    style: r.try_get(3)?,
                    description: r.try_get(4)?,
                    price: Money::from_cents(r.try_get(5)?),
                    gender_affinity: r
                        .try_get::<Option<String>, _>(6)?
                        .as_deref()
                        .and_then(Gender::parse),
                    current_stock: r.try_get(7)?,
                    featured: r.try_get::<i64, _>(8)? != 0,
                    promoted: r.try_get::<i64, _>(9)? != 0,
                    where_visible: r.try_get(10)?,
                })
            })
            .collect()
    }

    pub async fn load_shoppers(&self) -> Result<Vec<Shopper>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, username, first_name, last_name, email, age, gender, persona, \
             discount_persona, default_address FROM shoppers ORDER BY position",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let persona: String = r.try_get(7)?;
                let address: Option<String> = r.try_get(9)?;
                Ok(Shopper {
                    id: r.try_get(0)?,
                    username: r.try_get(1)?,
                    first_name: r.try_get(2)?,
                    last_name: r.try_get(3)?,
                    email: r.try_get(4)?,
                    age: r.try_get(5)?,
                    gender: r
                        .try_get::<Option<String>, _>(6)?
                        .as_deref()
                        .and_then(Gender::parse),
                    persona: Persona::parse(&persona)
                        .ok_or_else(|| StoreError::Corrupt(format!("persona `{persona}`")))?,
                    discount_persona: r.try_get(8)?,
                    default_address: address
                        .as_deref()
                        .and_then(|a| serde_json::from_str::<Address>(a).ok()),
                })
            })
            .collect()
    }
}
