//! Staff accounts: created, listed, disabled and given new passwords, from the command line and
//! from the admin section alike. Every change is written to the audit log in the same
//! transaction; `actor` is the staff member who made it, or `None` for the command line.

use sqlx::PgPool;
use time::OffsetDateTime;

use serde_json::json;

use crate::audit::{self, AuditEntry};
use crate::auth::password;
use crate::domain::{DisplayName, Email, NewPassword, Role};

/// Why an account change was refused.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("an account with the email {0} already exists")]
    DuplicateEmail(String),
    #[error("there is no account with the email {0}")]
    UnknownEmail(String),
    #[error("there is no such account")]
    UnknownAccount,
    #[error("the password could not be hashed: {0}")]
    Hashing(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// One account, as listed.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub disabled_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
}

impl Account {
    pub fn is_disabled(&self) -> bool {
        self.disabled_at.is_some()
    }

    pub fn role_label(&self) -> &'static str {
        self.role
            .parse::<Role>()
            .map_or("Unknown role", Role::label)
    }
}

fn account_entry(actor: Option<i64>, action: &'static str, id: i64) -> AuditEntry<'static> {
    AuditEntry {
        user_id: actor,
        action,
        entity: "user",
        entity_key: id.to_string(),
        recommendation: None,
        before: None,
        after: None,
    }
}

/// Creates an account and returns its id.
pub async fn create(
    db: &PgPool,
    actor: Option<i64>,
    email: &Email,
    name: &DisplayName,
    role: Role,
    new_password: &NewPassword,
) -> Result<i64, AccountError> {
    let hash = password::hash(new_password)
        .await
        .map_err(AccountError::Hashing)?;
    let mut tx = db.begin().await?;
    let id = sqlx::query_scalar!(
        "insert into users (email, display_name, password_hash, role) values ($1, $2, $3, $4)
         returning id",
        email.as_str(),
        name.as_str(),
        hash,
        role.key(),
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(|error| match &error {
        sqlx::Error::Database(db_error) if db_error.constraint() == Some("users_email_key") => {
            AccountError::DuplicateEmail(email.to_string())
        }
        _ => AccountError::Database(error),
    })?;
    let entry = AuditEntry {
        after: Some(json!({"email": email.as_str(), "name": name.as_str(), "role": role.key()})),
        ..account_entry(actor, "added account", id)
    };
    audit::record(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(id)
}

/// Every account, enabled first, then by name.
pub async fn list(db: &PgPool) -> Result<Vec<Account>, sqlx::Error> {
    sqlx::query_as!(
        Account,
        "select id, email, display_name, role, disabled_at, created_at from users
         order by disabled_at is not null, lower(display_name), id"
    )
    .fetch_all(db)
    .await
}

/// The account with this email.
pub async fn find_by_email(db: &PgPool, email: &Email) -> Result<Account, AccountError> {
    sqlx::query_as!(
        Account,
        "select id, email, display_name, role, disabled_at, created_at from users where email = $1",
        email.as_str()
    )
    .fetch_optional(db)
    .await?
    .ok_or_else(|| AccountError::UnknownEmail(email.to_string()))
}

/// Disables or re-enables an account. Disabling ends its sessions at once.
pub async fn set_disabled(
    db: &PgPool,
    actor: Option<i64>,
    id: i64,
    disabled: bool,
) -> Result<(), AccountError> {
    let mut tx = db.begin().await?;
    let changed = sqlx::query!(
        "update users set disabled_at = case when $2 then coalesce(disabled_at, now()) end
         where id = $1",
        id,
        disabled,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(AccountError::UnknownAccount);
    }
    if disabled {
        sqlx::query!("delete from sessions where user_id = $1", id)
            .execute(&mut *tx)
            .await?;
    }
    let action = if disabled {
        "disabled account"
    } else {
        "enabled account"
    };
    let entry = AuditEntry {
        before: Some(json!({ "disabled": !disabled })),
        after: Some(json!({ "disabled": disabled })),
        ..account_entry(actor, action, id)
    };
    audit::record(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Sets a new password and ends the account's sessions, except `keep_session` (the session of the
/// person changing their own password).
pub async fn set_password(
    db: &PgPool,
    actor: Option<i64>,
    id: i64,
    new_password: &NewPassword,
    keep_session: Option<&[u8]>,
) -> Result<(), AccountError> {
    let hash = password::hash(new_password)
        .await
        .map_err(AccountError::Hashing)?;
    let mut tx = db.begin().await?;
    let changed = sqlx::query!(
        "update users set password_hash = $2 where id = $1",
        id,
        hash
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(AccountError::UnknownAccount);
    }
    sqlx::query!(
        "delete from sessions where user_id = $1 and token_hash is distinct from $2",
        id,
        keep_session,
    )
    .execute(&mut *tx)
    .await?;
    // The password itself is never recorded.
    audit::record(&mut tx, account_entry(actor, "set a new password for", id)).await?;
    tx.commit().await?;
    Ok(())
}
