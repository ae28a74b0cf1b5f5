//! The typed session: who this browser is, kept in the signed and encrypted session cookie, so
//! any instance that shares the session key can serve the next request.

use actix_session::Session;
use serde::{Serialize, de::DeserializeOwned};

use super::error::WebError;
use crate::domain::{SessionId, UserId};

const SESSION_ID: &str = "sid";
const ANONYMOUS_ID: &str = "anon";
const ACCOUNT: &str = "account";
const EMULATED: &str = "emulated";
const CANDIDATE: &str = "candidate";
const CSRF: &str = "csrf";
const CART_COUNT: &str = "cart_count";
const FLASH: &str = "flash";
const OPERATOR: &str = "operator";
const RETURN_TO: &str = "return_to";
const SHOPPER_CHOICE: &str = "shopper_choice";

/// The profile form's last choice of a shopper to emulate (empty: any).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct ShopperChoice {
    pub interest: String,
    pub age: String,
}

/// The message the next page shows about the last action.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Flash {
    pub text: String,
    pub link: Option<FlashLink>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FlashLink {
    pub label: String,
    pub href: String,
}

/// The signed-in account, as much of it as every page needs.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SignedIn {
    pub account_id: i64,
    pub user_id: UserId,
    pub first_name: String,
    /// The account's session generation when this session signed in: signing out moves the
    /// account to the next one, which ends every session issued before. (A cookie from before
    /// generations reads as 0, the column's start.)
    #[serde(default)]
    pub generation: i64,
}

#[derive(Clone)]
pub struct TypedSession(pub Session);

impl TypedSession {
    fn get<T: DeserializeOwned>(&self, key: &str) -> Option<T> {
        // A value that no longer parses (an older cookie) is treated as absent, never an error.
        self.0.get::<T>(key).ok().flatten()
    }

    fn set<T: Serialize>(&self, key: &str, value: &T) -> Result<(), WebError> {
        self.0
            .insert(key, value)
            .map_err(|e| WebError::Internal(anyhow::Error::new(e).context("writing the session")))
    }

    fn get_or_create(&self, key: &str) -> Result<String, WebError> {
        if let Some(v) = self.get::<String>(key) {
            return Ok(v);
        }
        let v = new_token();
        self.set(key, &v)?;
        Ok(v)
    }

    /// The browsing session's id, the `sessionId` of its events.
    pub fn session_id(&self) -> Result<SessionId, WebError> {
        self.get_or_create(SESSION_ID).map(SessionId::from)
    }

    /// The provisional id an anonymous shopper browses and buys under.
    pub fn anonymous_id(&self) -> Result<UserId, WebError> {
        self.get_or_create(ANONYMOUS_ID).map(UserId::from)
    }

    pub fn csrf_token(&self) -> Result<String, WebError> {
        self.get_or_create(CSRF)
    }

    pub fn signed_in(&self) -> Option<SignedIn> {
        self.get(ACCOUNT)
    }

    /// Signs in: a fresh cookie, CSRF token and provisional id, so nothing issued before
    /// carries over: a copy of the cookie from before sees none of the account (its anonymous
    /// history has just become the account's).
    pub fn sign_in(&self, account: &SignedIn) -> Result<(), WebError> {
        self.0.renew();
        self.set(ACCOUNT, account)?;
        self.set(SESSION_ID, &new_token())?;
        self.set(ANONYMOUS_ID, &new_token())?;
        self.set(CSRF, &new_token())
    }

    /// Signs out and forgets everything (the shopper is anonymous again, in a new browsing
    /// session, with a new provisional id and an empty cart): the next person at this browser
    /// sees none of the account's events on the presenter's page.
    pub fn sign_out(&self) -> Result<(), WebError> {
        // Everything goes (ids, cart count, emulation), but the session stays writable — a
        // purged session drops whatever is set after it, and the next page must say "You
        // have signed out".
        self.0.clear();
        self.0.renew();
        Ok(())
    }

    /// The account this session named is no longer signed in here (signed out elsewhere, or
    /// gone): the browser is anonymous again, under a fresh provisional id.
    pub fn forget_account(&self) -> Result<(), WebError> {
        self.0.remove(ACCOUNT);
        self.0.remove(EMULATED);
        self.set(CART_COUNT, &0)?;
        self.set(SESSION_ID, &new_token())?;
        self.set(ANONYMOUS_ID, &new_token())
    }

    /// Marks that the next page, `path`, is shown again after a form (an add to cart, a cart
    /// update): showing it records nothing new.
    pub fn returning_to(&self, path: &str) -> Result<(), WebError> {
        self.set(RETURN_TO, &path)
    }

    /// Whether this page (`path`) is the one a form just sent the browser back to; asking
    /// consumes the mark, so a later visit to the same page counts again.
    pub fn is_return_to(&self, path: &str) -> bool {
        match self.get::<String>(RETURN_TO) {
            Some(marked) => {
                self.0.remove(RETURN_TO);
                marked == path
            }
            None => false,
        }
    }

    /// Signed in as an operator (the experiment pages), by the operator token.
    pub fn is_operator(&self) -> bool {
        self.get(OPERATOR).unwrap_or(false)
    }

    /// Becomes an operator: a fresh cookie and CSRF token, as at any sign-in.
    pub fn sign_in_operator(&self) -> Result<(), WebError> {
        self.0.renew();
        self.set(OPERATOR, &true)?;
        self.set(CSRF, &new_token())
    }

    pub fn sign_out_operator(&self) {
        self.0.remove(OPERATOR);
    }

    pub fn emulated(&self) -> Option<UserId> {
        self.get(EMULATED)
    }

    pub fn set_emulated(&self, shopper_id: Option<&UserId>) -> Result<(), WebError> {
        if let Some(id) = shopper_id {
            self.set(EMULATED, &id)
        } else {
            self.0.remove(EMULATED);
            Ok(())
        }
    }

    /// The shopper shown on the profile page but not yet saved.
    pub fn shopper_choice(&self) -> Option<ShopperChoice> {
        self.get(SHOPPER_CHOICE)
    }

    pub fn set_shopper_choice(&self, choice: &ShopperChoice) -> Result<(), WebError> {
        self.set(SHOPPER_CHOICE, choice)
    }

    pub fn candidate(&self) -> Option<UserId> {
        self.get(CANDIDATE)
    }

    pub fn set_candidate(&self, shopper_id: Option<&UserId>) -> Result<(), WebError> {
        if let Some(id) = shopper_id {
            self.set(CANDIDATE, &id)
        } else {
            self.0.remove(CANDIDATE);
            Ok(())
        }
    }

    /// Units in the cart, kept here so that the header never needs the database.
    pub fn cart_count(&self) -> i64 {
        self.get(CART_COUNT).unwrap_or(0)
    }

    pub fn set_cart_count(&self, count: i64) -> Result<(), WebError> {
        if self.cart_count() != count {
            self.set(CART_COUNT, &count)?;
        }
        Ok(())
    }

    pub fn flash(&self, message: &str) -> Result<(), WebError> {
        self.set(
            FLASH,
            &Flash {
                text: message.to_string(),
                link: None,
            },
        )
    }

    /// A message with a link to follow up ("View cart"); `href` is a path on this shop.
    pub fn flash_with_link(&self, message: &str, label: &str, href: &str) -> Result<(), WebError> {
        self.set(
            FLASH,
            &Flash {
                text: message.to_string(),
                link: Some(FlashLink {
                    label: label.to_string(),
                    href: href.to_string(),
                }),
            },
        )
    }

    pub fn take_flash(&self) -> Option<Flash> {
        let msg = self.get::<Flash>(FLASH);
        if self.0.contains_key(FLASH) {
            self.0.remove(FLASH);
        }
        msg
    }
}

pub use crate::shop::new_token;
