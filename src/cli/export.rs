//! `storefront export`: the store's data for other services.

use clap::Subcommand;

use super::amplitude::AmplitudeExportArgs;
use super::personalize::ExportArgs;

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Items, users and interactions as CSV files with Personalize's schemas, ready to import.
    Personalize(ExportArgs),
    /// Recorded events (the synthetic history, simulated or live sessions) to Amplitude's
    /// HTTP V2 API, or with --dry-run to an NDJSON file.
    Amplitude(AmplitudeExportArgs),
}
