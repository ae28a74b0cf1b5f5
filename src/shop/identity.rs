//! Who a shopper is: signing up and signing in, and what an anonymous browser's shopping — its
//! cart and its events — becomes when the shopper behind it makes themselves known.

use crate::accounts::{self, AccountError, SignUp};
use crate::db::{Account, Store, StoreError};
use crate::domain::UserId;

/// Creates the account and makes the browser's anonymous history its own.
///
/// The account claims the provisional id the browser shopped under, so its events and cart are
/// already the account's. When that id already belongs to an account (a browser that signed
/// out and signs up anew), the new account gets a fresh id and the history moves over in one
/// transaction.
pub async fn sign_up(
    store: &Store,
    input: &SignUp,
    anonymous_id: &UserId,
) -> Result<Account, AccountError> {
    let claim = if store.user_id_is_taken(anonymous_id).await? {
        UserId::from(super::new_token())
    } else {
        anonymous_id.clone()
    };
    let account = accounts::sign_up(store, input, &claim).await?;
    store.adopt_history(anonymous_id, &account.user_id).await?;
    Ok(account)
}

/// Checks the credentials; what the browser did anonymously then belongs to the shopper who
/// signed in (one transaction).
pub async fn sign_in(
    store: &Store,
    email: &str,
    password: &str,
    anonymous_id: &UserId,
) -> Result<Account, AccountError> {
    let account = accounts::sign_in(store, email, password).await?;
    store.adopt_history(anonymous_id, &account.user_id).await?;
    Ok(account)
}

/// The account a signed-in browser belongs to; `None` once the account is gone.
pub async fn account(store: &Store, account_id: i64) -> Result<Option<Account>, StoreError> {
    store.account_by_id(account_id).await
}
