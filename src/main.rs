//! The `okc-psp` process: `okc-psp` (or `okc-psp serve`) runs the site, `okc-psp import`
//! re-imports content/.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use okc_psp::app::{self, AppState};
use okc_psp::config::Config;
use okc_psp::{content, db};
use sqlx::PgPool;
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(
    name = "okc-psp",
    version,
    about = "The OKC Public Safety Partnership site"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the site (the default). An empty database is filled from the content folder first.
    Serve,
    /// Make the database match the content folder, printing what changed.
    Import,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match run(cli.command.unwrap_or(Command::Serve)).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> Result<(), String> {
    let config = Config::from_env().map_err(|error| error.to_string())?;
    let pool = open_database(&config).await?;
    match command {
        Command::Serve => serve(config, pool).await,
        Command::Import => {
            let report = import(&config, &pool).await?;
            print!("{report}");
            Ok(())
        }
    }
}

/// Connects (creating the database if needed) and brings the schema up to date.
async fn open_database(config: &Config) -> Result<PgPool, String> {
    let pool = db::connect(&config.database_url).await.map_err(|error| {
        format!(
            "cannot connect to the database at {}: {error}",
            config.redacted_database_url()
        )
    })?;
    db::MIGRATOR
        .run(&pool)
        .await
        .map_err(|error| format!("cannot update the database schema: {error}"))?;
    Ok(pool)
}

async fn import(config: &Config, pool: &PgPool) -> Result<content::ImportReport, String> {
    let files = content::read_content(&config.content_dir)
        .map_err(|error| format!("{error}\nNothing was imported; the database is unchanged."))?;
    content::import(pool, &files)
        .await
        .map_err(|error| error.to_string())
}

async fn serve(config: Config, pool: PgPool) -> Result<(), String> {
    let empty =
        sqlx::query_scalar!("select not exists (select 1 from recommendations) as \"empty!\"")
            .fetch_one(&pool)
            .await
            .map_err(|error| format!("cannot read the database: {error}"))?;
    if empty {
        tracing::info!(dir = %config.content_dir.display(), "empty database: importing content");
        let report = import(&config, &pool).await?;
        tracing::info!(changes = report.changes.len(), "content imported");
    }
    let listener = tokio::net::TcpListener::bind(config.bind_addr)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", config.bind_addr))?;
    tracing::info!("serving http://{}", config.bind_addr);
    app::serve(listener, AppState { db: pool })
        .await
        .map_err(|error| error.to_string())
}
