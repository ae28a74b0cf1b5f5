//! Who a shopper is: signing up and signing in, and what an anonymous browser's shopping — its
//! cart and its events — becomes when the shopper behind it makes themselves known.

use crate::accounts::{self, AccountError, SignUp};
use crate::db::{Account, Store, StoreError};
use crate::domain::UserId;
use crate::events::Tracker;

/// Creates the account and makes the browser's anonymous history its own.
///
/// The account claims the provisional id the browser shopped under, so its events and cart are
/// already the account's. When that id already belongs to an account (a browser that signed
/// out and signs up anew), the new account gets a fresh id and takes nothing of that account.
pub async fn sign_up(
    store: &Store,
    tracker: &Tracker,
    input: &SignUp,
    anonymous_id: &UserId,
) -> Result<Account, AccountError> {
    let taken = store.user_id_is_taken(anonymous_id).await?;
    let claim = if taken {
        UserId::from(super::new_token())
    } else {
        anonymous_id.clone()
    };
    let account = accounts::sign_up(store, input, &claim).await?;
    if !taken {
        adopt(store, tracker, anonymous_id, &account.user_id).await?;
    }
    Ok(account)
}

/// Checks the credentials; what the browser did anonymously then belongs to the shopper who
/// signed in (one transaction). A provisional id that is already an account's (a browser
/// signed in as A signing in as B) is never moved: A's history stays A's.
pub async fn sign_in(
    store: &Store,
    tracker: &Tracker,
    email: &str,
    password: &str,
    anonymous_id: &UserId,
) -> Result<Account, AccountError> {
    let account = accounts::sign_in(store, email, password).await?;
    if !store.user_id_is_taken(anonymous_id).await? {
        adopt(store, tracker, anonymous_id, &account.user_id).await?;
    }
    Ok(account)
}

/// Moves `from`'s cart and events to `into`, after the events still on their way to the
/// database have been written (a view a moment before signing in is carried over too).
async fn adopt(
    store: &Store,
    tracker: &Tracker,
    from: &UserId,
    into: &UserId,
) -> Result<(), StoreError> {
    tracker.flush().await;
    store.adopt_history(from, into).await?;
    Ok(())
}

/// Ends every session of the account: signing out.
pub async fn sign_out(store: &Store, account_id: i64) -> Result<(), StoreError> {
    store.end_sessions(account_id).await
}

/// The account a signed-in browser belongs to; `None` once the account is gone.
pub async fn account(store: &Store, account_id: i64) -> Result<Option<Account>, StoreError> {
    store.account_by_id(account_id).await
}
