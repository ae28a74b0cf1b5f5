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

/// Where signing in returns: the page the shopper came from if it is on this shop, never the
/// sign-in or sign-up page itself, else the home page.
fn return_to(next: &str) -> &str {
    super::views::local_path(next)
        .filter(|p| !p.starts_with("/signin") && !p.starts_with("/signup"))
        .unwrap_or("/")
}

fn page(status: actix_web::http::StatusCode, body: String) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body)
}

pub async fn signup_form(ctx: Ctx) -> Result<HttpResponse, WebError> {
    let p = SignUpPage {
        head: ctx.header(""),
        first_name: String::new(),
        last_name: String::new(),
        email: String::new(),
        errors: Vec::new(),
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
            Ok(redirect("/profile"))
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
