//! `intercom`: exports, incremental syncs and one-off calls to Intercom's
//! REST API (version 2.14), on the `intercom-api` library.

mod api;
mod cancel;
mod checkpoint;
mod config;
mod data_export;
mod dates;
#[cfg(feature = "demo")]
mod demo;
mod error;
mod export;
mod output;
mod progress;
mod streams;
mod sync;

use clap::{Parser, Subcommand};
use error::{CliError, EXIT_CODES};

/// Exports, incremental syncs and one-off calls to Intercom's REST API (2.14).
///
/// The access token is read from INTERCOM_ACCESS_TOKEN or --token-file.
/// Output and state files are created readable by their owner only.
#[derive(Parser, Debug)]
#[command(name = "intercom", version, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(flatten)]
    global: config::Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    Export(export::Args),
    Sync(sync::Args),
    DataExport(data_export::Args),
    Api(api::Args),
    #[cfg(feature = "demo")]
    Demo(demo::Args),
}

async fn run(cli: Cli, cancel: &cancel::Cancel) -> Result<(), CliError> {
    let g = &cli.global;
    match cli.command {
        Command::Export(a) => export::run(g, a, cancel).await,
        Command::Sync(a) => sync::run(g, a, cancel).await,
        Command::DataExport(a) => data_export::run(g, a, cancel).await,
        Command::Api(a) => api::run(g, a).await,
        #[cfg(feature = "demo")]
        Command::Demo(a) => Box::pin(demo::run(g, a, cancel)).await,
    }
}

fn main() {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("intercom: cannot start: {e}");
            std::process::exit(error::Kind::Io as i32);
        }
    };
    let result = runtime.block_on(async {
        let cancel = cancel::Cancel::install();
        run(cli, &cancel).await
    });
    if let Err(e) = result {
        eprintln!("intercom: {e}");
        std::process::exit(e.code());
    }
}
