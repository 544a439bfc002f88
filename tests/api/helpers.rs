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
        let router = router(AppState {
            db: db.clone(),
            cookie_secure: false,
            base_url: "https://psp.example".into(),
        });
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

/// An element's text with runs of white space folded into one space. Text nodes are joined with a
/// space (as block elements read), except before punctuation (, . :) that follows an element.
pub fn text_of(element: &ElementRef<'_>) -> String {
    let joined = element.text().collect::<Vec<_>>().join(" ");
    let folded = joined.split_whitespace().collect::<Vec<_>>().join(" ");
    folded
        .replace(" ,", ",")
        .replace(" .", ".")
        .replace(" :", ":")
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
        "users",
        "audit_log",
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

/// A signed-in browser: its session cookie and the CSRF token its forms carry.
#[derive(Clone)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

/// A password that meets the rules, for test accounts.
pub const PASSWORD: &str = "correct horse battery staple";

impl TestApp {
    /// Creates an account directly, as `okc-psp user add` does.
    pub async fn create_user(&self, email: &str, role: okc_psp::domain::Role) -> i64 {
        let name = okc_psp::domain::DisplayName::parse(&format!("Test {}", role.label())).unwrap();
        let password = okc_psp::domain::NewPassword::parse(PASSWORD).unwrap();
        okc_psp::accounts::create(
            &self.db,
            None,
            &email.parse().unwrap(),
            &name,
            role,
            &password,
        )
        .await
        .expect("a test account")
    }

    /// Signs in through the form and reads the CSRF token from the dashboard.
    pub async fn sign_in(&self, email: &str, password: &str) -> Session {
        let response = self
            .post_form(
                "/admin/login",
                None,
                &[("email", email), ("password", password)],
            )
            .await;
        assert_eq!(
            response.status,
            StatusCode::SEE_OTHER,
            "sign-in failed: {}",
            response.body
        );
        let cookie = session_cookie(&response).expect("a session cookie");
        let mut session = Session {
            cookie,
            csrf: String::new(),
        };
        let dashboard = self.get_as(&session, "/admin").await;
        session.csrf = dashboard
            .html()
            .attrs(r#"input[name="csrf_token"]"#, "value")
            .remove(0);
        session
    }

    /// Creates an account of `role` and signs it in.
    pub async fn signed_in(&self, email: &str, role: okc_psp::domain::Role) -> Session {
        self.create_user(email, role).await;
        self.sign_in(email, PASSWORD).await
    }

    pub async fn get_as(&self, session: &Session, uri: &str) -> TestResponse {
        let request = Request::get(uri)
            .header("cookie", format!("okc_psp_session={}", session.cookie))
            .body(Body::empty())
            .unwrap();
        self.send(request).await
    }

    /// POSTs a form, signed in when `session` is given; the session's CSRF token is added unless
    /// the fields already name one.
    pub async fn post_form(
        &self,
        uri: &str,
        session: Option<&Session>,
        fields: &[(&str, &str)],
    ) -> TestResponse {
        let mut fields: Vec<(&str, &str)> = fields.to_vec();
        let mut request =
            Request::post(uri).header("content-type", "application/x-www-form-urlencoded");
        if let Some(session) = session {
            request = request.header("cookie", format!("okc_psp_session={}", session.cookie));
            if !fields.iter().any(|(name, _)| *name == "csrf_token") {
                fields.push(("csrf_token", &session.csrf));
            }
        }
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// The hidden `version` field of the form at `uri`.
    pub async fn form_version(&self, session: &Session, uri: &str) -> String {
        self.get_as(session, uri)
            .await
            .html()
            .attrs(r#"input[name="version"]"#, "value")
            .remove(0)
    }
}

/// The value of the session cookie a response sets.
pub fn session_cookie(response: &TestResponse) -> Option<String> {
    response
        .headers
        .get_all("set-cookie")
        .iter()
        .find_map(|value| {
            let value = value.to_str().ok()?;
            let pair = value.split(';').next()?;
            pair.strip_prefix("okc_psp_session=")
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        })
}
