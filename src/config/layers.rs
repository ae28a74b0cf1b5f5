//! The layers and how they merge: defaults → YAML file → `STOREFRONT_*` variables → flags.
//!
//! Each layer becomes a list of assignments (a setting's path and a value) and every assignment
//! is merged the same way into one tree that starts as the defaults: maps (sections, and map
//! settings such as `personalize.context`) merge key by key, anything else replaces what the
//! layers before set. After each assignment the tree must still deserialize into `Settings`,
//! so a value that does not fit is reported with its setting and where it came from, and a
//! value given as text (every variable's, a quoted number in the file) is read as whatever the
//! setting takes: text, a number, a boolean, or a `KEY=VALUE,KEY=VALUE` map.
//!
//! The settings themselves are known from the serialized defaults: a key that is not there is
//! an error in every layer, with the nearest valid name.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{ConfigError, Settings};

const PREFIX: &str = "STOREFRONT_";
/// Names the file itself (read by the `--config` flag), so it is not a setting.
const CONFIG_VARIABLE: &str = "STOREFRONT_CONFIG";
/// The test suite's own variables (`STOREFRONT_TEST_DATABASE_URL`, …), not settings.
const TEST_PREFIX: &str = "STOREFRONT_TEST_";

/// Where a value came from, as messages name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    File(PathBuf),
    /// A variable whose name is the problem.
    Environment,
    Variable(String),
    Flags,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(path) => write!(f, "in configuration file {}", path.display()),
            Origin::Environment => f.write_str("in the environment"),
            Origin::Variable(name) => write!(f, "in {name}"),
            Origin::Flags => f.write_str("on the command line"),
        }
    }
}

/// What the layers above the defaults hold.
#[derive(Debug, Default)]
pub struct Sources {
    /// The YAML file (`--config`, `STOREFRONT_CONFIG`).
    pub file: Option<PathBuf>,
    /// Variables by name; only `STOREFRONT_*` ones are read.
    pub environment: Vec<(String, String)>,
    pub flags: Overrides,
}

impl Sources {
    /// The file given, this process's variables, and the command's flags.
    pub fn from_process(file: Option<PathBuf>, flags: Overrides) -> Sources {
        let environment = std::env::vars_os()
            .filter_map(|(name, value)| {
                let name = name.into_string().ok()?;
                name.starts_with(PREFIX)
                    .then(|| (name, value.to_string_lossy().into_owned()))
            })
            .collect();
        Sources {
            file,
            environment,
            flags,
        }
    }
}

/// The flags' layer: the settings a command line gives, as a partial settings tree.
#[derive(Debug, Default, Clone)]
pub struct Overrides(Map<String, Value>);

impl Overrides {
    /// Sets the setting at `path` (`personalize.region`) when the flag was given.
    pub fn set(&mut self, path: &str, value: Option<impl Into<Value>>) -> &mut Self {
        if let Some(value) = value {
            let path: Vec<String> = path.split('.').map(str::to_string).collect();
            let mut tree = Value::Object(std::mem::take(&mut self.0));
            merge_at(&mut tree, &path, value.into());
            if let Value::Object(map) = tree {
                self.0 = map;
            }
        }
        self
    }
}

/// A setting's variable: `personalize.region` → `STOREFRONT_PERSONALIZE__REGION`.
pub fn variable(path: &str) -> String {
    let sections: Vec<String> = path.split('.').map(str::to_uppercase).collect();
    format!("{PREFIX}{}", sections.join("__"))
}

/// Every setting's path, from the defaults.
pub(super) fn setting_paths() -> Vec<String> {
    Schema::new().paths
}

pub(super) fn load(sources: &Sources) -> Result<Settings, ConfigError> {
    let schema = Schema::new();
    let mut assignments = Vec::new();
    if let Some(path) = &sources.file {
        file_layer(path, &schema, &mut assignments)?;
    }
    environment_layer(&sources.environment, &schema, &mut assignments)?;
    let flags = Value::Object(sources.flags.0.clone());
    tree_layer(&flags, &schema, &Origin::Flags, &mut assignments)?;

    let mut tree = schema.tree;
    let mut settings = Settings::default();
    for assignment in &assignments {
        settings = apply(&mut tree, assignment)?;
    }
    Ok(settings)
}

/// The settings there are, known from the serialized defaults: a non-empty object is a
/// section, anything else (an empty object is a map setting) a setting.
struct Schema {
    tree: Value,
    paths: Vec<String>,
}

impl Schema {
    fn new() -> Schema {
        // Cannot fail: string keys everywhere, and the defaults hold no path or secret.
        let tree = serde_json::to_value(Settings::default()).unwrap_or_default();
        let mut paths = Vec::new();
        collect_paths(&tree, "", &mut paths);
        Schema { tree, paths }
    }

    fn is_section(&self, path: &str) -> bool {
        let inside = format!("{path}.");
        self.paths.iter().any(|p| p.starts_with(&inside))
    }

    /// The setting a mistyped or old name most likely meant: the same letters, or a setting
    /// whose own key ends it (`ease_lambda` → `engine.lambda`), or a few edits away.
    fn nearest(&self, given: &str) -> Option<&str> {
        let wanted = squash(given);
        self.paths
            .iter()
            .map(|path| {
                let key = squash(path.rsplit('.').next().unwrap_or(path));
                let by_key = if key.len() >= 4 && wanted.ends_with(&key) {
                    usize::from(wanted != key)
                } else {
                    strsim::levenshtein(&wanted, &key)
                };
                (
                    strsim::levenshtein(&wanted, &squash(path)).min(by_key),
                    path,
                )
            })
            .min_by_key(|(distance, _)| *distance)
            .filter(|(distance, _)| *distance <= wanted.len().max(3) / 3)
            .map(|(_, path)| path.as_str())
    }
}

fn collect_paths(value: &Value, prefix: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, value) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                collect_paths(value, &path, out);
            }
        }
        _ => out.push(prefix.to_string()),
    }
}

/// One value a layer sets.
struct Assignment {
    path: Vec<String>,
    value: Raw,
    origin: Origin,
}

enum Raw {
    /// Typed already (YAML, a flag).
    Value(Value),
    /// A variable's text, read as whatever the setting takes.
    Text(String),
}

fn file_layer(path: &Path, schema: &Schema, out: &mut Vec<Assignment>) -> Result<(), ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if text.trim().is_empty() {
        return Ok(());
    }
    let tree: Value = serde_saphyr::from_str(&text).map_err(|source| ConfigError::Parse {
        path: path.to_path_buf(),
        source: Box::new(source),
    })?;
    tree_layer(&tree, schema, &Origin::File(path.to_path_buf()), out)
}

/// A layer given as a tree (the file, the flags): one assignment per setting in it.
fn tree_layer(
    tree: &Value,
    schema: &Schema,
    origin: &Origin,
    out: &mut Vec<Assignment>,
) -> Result<(), ConfigError> {
    match (tree, &schema.tree) {
        (Value::Null, _) => Ok(()),
        (Value::Object(map), Value::Object(section)) => {
            walk(map, section, &mut Vec::new(), schema, origin, out)
        }
        _ => Err(ConfigError::Section {
            key: "settings".into(),
            origin: origin.clone(),
        }),
    }
}

fn walk(
    map: &Map<String, Value>,
    section: &Map<String, Value>,
    prefix: &mut Vec<String>,
    schema: &Schema,
    origin: &Origin,
    out: &mut Vec<Assignment>,
) -> Result<(), ConfigError> {
    for (key, value) in map {
        prefix.push(key.clone());
        match section.get(key) {
            None => {
                let key = prefix.join(".");
                return Err(ConfigError::Unknown {
                    suggestion: schema.nearest(&key).map(str::to_string),
                    key,
                    origin: origin.clone(),
                });
            }
            Some(Value::Object(inner)) if !inner.is_empty() => match value {
                Value::Object(map) => walk(map, inner, prefix, schema, origin, out)?,
                Value::Null => {}
                _ => {
                    return Err(ConfigError::Section {
                        key: prefix.join("."),
                        origin: origin.clone(),
                    });
                }
            },
            Some(_) => out.push(Assignment {
                path: prefix.clone(),
                value: Raw::Value(value.clone()),
                origin: origin.clone(),
            }),
        }
        prefix.pop();
    }
    Ok(())
}

/// `STOREFRONT_KEY` and `STOREFRONT_SECTION__KEY`, in name order; any other `STOREFRONT_*`
/// name is an error (an old or mistyped name would otherwise be ignored without a word).
fn environment_layer(
    variables: &[(String, String)],
    schema: &Schema,
    out: &mut Vec<Assignment>,
) -> Result<(), ConfigError> {
    let mut variables: Vec<&(String, String)> = variables
        .iter()
        .filter(|(name, _)| {
            name.starts_with(PREFIX) && name != CONFIG_VARIABLE && !name.starts_with(TEST_PREFIX)
        })
        .collect();
    variables.sort();
    for (name, value) in variables {
        let path: Vec<String> = name[PREFIX.len()..]
            .split("__")
            .map(str::to_lowercase)
            .collect();
        let dotted = path.join(".");
        if schema.is_section(&dotted) {
            return Err(ConfigError::Section {
                key: name.clone(),
                origin: Origin::Environment,
            });
        }
        if !schema.paths.contains(&dotted) {
            return Err(ConfigError::Unknown {
                key: name.clone(),
                origin: Origin::Environment,
                suggestion: schema.nearest(&dotted).map(variable),
            });
        }
        // Empty counts as unset, as it did when clap read the variables.
        if value.is_empty() {
            continue;
        }
        out.push(Assignment {
            path,
            value: Raw::Text(value.clone()),
            origin: Origin::Variable(name.clone()),
        });
    }
    Ok(())
}

/// Merges the first reading of the value that the settings accept; the settings as they now
/// are.
fn apply(tree: &mut Value, assignment: &Assignment) -> Result<Settings, ConfigError> {
    let readings = match &assignment.value {
        Raw::Value(value) => value_readings(value),
        Raw::Text(text) => text_readings(text),
    };
    let mut first_error = None;
    for reading in readings {
        let mut trial = tree.clone();
        merge_at(&mut trial, &assignment.path, reading);
        match Settings::deserialize(&trial) {
            Ok(settings) => {
                *tree = trial;
                return Ok(settings);
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(ConfigError::BadValue {
        setting: assignment.path.join("."),
        origin: assignment.origin.clone(),
        source: first_error.unwrap_or_else(|| serde::de::Error::custom("no value to read")),
    })
}

/// A typed value as given; a number or boolean also as text (`tracking_id: 12345`), and a
/// map's numbers and booleans as text (`context: {AGE: 30}`).
fn value_readings(value: &Value) -> Vec<Value> {
    let as_text = |v: &Value| match v {
        Value::Number(_) | Value::Bool(_) => Value::String(v.to_string()),
        other => other.clone(),
    };
    let mut readings = vec![value.clone()];
    match value {
        Value::Number(_) | Value::Bool(_) => readings.push(as_text(value)),
        Value::Object(map) => readings.push(Value::Object(
            map.iter().map(|(k, v)| (k.clone(), as_text(v))).collect(),
        )),
        _ => {}
    }
    readings
}

/// A variable's text as text, then as a number, a boolean (true/false, yes/no, on/off, 1/0)
/// and a `KEY=VALUE,KEY=VALUE` map, whichever the setting takes first.
fn text_readings(text: &str) -> Vec<Value> {
    let mut readings = vec![Value::String(text.to_string())];
    if let Ok(n) = text.parse::<u64>() {
        readings.push(n.into());
    } else if let Ok(n) = text.parse::<i64>() {
        readings.push(n.into());
    } else if let Some(n) = text
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
    {
        readings.push(Value::Number(n));
    }
    match text.to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => readings.push(Value::Bool(true)),
        "false" | "no" | "off" | "0" => readings.push(Value::Bool(false)),
        _ => {}
    }
    if let Some(map) = key_values(text) {
        readings.push(map);
    }
    readings
}

/// `KEY=VALUE,KEY=VALUE` as a map (spaces around keys and values trimmed).
fn key_values(text: &str) -> Option<Value> {
    let mut map = Map::new();
    for item in text.split(',') {
        let (key, value) = item.split_once('=')?;
        let key = key.trim();
        if key.is_empty() {
            return None;
        }
        map.insert(key.to_string(), Value::String(value.trim().to_string()));
    }
    Some(Value::Object(map))
}

fn merge_at(tree: &mut Value, path: &[String], value: Value) {
    let mut slot = tree;
    for key in path {
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        slot = &mut slot[key.as_str()];
    }
    merge(slot, value);
}

/// Maps merge key by key, at any depth; anything else replaces what was there.
fn merge(slot: &mut Value, value: Value) {
    match (slot, value) {
        (Value::Object(existing), Value::Object(incoming)) => {
            for (key, value) in incoming {
                merge(existing.entry(key).or_insert(Value::Null), value);
            }
        }
        (slot, value) => *slot = value,
    }
}

/// Lowercase letters and digits only, so `PERSONALIZE_REGION` meets `personalize.region`.
fn squash(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}
