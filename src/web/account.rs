//! Sign up, sign in, sign out.

use actix_web::HttpResponse;
use askama::Template;
use serde::Deserialize;

use super::context::Ctx;
use super::csrf::CsrfForm;
use super::error::WebError;
use super::session::SignedIn;
use super::views::{Header, redirect};
use crate::accounts::{AccountError, SignUp, normalize_email};
use crate::db::Account;
use crate::shop::identity::{self, Entered};

#[derive(Template)]
#[template(path = "signup.html")]
pub struct SignUpPage {
    pub head: Header,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub errors: Vec<String>,
    /// Where signing up returns to (empty: the profile).
    pub next: String,
}

#[derive(Template)]
#[template(path = "signin.html")]
pub struct SignInPage {
    pub head: Header,
    pub email: String,
    pub error: Option<String>,
    /// Where signing in returns to (a path on this shop).
    pub next: String,
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

/// Where signing in returns: the page the shopper came from if it is a page on this shop, else
/// the home page. Never the account forms themselves, nor a path only a form posts to
/// (`/signout`, `/profile/switch`: a GET there is a 405), however it is spelled (`/%73ignin`).
fn return_to(next: &str) -> &str {
    const NOT_PAGES: [&str; 5] = ["/signin", "/signup", "/signout", "/profile/", "/cart/"];
    super::views::local_path(next)
        .filter(|p| {
            let path = p.split(['?', '#']).next().unwrap_or("");
            let decoded = percent_decoded(path).to_ascii_lowercase();
            !NOT_PAGES.iter().any(|n| decoded.starts_with(n))
        })
        .unwrap_or("/")
}

/// Where a new account lands: the page sign-up was opened from, else the profile (where the
/// account is shown).
fn signed_up_to(next: &str) -> &str {
    match return_to(next) {
        "/" => "/profile",
        page => page,
    }
}

/// `%XX` escapes decoded (a broken escape is kept as it is).
fn percent_decoded(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut k = 0;
    while k < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[k] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(k + 1).copied().and_then(hex),
                bytes.get(k + 2).copied().and_then(hex),
            )
        {
            out.push((hi * 16 + lo) as u8);
            k += 3;
        } else {
            out.push(bytes[k]);
            k += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn page(status: actix_web::http::StatusCode, body: String) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body)
}

pub async fn signup_form(
    ctx: Ctx,
    query: actix_web::web::Query<NextQuery>,
) -> Result<HttpResponse, WebError> {
    let p = SignUpPage {
        head: ctx.header(""),
        first_name: String::new(),
        last_name: String::new(),
        email: String::new(),
        errors: Vec::new(),
        next: signed_up_to(&query.next).to_string(),
    };
    Ok(page(actix_web::http::StatusCode::OK, p.render()?))
}

#[derive(Deserialize)]
pub struct SignUpForm {
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
    #[serde(default)]
    next: String,
}

pub async fn signup(ctx: Ctx, form: CsrfForm<SignUpForm>) -> Result<HttpResponse, WebError> {
    let form = form.0;
    let input = SignUp {
        first_name: form.first_name,
        last_name: form.last_name,
        email: form.email,
        password: form.password,
        password_confirm: form.password_confirm,
    };
    ctx.state.limits.from_address(ctx.peer)?;
    let signed_up = identity::sign_up(
        &ctx.state.store,
        &ctx.state.tracker,
        &ctx.state.hashing,
        &input,
        &ctx.visitor.anonymous_id,
    );
    match signed_up.await {
        Ok(entered) => {
            let account = start_session(&ctx, entered).await?;
            ctx.session.flash(&format!(
                "Welcome, {}! Your account is ready.",
                account.first_name
            ))?;
            Ok(redirect(signed_up_to(&form.next)))
        }
        Err(AccountError::Store(e)) => Err(e.into()),
        Err(AccountError::Hashing(e)) => Err(WebError::internal(e)),
        Err(busy @ AccountError::Busy) => Err(WebError::TooManyRequests(busy.to_string())),
        Err(e) => {
            let errors = match e {
                AccountError::Invalid(errors) => errors,
                other => vec![other.to_string()],
            };
            let p = SignUpPage {
                head: ctx.header(""),
                next: signed_up_to(&form.next).to_string(),
                first_name: input.first_name,
                last_name: input.last_name,
                email: input.email,
                errors,
            };
            Ok(page(
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                p.render()?,
            ))
        }
    }
}

pub async fn signin_form(
    ctx: Ctx,
    query: actix_web::web::Query<NextQuery>,
) -> Result<HttpResponse, WebError> {
    let p = SignInPage {
        head: ctx.header(""),
        email: String::new(),
        error: None,
        next: return_to(&query.next).to_string(),
    };
    Ok(page(actix_web::http::StatusCode::OK, p.render()?))
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn signin(ctx: Ctx, form: CsrfForm<SignInForm>) -> Result<HttpResponse, WebError> {
    let form = form.0;
    ctx.state
        .limits
        .sign_in(&normalize_email(&form.email), ctx.peer)?;
    let signed_in = identity::sign_in(
        &ctx.state.store,
        &ctx.state.tracker,
        &ctx.state.hashing,
        &form.email,
        &form.password,
        &ctx.visitor.anonymous_id,
    );
    match signed_in.await {
        Ok(entered) => {
            let account = start_session(&ctx, entered).await?;
            ctx.session
                .flash(&format!("Welcome back, {}!", account.first_name))?;
            Ok(redirect(return_to(&form.next)))
        }
        Err(AccountError::Store(e)) => Err(e.into()),
        Err(AccountError::Hashing(e)) => Err(WebError::internal(e)),
        Err(busy @ AccountError::Busy) => Err(WebError::TooManyRequests(busy.to_string())),
        Err(e) => {
            let p = SignInPage {
                head: ctx.header(""),
                next: return_to(&form.next).to_string(),
                email: form.email,
                error: Some(e.to_string()),
            };
            Ok(page(actix_web::http::StatusCode::UNAUTHORIZED, p.render()?))
        }
    }
}

/// Signs the account in on a renewed session; emulation ends, the cart count follows the
/// account.
#[cfg(test)]
mod tests {
    use super::return_to;

    #[test]
    fn signing_in_returns_only_to_pages() {
        assert_eq!(
            return_to("/category/jewelry?page=2"),
            "/category/jewelry?page=2"
        );
        assert_eq!(return_to("/profile"), "/profile");
        for not_a_page in [
            "/signin",
            "/%73ignin",
            "/SIGNUP",
            "/signout",
            "/profile/switch",
            "/cart/add",
            "//evil.example",
        ] {
            assert_eq!(return_to(not_a_page), "/", "{not_a_page}");
        }
    }
}

async fn start_session(ctx: &Ctx, entered: Entered) -> Result<Account, WebError> {
    let Entered { account, adopted } = entered;
    // The experiments' assignments follow the anonymous browser into the account, as its
    // events and cart just did.
    if adopted {
        ctx.state
            .experiments
            .adopt(&ctx.visitor.anonymous_id, &account.user_id);
    }
    ctx.session.sign_in(&SignedIn {
        account_id: account.id,
        user_id: account.user_id.clone(),
        first_name: account.first_name.clone(),
        generation: account.session_generation,
    })?;
    ctx.session.set_emulated(None)?;
    ctx.session.set_candidate(None)?;
    super::cart::refresh_cart_count(ctx, &account.user_id).await?;
    Ok(account)
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn signout(ctx: Ctx, _form: CsrfForm<Empty>) -> Result<HttpResponse, WebError> {
    if let Some(account) = &ctx.visitor.account {
        identity::sign_out(&ctx.state.store, account.account_id).await?;
    }
    ctx.session.sign_out()?;
    ctx.session.flash("You have signed out.")?;
    Ok(redirect("/"))
}
