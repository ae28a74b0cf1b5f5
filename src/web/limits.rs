//! Limits on attempts that cost the shop (an argon2 hash) or could guess a password: sign-ins
//! per account and per client address, sign-ups per address. Past a limit the answer is 429
//! with a page that says when to try again; nothing is hashed.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::error::WebError;

pub struct SignInLimits {
    by_account: DefaultKeyedRateLimiter<String>,
    by_address: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
}

impl SignInLimits {
    /// `per_account_per_minute` sign-ins at one account, whoever makes them (a guesser spread
    /// over many addresses); `per_address_per_minute` attempts from one address (a guesser
    /// trying many accounts).
    pub fn new(per_account_per_minute: u32, per_address_per_minute: u32) -> SignInLimits {
        let quota = |n: u32| Quota::per_minute(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN));
        SignInLimits {
            by_account: RateLimiter::keyed(quota(per_account_per_minute)),
            by_address: RateLimiter::keyed(quota(per_address_per_minute)),
            clock: DefaultClock::default(),
        }
    }

    /// Counts a sign-in attempt at `account` (a normalized email) from `address`; past either
    /// limit, the error to answer with.
    pub fn sign_in(&self, account: &str, address: Option<IpAddr>) -> Result<(), WebError> {
        self.from_address(address)?;
        self.by_account
            .check_key(&account.to_string())
            .map_err(|wait| too_many(wait.wait_time_from(self.clock.now())))
    }

    /// Counts an attempt (a sign-up, a sign-in) from `address`.
    pub fn from_address(&self, address: Option<IpAddr>) -> Result<(), WebError> {
        let Some(address) = address else {
            return Ok(());
        };
        self.by_address
            .check_key(&address)
            .map_err(|wait| too_many(wait.wait_time_from(self.clock.now())))
    }

    /// Forgets the accounts and addresses whose limits have fully recovered, so the limiter's
    /// memory follows the recent attempts, not every address ever seen.
    pub fn forget_idle(&self) {
        self.by_account.retain_recent();
        self.by_account.shrink_to_fit();
        self.by_address.retain_recent();
        self.by_address.shrink_to_fit();
    }

    /// Accounts and addresses remembered now.
    pub fn remembered(&self) -> usize {
        self.by_account.len() + self.by_address.len()
    }
}

fn too_many(wait: Duration) -> WebError {
    let seconds = wait.as_secs().max(1);
    WebError::TooManyRequests(format!(
        "Too many sign-in attempts. Please wait {seconds} second{} and try again.",
        if seconds == 1 { "" } else { "s" }
    ))
}
