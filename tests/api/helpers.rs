//! `TestApp`: the production router on a test database, and helpers to read what a user sees.

use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use okc_psp::app::{AppState, router};
use okc_psp::content::{self, ImportReport};
use scraper::{ElementRef, Html, Selector};
use sqlx::PgPool;
use tower::ServiceExt;

/// The repository's own content/ folder.
pub fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

pub struct TestApp {
    pub db: PgPool,
    router: Router,
}

impl TestApp {
    /// The site on `db` with the repository's content imported, as on first start.
    pub async fn with_content(db: PgPool) -> Self {
        let app = Self::without_content(db);
        app.import_from(&content_dir())
            .await
            .expect("the repository's content imports");
        app
    }

    /// The site on `db` as the migrations leave it, with nothing imported.
    pub fn without_content(db: PgPool) -> Self {
        let router = router(AppState { db: db.clone() });
        Self { db, router }
    }

    /// Imports a content folder, as `okc-psp import` does.
    pub async fn import_from(&self, dir: &Path) -> Result<ImportReport, String> {
        let files = content::read_content(dir).map_err(|error| error.to_string())?;
        content::import(&self.db, &files)
            .await
            .map_err(|error| error.to_string())
    }

    pub async fn get(&self, uri: &str) -> TestResponse {
        let request = Request::get(uri)
            .body(Body::empty())
            .expect("a valid request");
        self.send(request).await
    }

    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("a readable body")
            .to_bytes();
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn html(&self) -> Page {
        Page(Html::parse_document(&self.body))
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// A parsed page, read the way a user reads it: by the text of its elements.
pub struct Page(pub Html);

impl Page {
    /// The whitespace-normalised text of every element matching `css`.
    pub fn texts(&self, css: &str) -> Vec<String> {
        self.select(css).map(|element| text_of(&element)).collect()
    }

    /// The text of the one element matching `css`.
    pub fn text(&self, css: &str) -> String {
        let texts = self.texts(css);
        assert_eq!(texts.len(), 1, "expected one {css}, found {texts:?}");
        texts.into_iter().next().unwrap_or_default()
    }

    /// The text of the whole `<main>`.
    pub fn main_text(&self) -> String {
        self.text("main")
    }

    /// The attribute `name` of every element matching `css`.
    pub fn attrs(&self, css: &str, name: &str) -> Vec<String> {
        self.select(css)
            .filter_map(|e| e.value().attr(name).map(str::to_owned))
            .collect()
    }

    pub fn select<'a>(&'a self, css: &str) -> impl Iterator<Item = ElementRef<'a>> + 'a {
        let selector = Selector::parse(css).unwrap_or_else(|_| panic!("valid selector {css}"));
        self.0.select(&selector).collect::<Vec<_>>().into_iter()
    }
}

/// An element's text with runs of white space folded into one space.
pub fn text_of(element: &ElementRef<'_>) -> String {
    element
        .text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every row of every content table, as text: equal snapshots mean an unchanged database.
pub async fn snapshot(db: &PgPool) -> String {
    let mut all = String::new();
    for table in [
        "focus_areas",
        "stages",
        "recommendations",
        "status_changes",
        "milestones",
        "milestone_recommendations",
        "pages",
    ] {
        let sql =
            format!("select coalesce(json_agg(t order by t::text)::text, '[]') from {table} t");
        let rows: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(db)
            .await
            .expect("a snapshot query");
        all.push_str(table);
        all.push_str(&rows);
        all.push('\n');
    }
    all
}

/// A copy of the repository's content/ in a temporary folder, for tests that break a file.
pub struct ContentCopy {
    pub dir: tempfile::TempDir,
}

impl ContentCopy {
    pub fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("content-")
            .tempdir()
            .expect("a temp dir");
        copy_dir(&content_dir(), &dir.path().join("content"));
        Self { dir }
    }

    /// The copied content folder (named `content`, as in messages).
    pub fn path(&self) -> PathBuf {
        self.dir.path().join("content")
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path().join(name)).expect("a content file")
    }

    pub fn write(&self, name: &str, text: &str) {
        std::fs::write(self.path().join(name), text).expect("write a content file");
    }

    /// Replaces `from` with `to` in a file, failing if `from` is not there.
    pub fn edit(&self, name: &str, from: &str, to: &str) {
        let text = self.read(name);
        assert!(text.contains(from), "{name} does not contain {from:?}");
        self.write(name, &text.replacen(from, to, 1));
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy file");
        }
    }
}
