//! Accounts: sign-up rules (a password strong enough by zxcvbn's estimate), argon2 password
//! hashing in a bounded pool, and sign-in that never reveals whether an email is registered.

use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};

use crate::db::{Account, NewAccount, Store, StoreError};
use crate::domain::UserId;

pub const MIN_PASSWORD: usize = 8;
/// zxcvbn's score a password needs (3: about 10^10 guesses, safe against online attacks and
/// slowed offline ones).
const MIN_STRENGTH: zxcvbn::Score = zxcvbn::Score::Three;
const MAX_FIELD: usize = 100;

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{}", .0.join(" "))]
    Invalid(Vec<String>),
    #[error("An account with this email already exists. Sign in instead, or use another email.")]
    Duplicate,
    /// Deliberately the same message for an unknown email and a wrong password.
    #[error("The email or password is incorrect.")]
    WrongCredentials,
    #[error("{0}")]
    Store(StoreError),
    #[error("password hashing failed: {0}")]
    Hashing(String),
    /// Every hashing slot is taken and the queue is full: a flood of sign-ins.
    #[error("Too many people are signing in right now. Please try again in a moment.")]
    Busy,
}

impl From<StoreError> for AccountError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Duplicate(_) => AccountError::Duplicate,
            other => AccountError::Store(other),
        }
    }
}

pub struct SignUp {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub password: String,
    pub password_confirm: String,
}

pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

use crate::domain::looks_like_email;

impl SignUp {
    fn validate(&self) -> Result<(), AccountError> {
        let mut errors = Vec::new();
        if self.first_name.trim().is_empty() {
            errors.push("First name is required.".to_string());
        }
        if self.first_name.chars().count() > MAX_FIELD || self.last_name.chars().count() > MAX_FIELD
        {
            errors.push(format!("Names can be at most {MAX_FIELD} characters."));
        }
        if !looks_like_email(&self.email) {
            errors.push("Please enter a valid email address.".to_string());
        }
        if self.password.chars().count() < MIN_PASSWORD {
            errors.push(format!(
                "The password must be at least {MIN_PASSWORD} characters."
            ));
        }
        if self.password.len() > 1024 {
            errors.push("The password is too long.".to_string());
        } else if self.password.chars().count() >= MIN_PASSWORD {
            errors.extend(self.weakness());
        }
        if self.password != self.password_confirm {
            errors.push("The two passwords do not match.".to_string());
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AccountError::Invalid(errors))
        }
    }
}

impl SignUp {
    /// Why the password is too easy to guess (zxcvbn's estimate, which also knows the shopper's
    /// own name and email), or nothing when it is strong enough.
    fn weakness(&self) -> Option<String> {
        let own = [
            self.email.as_str(),
            self.first_name.as_str(),
            self.last_name.as_str(),
        ];
        let estimate = zxcvbn::zxcvbn(&self.password, &own);
        if estimate.score() >= MIN_STRENGTH {
            return None;
        }
        let mut message = "This password is too easy to guess.".to_string();
        if let Some(feedback) = estimate.feedback() {
            if let Some(warning) = feedback.warning() {
                message.push_str(&format!(" {warning}."));
            }
            for suggestion in feedback.suggestions() {
                message.push_str(&format!(" {suggestion}"));
            }
        } else {
            message.push_str(" Add another word or two.");
        }
        Some(message.replace("..", "."))
    }
}

/// The argon2 work of sign-ups and sign-ins, bounded: at most `slots` hashes at a time on the
/// blocking threads, at most `queue` more waiting, and the rest refused ([`AccountError::Busy`]),
/// so a flood of sign-ins cannot take the cores the pages need.
pub struct HashingPool {
    slots: tokio::sync::Semaphore,
    waiting: std::sync::atomic::AtomicUsize,
    queue: usize,
}

impl HashingPool {
    pub fn new(slots: usize, queue: usize) -> HashingPool {
        HashingPool {
            slots: tokio::sync::Semaphore::new(slots.max(1)),
            waiting: std::sync::atomic::AtomicUsize::new(0),
            queue,
        }
    }

    /// One slot per two cores (at least one): half the machine at most.
    pub fn for_this_machine() -> HashingPool {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        HashingPool::new(cores / 2, 64)
    }

    /// Runs `work` on a blocking thread once a slot is free.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AccountError> {
        use std::sync::atomic::Ordering;
        if self.waiting.fetch_add(1, Ordering::AcqRel) >= self.queue {
            self.waiting.fetch_sub(1, Ordering::AcqRel);
            return Err(AccountError::Busy);
        }
        let permit = self.slots.acquire().await;
        self.waiting.fetch_sub(1, Ordering::AcqRel);
        let _permit = permit.map_err(|e| AccountError::Hashing(e.to_string()))?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| AccountError::Hashing(e.to_string()))
    }
}

/// Creates the account under `user_id` (the provisional id the shopper browsed under, so their
/// events and cart carry over).
pub async fn sign_up(
    store: &Store,
    hashing: &HashingPool,
    form: &SignUp,
    user_id: &UserId,
) -> Result<Account, AccountError> {
    form.validate()?;
    let email = normalize_email(&form.email);
    if store.account_by_email(&email).await?.is_some() {
        return Err(AccountError::Duplicate);
    }
    let password = form.password.clone();
    let hash = hashing.run(move || hash_password(&password)).await??;
    let account = store
        .create_account(&NewAccount {
            user_id,
            email: &email,
            first_name: form.first_name.trim(),
            last_name: form.last_name.trim(),
            password_hash: &hash,
        })
        .await?;
    Ok(account)
}

pub async fn sign_in(
    store: &Store,
    hashing: &HashingPool,
    email: &str,
    password: &str,
) -> Result<Account, AccountError> {
    let account = store.account_by_email(&normalize_email(email)).await?;
    // Verify against a dummy hash when there is no such account, so both answers take as long.
    let stored = account
        .as_ref()
        .map_or_else(|| DUMMY_HASH.to_string(), |a| a.password_hash.clone());
    let password = password.to_string();
    let ok = hashing
        .run(move || verify_password(&password, &stored))
        .await?;
    match account {
        Some(a) if ok => Ok(a),
        _ => Err(AccountError::WrongCredentials),
    }
}

fn hash_password(password: &str) -> Result<String, AccountError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AccountError::Hashing(e.to_string()))
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// The argon2id hash of a random string nobody knows, with the default parameters.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2b5ZJQnBFh0u9mVvJq0sFqYbJ3q0X8yq1m2Y9dKQfS8";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("wrong horse", &h));
        assert!(!verify_password("anything", DUMMY_HASH));
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }

    fn sign_up_with(password: &str) -> SignUp {
        SignUp {
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            email: "ada@example.com".into(),
            password: password.into(),
            password_confirm: password.into(),
        }
    }

    #[test]
    fn guessable_passwords_are_refused_with_advice() {
        for weak in [
            "password123",
            "qwertyuiop",
            "Ada Lovelace",
            "ada@example.com1",
            "aaaaaaaaaaaa",
        ] {
            let refused = sign_up_with(weak).validate();
            let Err(AccountError::Invalid(errors)) = refused else {
                panic!("{weak} accepted");
            };
            assert!(
                errors[0].starts_with("This password is too easy to guess."),
                "{errors:?}"
            );
        }
        for strong in ["correct horse battery staple", "violet tugboat marmalade 7"] {
            assert!(sign_up_with(strong).validate().is_ok(), "{strong} refused");
        }
    }

    // Two workers: the test's own thread blocks waiting for the hash to start.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_hashing_queue_refuses_instead_of_piling_up() {
        let pool = std::sync::Arc::new(HashingPool::new(1, 1));
        let (started, hold) = std::sync::mpsc::channel::<()>();
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let busy = tokio::spawn({
            let pool = pool.clone();
            async move {
                pool.run(move || {
                    started.send(()).unwrap();
                    wait.recv().unwrap();
                })
                .await
            }
        });
        hold.recv().unwrap();
        // One slot taken; one may wait; the third is refused.
        let queued = tokio::spawn({
            let pool = pool.clone();
            async move { pool.run(|| ()).await }
        });
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        assert!(matches!(pool.run(|| ()).await, Err(AccountError::Busy)));
        release.send(()).unwrap();
        busy.await.unwrap().unwrap();
        queued.await.unwrap().unwrap();
        assert!(pool.run(|| ()).await.is_ok(), "free again");
    }

    #[test]
    fn emails_normalize() {
        assert_eq!(normalize_email(" A@B.Co "), "a@b.co");
    }
}
