//! The profile page: the presenter's "emulate a shopper" and the shopper's order history.

use actix_web::HttpResponse;
use askama::Template;
use serde::Deserialize;

use super::cart::OrderView;
use super::context::Ctx;
use super::csrf::CsrfForm;
use super::error::WebError;
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
            gender: match s.gender {
                Some(crate::domain::Gender::Female) => "Female".into(),
                Some(crate::domain::Gender::Male) => "Male".into(),
                None => "—".into(),
            },
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

pub struct Choice {
    pub value: String,
    pub label: String,
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
                value: c,
            })
            .collect(),
        ages: AGE_RANGES
            .iter()
            .map(|r| Choice {
                value: r.key.to_string(),
                label: r.key.to_string(),
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
    ctx.session.set_emulated(Some(&shopper.id))?;
    ctx.session.set_candidate(None)?;
    super::cart::refresh_cart_count(&ctx, &ctx.visitor.owner_emulating(&shopper.id)).await?;
    ctx.session.flash(&format!(
        "You are now shopping as {} ({}).",
        shopper.full_name(),
        shopper.persona.label()
    ))?;
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
