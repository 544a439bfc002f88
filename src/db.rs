//! The connection pool and the embedded migrations.

use std::time::Duration;

use sqlx::migrate::{MigrateDatabase, Migrator};
use sqlx::postgres::{PgPool, PgPoolOptions};

/// The schema, from migrations/, compiled into the binary.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// Creates the database if it does not exist yet, then opens a pool to it.
pub async fn connect(database_url: &str) -> Result<PgPool, sqlx::Error> {
    if !sqlx::Postgres::database_exists(database_url).await? {
        tracing::info!("creating the database, which did not exist");
        sqlx::Postgres::create_database(database_url).await?;
    }
    PgPoolOptions::new()
        .max_connections(10)
        // A page should fail fast with the error page rather than hang when the database is gone.
        .acquire_timeout(Duration::from_secs(5))
        .connect(database_url)
        .await
}

/// A free-text page (`home` or `about`) as stored.
pub struct StoredPage {
    pub title: String,
    pub body_md: String,
}

/// The page with this slug; the importer guarantees both exist.
pub async fn fetch_page(db: &PgPool, slug: &str) -> Result<Option<StoredPage>, sqlx::Error> {
    sqlx::query_as!(
        StoredPage,
        "select title, body_md from pages where slug = $1",
        slug
    )
    .fetch_optional(db)
    .await
}

/// A focus area with how many recommendations it holds.
pub struct FocusAreaCount {
    pub slug: String,
    pub name: String,
    pub recommendation_count: i64,
}

/// The focus areas in the City's order, with their recommendation counts: one query.
pub async fn focus_areas_with_counts(db: &PgPool) -> Result<Vec<FocusAreaCount>, sqlx::Error> {
    sqlx::query_as!(
        FocusAreaCount,
        r#"select f.slug, f.name, count(r.number) as "recommendation_count!"
           from focus_areas f
           left join recommendations r on r.focus_area_slug = f.slug
           group by f.slug
           order by f.position"#
    )
    .fetch_all(db)
    .await
}

/// One of the five stages as stored.
pub struct StoredStage {
    pub slug: String,
    pub name: String,
    pub definition: String,
}

/// The five stages in order.
pub async fn stages(db: &PgPool) -> Result<Vec<StoredStage>, sqlx::Error> {
    sqlx::query_as!(
        StoredStage,
        "select slug, name, definition from stages order by position"
    )
    .fetch_all(db)
    .await
}
