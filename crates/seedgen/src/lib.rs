//! A deterministic generator of the store's own seed data: 16 categories, 2,400 products and
//! 6,000 shoppers in the Retail Demo Store's file formats.
//!
//! All vocabulary and sentence templates are written here (`vocab_*`, `words`, `people`); the
//! generator only recombines them with [`seeded_rng::Rng`], so the same seed gives byte-identical
//! files on every machine. Each part draws from its own named sub-stream, so changing the shopper
//! generator does not reshuffle the catalog (and one category does not shift another).

mod people;
mod products;
mod shoppers;
mod spec;
mod vocab_a;
mod vocab_b;
mod vocab_c;
mod vocab_d;
mod words;

#[cfg(test)]
mod tests;

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use rds_formats::{RdsCategory, RdsProduct, RdsUser};

/// Everything `write_seeds` writes.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratedSeeds {
    pub categories: Vec<RdsCategory>,
    pub products: Vec<RdsProduct>,
    pub users: Vec<RdsUser>,
}

/// The seed of the files shipped in `seeds/`.
pub const DEFAULT_SEED: u64 = 20_261_121;

/// How much to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    pub products: usize,
    pub shoppers: usize,
}

impl Sizes {
    /// The shop's own seeds (`seeds/`).
    pub const SEEDS: Sizes = Sizes {
        products: 16 * products::PRODUCTS_PER_CATEGORY,
        shoppers: shoppers::USER_COUNT,
    };
}

/// What the generator is doing, for a progress bar: a part starts with its size, then each
/// item made is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Start { part: &'static str, total: usize },
    Made(usize),
}

/// Generates categories, products and shoppers for `seed`, at the seeds' sizes.
pub fn generate(seed: u64) -> GeneratedSeeds {
    generate_sized(seed, Sizes::SEEDS, &|_| {})
}

/// Generates `sizes` products and shoppers for `seed`. At the seeds' sizes it is exactly
/// [`generate`]; a larger catalog draws from the same model (categories, styles, prices, stock,
/// personas), so what holds of the seeds holds of it.
pub fn generate_sized(
    seed: u64,
    sizes: Sizes,
    progress: &(dyn Fn(Progress) + Sync),
) -> GeneratedSeeds {
    let specs = spec::all();
    let made = |n| progress(Progress::Made(n));
    progress(Progress::Start {
        part: "products",
        total: sizes.products,
    });
    let products = products::products(seed, &specs, sizes.products, &made);
    progress(Progress::Start {
        part: "shoppers",
        total: sizes.shoppers,
    });
    let users = shoppers::users(seed, sizes.shoppers, &made);
    GeneratedSeeds {
        categories: products::categories(&specs),
        products,
        users,
    }
}

/// Writes categories.yaml, products.yaml and users.json.gz into `dir` (creating it); byte-identical
/// output for the same seed.
pub fn write_seeds(dir: &Path, seed: u64) -> io::Result<()> {
    write_sized(dir, seed, Sizes::SEEDS, &|_| {})
}

/// [`write_seeds`] at any size.
pub fn write_sized(
    dir: &Path,
    seed: u64,
    sizes: Sizes,
    progress: &(dyn Fn(Progress) + Sync),
) -> io::Result<()> {
    let seeds = generate_sized(seed, sizes, progress);
    fs::create_dir_all(dir)?;
    fs::write(dir.join("categories.yaml"), yaml(&seeds.categories)?)?;
    fs::write(dir.join("products.yaml"), yaml(&seeds.products)?)?;
    fs::write(dir.join("users.json.gz"), users_gz(&seeds.users)?)?;
    Ok(())
}

fn yaml<T: serde::Serialize>(value: &T) -> io::Result<String> {
    serde_saphyr::to_string(value).map_err(io::Error::other)
}

/// Compact JSON, gzipped with a zero mtime and no file name so the bytes depend on the data only.
fn users_gz(users: &[RdsUser]) -> io::Result<Vec<u8>> {
    let json = serde_json::to_vec(users).map_err(io::Error::other)?;
    let mut gz = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::best());
    gz.write_all(&json)?;
    gz.finish()
}
