//! Who a shopper is: signing up and signing in, and what an anonymous browser's shopping — its
//! cart and its events — becomes when the shopper behind it makes themselves known.

use crate::accounts::{self, AccountError, HashingPool, SignUp};
use crate::db::{Account, Store, StoreError};
use crate::domain::UserId;
use crate::events::Tracker;

/// An account the browser just signed up or in to, and whether the browser's anonymous
/// history became the account's (its experiments' assignments follow it then).
pub struct Entered {
    pub account: Account,
    pub adopted: bool,
}

/// Creates the account under a fresh id and makes the browser's anonymous history its own.
///
/// Never the provisional id itself: a copy of the browser's cookie from before (a saved or
/// planted one) names that id and would otherwise see the account's cart and orders.
pub async fn sign_up(
    store: &Store,
    tracker: &Tracker,
    hashing: &HashingPool,
    input: &SignUp,
    anonymous_id: &UserId,
) -> Result<Entered, AccountError> {
    let account =
        accounts::sign_up(store, hashing, input, &UserId::from(super::new_token())).await?;
    let adopted = adopt(store, tracker, anonymous_id, &account.user_id).await?;
    Ok(Entered { account, adopted })
}

/// Checks the credentials; what the browser did anonymously then belongs to the shopper who
/// signed in (one transaction). A provisional id that is already an account's (a browser
/// signed in as A signing in as B, from before this rule) is never moved: A's history stays
/// A's.
pub async fn sign_in(
    store: &Store,
    tracker: &Tracker,
    hashing: &HashingPool,
    email: &str,
    password: &str,
    anonymous_id: &UserId,
) -> Result<Entered, AccountError> {
    let account = accounts::sign_in(store, hashing, email, password).await?;
    let adopted = adopt(store, tracker, anonymous_id, &account.user_id).await?;
    Ok(Entered { account, adopted })
}

/// The longest a sign-in waits for the events on their way to the database.
const FLUSH_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// Moves `from`'s cart, orders and events to `into`, after the events still on their way to
/// the database have been written (a view a moment before signing in is carried over too).
/// Nothing moves when `from` is an account's own id.
async fn adopt(
    store: &Store,
    tracker: &Tracker,
    from: &UserId,
    into: &UserId,
) -> Result<bool, StoreError> {
    if store.user_id_is_taken(from).await? {
        return Ok(false);
    }
    if tokio::time::timeout(FLUSH_WAIT, tracker.flush())
        .await
        .is_err()
    {
        tracing::warn!("events still queued at sign-in stay with the anonymous shopper");
    }
    store.adopt_history(from, into).await?;
    Ok(true)
}

/// Ends every session of the account: signing out.
pub async fn sign_out(store: &Store, account_id: i64) -> Result<(), StoreError> {
    store.end_sessions(account_id).await
}

/// The account a signed-in browser belongs to; `None` once the account is gone.
pub async fn account(store: &Store, account_id: i64) -> Result<Option<Account>, StoreError> {
    store.account_by_id(account_id).await
}
