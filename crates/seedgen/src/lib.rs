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

/// Generates categories, products and shoppers for `seed`.
pub fn generate(seed: u64) -> GeneratedSeeds {
    let specs = spec::all();
    GeneratedSeeds {
        categories: products::categories(&specs),
        products: products::products(seed, &specs),
        users: shoppers::users(seed),
    }
}

/// Writes categories.yaml, products.yaml and users.json.gz into `dir` (creating it); byte-identical
/// output for the same seed.
pub fn write_seeds(dir: &Path, seed: u64) -> io::Result<()> {
    let seeds = generate(seed);
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
