//! Slowing down password guessing: after too many failures for one account or from one client
//! address within a window, sign-in is refused for a while.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use sqlx::PgPool;
use time::Duration;

/// Failed sign-ins for one account within the window that start a lock.
pub const ACCOUNT_LIMIT: i64 = 5;
/// Failed sign-ins from one client address within the window that start a lock.
pub const CLIENT_LIMIT: i64 = 20;
/// How far back failures count.
pub const WINDOW: Duration = Duration::minutes(15);
/// How long a lock lasts.
pub const LOCK: Duration = Duration::minutes(15);

fn account_key(email: &str) -> String {
    format!("account:{email}")
}

fn client_key(client: &str) -> String {
    format!("client:{client}")
}

/// True when sign-in is locked for this account or this client address.
pub async fn is_locked(db: &PgPool, email: &str, client: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select exists (select 1 from sign_in_locks
                          where lock_key in ($1, $2) and locked_until > now()) as "locked!""#,
        account_key(email),
        client_key(client),
    )
    .fetch_one(db)
    .await
}

/// Records a failed sign-in and starts a lock when a limit is reached.
pub async fn record_failure(db: &PgPool, email: &str, client: &str) -> Result<(), sqlx::Error> {
    let since = time::OffsetDateTime::now_utc() - WINDOW;
    let until = time::OffsetDateTime::now_utc() + LOCK;
    let mut tx = db.begin().await?;
    sqlx::query!(
        "insert into failed_sign_ins (email, client_addr) values ($1, $2)",
        email,
        client
    )
    .execute(&mut *tx)
    .await?;
    let counts = sqlx::query!(
        r#"select count(*) filter (where email = $1) as "account!",
                  count(*) filter (where client_addr = $2) as "client!"
           from failed_sign_ins where attempted_at > $3 and (email = $1 or client_addr = $2)"#,
        email,
        client,
        since,
    )
    .fetch_one(&mut *tx)
    .await?;
    for (key, count, limit) in [
        (account_key(email), counts.account, ACCOUNT_LIMIT),
        (client_key(client), counts.client, CLIENT_LIMIT),
    ] {
        if count >= limit {
            sqlx::query!(
                "insert into sign_in_locks (lock_key, locked_until) values ($1, $2)
                 on conflict (lock_key) do update set locked_until = excluded.locked_until",
                key,
                until,
            )
            .execute(&mut *tx)
            .await?;
        }
    }
    // Old failures no longer count; drop them so the table stays small.
    sqlx::query!("delete from failed_sign_ins where attempted_at < $1", since)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// After a successful sign-in the account's earlier failures no longer count.
pub async fn clear_account(db: &PgPool, email: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("delete from failed_sign_ins where email = $1", email)
        .execute(db)
        .await?;
    Ok(())
}

/// The client's IP address as the server saw it, or "unknown" where there is none (in tests that
/// call the router directly).
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let addr = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip().to_string());
        Ok(Self(addr.unwrap_or_else(|| "unknown".to_owned())))
    }
}
