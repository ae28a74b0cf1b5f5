//! The profile page: the presenter's "emulate a shopper" and the shopper's order history.

use actix_web::HttpResponse;
use askama::Template;
use serde::Deserialize;

use super::cart::OrderView;
use super::context::Ctx;
use super::csrf::CsrfForm;
use super::error::WebError;
use super::session::ShopperChoice;
use super::views::{Header, redirect, render};
use crate::catalog::{AGE_RANGES, AgeRange};
use crate::domain::{Category, Shopper, UserId};
use crate::shop::{identity, orders};

pub struct ShopperView {
    pub id: UserId,
    pub name: String,
    pub age: i64,
    pub gender: String,
    pub persona: String,
    pub persona_label: String,
    pub discount_persona: String,
    pub city: String,
}

impl From<&Shopper> for ShopperView {
    fn from(s: &Shopper) -> Self {
        ShopperView {
            id: s.id.clone(),
            name: s.full_name(),
            age: s.age,
            gender: s.gender.map_or("—".into(), |g| capitalised(g.of_person())),
            persona: s.persona.as_str().to_string(),
            persona_label: s.persona.label().to_string(),
            discount_persona: s.discount_persona.replace('_', " "),
            city: s
                .default_address
                .as_ref()
                .map(|a| format!("{}, {}", a.city, a.state))
                .unwrap_or_default(),
        }
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

pub struct Choice {
    pub value: String,
    pub label: String,
    /// The choice the presenter made last (the page keeps it selected).
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "profile.html")]
pub struct ProfilePage {
    pub head: Header,
    pub account_email: Option<String>,
    pub account_name: Option<String>,
    pub emulated: Option<ShopperView>,
    pub candidate: Option<ShopperView>,
    pub interests: Vec<Choice>,
    pub ages: Vec<Choice>,
    pub orders: Vec<OrderView>,
    pub user_id: UserId,
}

pub async fn profile(ctx: Ctx) -> Result<HttpResponse, WebError> {
    // The emulation form keeps the presenter's last choice for as long as the session lasts.
    let choice = ctx.session.shopper_choice().unwrap_or_default();
    let state = &ctx.state;
    let account = match &ctx.visitor.account {
        Some(a) => identity::account(&state.store, a.account_id).await?,
        None => None,
    };
    let orders = orders::recent(&state.store, &ctx.visitor.owner_id()).await?;
    let candidate = ctx
        .session
        .candidate()
        .and_then(|id| state.shoppers.get(id.as_str()))
        .map(|s| ShopperView::from(&**s));
    let page = ProfilePage {
        head: ctx.header(""),
        account_email: account.as_ref().map(|a| a.email.clone()),
        account_name: account.as_ref().map(|a| {
            format!("{} {}", a.first_name, a.last_name)
                .trim()
                .to_string()
        }),
        emulated: ctx.visitor.emulated.as_deref().map(ShopperView::from),
        candidate,
        interests: state
            .shoppers
            .primary_interests()
            .into_iter()
            .map(|c| Choice {
                label: Category::display_name(&c),
                selected: c == choice.interest,
                value: c,
            })
            .collect(),
        ages: AGE_RANGES
            .iter()
            .map(|r| Choice {
                value: r.key.to_string(),
                label: r.key.to_string(),
                selected: r.key == choice.age,
            })
            .collect(),
        orders: orders
            .iter()
            .map(|o| OrderView::new(o, &state.catalog))
            .collect(),
        user_id: ctx.visitor.user_id().clone(),
    };
    render(&page)
}

#[derive(Deserialize)]
pub struct SelectForm {
    #[serde(default)]
    mode: String,
    #[serde(default)]
    interest: String,
    #[serde(default)]
    age: String,
}

/// Shows a shopper to emulate (not yet saved): any shopper for "auto select", else one whose
/// primary interest and age match.
pub async fn select(ctx: Ctx, form: CsrfForm<SelectForm>) -> Result<HttpResponse, WebError> {
    let form = form.0;
    let shoppers = &ctx.state.shoppers;
    // What the form is shown with next time: known values only ("Auto select" starts over).
    let choice = if form.mode == "auto" {
        ShopperChoice::default()
    } else {
        ShopperChoice {
            interest: shoppers
                .primary_interests()
                .into_iter()
                .find(|c| *c == form.interest)
                .unwrap_or_default(),
            age: AgeRange::parse(&form.age)
                .map(|r| r.key.to_string())
                .unwrap_or_default(),
        }
    };
    ctx.session.set_shopper_choice(&choice)?;
    let roll = uuid::Uuid::new_v4().as_u64_pair().0;
    let picked = if form.mode == "auto" {
        shoppers.pick(None, None, roll)
    } else {
        let interest = (!form.interest.is_empty()).then_some(form.interest.as_str());
        let age = if form.age.is_empty() {
            None
        } else {
            if let Some(r) = AgeRange::parse(&form.age) {
                Some(r)
            } else {
                ctx.session
                    .flash("Please choose one of the listed age ranges.")?;
                return Ok(redirect("/profile"));
            }
        };
        shoppers.pick(interest, age, roll)
    };
    match picked {
        Some(s) => ctx.session.set_candidate(Some(&s.id))?,
        None => ctx
            .session
            .flash("No shopper matches that interest and age range. Try another combination.")?,
    }
    Ok(redirect("/profile#emulate"))
}

#[derive(Deserialize)]
pub struct SwitchForm {
    /// The page to return to (a path on this shop; anything else returns home).
    #[serde(default)]
    back: String,
}

/// The banner's "Switch shopper": emulate another shopper at once, one whose first interest
/// differs from the current one's (so the shelves visibly change), and stay on the page.
pub async fn switch(ctx: Ctx, form: CsrfForm<SwitchForm>) -> Result<HttpResponse, WebError> {
    let shoppers = &ctx.state.shoppers;
    let current = ctx.visitor.emulated.as_deref();
    let roll = uuid::Uuid::new_v4().as_u64_pair().0;
    let Some(shopper) = shoppers.pick_other(current, roll) else {
        ctx.session
            .flash("There is no other shopper to switch to.")?;
        return Ok(redirect("/profile#emulate"));
    };
    let shopper = shopper.clone();
    emulate(&ctx, &shopper).await?;
    let back = super::views::local_path(&form.0.back).unwrap_or("/");
    Ok(redirect(back))
}

/// The session shops as `shopper` from now on, with their cart, and says so.
async fn emulate(ctx: &Ctx, shopper: &Shopper) -> Result<(), WebError> {
    ctx.session.set_emulated(Some(&shopper.id))?;
    ctx.session.set_candidate(None)?;
    super::cart::refresh_cart_count(ctx, &ctx.visitor.owner_emulating(&shopper.id)).await?;
    ctx.session.flash(&format!(
        "You are now shopping as {} ({}, interested in {}).",
        shopper.full_name(),
        shopper.age,
        shopper.persona.in_words().to_lowercase()
    ))?;
    Ok(())
}

#[derive(Deserialize)]
pub struct SaveForm {
    #[serde(default)]
    shopper_id: String,
}

/// "Save Changes": the session now shops as the chosen shopper.
pub async fn save(ctx: Ctx, form: CsrfForm<SaveForm>) -> Result<HttpResponse, WebError> {
    let Some(shopper) = ctx.state.shoppers.get(&form.0.shopper_id) else {
        ctx.session.flash("Please choose a shopper first.")?;
        return Ok(redirect("/profile"));
    };
    emulate(&ctx, shopper).await?;
    Ok(redirect("/"))
}

/// Back to the plain profile: stop emulating.
pub async fn reset(
    ctx: Ctx,
    _form: CsrfForm<super::account::Empty>,
) -> Result<HttpResponse, WebError> {
    ctx.session.set_emulated(None)?;
    ctx.session.set_candidate(None)?;
    super::cart::refresh_cart_count(&ctx, ctx.visitor.own_id()).await?;
    ctx.session.flash("You are shopping as yourself again.")?;
    Ok(redirect("/profile"))
}
