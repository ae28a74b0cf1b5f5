//! The shop's rules, between the handlers (which extract and render) and the store: who a
//! shopper is and what carries over when they sign up or in.

pub mod identity;
