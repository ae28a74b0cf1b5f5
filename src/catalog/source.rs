//! Where a catalog comes from: the store's own seeds (built into the binary) or a directory of
//! files in the Retail Demo Store's formats, e.g. the reference data itself.

use std::hash::Hasher as _;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::rds::{RdsCategory, RdsProduct, RdsUser};
use crate::domain::{Address, Category, Gender, Money, Persona, Product, ProductId, Shopper};

const BUILTIN_CATEGORIES: &[u8] = include_bytes!("../../seeds/categories.yaml");
const BUILTIN_PRODUCTS: &[u8] = include_bytes!("../../seeds/products.yaml");
const BUILTIN_USERS: &[u8] = include_bytes!("../../seeds/users.json.gz");

#[derive(Debug, Clone, PartialEq)]
pub enum CatalogSource {
    Builtin,
    Dir(PathBuf),
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{file} is not valid: {message}")]
    Parse { file: String, message: String },
    #[error("product `{id}` in {file}: {message}")]
    InvalidProduct {
        file: String,
        id: String,
        message: String,
    },
    #[error("shopper `{id}` in {file}: {message}")]
    InvalidShopper {
        file: String,
        id: String,
        message: String,
    },
}

/// Everything the seed step writes to the database.
pub struct SeedData {
    pub categories: Vec<Category>,
    pub products: Vec<Product>,
    pub shoppers: Vec<Shopper>,
    /// Identifies the exact files, so that a restart with the same catalog reuses the database
    /// and a different catalog reseeds it.
    pub fingerprint: String,
}

impl SeedData {
    pub fn rows(&self) -> u64 {
        (self.categories.len() + self.products.len() + self.shoppers.len()) as u64
    }
}

impl CatalogSource {
    /// The catalog the settings name: a folder (`catalog_dir`), else the store's own seeds.
    pub fn configured(dir: Option<&std::path::Path>) -> CatalogSource {
        dir.map_or(CatalogSource::Builtin, |d| {
            CatalogSource::Dir(d.to_path_buf())
        })
    }

    pub fn describe(&self) -> String {
        match self {
            CatalogSource::Builtin => "the store's own seeds".to_string(),
            CatalogSource::Dir(p) => p.display().to_string(),
        }
    }

    /// The source as a database keeps it: `builtin`, or `dir:` and the folder's absolute path,
    /// so that a store started from another working directory still knows its folder.
    pub fn to_record(&self) -> String {
        match self {
            CatalogSource::Builtin => "builtin".to_string(),
            CatalogSource::Dir(p) => format!("dir:{}", absolute(p).display()),
        }
    }

    /// The source [`to_record`](Self::to_record) wrote; `None` for anything else.
    pub fn from_record(record: &str) -> Option<CatalogSource> {
        match record {
            "builtin" => Some(CatalogSource::Builtin),
            _ => record
                .strip_prefix("dir:")
                .map(|p| CatalogSource::Dir(PathBuf::from(p))),
        }
    }

    /// Whether both name the same catalog: the built-in seeds, or one folder however it is
    /// spelled (relative, through a symlink).
    pub fn same_place(&self, other: &CatalogSource) -> bool {
        match (self, other) {
            (CatalogSource::Builtin, CatalogSource::Builtin) => true,
            (CatalogSource::Dir(a), CatalogSource::Dir(b)) => absolute(a) == absolute(b),
            _ => false,
        }
    }

    pub fn load(&self) -> Result<SeedData, CatalogError> {
        match self {
            CatalogSource::Builtin => from_bytes(
                BUILTIN_CATEGORIES,
                BUILTIN_PRODUCTS,
                Some(("users.json.gz", BUILTIN_USERS)),
            ),
            CatalogSource::Dir(dir) => {
                let categories = read(&dir.join("categories.yaml"))?;
                let products = read(&dir.join("products.yaml"))?;
                // Shoppers are optional in a catalog folder: without them the store keeps its own.
                let users = ["users.json.gz", "users.json"]
                    .iter()
                    .map(|name| dir.join(name))
                    .find(|p| p.exists());
                if let Some(path) = users {
                    let bytes = read(&path)?;
                    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("users");
                    from_bytes(&categories, &products, Some((name, &bytes)))
                } else {
                    let mut data = from_bytes(
                        &categories,
                        &products,
                        Some(("users.json.gz", BUILTIN_USERS)),
                    )?;
                    data.fingerprint.push_str("+builtin-users");
                    Ok(data)
                }
            }
        }
    }
}

/// `path` resolved (symlinks too) when it exists, else made absolute against the working
/// directory, else as given.
fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

fn read(path: &Path) -> Result<Vec<u8>, CatalogError> {
    std::fs::read(path).map_err(|source| CatalogError::Read {
        path: path.display().to_string(),
        source,
    })
}

fn from_bytes(
    categories: &[u8],
    products: &[u8],
    users: Option<(&str, &[u8])>,
) -> Result<SeedData, CatalogError> {
    // FNV-1a: a stable fingerprint of the seed files (not for security), the same in every build.
    let mut hash = fnv::FnvHasher::default();
    hash.write(categories);
    hash.write(products);
    let rds_categories: Vec<RdsCategory> = parse_yaml("categories.yaml", categories)?;
    let rds_products: Vec<RdsProduct> = parse_yaml("products.yaml", products)?;
    let categories = rds_categories
        .into_iter()
        .map(|c| Category {
            id: c.id,
            name: c.name.trim().to_string(),
            has_gender_affinity: c.has_gender_affinity,
        })
        .collect();
    let products = rds_products
        .into_iter()
        .map(product_from_rds)
        .collect::<Result<Vec<_>, _>>()?;
    let shoppers = match users {
        Some((name, bytes)) => {
            hash.write(bytes);
            parse_users(name, bytes)?
        }
        None => Vec::new(),
    };
    Ok(SeedData {
        categories,
        products,
        shoppers,
        fingerprint: format!("{:016x}", hash.finish()),
    })
}

fn parse_yaml<T: serde::de::DeserializeOwned>(file: &str, bytes: &[u8]) -> Result<T, CatalogError> {
    let text = std::str::from_utf8(bytes).map_err(|e| CatalogError::Parse {
        file: file.to_string(),
        message: e.to_string(),
    })?;
    // serde-saphyr's default budget (250,000 nodes) stops at about 12,500 products. A catalog
    // is the operator's own file, so the budget grows with its size: a node, an event or a
    // scalar byte takes at least one byte of input unless an alias repeats it, and the alias
    // limits stay at their defaults, which is what guards against a "billion laughs" file.
    let scaled = text.len().saturating_mul(2);
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_reader_input_bytes: None,
            max_events: scaled.max(1_000_000),
            max_nodes: scaled.max(250_000),
            max_total_scalar_bytes: scaled.max(64 << 20),
        },
    };
    serde_saphyr::from_str_with_options(text, options).map_err(|e| CatalogError::Parse {
        file: file.to_string(),
        message: e.to_string(),
    })
}

fn product_from_rds(p: RdsProduct) -> Result<Product, CatalogError> {
    let invalid = |message: String| CatalogError::InvalidProduct {
        file: "products.yaml".into(),
        id: p.id.clone(),
        message,
    };
    if p.id.trim().is_empty() {
        return Err(invalid("empty id".into()));
    }
    let price = Money::from_dollars(p.price).map_err(|e| invalid(e.to_string()))?;
    Ok(Product {
        id: ProductId(p.id.trim().to_string()),
        name: p.name.trim().to_string(),
        category: p.category.trim().to_string(),
        style: p.style.trim().to_string(),
        description: p.description.trim().to_string(),
        price,
        gender_affinity: p.gender_affinity.as_deref().and_then(Gender::parse),
        current_stock: p.current_stock.max(0),
        featured: p.featured.unwrap_or(false),
        promoted: p.promoted.unwrap_or(false),
        where_visible: p.where_visible,
    })
}

fn parse_users(file: &str, bytes: &[u8]) -> Result<Vec<Shopper>, CatalogError> {
    let parse_err = |message: String| CatalogError::Parse {
        file: file.to_string(),
        message,
    };
    let json: Vec<RdsUser> = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut text)
            .map_err(|e| parse_err(e.to_string()))?;
        serde_json::from_slice(&text).map_err(|e| parse_err(e.to_string()))?
    } else {
        serde_json::from_slice(bytes).map_err(|e| parse_err(e.to_string()))?
    };
    json.into_iter()
        .map(|u| {
            let persona =
                Persona::parse(&u.persona).ok_or_else(|| CatalogError::InvalidShopper {
                    file: file.to_string(),
                    id: u.id.clone(),
                    message: format!("persona `{}` is not categories joined by `_`", u.persona),
                })?;
            let address = u
                .addresses
                .iter()
                .find(|a| a.default)
                .or_else(|| u.addresses.first())
                .map(|a| Address {
                    first_name: a.first_name.clone(),
                    last_name: a.last_name.clone(),
                    address1: a.address1.clone(),
                    address2: a.address2.clone(),
                    country: a.country.clone(),
                    city: a.city.clone(),
                    state: a.state.clone(),
                    zipcode: a.zipcode.clone(),
                });
            Ok(Shopper {
                id: u.id.into(),
                username: u.username,
                first_name: u.first_name,
                last_name: u.last_name,
                email: u.email,
                age: u.age,
                gender: Gender::parse(&u.gender),
                persona,
                discount_persona: u.discount_persona,
                default_address: address,
            })
        })
        .collect()
}
