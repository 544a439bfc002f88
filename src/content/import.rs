//! Applying a [`ContentSet`] to the database in one transaction, reporting what changed.

use std::collections::{HashMap, HashSet};
use std::fmt;

use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;

use super::files::ContentSet;
use super::records::{FocusAreaRecord, MilestoneRecord, RecommendationRecord};
use crate::domain::{DatePrecision, MilestoneDate, MonthDate, RecommendationNumber, Status};

/// What an import did, one line per change, and what it left alone because staff had edited it
/// on the site.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub changes: Vec<String>,
    pub kept: Vec<String>,
}

/// How an import treats records that staff have edited on the site.
#[derive(Debug, Default, Clone, Copy)]
pub struct ImportOptions {
    /// Replace them with the files' version too. Off by default, so that an import never undoes
    /// what staff saved.
    pub replace_site_edits: bool,
}

impl ImportReport {
    /// True when the database already matched the files.
    pub fn is_unchanged(&self) -> bool {
        self.changes.is_empty()
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.changes.is_empty() {
            writeln!(
                f,
                "No changes: the database already matches the content files."
            )?;
        } else {
            for change in &self.changes {
                writeln!(f, "{change}")?;
            }
            writeln!(f, "{} change(s) imported.", self.changes.len())?;
        }
        if !self.kept.is_empty() {
            writeln!(
                f,
                "Left as staff edited them on the site (the files differ; update the files, or \
                 import with --replace-site-edits to replace them):"
            )?;
            for kept in &self.kept {
                writeln!(f, "  {kept}")?;
            }
        }
        Ok(())
    }
}

/// The records staff have changed through the admin section, from the audit log.
struct SiteEdits {
    /// (entity, key) of every record a staff member saved.
    touched: HashSet<(String, String)>,
    /// (date, title) that milestones had before staff edited or deleted them, so the files'
    /// older version is not added back.
    replaced_milestones: HashSet<(String, String)>,
    replace: bool,
}

impl SiteEdits {
    async fn load(tx: &mut PgConnection, options: ImportOptions) -> Result<Self, ImportError> {
        let touched = sqlx::query!(
            "select distinct entity, entity_key from audit_log where user_id is not null"
        )
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|row| (row.entity, row.entity_key))
        .collect();
        let replaced_milestones = sqlx::query!(
            r#"select before ->> 'date' as "date!", before ->> 'title' as "title!" from audit_log
               where user_id is not null and entity = 'milestone'
                 and before ->> 'date' is not null and before ->> 'title' is not null"#
        )
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|row| (row.date, row.title))
        .collect();
        Ok(Self {
            touched,
            replaced_milestones,
            replace: options.replace_site_edits,
        })
    }

    /// True when the import must leave this record as staff saved it.
    fn protects(&self, entity: &str, key: &str) -> bool {
        !self.replace && self.touched.contains(&(entity.to_owned(), key.to_owned()))
    }
}

/// The import failed and was rolled back: the database is as it was.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the database refused the import, so nothing was changed: {0}")]
    Database(#[from] sqlx::Error),
    #[error("stored data could not be read: {0}")]
    Inconsistent(String),
}

/// The note written into a recommendation's public status history when an import changes it.
pub const IMPORT_NOTE: &str = "Status updated from the site's content files.";

/// Makes the database match `content`, in one transaction: either all of it lands or none.
/// Records that staff edited on the site are left as they are (see [`ImportOptions`]).
pub async fn import(pool: &PgPool, content: &ContentSet) -> Result<ImportReport, ImportError> {
    import_with(pool, content, ImportOptions::default()).await
}

/// [`import`], with a choice about records edited on the site.
pub async fn import_with(
    pool: &PgPool,
    content: &ContentSet,
    options: ImportOptions,
) -> Result<ImportReport, ImportError> {
    let mut tx = pool.begin().await?;
    let mut report = ImportReport::default();
    let edits = SiteEdits::load(&mut tx, options).await?;
    import_focus_areas(&mut tx, &content.focus_areas, &edits, &mut report).await?;
    import_stages(&mut tx, content, &mut report).await?;
    import_recommendations(&mut tx, &content.recommendations, &edits, &mut report).await?;
    remove_unused_focus_areas(&mut tx, &content.focus_areas, &mut report).await?;
    import_milestones(&mut tx, &content.milestones, &edits, &mut report).await?;
    import_pages(&mut tx, content, &edits, &mut report).await?;
    tx.commit().await?;
    Ok(report)
}

async fn import_focus_areas(
    tx: &mut PgConnection,
    areas: &[FocusAreaRecord],
    edits: &SiteEdits,
    report: &mut ImportReport,
) -> Result<(), ImportError> {
    let stored: HashMap<String, (i16, String, String)> =
        sqlx::query!("select slug, position, name, description_md from focus_areas")
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(|row| (row.slug, (row.position, row.name, row.description_md)))
            .collect();
    for (index, area) in areas.iter().enumerate() {
        let position = i16::try_from(index + 1).unwrap_or(i16::MAX);
        let wanted = (position, area.name.clone(), area.description_md.clone());
        match stored.get(&area.slug) {
            Some(current) if *current == wanted => continue,
            Some(_) if edits.protects("focus_area", &area.slug) => {
                report.kept.push(format!("focus area {}", area.slug));
                continue;
            }
            Some(_) => report
                .changes
                .push(format!("changed focus area {}", area.slug)),
            None => report
                .changes
                .push(format!("added focus area {}", area.slug)),
        }
        sqlx::query!(
            "insert into focus_areas (slug, position, name, description_md) values ($1, $2, $3, $4)
             on conflict (slug) do update
             set position = excluded.position, name = excluded.name,
                 description_md = excluded.description_md, version = focus_areas.version + 1",
            area.slug,
            position,
            area.name,
            area.description_md,
        )
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Runs after the recommendations have moved off any area that the files no longer list.
async fn remove_unused_focus_areas(
    tx: &mut PgConnection,
    areas: &[FocusAreaRecord],
    report: &mut ImportReport,
) -> Result<(), ImportError> {
    let keep: Vec<String> = areas.iter().map(|area| area.slug.clone()).collect();
    let removed = sqlx::query_scalar!(
        "delete from focus_areas where slug <> all($1) returning slug",
        &keep
    )
    .fetch_all(&mut *tx)
    .await?;
    report.changes.extend(
        removed
            .into_iter()
            .map(|slug| format!("removed focus area {slug}")),
    );
    Ok(())
}

async fn import_stages(
    tx: &mut PgConnection,
    content: &ContentSet,
    report: &mut ImportReport,
) -> Result<(), ImportError> {
    for stage in &content.stages {
        let changed = sqlx::query!(
            "update stages set name = $2, definition = $3
             where slug = $1 and (name, definition) is distinct from ($2, $3)",
            stage.slug,
            stage.name,
            stage.definition,
        )
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed > 0 {
            report.changes.push(format!("changed stage {}", stage.slug));
        }
    }
    Ok(())
}

async fn import_recommendations(
    tx: &mut PgConnection,
    records: &[RecommendationRecord],
    edits: &SiteEdits,
    report: &mut ImportReport,
) -> Result<(), ImportError> {
    let stored = stored_recommendations(tx).await?;
    let today = OffsetDateTime::now_utc().date();
    for record in records {
        let current = stored.get(&record.number);
        let changed = match current {
            None => {
                report
                    .changes
                    .push(format!("added recommendation {}", record.number));
                Vec::new()
            }
            Some(current) => {
                let changed = current.changed_fields(record);
                if changed.is_empty() {
                    continue;
                }
                if edits.protects("recommendation", &record.number.to_string()) {
                    report.kept.push(format!(
                        "recommendation {} (the files differ in: {})",
                        record.number,
                        changed.join(", ")
                    ));
                    continue;
                }
                report.changes.push(format!(
                    "changed recommendation {}: {}",
                    record.number,
                    changed.join(", ")
                ));
                changed
            }
        };
        let version = upsert_recommendation(tx, record).await?;
        if let Some(previous) = current {
            // Recorded so that nothing an import replaces is lost: the audit log keeps the values
            // it replaced, and a form loaded before it conflicts.
            let mut before = previous.to_json();
            before["version"] = serde_json::json!(version - 1);
            let mut after = record.to_json();
            after["version"] = serde_json::json!(version);
            crate::audit::record(
                tx,
                crate::audit::AuditEntry {
                    user_id: None,
                    action: "imported changes to recommendation",
                    entity: "recommendation",
                    entity_key: record.number.to_string(),
                    recommendation: Some(record.number.get()),
                    before: Some(before),
                    after: Some(after),
                },
            )
            .await?;
        }
        let status_changed = changed.contains(&"stage") || changed.contains(&"on hold");
        if let (Some(previous), true) = (current, status_changed) {
            sqlx::query!(
                "insert into status_changes (recommendation_number, previous_status_known,
                     previous_stage_slug, new_status_known, new_stage_slug, previous_on_hold,
                     new_on_hold, effective_on, note_md)
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                record.number.get(),
                previous.status != Status::Unknown,
                previous.status.stage().map(|stage| stage.slug()),
                record.status != Status::Unknown,
                record.status.stage().map(|stage| stage.slug()),
                previous.on_hold,
                record.on_hold,
                today,
                IMPORT_NOTE,
            )
            .execute(&mut *tx)
            .await?;
        }
    }
    Ok(())
}

async fn stored_recommendations(
    tx: &mut PgConnection,
) -> Result<HashMap<RecommendationNumber, RecommendationRecord>, ImportError> {
    let rows = sqlx::query!(
        "select number, title, full_text_md, details_md, focus_area_slug, stage_slug, status_known,
                on_hold, started_on, target_on, implemented_on, needs_review
         from recommendations"
    )
    .fetch_all(&mut *tx)
    .await?;
    rows.into_iter()
        .map(|row| {
            let number = RecommendationNumber::new(row.number.into())
                .ok_or_else(|| ImportError::Inconsistent(format!("number {}", row.number)))?;
            let status = Status::from_columns(row.status_known, row.stage_slug.as_deref())
                .ok_or_else(|| ImportError::Inconsistent(format!("stage of {number}")))?;
            let record = RecommendationRecord {
                number,
                title: row.title,
                full_text_md: row.full_text_md,
                details_md: row.details_md,
                focus_area: row.focus_area_slug,
                status,
                on_hold: row.on_hold,
                started: row.started_on.map(MonthDate::from_date),
                target: row.target_on.map(MonthDate::from_date),
                implemented: row.implemented_on.map(MonthDate::from_date),
                needs_review: row.needs_review,
            };
            Ok((number, record))
        })
        .collect()
}

/// Inserts or updates the recommendation and returns its new version.
async fn upsert_recommendation(
    tx: &mut PgConnection,
    record: &RecommendationRecord,
) -> Result<i32, ImportError> {
    let version = sqlx::query_scalar!(
        "insert into recommendations (number, title, full_text_md, details_md, focus_area_slug,
             stage_slug, status_known, on_hold, started_on, target_on, implemented_on, needs_review)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         on conflict (number) do update
         set title = excluded.title, full_text_md = excluded.full_text_md,
             details_md = excluded.details_md, focus_area_slug = excluded.focus_area_slug,
             stage_slug = excluded.stage_slug, status_known = excluded.status_known,
             on_hold = excluded.on_hold, started_on = excluded.started_on,
             target_on = excluded.target_on, implemented_on = excluded.implemented_on,
             needs_review = excluded.needs_review, version = recommendations.version + 1
         returning version",
        record.number.get(),
        record.title,
        record.full_text_md,
        record.details_md,
        record.focus_area,
        record.status.stage().map(|stage| stage.slug()),
        record.status != Status::Unknown,
        record.on_hold,
        record.started.map(MonthDate::first_day),
        record.target.map(MonthDate::first_day),
        record.implemented.map(MonthDate::first_day),
        record.needs_review,
    )
    .fetch_one(&mut *tx)
    .await?;
    Ok(version)
}

/// Milestones are matched by date and title: a milestone whose title is reworded in the file is
/// replaced (removed and added).
async fn import_milestones(
    tx: &mut PgConnection,
    milestones: &[MilestoneRecord],
    edits: &SiteEdits,
    report: &mut ImportReport,
) -> Result<(), ImportError> {
    let rows = sqlx::query!(
        r#"select m.id, m.occurred_on, m.date_precision, m.title, m.body_md,
                  coalesce(array_agg(mr.recommendation_number order by mr.recommendation_number)
                      filter (where mr.recommendation_number is not null), '{}') as "recommendations!"
           from milestones m
           left join milestone_recommendations mr on mr.milestone_id = m.id
           group by m.id
           order by m.id"#
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut stored: HashMap<(String, String), (i64, String, Vec<i16>)> = HashMap::new();
    for row in rows {
        let precision = DatePrecision::from_key(&row.date_precision)
            .ok_or_else(|| ImportError::Inconsistent(format!("milestone {} precision", row.id)))?;
        let date = MilestoneDate::new(row.occurred_on, precision);
        stored.insert(
            (date.iso(), row.title),
            (row.id, row.body_md, row.recommendations),
        );
    }

    for milestone in milestones {
        let key = (milestone.date.iso(), milestone.title.clone());
        let linked: Vec<i16> = milestone.recommendations.iter().map(|n| n.get()).collect();
        let id = match stored.remove(&key) {
            Some((id, body, current_links)) => {
                if body == milestone.body_md && current_links == linked {
                    continue;
                }
                if edits.protects("milestone", &id.to_string()) {
                    report.kept.push(format!("milestone {} {:?}", key.0, key.1));
                    continue;
                }
                sqlx::query!(
                    "update milestones set body_md = $2, version = version + 1 where id = $1",
                    id,
                    milestone.body_md
                )
                .execute(&mut *tx)
                .await?;
                sqlx::query!(
                    "delete from milestone_recommendations where milestone_id = $1",
                    id
                )
                .execute(&mut *tx)
                .await?;
                report
                    .changes
                    .push(format!("changed milestone {} {:?}", key.0, key.1));
                id
            }
            // Staff edited or deleted this milestone on the site: the file holds its old version.
            None if !edits.replace && edits.replaced_milestones.contains(&key) => {
                report.kept.push(format!(
                    "milestone {} {:?} (changed or deleted on the site)",
                    key.0, key.1
                ));
                continue;
            }
            None => {
                report
                    .changes
                    .push(format!("added milestone {} {:?}", key.0, key.1));
                sqlx::query_scalar!(
                    "insert into milestones (occurred_on, date_precision, title, body_md)
                     values ($1, $2, $3, $4) returning id",
                    milestone.date.date(),
                    milestone.date.precision().key(),
                    milestone.title,
                    milestone.body_md,
                )
                .fetch_one(&mut *tx)
                .await?
            }
        };
        sqlx::query!(
            "insert into milestone_recommendations (milestone_id, recommendation_number)
             select $1, unnest($2::smallint[])",
            id,
            &linked
        )
        .execute(&mut *tx)
        .await?;
    }

    let mut leftover: Vec<_> = stored.into_iter().collect();
    leftover.sort_by_key(|(_, (id, _, _))| *id);
    for ((date, title), (id, _, _)) in leftover {
        // Added or edited on the site, so not the files' to remove.
        if edits.protects("milestone", &id.to_string()) {
            continue;
        }
        sqlx::query!("delete from milestones where id = $1", id)
            .execute(&mut *tx)
            .await?;
        report
            .changes
            .push(format!("removed milestone {date} {title:?}"));
    }
    Ok(())
}

async fn import_pages(
    tx: &mut PgConnection,
    content: &ContentSet,
    edits: &SiteEdits,
    report: &mut ImportReport,
) -> Result<(), ImportError> {
    for page in &content.pages {
        if edits.protects("page", &page.slug) {
            let differs = sqlx::query_scalar!(
                r#"select (title, body_md) is distinct from ($2, $3) as "differs!" from pages where slug = $1"#,
                page.slug,
                page.title,
                page.body_md,
            )
            .fetch_optional(&mut *tx)
            .await?;
            if differs == Some(true) {
                report.kept.push(format!("page {}", page.slug));
                continue;
            }
        }
        let changed = sqlx::query_scalar!(
            r#"insert into pages (slug, title, body_md) values ($1, $2, $3)
               on conflict (slug) do update
               set title = excluded.title, body_md = excluded.body_md, version = pages.version + 1
               where (pages.title, pages.body_md) is distinct from (excluded.title, excluded.body_md)
               returning (xmax = 0) as "inserted!""#,
            page.slug,
            page.title,
            page.body_md,
        )
        .fetch_optional(&mut *tx)
        .await?;
        match changed {
            Some(true) => report.changes.push(format!("added page {}", page.slug)),
            Some(false) => report.changes.push(format!("changed page {}", page.slug)),
            None => {}
        }
    }
    Ok(())
}
