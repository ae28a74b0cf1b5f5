use super::{Store, StoreError};
use crate::clock::now_micros;
use crate::domain::{MAX_QUANTITY, UserId};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Account {
    pub id: i64,
    /// The id the account's events, cart and orders are kept under.
    #[sqlx(try_from = "String")]
    pub user_id: UserId,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub password_hash: String,
    /// Sessions signed in under an older generation are signed out (see `end_sessions`).
    pub session_generation: i64,
}

pub struct NewAccount<'a> {
    pub user_id: &'a UserId,
    pub email: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub password_hash: &'a str,
}

const COLUMNS: &str =
    "id, user_id, email, first_name, last_name, password_hash, session_generation";

impl Store {
    /// Creates the account; an email already registered is `StoreError::Duplicate`.
    pub async fn create_account(&self, new: &NewAccount<'_>) -> Result<Account, StoreError> {
        let inserted = with_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO accounts (user_id, email, first_name, last_name, password_hash, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            )
            .bind(new.user_id.as_str())
            .bind(new.email)
            .bind(new.first_name)
            .bind(new.last_name)
            .bind(new.password_hash)
            .bind(now_micros())
            .execute(pool)
            .await?
            .rows_affected()
        });
        if inserted == 0 {
            return Err(StoreError::Duplicate("an account with this email"));
        }
        self.account_by_email(new.email)
            .await?
            .ok_or_else(|| StoreError::Vanished("the account just created".into()))
    }

    pub async fn account_by_email(&self, email: &str) -> Result<Option<Account>, StoreError> {
        let account = with_pool!(self, |pool| {
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM accounts WHERE email = $1"))
                .bind(email)
                .fetch_optional(pool)
                .await?
        });
        Ok(account)
    }

    pub async fn account_by_id(&self, id: i64) -> Result<Option<Account>, StoreError> {
        let account = with_pool!(self, |pool| {
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM accounts WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        Ok(account)
    }

    /// The account's session generation; `None` when the account is gone.
    pub async fn session_generation(&self, account_id: i64) -> Result<Option<i64>, StoreError> {
        let generation = with_pool!(self, |pool| {
            sqlx::query_scalar("SELECT session_generation FROM accounts WHERE id = $1")
                .bind(account_id)
                .fetch_optional(pool)
                .await?
        });
        Ok(generation)
    }

    /// Ends every session of the account (signing out): moves it to the next generation, so
    /// a cookie issued before is no longer signed in, on any instance.
    pub async fn end_sessions(&self, account_id: i64) -> Result<(), StoreError> {
        with_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "UPDATE accounts SET session_generation = session_generation + 1 WHERE id = $1",
            )
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    pub async fn user_id_is_taken(&self, user_id: &UserId) -> Result<bool, StoreError> {
        let taken = with_pool!(self, |pool| {
            sqlx::query("SELECT 1 FROM accounts WHERE user_id = $1")
                .bind(user_id.as_str())
                .fetch_optional(pool)
                .await?
                .is_some()
        });
        Ok(taken)
    }
}

/// What moved when one shopper adopted another's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AdoptedHistory {
    /// Cart lines moved over (a line for a product both carts hold adds up, capped at
    /// `MAX_QUANTITY`).
    pub cart_lines: u64,
    /// The shop's own events that changed owner.
    pub events: u64,
}

impl Store {
    /// Gives `into_user` everything `from_user` did — cart, orders and events — in one transaction, so
    /// a failure leaves both shoppers as they were (signing up or in after shopping
    /// anonymously). Simulated events never belong to a browser and stay where they are.
    pub async fn adopt_history(
        &self,
        from_user: &UserId,
        into_user: &UserId,
    ) -> Result<AdoptedHistory, StoreError> {
        if from_user == into_user {
            return Ok(AdoptedHistory::default());
        }
        let (cart_lines, events) = with_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let cart_lines = sqlx::query(
                "INSERT INTO cart_lines (user_id, product_id, quantity, added_at) \
                 SELECT $1, product_id, quantity, added_at FROM cart_lines WHERE user_id = $2 \
                 ON CONFLICT (user_id, product_id) DO UPDATE \
                 SET quantity = CASE WHEN cart_lines.quantity + excluded.quantity > $3 THEN $3 \
                 ELSE cart_lines.quantity + excluded.quantity END",
            )
            .bind(into_user.as_str())
            .bind(from_user.as_str())
            .bind(MAX_QUANTITY)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            sqlx::query("DELETE FROM cart_lines WHERE user_id = $1")
                .bind(from_user.as_str())
                .execute(&mut *tx)
                .await?;
            // Orders placed anonymously stay the shopper's to see.
            sqlx::query("UPDATE orders SET user_id = $1 WHERE user_id = $2")
                .bind(into_user.as_str())
                .bind(from_user.as_str())
                .execute(&mut *tx)
                .await?;
            // The event digest packed the visitor's events under their old id: its builders
            // see the epoch move (and write nothing they read before it), and the blocks that
            // hold those events go, to be packed again from the rewritten rows.
            sqlx::query("UPDATE event_digest_epoch SET epoch = epoch + 1 WHERE id = 1")
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "DELETE FROM event_digest WHERE first_seq IN (\
                 SELECT (SELECT MAX(d.first_seq) FROM event_digest d WHERE d.first_seq <= e.seq) \
                 FROM events e WHERE e.user_id = $1 AND e.simulated = 0)",
            )
            .bind(from_user.as_str())
            .execute(&mut *tx)
            .await?;
            // `simulated = 0` is also what lets the database use its index by user.
            let events =
                sqlx::query("UPDATE events SET user_id = $1 WHERE user_id = $2 AND simulated = 0")
                    .bind(into_user.as_str())
                    .bind(from_user.as_str())
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            tx.commit().await?;
            (cart_lines, events)
        });
        Ok(AdoptedHistory { cart_lines, events })
    }
}
