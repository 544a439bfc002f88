//! The audit log: every change made through the site or an import, with who made it and the values
//! before and after.

use serde_json::Value;
use sqlx::PgConnection;

/// One change to record.
pub struct AuditEntry<'a> {
    /// Null for a content import from the command line.
    pub user_id: Option<i64>,
    /// What was done, in words: "updated status", "edited recommendation", ...
    pub action: &'a str,
    /// The kind of record: recommendation, milestone, page, focus_area, user.
    pub entity: &'a str,
    /// Which record: a number, an id or a slug.
    pub entity_key: String,
    pub recommendation: Option<i16>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// Writes an entry inside the caller's transaction, so the change and its record land together.
pub async fn record(tx: &mut PgConnection, entry: AuditEntry<'_>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into audit_log (user_id, action, entity, entity_key, recommendation_number, before, after)
         values ($1, $2, $3, $4, $5, $6, $7)",
        entry.user_id,
        entry.action,
        entry.entity,
        entry.entity_key,
        entry.recommendation,
        entry.before,
        entry.after,
    )
    .execute(tx)
    .await?;
    Ok(())
}
