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

/// Requests each client address may have in flight at once: one client holding many slow
/// requests (a body trickling in, a page waiting on a slow database) cannot take every
/// connection the shop serves. `0` turns it off (behind a proxy every request comes from the
/// proxy's address: limit there instead).
pub struct InFlight {
    limit: u32,
    by_address: std::sync::Mutex<std::collections::HashMap<IpAddr, u32>>,
}

impl InFlight {
    pub fn new(limit: u32) -> InFlight {
        InFlight {
            limit,
            by_address: std::sync::Mutex::new(std::collections::HashMap::new()),
        }
    }

    fn counts(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<IpAddr, u32>> {
        self.by_address
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A slot for one request from `address`, released when the guard drops; `None` when the
    /// address already has `limit` requests in flight.
    pub fn enter(self: &std::sync::Arc<Self>, address: IpAddr) -> Option<InFlightGuard> {
        if self.limit == 0 {
            return Some(InFlightGuard {
                limiter: None,
                address,
            });
        }
        let mut counts = self.counts();
        let count = counts.entry(address).or_insert(0);
        if *count >= self.limit {
            return None;
        }
        *count += 1;
        Some(InFlightGuard {
            limiter: Some(self.clone()),
            address,
        })
    }

    /// Addresses with requests in flight now.
    pub fn addresses(&self) -> usize {
        self.counts().len()
    }
}

/// One request's slot (see [`InFlight::enter`]).
pub struct InFlightGuard {
    limiter: Option<std::sync::Arc<InFlight>>,
    address: IpAddr,
}

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        let Some(limiter) = &self.limiter else {
            return;
        };
        let mut counts = limiter.counts();
        if let Some(count) = counts.get_mut(&self.address) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.address);
            }
        }
    }
}

/// The middleware (`App::wrap_fn(limits::per_address)`): a request past its address's limit
/// gets 429 at once, before any work.
pub fn per_address<S, B>(
    req: actix_web::dev::ServiceRequest,
    service: &S,
) -> impl Future<
    Output = Result<
        actix_web::dev::ServiceResponse<actix_web::body::EitherBody<B>>,
        actix_web::Error,
    >,
> + use<S, B>
where
    S: actix_web::dev::Service<
            actix_web::dev::ServiceRequest,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
{
    let guard = match (
        req.app_data::<actix_web::web::Data<crate::app::AppState>>(),
        req.peer_addr(),
    ) {
        (Some(state), Some(peer)) => Some(state.in_flight.enter(peer.ip())),
        _ => None,
    };
    let response = if matches!(guard, Some(None)) {
        Err(req)
    } else {
        Ok(service.call(req))
    };
    async move {
        let _guard = guard;
        match response {
            Ok(response) => Ok(response.await?.map_into_left_body()),
            Err(req) => {
                let page = actix_web::ResponseError::error_response(&WebError::TooManyRequests(
                    "Too many requests from your address at once. Please try again in a moment."
                        .into(),
                ));
                Ok(req.into_response(page).map_into_right_body())
            }
        }
    }
}
