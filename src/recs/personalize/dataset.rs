//! `storefront export personalize`: the store's catalog, shoppers and history as the three
//! Personalize datasets (items, users, interactions), each a CSV with the Avro-style schema
//! Personalize imports it with.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::events::personalize_event_type;
use crate::catalog::Catalog;
use crate::db::StoredInteraction;
use crate::domain::{Gender, Shopper};

/// One field of a dataset: its name, Avro type and Personalize's flags.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub nullable: bool,
    pub categorical: bool,
    pub textual: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    String,
    Int,
    Long,
    Float,
}

impl Kind {
    fn avro(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::Int => "int",
            Kind::Long => "long",
            Kind::Float => "float",
        }
    }
}

const fn field(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        nullable: false,
        categorical: false,
        textual: false,
    }
}

const fn categorical(name: &'static str) -> Field {
    Field {
        categorical: true,
        ..field(name, Kind::String)
    }
}

pub const ITEMS: &[Field] = &[
    field("ITEM_ID", Kind::String),
    field("PRICE", Kind::Float),
    categorical("CATEGORY_L1"),
    categorical("STYLE"),
    Field {
        nullable: true,
        ..categorical("GENDER")
    },
    categorical("PROMOTED"),
    Field {
        textual: true,
        nullable: true,
        ..field("PRODUCT_DESCRIPTION", Kind::String)
    },
];

pub const USERS: &[Field] = &[
    field("USER_ID", Kind::String),
    field("AGE", Kind::Int),
    Field {
        nullable: true,
        ..categorical("GENDER")
    },
];

pub const INTERACTIONS: &[Field] = &[
    field("USER_ID", Kind::String),
    field("ITEM_ID", Kind::String),
    field("EVENT_TYPE", Kind::String),
    field("TIMESTAMP", Kind::Long),
    categorical("DISCOUNT"),
];

/// The schema as Personalize's CreateSchema takes it.
pub fn schema(name: &str, fields: &[Field]) -> Value {
    let fields: Vec<Value> = fields
        .iter()
        .map(|f| {
            let mut v = json!({
                "name": f.name,
                "type": if f.nullable { json!(["null", f.kind.avro()]) } else { json!(f.kind.avro()) },
            });
            if f.categorical {
                v["categorical"] = json!(true);
            }
            if f.textual {
                v["textual"] = json!(true);
            }
            v
        })
        .collect();
    json!({
        "type": "record",
        "name": name,
        "namespace": "com.amazonaws.personalize.schema",
        "fields": fields,
        "version": "1.0",
    })
}

/// A CSV writer that quotes a value only when it must.
struct Csv<W: Write> {
    out: W,
    rows: usize,
}

impl<W: Write> Csv<W> {
    fn new(mut out: W, fields: &[Field]) -> std::io::Result<Self> {
        let header: Vec<&str> = fields.iter().map(|f| f.name).collect();
        writeln!(out, "{}", header.join(","))?;
        Ok(Self { out, rows: 0 })
    }

    fn row(&mut self, values: &[&str]) -> std::io::Result<()> {
        for (k, v) in values.iter().enumerate() {
            if k > 0 {
                self.out.write_all(b",")?;
            }
            if v.contains([',', '"', '\n', '\r']) {
                write!(self.out, "\"{}\"", v.replace('"', "\"\""))?;
            } else {
                self.out.write_all(v.as_bytes())?;
            }
        }
        self.out.write_all(b"\n")?;
        self.rows += 1;
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ExportReport {
    pub dir: PathBuf,
    pub items: usize,
    pub users: usize,
    pub interactions: usize,
}

fn gender(g: Option<Gender>) -> &'static str {
    match g {
        Some(g) => g.code(),
        None => "",
    }
}

/// Writes items.csv, users.csv, interactions.csv and their `*-schema.json` into `dir`.
pub fn export(
    dir: &Path,
    catalog: &Catalog,
    shoppers: &[&Shopper],
    interactions: &[StoredInteraction],
) -> std::io::Result<ExportReport> {
    std::fs::create_dir_all(dir)?;
    let file = |name: &str| -> std::io::Result<std::io::BufWriter<std::fs::File>> {
        Ok(std::io::BufWriter::new(std::fs::File::create(
            dir.join(name),
        )?))
    };
    let schemas = [
        ("items-schema.json", schema("Items", ITEMS)),
        ("users-schema.json", schema("Users", USERS)),
        (
            "interactions-schema.json",
            schema("Interactions", INTERACTIONS),
        ),
    ];
    for (name, schema) in schemas {
        std::fs::write(
            dir.join(name),
            serde_json::to_string_pretty(&schema)? + "\n",
        )?;
    }

    let mut items = Csv::new(file("items.csv")?, ITEMS)?;
    for p in catalog.products() {
        let price = format!("{:.2}", p.price.dollars());
        items.row(&[
            p.id.as_str(),
            &price,
            &p.category,
            &p.style,
            gender(p.gender_affinity),
            if p.promoted { "Yes" } else { "No" },
            &p.description,
        ])?;
    }

    let mut users = Csv::new(file("users.csv")?, USERS)?;
    for s in shoppers {
        users.row(&[s.id.as_str(), &s.age.to_string(), gender(s.gender)])?;
    }

    let mut rows = Csv::new(file("interactions.csv")?, INTERACTIONS)?;
    for i in interactions {
        let Some(event_type) = personalize_event_type(i.event_type) else {
            continue;
        };
        let discount = catalog.product(&i.item_id).is_some_and(|p| p.promoted);
        rows.row(&[
            i.user_id.as_str(),
            &i.item_id,
            event_type,
            &(i.timestamp.as_micros() / 1_000_000).to_string(),
            if discount { "Yes" } else { "No" },
        ])?;
    }
    let report = ExportReport {
        dir: dir.to_path_buf(),
        items: items.rows,
        users: users.rows,
        interactions: rows.rows,
    };
    for mut w in [items.out, users.out, rows.out] {
        w.flush()?;
    }
    Ok(report)
}
