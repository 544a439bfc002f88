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
    /// Make the database match the content folder, printing what changed. Records that staff
    /// edited on the site are left as they are, and listed.
    Import {
        /// Replace records edited on the site with the files' version too.
        #[arg(long)]
        replace_site_edits: bool,
    },
    /// Manage staff accounts.
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account. The password is read from standard input.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// admin (everything, including accounts and the audit log) or editor (content only)
        #[arg(long)]
        role: String,
        /// Read the password from standard input (required, so it never appears in a command line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// List every account.
    List,
    /// Disable an account and end its sessions. Accounts are never deleted.
    Disable {
        #[arg(long)]
        email: String,
    },
    /// Re-enable a disabled account.
    Enable {
        #[arg(long)]
        email: String,
    },
    /// Set a new password, read from standard input, and end the account's sessions.
    SetPassword {
        #[arg(long)]
        email: String,
        #[arg(long, required = true)]
        password_stdin: bool,
    },
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
        Command::Import { replace_site_edits } => {
            let options = content::ImportOptions { replace_site_edits };
            let report = import(&config, &pool, options).await?;
            print!("{report}");
            Ok(())
        }
        Command::User(command) => cli_users::run(&pool, command).await,
    }
}

/// Connects (creating the database if needed) and brings the schema up to date.
/// `okc-psp user ...`: plain output for scripts, one clear error line on failure.
mod cli_users {
    use std::io::Read;

    use okc_psp::accounts;
    use okc_psp::domain::{DisplayName, Email, NewPassword, Role};
    use sqlx::PgPool;

    use super::UserCommand;

    pub async fn run(pool: &PgPool, command: UserCommand) -> Result<(), String> {
        match command {
            UserCommand::Add {
                email, name, role, ..
            } => {
                let email: Email = email.parse()?;
                let name = DisplayName::parse(&name)?;
                let role: Role = role.parse()?;
                let password = read_password()?;
                accounts::create(pool, None, &email, &name, role, &password)
                    .await
                    .map_err(|e| e.to_string())?;
                println!(
                    "Created {} account for {} <{}>.",
                    role.key(),
                    name.as_str(),
                    email
                );
            }
            UserCommand::List => {
                for account in accounts::list(pool).await.map_err(|e| e.to_string())? {
                    let state = if account.is_disabled() {
                        "disabled"
                    } else {
                        "active"
                    };
                    println!(
                        "{}\t{}\t{}\t{}",
                        account.email, account.display_name, account.role, state
                    );
                }
            }
            UserCommand::Disable { email } => set_disabled(pool, &email, true).await?,
            UserCommand::Enable { email } => set_disabled(pool, &email, false).await?,
            UserCommand::SetPassword { email, .. } => {
                let email: Email = email.parse()?;
                let account = accounts::find_by_email(pool, &email)
                    .await
                    .map_err(|e| e.to_string())?;
                let password = read_password()?;
                accounts::set_password(pool, None, account.id, &password, None)
                    .await
                    .map_err(|e| e.to_string())?;
                println!("Set a new password for {email}; its sessions have ended.");
            }
        }
        Ok(())
    }

    async fn set_disabled(pool: &PgPool, email: &str, disabled: bool) -> Result<(), String> {
        let email: Email = email.parse()?;
        let account = accounts::find_by_email(pool, &email)
            .await
            .map_err(|e| e.to_string())?;
        accounts::set_disabled(pool, None, account.id, disabled)
            .await
            .map_err(|e| e.to_string())?;
        if disabled {
            println!("Disabled {email}; its sessions have ended.");
        } else {
            println!("Enabled {email}.");
        }
        Ok(())
    }

    /// The password is all of standard input but a final line break.
    fn read_password() -> Result<NewPassword, String> {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
        let text = text.strip_suffix('\n').unwrap_or(&text);
        let text = text.strip_suffix('\r').unwrap_or(text);
        NewPassword::parse(text)
    }
}

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

async fn import(
    config: &Config,
    pool: &PgPool,
    options: content::ImportOptions,
) -> Result<content::ImportReport, String> {
    let files = content::read_content(&config.content_dir)
        .map_err(|error| format!("{error}\nNothing was imported; the database is unchanged."))?;
    content::import_with(pool, &files, options)
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
        let report = import(&config, &pool, content::ImportOptions::default()).await?;
        tracing::info!(changes = report.changes.len(), "content imported");
    }
    let listener = tokio::net::TcpListener::bind(config.bind_addr)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", config.bind_addr))?;
    tracing::info!("serving http://{}", config.bind_addr);
    app::serve(
        listener,
        AppState {
            db: pool,
            cookie_secure: config.cookie_secure,
            base_url: config.base_url.as_str().into(),
        },
    )
    .await
    .map_err(|error| error.to_string())
}
