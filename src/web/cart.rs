//! Cart, checkout and order confirmation.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::context::Ctx;
use super::csrf::CsrfForm;
use super::error::WebError;
use super::views::{CardView, Header, product_path, redirect, render};
use crate::db::{Placed, PlacedOrder};
use crate::domain::{
    Cart, Feature, MAX_QUANTITY, Order, OrderId, Quantity, ShippingAddress, UserId,
};
use crate::events::{Event, EventType};
use crate::shop::cart::Edited;
use crate::shop::stock::Stock;
use crate::shop::{cart, checkout, orders};

/// The visitor's cart priced from the catalog; also refreshes the header's count.
pub async fn load_cart(ctx: &Ctx) -> Result<Cart, WebError> {
    let cart = cart::priced(
        &ctx.state.store,
        &ctx.state.catalog,
        &ctx.visitor.owner_id(),
    )
    .await?;
    ctx.session.set_cart_count(cart.units())?;
    Ok(cart)
}

/// Sets the header's cart count from `owner`'s cart: after the shopper's identity changes
/// (sign-in, emulating someone, back to themselves).
pub async fn refresh_cart_count(ctx: &Ctx, owner: &UserId) -> Result<(), WebError> {
    let units = cart::units(&ctx.state.store, owner).await?;
    ctx.session.set_cart_count(units)
}

pub struct LineView {
    pub card: CardView,
    pub quantity: i64,
    pub subtotal: String,
    /// Units left in the store: the most the quantity field offers (at most `MAX_QUANTITY`).
    pub left: i64,
}

impl LineView {
    /// The cart's lines as the cart and checkout pages show them.
    fn all(cart: &Cart, stock: &Stock) -> Vec<LineView> {
        cart.items
            .iter()
            .map(|i| LineView {
                card: CardView::new(&i.product, None),
                quantity: i.quantity,
                subtotal: i.subtotal().to_string(),
                left: stock.left(i.index).min(MAX_QUANTITY),
            })
            .collect()
    }

    /// The cart holds more than the store has: the order would be refused.
    pub fn short(&self) -> bool {
        self.quantity > self.left
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

pub async fn view_cart(ctx: Ctx) -> Result<HttpResponse, WebError> {
    let cart = load_cart(&ctx).await?;
    // Shown again after an update or a removal: that change has its own event.
    if !ctx.shown_again(CART) {
        ctx.track(
            Event::new(EventType::CartViewed, &ctx.visitor.actor(), None)
                .with_cart(&cart::totals(&cart))
                .with_lines(cart::event_lines(&cart)),
        )
        .await;
    }
    let page = CartPage {
        head: ctx.header(""),
        lines: LineView::all(&cart, &ctx.state.stock),
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
    let back = product_path(product);
    let quantity = match Quantity::parse(&form.quantity) {
        Ok(q) => q,
        Err(e) => {
            ctx.session.flash(&e.to_string())?;
            ctx.session.returning_to(&back)?;
            return Ok(redirect(&back));
        }
    };
    let edited = cart::add(
        &ctx.state.store,
        catalog,
        &ctx.visitor.buyer(),
        product,
        quantity,
        Feature::parse(&form.feature),
    )
    .await?;
    ctx.session.returning_to(&back)?;
    match edited {
        Edited::Changed { in_cart, change } => {
            record(&ctx, change)?;
            ctx.session.flash_with_link(
                &format!(
                    "Added {} × {} to your cart ({} in cart).",
                    quantity.get(),
                    product.name,
                    in_cart
                ),
                "View cart",
                CART,
            )?;
        }
        Edited::Short { left } => {
            ctx.state.stock.set(product.id.as_str(), left);
            ctx.session.flash(&not_enough(&product.name, left))?;
        }
        Edited::NotInCart => {}
    }
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
            ctx.session.returning_to(CART)?;
            return Ok(redirect(CART));
        }
    };
    let Some(product) = ctx.state.catalog.product(&form.product_id) else {
        ctx.session.flash("That item is not in your cart.")?;
        ctx.session.returning_to(CART)?;
        return Ok(redirect(CART));
    };
    let change = cart::set_quantity(
        &ctx.state.store,
        &ctx.state.catalog,
        &ctx.visitor.buyer(),
        product,
        quantity,
    )
    .await?;
    match change {
        Edited::Changed { in_cart, change } => {
            record(&ctx, change)?;
            ctx.session.flash(&format!(
                "Updated {}: {in_cart} in your cart.",
                product.name
            ))?;
        }
        Edited::Short { left } => {
            ctx.state.stock.set(product.id.as_str(), left);
            ctx.session.flash(&not_enough(&product.name, left))?;
        }
        Edited::NotInCart => ctx.session.flash("That item is not in your cart.")?,
    }
    ctx.session.returning_to(CART)?;
    Ok(redirect(CART))
}

#[derive(Deserialize)]
pub struct RemoveForm {
    product_id: String,
}

pub async fn remove(ctx: Ctx, form: CsrfForm<RemoveForm>) -> Result<HttpResponse, WebError> {
    let form = form.0;
    let (removed, change) = cart::remove(
        &ctx.state.store,
        &ctx.state.catalog,
        &ctx.visitor.buyer(),
        &form.product_id,
    )
    .await?;
    match removed {
        Some(product) => ctx
            .session
            .flash(&format!("Removed {} from your cart.", product.name))?,
        None => ctx.session.flash("That item is not in your cart.")?,
    }
    record(&ctx, change)?;
    ctx.session.returning_to(CART)?;
    Ok(redirect(CART))
}

/// What a shopper is told when the cart would hold more than the store has; nothing changed.
fn not_enough(name: &str, left: i64) -> String {
    match left {
        0 => format!("Sorry, {name} is out of stock; your cart was not changed."),
        1 => format!("Only 1 {name} is left; your cart was not changed."),
        n => format!("Only {n} of {name} are left; your cart was not changed."),
    }
}

/// The cart page, where its forms send the browser back.
const CART: &str = "/cart";

/// A cart change as the shopper sees it next: the header's count, and the change's event
/// (already stored with the change) for the live state and the outside services.
fn record(ctx: &Ctx, change: cart::CartChange) -> Result<(), WebError> {
    ctx.session.set_cart_count(change.cart.units())?;
    if let Some(event) = change.event {
        ctx.track_stored(event);
    }
    Ok(())
}

#[derive(Template)]
#[template(path = "checkout.html")]
pub struct CheckoutPage {
    pub head: Header,
    /// This form's key: posting it twice places one order.
    pub checkout_key: String,
    pub form: ShippingAddress,
    pub errors: Vec<String>,
    pub lines: Vec<LineView>,
    pub total: String,
}

impl CheckoutPage {
    fn new(
        ctx: &Ctx,
        checkout_key: String,
        cart: &Cart,
        form: ShippingAddress,
        errors: Vec<String>,
    ) -> Self {
        CheckoutPage {
            head: ctx.header(""),
            checkout_key,
            form,
            errors,
            lines: LineView::all(cart, &ctx.state.stock),
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
        return Ok(redirect(CART));
    }
    ctx.track(
        Event::new(EventType::CheckoutStarted, &ctx.visitor.actor(), None)
            .with_cart(&cart::totals(&cart))
            .with_lines(cart::event_lines(&cart)),
    )
    .await;
    let key = checkout::new_checkout_key();
    let page = CheckoutPage::new(&ctx, key, &cart, prefill(&ctx), Vec::new());
    render(&page)
}

/// The checkout form: the shipping address and the form's key.
#[derive(Deserialize)]
pub struct PlaceOrderForm {
    #[serde(default)]
    checkout_key: String,
    #[serde(flatten)]
    shipping: ShippingAddress,
}

pub async fn place_order(
    ctx: Ctx,
    form: CsrfForm<PlaceOrderForm>,
) -> Result<HttpResponse, WebError> {
    let PlaceOrderForm {
        checkout_key,
        shipping,
    } = form.0;
    let (shipping, mut errors) = shipping.checked();
    let checkout_key = if checkout::is_checkout_key(&checkout_key) {
        checkout_key
    } else {
        // An old or forged form: shown again with a key of its own, nothing placed.
        errors.push("Please review your order and place it again.".to_string());
        checkout::new_checkout_key()
    };
    if !errors.is_empty() {
        let cart = load_cart(&ctx).await?;
        let page = CheckoutPage::new(&ctx, checkout_key, &cart, shipping, errors);
        return Ok(HttpResponse::UnprocessableEntity()
            .content_type("text/html; charset=utf-8")
            .body(page.render()?));
    }
    let placed = checkout::place_order(
        &ctx.state.store,
        &ctx.state.catalog,
        &ctx.visitor.buyer(),
        &checkout_key,
        &shipping,
    )
    .await?;
    match placed {
        Placed::New(placed) => {
            let PlacedOrder {
                order,
                event,
                stock_left,
            } = *placed;
            for (product_id, left) in &stock_left {
                ctx.state.stock.set(product_id, *left);
            }
            ctx.track_stored(event);
            ctx.session.set_cart_count(0)?;
            Ok(redirect(&format!("/orders/{}", order.id)))
        }
        Placed::Short(short) => {
            // Nothing was sold: the cart is as it was, and says what to change.
            let catalog = &ctx.state.catalog;
            let mut message = String::from("Not placed: ");
            for (i, s) in short.iter().enumerate() {
                ctx.state.stock.set(&s.product_id, s.left);
                let name = catalog
                    .product(&s.product_id)
                    .map_or("an item", |p| p.name.as_str());
                if i > 0 {
                    message.push_str("; ");
                }
                message.push_str(&match s.left {
                    0 => format!("{name} sold out"),
                    n => format!("only {n} of {name} left (your cart has {})", s.wanted),
                });
            }
            message.push_str(". Change your cart and place the order again.");
            ctx.session.flash(&message)?;
            Ok(redirect(CART))
        }
        Placed::AlreadyPlaced(id) => {
            // Nothing changed: the cart may hold what was added since.
            refresh_cart_count(&ctx, &ctx.visitor.owner_id()).await?;
            ctx.session
                .flash("This order was already placed; here it is.")?;
            Ok(redirect(&format!("/orders/{id}")))
        }
        Placed::EmptyCart => {
            ctx.session.set_cart_count(0)?;
            ctx.session.flash("Your cart is empty.")?;
            Ok(redirect(CART))
        }
    }
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
    pub id: OrderId,
    pub placed: String,
    pub total: String,
    pub units: i64,
    pub shipping: ShippingAddress,
    pub lines: Vec<OrderLineView>,
}

impl OrderView {
    pub fn new(order: &Order, catalog: &crate::catalog::Catalog) -> Self {
        OrderView {
            id: order.id.clone(),
            placed: order
                .created_at
                .to_rfc3339()
                .chars()
                .take(16)
                .collect::<String>()
                .replace('T', " "),
            total: order.total.to_string(),
            units: order.units(),
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
    // Only the shopper who placed it may see it (under any of this browser's identities).
    let id = OrderId::from(path.into_inner());
    let order = orders::owned_by(&ctx.state.store, &id, &ctx.visitor.identities())
        .await?
        .ok_or(WebError::NotFound)?;
    let page = OrderPage {
        head: ctx.header(""),
        order: OrderView::new(&order, &ctx.state.catalog),
    };
    render(&page)
}
