//! Accounts: sign-up rules, argon2 password hashing, and sign-in that never reveals whether an
//! email is registered.

use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};

use crate::db::{Account, NewAccount, Store, StoreError};
use crate::domain::UserId;

pub const MIN_PASSWORD: usize = 8;
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

/// Creates the account under `user_id` (the provisional id the shopper browsed under, so their
/// events and cart carry over).
pub async fn sign_up(
    store: &Store,
    form: &SignUp,
    user_id: &UserId,
) -> Result<Account, AccountError> {
    form.validate()?;
    let email = normalize_email(&form.email);
    if store.account_by_email(&email).await?.is_some() {
        return Err(AccountError::Duplicate);
    }
    let password = form.password.clone();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| AccountError::Hashing(e.to_string()))??;
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

pub async fn sign_in(store: &Store, email: &str, password: &str) -> Result<Account, AccountError> {
    let account = store.account_by_email(&normalize_email(email)).await?;
    // Verify against a dummy hash when there is no such account, so both answers take as long.
    let stored = account
        .as_ref()
        .map_or_else(|| DUMMY_HASH.to_string(), |a| a.password_hash.clone());
    let password = password.to_string();
    let ok = tokio::task::spawn_blocking(move || verify_password(&password, &stored))
        .await
        .map_err(|e| AccountError::Hashing(e.to_string()))?;
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

    #[test]
    fn emails_normalize() {
        assert_eq!(normalize_email(" A@B.Co "), "a@b.co");
    }
}
