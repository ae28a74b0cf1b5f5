//! The catalog's products.yaml, read like the shop's loader (fields trimmed), but with
//! serde-saphyr's node/event/size budget lifted so a 1M-product file can be read.

use std::path::Path;

fn opts() -> serde_saphyr::Options {
    let many = usize::MAX;
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_reader_input_bytes: None,
            max_events: many,
            max_nodes: many,
            max_total_scalar_bytes: many,
        },
    }
}

/// The Retail Demo Store's product record, as the shop reads it.
pub type Product = rds_formats::RdsProduct;

pub fn load_products(dir: &Path) -> Vec<Product> {
    let text = std::fs::read_to_string(dir.join("products.yaml")).expect("read products.yaml");
    let mut p: Vec<Product> = serde_saphyr::from_str_with_options(&text, opts()).expect("products.yaml parses");
    for p in &mut p {
        // The shop's loader trims every text field.
        p.name = p.name.trim().to_string();
        p.category = p.category.trim().to_string();
        p.style = p.style.trim().to_string();
        p.description = p.description.trim().to_string();
    }
    p
}


/// This process's current resident set (VmRSS) in MB.
pub fn rss_mb() -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

unsafe extern "C" {
    fn malloc_trim(pad: usize) -> i32;
}

/// Give freed heap pages back to the OS (glibc), so that RSS deltas measure live data.
pub fn trim() {
    unsafe {
        malloc_trim(0);
    }
}
