//! The headers every response carries: a content security policy with no inline script,
//! framing refused, no MIME sniffing, a referrer policy; and for caches, `no-store` on the
//! personal pages (cart, checkout, orders, profile, accounts, the presenter's and operator's
//! pages) and `private, no-cache` on the other pages, which name the shopper in their header
//! but may stay in the browser's back/forward cache (going back must not ask the shop again,
//! or it would record a view nobody made).

use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, HeaderName, HeaderValue, REFERRER_POLICY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};

/// Scripts, styles, pictures and forms from the shop itself only; never framed.
pub const CONTENT_SECURITY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
    base-uri 'none'; object-src 'none'";

static PERMISSIONS_POLICY: HeaderName = HeaderName::from_static("permissions-policy");
static OPENER_POLICY: HeaderName = HeaderName::from_static("cross-origin-opener-policy");

/// Pages with what no one else may see, kept nowhere.
const PERSONAL: [&str; 10] = [
    "/cart",
    "/checkout",
    "/orders",
    "/profile",
    "/signin",
    "/signup",
    "/signout",
    "/events",
    "/experiments",
    "/analytics",
];

fn is_personal(path: &str) -> bool {
    PERSONAL.iter().any(|p| {
        path.strip_prefix(p)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// The middleware (`App::wrap_fn(headers::secure)`).
pub fn secure<S, B>(
    req: ServiceRequest,
    service: &S,
) -> impl Future<Output = Result<ServiceResponse<B>, actix_web::Error>> + use<S, B>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
{
    let personal = is_personal(req.path());
    let response = service.call(req);
    async move {
        let mut response = response.await?;
        let headers = response.headers_mut();
        let fixed = [
            (CONTENT_SECURITY_POLICY, CONTENT_SECURITY),
            (X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (X_FRAME_OPTIONS, "DENY"),
            (REFERRER_POLICY, "strict-origin-when-cross-origin"),
            (
                PERMISSIONS_POLICY.clone(),
                "camera=(), microphone=(), geolocation=(), payment=()",
            ),
            (OPENER_POLICY.clone(), "same-origin"),
        ];
        for (name, value) in fixed {
            headers.insert(name, HeaderValue::from_static(value));
        }
        // Assets say how long they keep; pages are the shopper's.
        if !headers.contains_key(CACHE_CONTROL) {
            let policy = if personal {
                "no-store"
            } else {
                "private, no-cache"
            };
            headers.insert(CACHE_CONTROL, HeaderValue::from_static(policy));
        }
        Ok(response)
    }
}
