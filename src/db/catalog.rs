//! Catalog and shopper tables: replaced whole when the store is seeded from another source,
//! read whole at start into the in-memory catalog.

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
        with_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
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
                        .bind(i64::from(c.has_gender_affinity));
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
                        .bind(p.gender_affinity.map(Gender::code))
                        .bind(p.current_stock)
                        .bind(i64::from(p.featured))
                        .bind(i64::from(p.promoted))
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
                        .bind(s.id.as_str())
                        .bind((n * CHUNK + i) as i64)
                        .bind(&s.username)
                        .bind(&s.first_name)
                        .bind(&s.last_name)
                        .bind(&s.email)
                        .bind(s.age)
                        .bind(s.gender.map(Gender::code))
                        .bind(s.persona.as_str())
                        .bind(&s.discount_persona)
                        .bind(address);
                }
                q.execute(&mut *tx).await?;
                written += chunk.len() as u64;
                progress(written);
            }
            tx.commit().await?;
        });
        Ok(())
    }

    pub async fn load_categories(&self) -> Result<Vec<Category>, StoreError> {
        let records: Vec<CategoryRecord> = with_pool!(self, |pool| {
            sqlx::query_as("SELECT id, name, has_gender_affinity FROM categories ORDER BY id")
                .fetch_all(pool)
                .await?
        });
        Ok(records.into_iter().map(Category::from).collect())
    }

    /// The units left of each of `ids` that is a product (for an instance to learn what the
    /// others sold).
    pub async fn stock_levels(&self, ids: &[String]) -> Result<Vec<(String, i64)>, StoreError> {
        let mut levels = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT id, current_stock FROM products WHERE id IN ({})",
                placeholders.join(", ")
            );
            let rows: Vec<(String, i64)> = with_pool!(self, |pool| {
                let mut q = sqlx::query_as(&sql);
                for id in chunk {
                    q = q.bind(id);
                }
                q.fetch_all(pool).await?
            });
            levels.extend(rows);
        }
        Ok(levels)
    }

    /// Whether the products table holds any row (a seed may have written it and not finished).
    pub async fn has_products(&self) -> Result<bool, StoreError> {
        let found: Option<i64> = with_pool!(self, |pool| {
            sqlx::query_scalar("SELECT CAST(1 AS BIGINT) FROM products LIMIT 1")
                .fetch_optional(pool)
                .await?
        });
        Ok(found.is_some())
    }

    pub async fn load_products(&self) -> Result<Vec<Product>, StoreError> {
        let records: Vec<ProductRecord> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, name, category, style, description, price_cents, gender_affinity, \
                 current_stock, featured, promoted, where_visible FROM products ORDER BY position",
            )
            .fetch_all(pool)
            .await?
        });
        Ok(records.into_iter().map(Product::from).collect())
    }

    pub async fn load_shoppers(&self) -> Result<Vec<Shopper>, StoreError> {
        let records: Vec<ShopperRecord> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, username, first_name, last_name, email, age, gender, persona, \
                 discount_persona, default_address FROM shoppers ORDER BY position",
            )
            .fetch_all(pool)
            .await?
        });
        records.into_iter().map(Shopper::try_from).collect()
    }
}

/// A row of `categories`. Booleans are stored as integers (both databases read them alike).
#[derive(sqlx::FromRow)]
struct CategoryRecord {
    id: i64,
    name: String,
    has_gender_affinity: i64,
}

impl From<CategoryRecord> for Category {
    fn from(r: CategoryRecord) -> Category {
        Category {
            id: r.id,
            name: r.name,
            has_gender_affinity: r.has_gender_affinity != 0,
        }
    }
}

/// A row of `products`.
#[derive(sqlx::FromRow)]
struct ProductRecord {
    id: String,
    name: String,
    category: String,
    style: String,
    description: String,
    price_cents: i64,
    gender_affinity: Option<String>,
    current_stock: i64,
    featured: i64,
    promoted: i64,
    where_visible: String,
}

impl From<ProductRecord> for Product {
    fn from(r: ProductRecord) -> Product {
        Product {
            id: ProductId(r.id),
            name: r.name,
            category: r.category,
            style: r.style,
            description: r.description,
            price: Money::from_cents(r.price_cents),
            gender_affinity: r.gender_affinity.as_deref().and_then(Gender::parse),
            current_stock: r.current_stock,
            featured: r.featured != 0,
            promoted: r.promoted != 0,
            where_visible: r.where_visible,
        }
    }
}

/// A row of `shoppers`; the address is JSON text.
#[derive(sqlx::FromRow)]
struct ShopperRecord {
    id: String,
    username: String,
    first_name: String,
    last_name: String,
    email: String,
    age: i64,
    gender: Option<String>,
    persona: String,
    discount_persona: String,
    default_address: Option<String>,
}

impl TryFrom<ShopperRecord> for Shopper {
    type Error = StoreError;

    fn try_from(r: ShopperRecord) -> Result<Shopper, StoreError> {
        Ok(Shopper {
            persona: Persona::parse(&r.persona)
                .ok_or_else(|| StoreError::Corrupt(format!("persona `{}`", r.persona)))?,
            id: r.id.into(),
            username: r.username,
            first_name: r.first_name,
            last_name: r.last_name,
            email: r.email,
            age: r.age,
            gender: r.gender.as_deref().and_then(Gender::parse),
            discount_persona: r.discount_persona,
            default_address: r
                .default_address
                .as_deref()
                .and_then(|a| serde_json::from_str::<Address>(a).ok()),
        })
    }
}
