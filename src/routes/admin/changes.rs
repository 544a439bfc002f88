//! Reading the audit log back: what changed in an entry, and what others changed since a form was
//! loaded (shown when a save is refused as a conflict).

use serde_json::Value;
use sqlx::PgPool;

use super::dashboard::format_timestamp;

/// One field of an audit entry that changed.
#[derive(Debug, Clone)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// A change made by someone else after a form was loaded.
#[derive(Debug, Clone)]
pub struct OtherChange {
    pub who: String,
    pub when: String,
    pub action: String,
    pub fields: Vec<FieldChange>,
}

/// The fields whose values differ between `before` and `after` (JSON objects), in `after`'s
/// order; the bookkeeping `version` is left out.
pub fn diff(before: Option<&Value>, after: Option<&Value>) -> Vec<FieldChange> {
    let empty = serde_json::Map::new();
    let before = before.and_then(Value::as_object).unwrap_or(&empty);
    let after = after.and_then(Value::as_object).unwrap_or(&empty);
    let mut keys: Vec<&String> = after.keys().collect();
    keys.extend(before.keys().filter(|key| !after.contains_key(*key)));
    keys.into_iter()
        .filter(|key| key.as_str() != "version")
        .filter(|key| before.get(*key) != after.get(*key))
        .map(|key| FieldChange {
            field: key.replace('_', " "),
            before: show(before.get(key)),
            after: show(after.get(key)),
        })
        .collect()
}

fn show(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "(empty)".to_owned(),
        Some(Value::String(text)) if text.is_empty() => "(empty)".to_owned(),
        Some(Value::String(text)) => text.clone(),
        Some(Value::Bool(true)) => "yes".to_owned(),
        Some(Value::Bool(false)) => "no".to_owned(),
        Some(other) => other.to_string(),
    }
}

/// The audit entries for one record saved after `version`: what the person whose save was
/// refused needs to see. One query.
pub async fn since_version(
    db: &PgPool,
    entity: &str,
    key: &str,
    version: i32,
) -> Result<Vec<OtherChange>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select a.action, a.before, a.after, a.created_at,
                  coalesce(u.display_name, 'Command line or content import') as "who!"
           from audit_log a left join users u on u.id = a.user_id
           where a.entity = $1 and a.entity_key = $2 and (a.after ->> 'version')::int > $3
           order by a.id"#,
        entity,
        key,
        version,
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| OtherChange {
            who: row.who,
            when: format_timestamp(row.created_at),
            action: row.action,
            fields: diff(row.before.as_ref(), row.after.as_ref()),
        })
        .collect())
}
