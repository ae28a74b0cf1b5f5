//! `storefront config show`: the settings `serve` would run with, after every layer.

use clap::{Args, Subcommand};

use super::ServeArgs;
use crate::config::Settings;

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the effective settings (defaults, file, STOREFRONT_* variables and these flags) as
    /// YAML, secrets redacted; fails if they are not valid.
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The flags `serve` takes, to see their effect.
    #[command(flatten)]
    pub serve: ServeArgs,
    /// Print JSON instead of YAML.
    #[arg(long)]
    pub json: bool,
}

pub fn show(settings: &Settings, args: &ShowArgs) -> anyhow::Result<()> {
    if args.json {
        println!("{}", serde_json::to_string_pretty(settings)?);
    } else {
        print!("{}", serde_saphyr::to_string(settings)?);
    }
    Ok(settings.validate()?)
}
