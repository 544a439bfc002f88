//! `GET /admin/audit` (administrators): who did what and when, with values before and after.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use serde::Deserialize;

use super::changes::{self, FieldChange};
use crate::accounts::{self, Account};
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::domain::RecommendationNumber;
use crate::error::{AppResult, render};

/// Entries per page.
pub const PAGE_SIZE: i64 = 50;

struct EntryView {
    when: String,
    when_iso: String,
    who: String,
    action: String,
    what: String,
    fields: Vec<FieldChange>,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    user: CurrentUser,
    entries: Vec<EntryView>,
    accounts: Vec<Account>,
    filter_user: Option<i64>,
    filter_recommendation: String,
    message: Option<String>,
    page: i64,
    has_next: bool,
}

impl AuditPage {
    fn is_selected(&self, id: &i64) -> bool {
        self.filter_user == Some(*id)
    }

    /// The query string for another page with the same filters.
    fn page_link(&self, page: i64) -> String {
        let mut parts = vec![format!("page={page}")];
        if let Some(user) = self.filter_user {
            parts.push(format!("user={user}"));
        }
        if !self.filter_recommendation.is_empty() {
            parts.push(format!("recommendation={}", self.filter_recommendation));
        }
        format!("/admin/audit?{}", parts.join("&"))
    }
}

#[derive(Deserialize)]
pub struct AuditQuery {
    user: Option<String>,
    recommendation: Option<String>,
    page: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<AuditQuery>,
) -> AppResult<Html<String>> {
    user.require_admin()?;
    let mut message = None;
    let filter_user = match query
        .user
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(text) => match text.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                message =
                    Some("That person filter is not valid, so it was not applied.".to_owned());
                None
            }
        },
    };
    let recommendation_text = query
        .recommendation
        .as_deref()
        .unwrap_or("")
        .trim()
        .to_owned();
    let filter_recommendation = if recommendation_text.is_empty() {
        None
    } else {
        match recommendation_text.parse::<RecommendationNumber>() {
            Ok(number) => Some(number.get()),
            Err(_) => {
                message = Some(format!(
                    "{recommendation_text:?} is not a recommendation number (1 to 39), so that filter was not applied."
                ));
                None
            }
        }
    };
    // Far past the last page is simply empty; the bound keeps the offset from overflowing.
    let page = query
        .page
        .as_deref()
        .and_then(|p| p.parse::<i64>().ok())
        .filter(|p| (1..=1_000_000).contains(p))
        .unwrap_or(1);

    let (rows, accounts) = tokio::try_join!(
        sqlx::query!(
            r#"select a.action, a.entity, a.entity_key, a.before, a.after, a.created_at,
                      coalesce(u.display_name || ' (' || u.email || ')', 'Command line or content import') as "who!"
               from audit_log a left join users u on u.id = a.user_id
               where ($1::bigint is null or a.user_id = $1)
                 and ($2::smallint is null or a.recommendation_number = $2)
               order by a.id desc
               limit $3 offset $4"#,
            filter_user,
            filter_recommendation,
            PAGE_SIZE + 1,
            (page - 1) * PAGE_SIZE,
        )
        .fetch_all(&state.db),
        accounts::list(&state.db),
    )?;
    let has_next = rows.len() as i64 > PAGE_SIZE;
    let entries = rows
        .into_iter()
        .take(PAGE_SIZE as usize)
        .map(|row| EntryView {
            when: format!(
                "{} at {:02}:{:02} UTC",
                crate::domain::format_day_human(row.created_at.date()),
                row.created_at.hour(),
                row.created_at.minute()
            ),
            when_iso: row.created_at.to_string(),
            who: row.who,
            action: row.action,
            what: describe(&row.entity, &row.entity_key),
            fields: changes::diff(row.before.as_ref(), row.after.as_ref()),
        })
        .collect();
    render(&AuditPage {
        user,
        entries,
        accounts,
        filter_user,
        filter_recommendation: recommendation_text,
        message,
        page,
        has_next,
    })
}

fn describe(entity: &str, key: &str) -> String {
    match entity {
        "recommendation" => format!("Recommendation {key}"),
        "milestone" => format!("Milestone {key}"),
        "page" => format!("Page {key}"),
        "focus_area" => format!("Focus area {key}"),
        "user" => format!("Account {key}"),
        other => format!("{other} {key}"),
    }
}
