//! Cart, checkout and order confirmation.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::context::Ctx;
use super::csrf::CsrfForm;
use super::error::WebError;
use super::shop::known_feature;
use super::views::{CardView, Header, redirect, render, url_encode};
use crate::db::{OrderLine, ShippingAddress};
use crate::domain::{Cart, CartItem, Quantity};
use crate::events::{CartTotals, Event, EventType, order_line_json};

/// The visitor's cart priced from the catalog; also refreshes the header's count. Lines whose
/// product left the catalog are not shown.
pub async fn load_cart(ctx: &Ctx) -> Result<Cart, WebError> {
    let catalog = &ctx.state.catalog;
    let lines = ctx.state.store.cart_lines(ctx.visitor.user_id()).await?;
    let items: Vec<CartItem> = lines
        .into_iter()
        .filter_map(|l| {
            let index = catalog.index_of(&l.product_id)?;
            Some(CartItem {
                index,
                product: catalog.at(index).clone(),
                quantity: l.quantity,
            })
        })
        .collect();
    let cart = Cart { items };
    ctx.session.set_cart_count(cart.units())?;
    Ok(cart)
}

/// Sets the header's cart count from `user_id`'s cart: after the shopper's identity changes
/// (sign-in, emulating someone, back to themselves).
pub async fn refresh_cart_count(ctx: &Ctx, user_id: &str) -> Result<(), WebError> {
    let lines = ctx.state.store.cart_lines(user_id).await?;
    ctx.session
        .set_cart_count(lines.iter().map(|l| l.quantity).sum())
}

pub fn totals(cart: &Cart) -> CartTotals {
    CartTotals {
        total: cart.total(),
        quantity: cart.units(),
        lines: cart.items.len() as i64,
    }
}

pub struct LineView {
    pub card: CardView,
    pub quantity: i64,
    pub subtotal: String,
}

impl LineView {
    /// The cart's lines as the cart and checkout pages show them.
    fn all(cart: &Cart) -> Vec<LineView> {
        cart.items
            .iter()
            .map(|i| LineView {
                card: CardView::new(&i.product, None),
                quantity: i.quantity,
                subtotal: i.subtotal().to_string(),
            })
            .collect()
    }
}

#[derive(Template)]
#[template(path = "cart.html")]
pub struct CartPage {
    pub head: Header,
    pub lines: Vec<LineView>,
    pub total: String,
    pub units: i64,
}

/// The cart's lines as cart, checkout and order events carry them (Personalize gets one
/// interaction per line).
fn lines_json(cart: &Cart) -> Vec<serde_json::Value> {
    cart.items
        .iter()
        .map(|i| {
            let p = &i.product;
            order_line_json(p.id.as_str(), &p.name, &p.category, p.price, i.quantity)
        })
        .collect()
}

pub async fn view_cart(ctx: Ctx) -> Result<HttpResponse, WebError> {
    let cart = load_cart(&ctx).await?;
    ctx.track(
        Event::new(EventType::CartViewed, &ctx.visitor.actor(), None)
            .with_cart(&totals(&cart))
            .with("lines", lines_json(&cart)),
    );
    let page = CartPage {
        head: ctx.header(""),
        lines: LineView::all(&cart),
        total: cart.total().to_string(),
        units: cart.units(),
    };
    render(&page)
}

#[derive(Deserialize)]
pub struct AddForm {
    product_id: String,
    #[serde(default)]
    quantity: String,
    #[serde(default)]
    feature: String,
}

pub async fn add(ctx: Ctx, form: CsrfForm<AddForm>) -> Result<HttpResponse, WebError> {
    let form = form.0;
    let catalog = &ctx.state.catalog;
    let product = catalog
        .product(&form.product_id)
        .ok_or(WebError::NotFound)?;
    let back = format!("/product/{}", url_encode(product.id.as_str()));
    let quantity = match Quantity::parse(&form.quantity) {
        Ok(q) => q,
        Err(e) => {
            ctx.session.flash(&e.to_string())?;
            return Ok(redirect(&back));
        }
    };
    let user = ctx.visitor.user_id().to_string();
    let now_in_cart = ctx
        .state
        .store
        .add_to_cart(&user, product.id.as_str(), quantity.get())
        .await?;
    let cart = load_cart(&ctx).await?;
    ctx.track(
        Event::product(
            EventType::ProductAdded,
            &ctx.visitor.actor(),
            product,
            known_feature(Some(&form.feature)),
        )
        .with("quantity", quantity.get())
        .with_cart(&totals(&cart)),
    );
    ctx.session.flash(&format!(
        "Added {} × {} to your cart ({} in cart).",
        quantity.get(),
        product.name,
        now_in_cart
    ))?;
    Ok(redirect(&back))
}

#[derive(Deserialize)]
pub struct UpdateForm {
    product_id: String,
    #[serde(default)]
    quantity: String,
}

pub async fn update(ctx: Ctx, form: CsrfForm<UpdateForm>) -> Result<HttpResponse, WebError> {
    let form = form.0;
    let quantity = match Quantity::parse(&form.quantity) {
        Ok(q) => q,
        Err(e) => {
            ctx.session.flash(&e.to_string())?;
            return Ok(redirect("/cart"));
        }
    };
    let Some(product) = ctx.state.catalog.product(&form.product_id) else {
        ctx.session.flash("That item is not in your cart.")?;
        return Ok(redirect("/cart"));
    };
    let previous = ctx
        .state
        .store
        .set_cart_quantity(ctx.visitor.user_id(), product.id.as_str(), quantity.get())
        .await?;
    let Some(previous) = previous else {
        ctx.session.flash("That item is not in your cart.")?;
        return Ok(redirect("/cart"));
    };
    let cart = load_cart(&ctx).await?;
    if previous != quantity.get() {
        ctx.track(
            Event::product(
                EventType::ProductQuantityUpdated,
                &ctx.visitor.actor(),
                product,
                None,
            )
            .with("quantity", quantity.get())
            .with("previousQuantity", previous)
            .with_cart(&totals(&cart)),
        );
    }
    Ok(redirect("/cart"))
}

#[derive(Deserialize)]
pub struct RemoveForm {
    product_id: String,
}

pub async fn remove(ctx: Ctx, form: CsrfForm<RemoveForm>) -> Result<HttpResponse, WebError> {
    let form = form.0;
    let removed = ctx
        .state
        .store
        .remove_from_cart(ctx.visitor.user_id(), &form.product_id)
        .await?;
    let cart = load_cart(&ctx).await?;
    match (removed, ctx.state.catalog.product(&form.product_id)) {
        (Some(quantity), Some(product)) => {
            ctx.track(
                Event::product(
                    EventType::ProductRemoved,
                    &ctx.visitor.actor(),
                    product,
                    None,
                )
                .with("quantity", quantity)
                .with_cart(&totals(&cart)),
            );
            ctx.session
                .flash(&format!("Removed {} from your cart.", product.name))?;
        }
        _ => ctx.session.flash("That item is not in your cart.")?,
    }
    Ok(redirect("/cart"))
}

#[derive(Deserialize, Default, Clone)]
pub struct ShippingForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    address1: String,
    #[serde(default)]
    address2: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    zipcode: String,
    #[serde(default)]
    country: String,
}

#[derive(Template)]
#[template(path = "checkout.html")]
pub struct CheckoutPage {
    pub head: Header,
    pub form: ShippingAddress,
    pub errors: Vec<String>,
    pub lines: Vec<LineView>,
    pub total: String,
}

impl CheckoutPage {
    fn new(ctx: &Ctx, cart: &Cart, form: ShippingAddress, errors: Vec<String>) -> Self {
        CheckoutPage {
            head: ctx.header(""),
            form,
            errors,
            lines: LineView::all(cart),
            total: cart.total().to_string(),
        }
    }
}

/// The shipping form starts from what the shop knows: the emulated shopper's default address,
/// or the account's name.
fn prefill(ctx: &Ctx) -> ShippingAddress {
    if let Some(s) = &ctx.visitor.emulated {
        let a = s.default_address.clone().unwrap_or_default();
        return ShippingAddress {
            name: s.full_name(),
            email: s.email.clone(),
            address1: a.address1,
            address2: a.address2,
            city: a.city,
            state: a.state,
            zipcode: a.zipcode,
            country: if a.country.is_empty() {
                "US".into()
            } else {
                a.country
            },
        };
    }
    let mut form = ShippingAddress {
        country: "US".into(),
        ..Default::default()
    };
    if let Some(a) = &ctx.visitor.account {
        form.name = a.first_name.clone();
    }
    form
}

pub async fn checkout_form(ctx: Ctx) -> Result<HttpResponse, WebError> {
    let cart = load_cart(&ctx).await?;
    if cart.is_empty() {
        ctx.session.flash("Your cart is empty.")?;
        return Ok(redirect("/cart"));
    }
    ctx.track(
        Event::new(EventType::CheckoutStarted, &ctx.visitor.actor(), None)
            .with_cart(&totals(&cart))
            .with("lines", lines_json(&cart)),
    );
    let page = CheckoutPage::new(&ctx, &cart, prefill(&ctx), Vec::new());
    render(&page)
}

/// The cleaned address and what is wrong with it (nothing, when the list is empty).
fn validate(form: ShippingForm) -> (ShippingAddress, Vec<String>) {
    let clean = |s: String| s.trim().chars().take(200).collect::<String>();
    let address = ShippingAddress {
        name: clean(form.name),
        email: clean(form.email),
        address1: clean(form.address1),
        address2: clean(form.address2),
        city: clean(form.city),
        state: clean(form.state),
        zipcode: clean(form.zipcode),
        country: clean(form.country),
    };
    let mut errors = Vec::new();
    for (value, label) in [
        (&address.name, "Name"),
        (&address.address1, "Address"),
        (&address.city, "City"),
        (&address.state, "State"),
        (&address.zipcode, "ZIP code"),
        (&address.country, "Country"),
    ] {
        if value.is_empty() {
            errors.push(format!("{label} is required."));
        }
    }
    if !super::account::looks_like_email(&address.email) {
        errors.push("Please enter a valid email address.".into());
    }
    (address, errors)
}

pub async fn place_order(ctx: Ctx, form: CsrfForm<ShippingForm>) -> Result<HttpResponse, WebError> {
    let cart = load_cart(&ctx).await?;
    if cart.is_empty() {
        ctx.session.flash("Your cart is empty.")?;
        return Ok(redirect("/cart"));
    }
    let (shipping, errors) = validate(form.0);
    if !errors.is_empty() {
        let page = CheckoutPage::new(&ctx, &cart, shipping, errors);
        return Ok(HttpResponse::UnprocessableEntity()
            .content_type("text/html; charset=utf-8")
            .body(page.render()?));
    }
    let lines: Vec<OrderLine> = cart
        .items
        .iter()
        .map(|i| OrderLine {
            product_id: i.product.id.0.clone(),
            name: i.product.name.clone(),
            category: i.product.category.clone(),
            price: i.product.price,
            quantity: i.quantity,
        })
        .collect();
    let order_id = super::session::new_token()[..12].to_string();
    let user_id = ctx.visitor.user_id().to_string();
    let order = ctx
        .state
        .store
        .place_order(&crate::db::NewOrder {
            id: &order_id,
            user_id: &user_id,
            lines: &lines,
            shipping: &shipping,
        })
        .await?;
    let line_json: Vec<serde_json::Value> = order
        .lines
        .iter()
        .map(|l| order_line_json(&l.product_id, &l.name, &l.category, l.price, l.quantity))
        .collect();
    ctx.track(
        Event::new(EventType::OrderCompleted, &ctx.visitor.actor(), None)
            .with("orderId", order.id.as_str())
            .with("orderTotal", order.total.dollars())
            .with("lines", line_json)
            .with_cart(&totals(&cart)),
    );
    ctx.session.set_cart_count(0)?;
    Ok(redirect(&format!("/orders/{}", order.id)))
}

pub struct OrderLineView {
    pub product_id: String,
    pub name: String,
    pub quantity: i64,
    pub price: String,
    pub subtotal: String,
    pub in_catalog: bool,
}

pub struct OrderView {
    pub id: String,
    pub placed: String,
    pub total: String,
    pub units: i64,
    pub shipping: ShippingAddress,
    pub lines: Vec<OrderLineView>,
}

impl OrderView {
    pub fn new(order: &crate::db::Order, catalog: &crate::catalog::Catalog) -> Self {
        OrderView {
            id: order.id.clone(),
            placed: crate::clock::format_rfc3339(order.created_at_micros)
                .chars()
                .take(16)
                .collect::<String>()
                .replace('T', " "),
            total: order.total.to_string(),
            units: order.lines.iter().map(|l| l.quantity).sum(),
            shipping: order.shipping.clone(),
            lines: order
                .lines
                .iter()
                .map(|l| OrderLineView {
                    product_id: l.product_id.clone(),
                    name: l.name.clone(),
                    quantity: l.quantity,
                    price: l.price.to_string(),
                    subtotal: l.subtotal().to_string(),
                    in_catalog: catalog.product(&l.product_id).is_some(),
                })
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "order.html")]
pub struct OrderPage {
    pub head: Header,
    pub order: OrderView,
}

pub async fn order(ctx: Ctx, path: web::Path<String>) -> Result<HttpResponse, WebError> {
    let order = ctx
        .state
        .store
        .order(&path)
        .await?
        .ok_or(WebError::NotFound)?;
    // Only the shopper who placed it may see it (under any of this browser's identities).
    let v = &ctx.visitor;
    let mine = order.user_id == v.user_id()
        || order.user_id == v.anonymous_id
        || v.account
            .as_ref()
            .is_some_and(|a| a.user_id == order.user_id);
    if !mine {
        return Err(WebError::NotFound);
    }
    let page = OrderPage {
        head: ctx.header(""),
        order: OrderView::new(&order, &ctx.state.catalog),
    };
    render(&page)
}
