use std::process::Command;

use sqlx::PgPool;

use crate::helpers::{ContentCopy, TestApp, snapshot};

#[sqlx::test]
async fn the_first_import_fills_the_database_from_the_content_files(db: PgPool) {
    let app = TestApp::without_content(db);
    let report = app
        .import_from(&crate::helpers::content_dir())
        .await
        .unwrap();
    assert!(
        report
            .changes
            .contains(&"added recommendation 39".to_owned())
    );
    let counts = sqlx::query!(
        r#"select (select count(*) from recommendations) as "recommendations!",
                  (select count(*) from focus_areas) as "areas!",
                  (select count(*) from milestones) as "milestones!",
                  (select count(*) from pages) as "pages!",
                  (select count(*) from recommendations where title is null) as "untitled!",
                  (select count(*) from recommendations where needs_review) as "needs_review!""#
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(
        (
            counts.recommendations,
            counts.areas,
            counts.milestones,
            counts.pages
        ),
        (39, 9, 22, 2)
    );
    assert_eq!(counts.untitled, 19, "no title is invented");
    assert_eq!(
        counts.needs_review, 19,
        "every guessed focus area is flagged"
    );
}

#[sqlx::test]
async fn a_second_import_changes_nothing_and_says_so(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let before = snapshot(&app.db).await;
    let report = app
        .import_from(&crate::helpers::content_dir())
        .await
        .unwrap();
    assert!(report.is_unchanged(), "{report}");
    assert_eq!(
        report.to_string(),
        "No changes: the database already matches the content files.\n"
    );
    assert_eq!(snapshot(&app.db).await, before);
}

#[sqlx::test]
async fn an_import_reports_each_change_it_makes(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let content = ContentCopy::new();
    content.edit("recommendations/02.md", "2025-01", "2025-06");
    content.edit("timeline.toml", "title = \"Police Services Survey conducted\"",
        "title = \"Police Services Survey conducted\"\nbody = \"More than 5,000 residents answered.\"");
    content.edit(
        "focus-areas.toml",
        "Recommendations on the police department's work with young people.",
        "Recommendations on the police department's work with young people and schools.",
    );
    let report = app.import_from(&content.path()).await.unwrap();
    assert_eq!(
        report.changes,
        [
            "changed focus area youth-outreach",
            "changed recommendation 2: estimated implementation date",
            "changed milestone 2021-10 \"Police Services Survey conducted\"",
        ]
    );
    let target = sqlx::query_scalar!("select target_on from recommendations where number = 2")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(target, Some(time::macros::date!(2025 - 06 - 01)));
}

/// Each case breaks one file; the import must name it and leave the database exactly as it was.
#[sqlx::test]
async fn a_malformed_file_stops_the_import_and_changes_nothing(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let before = snapshot(&app.db).await;
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "recommendations/05.md",
            "+++\nnumber = 5",
            "number = 5",
            "content/recommendations/05.md, line 1: the file must begin with a front-matter header",
        ),
        (
            "recommendations/05.md",
            "stage = \"unknown\"\non_hold = false\nneeds_review = false\n+++",
            "stage = \"unknown\"\non_hold = false\nneeds_review = false\n",
            "content/recommendations/05.md, line 1: the front-matter header is not closed",
        ),
        (
            "recommendations/05.md",
            "focus_area = \"de-escalation\"",
            "focus_area = \"policing\"",
            "content/recommendations/05.md, line 4: unknown focus area \"policing\"",
        ),
        (
            "recommendations/05.md",
            "stage = \"unknown\"",
            "stage = \"done\"",
            "content/recommendations/05.md, line 5: unknown stage \"done\"",
        ),
        (
            "recommendations/05.md",
            "number = 5",
            "number = 4",
            "content/recommendations/05.md: duplicate number 4: content/recommendations/04.md has the same number",
        ),
        (
            "recommendations/05.md",
            "number = 5",
            "number = 40",
            "content/recommendations/05.md, line 2: number 40 is not one of the report's",
        ),
        (
            "recommendations/01.md",
            "started = \"2022-09\"",
            "started = \"2022-13\"",
            "content/recommendations/01.md, line 7: started: \"2022-13\" is not a date",
        ),
        (
            "recommendations/01.md",
            "on_hold = false",
            "on_hold = maybe",
            "content/recommendations/01.md, line 6:",
        ),
        (
            "recommendations/01.md",
            "needs_review = false",
            "needs_review = false\nowner = \"x\"",
            "content/recommendations/01.md, line 10: unknown field `owner`",
        ),
        (
            "recommendations/14.md",
            "number = 14\n",
            "number = 14\ntitle = \"  \"\n",
            "content/recommendations/14.md, line 3: title is empty",
        ),
        (
            "timeline.toml",
            "date = \"2020-06\"",
            "date = \"June 2020\"",
            "content/timeline.toml, line 5: date: \"June 2020\" is not a date",
        ),
        (
            "timeline.toml",
            "recommendations = [17]",
            "recommendations = [45]",
            "content/timeline.toml, line 69: there is no recommendation 45",
        ),
        (
            "stages.toml",
            "slug = \"planning\"",
            "slug = \"review\"",
            "content/stages.toml, line 10: unknown stage \"review\"",
        ),
        (
            "focus-areas.toml",
            "slug = \"accountability\"",
            "slug = \"de-escalation\"",
            "content/focus-areas.toml, line 14: duplicate focus area \"de-escalation\"",
        ),
    ];
    for (file, from, to, expected) in cases {
        let content = ContentCopy::new();
        content.edit(file, from, to);
        let error = app.import_from(&content.path()).await.expect_err(expected);
        assert!(
            error.starts_with(expected),
            "expected {expected:?}\n     got {error:?}"
        );
        assert_eq!(snapshot(&app.db).await, before, "{expected}");
    }
}

#[sqlx::test]
async fn a_missing_page_file_is_named(db: PgPool) {
    let app = TestApp::without_content(db);
    let content = ContentCopy::new();
    std::fs::remove_file(content.path().join("pages/about.md")).unwrap();
    let error = app.import_from(&content.path()).await.unwrap_err();
    assert!(
        error.starts_with("content/pages/about.md: cannot be read"),
        "{error}"
    );
    assert_eq!(
        sqlx::query_scalar!(r#"select count(*) as "n!" from recommendations"#)
            .fetch_one(&app.db)
            .await
            .unwrap(),
        0
    );
}

/// The database URL of the test's own database, for running the real binary against it.
fn database_url(db: &PgPool) -> String {
    let options = db.connect_options();
    format!(
        "postgres://postgres@127.0.0.1:{}/{}",
        options.get_port(),
        options.get_database().expect("a test database name")
    )
}

fn okc_psp(db_url: &str, content: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_okc-psp"))
        .args(args)
        .env("DATABASE_URL", db_url)
        .env("CONTENT_DIR", content)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs")
}

#[sqlx::test]
async fn the_import_command_prints_its_changes_and_then_that_nothing_changed(db: PgPool) {
    let url = database_url(&db);
    let content = crate::helpers::content_dir();
    let first = okc_psp(&url, &content, &["import"]);
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(stdout.contains("added recommendation 1\n"), "{stdout}");

    let second = okc_psp(&url, &content, &["import"]);
    assert!(second.status.success());
    assert_eq!(
        String::from_utf8_lossy(&second.stdout),
        "No changes: the database already matches the content files.\n"
    );
}

#[sqlx::test]
async fn the_import_command_names_a_broken_file_and_exits_with_failure(db: PgPool) {
    let url = database_url(&db);
    let content = ContentCopy::new();
    content.edit(
        "recommendations/12.md",
        "stage = \"unknown\"",
        "stage = \"finished\"",
    );
    let output = okc_psp(&url, &content.path(), &["import"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("error: content/recommendations/12.md, line 5: unknown stage \"finished\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("Nothing was imported; the database is unchanged."),
        "{stderr}"
    );
    let count: i64 = sqlx::query_scalar!(r#"select count(*) as "n!" from recommendations"#)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(count, 0);
}

#[test]
fn an_unreachable_database_stops_the_server_with_one_line_that_hides_the_password() {
    let output = Command::new(env!("CARGO_BIN_EXE_okc-psp"))
        .env("DATABASE_URL", "postgres://app:hunter2@127.0.0.1:1/okc_psp")
        .env("RUST_LOG", "off")
        .output()
        .expect("the binary runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(
            "error: cannot connect to the database at postgres://app:***@127.0.0.1:1/okc_psp: "
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2"), "{stderr}");
}

#[sqlx::test]
async fn an_import_that_replaces_a_staff_edit_records_it_and_refuses_a_stale_form(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let session = app
        .signed_in("clerk@okc.gov", okc_psp::domain::Role::Editor)
        .await;
    let version = app
        .form_version(&session, "/admin/recommendations/2/edit")
        .await;

    let content = ContentCopy::new();
    content.edit("recommendations/02.md", "2025-01", "2025-06");
    app.import_from(&content.path()).await.unwrap();

    let audit = sqlx::query!(
        "select action, before, after from audit_log where recommendation_number = 2 and user_id is null"
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(audit.action, "imported changes to recommendation");
    assert_eq!(audit.before.unwrap()["estimated_implementation"], "2025-01");
    assert_eq!(audit.after.unwrap()["estimated_implementation"], "2025-06");

    // A form loaded before the import is refused rather than silently undoing it.
    let response = app
        .post_form(
            "/admin/recommendations/2/edit",
            Some(&session),
            &[
                ("title", "Warn before force."),
                ("details", ""),
                ("focus_area", "de-escalation"),
                ("target", "2025-01"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(response.status, axum::http::StatusCode::CONFLICT);
    assert!(
        response
            .html()
            .text(".error-summary")
            .contains("Command line or content import imported changes to recommendation")
    );
}

#[sqlx::test]
async fn an_import_leaves_what_staff_saved_on_the_site_unless_told_to_replace_it(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let session = app
        .signed_in("clerk@okc.gov", okc_psp::domain::Role::Editor)
        .await;
    crate::progress::update_status(
        &app,
        &session,
        3,
        "planning",
        false,
        "2025-05-06",
        "Plan adopted.",
    )
    .await;
    let id = sqlx::query_scalar!(
        "select id from milestones where title = 'Police Services Survey conducted'"
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let response = app
        .post_form(&format!("/admin/timeline/{id}/delete"), Some(&session), &[])
        .await;
    assert_eq!(response.status, axum::http::StatusCode::SEE_OTHER);
    let version = app.form_version(&session, "/admin/pages/about/edit").await;
    app.post_form(
        "/admin/pages/about/edit",
        Some(&session),
        &[
            ("title", "About us"),
            ("body", "Staff text."),
            ("version", &version),
        ],
    )
    .await;
    let before = snapshot(&app.db).await;

    // The files still hold the old status, the deleted milestone and the old About text.
    let report = app
        .import_from(&crate::helpers::content_dir())
        .await
        .unwrap();
    assert!(report.is_unchanged(), "{report}");
    assert_eq!(
        report.kept,
        [
            "recommendation 3 (the files differ in: stage)",
            "milestone 2021-10 \"Police Services Survey conducted\" (changed or deleted on the site)",
            "page about",
        ]
    );
    assert!(
        report
            .to_string()
            .contains("Left as staff edited them on the site")
    );
    assert_eq!(
        snapshot(&app.db).await,
        before,
        "nothing staff saved was undone"
    );
    assert_eq!(
        app.get("/recommendations/3")
            .await
            .html()
            .text(".facts .status"),
        "Planning"
    );

    // Asked to, the import replaces them with the files' version, and records that it did.
    let files = okc_psp::content::read_content(&crate::helpers::content_dir()).unwrap();
    let options = okc_psp::content::ImportOptions {
        replace_site_edits: true,
    };
    let report = okc_psp::content::import_with(&app.db, &files, options)
        .await
        .unwrap();
    assert_eq!(
        report.changes,
        [
            "changed recommendation 3: stage",
            "added milestone 2021-10 \"Police Services Survey conducted\"",
            "changed page about",
        ]
    );
    assert_eq!(
        app.get("/recommendations/3")
            .await
            .html()
            .text(".facts .status"),
        "Status not yet published"
    );
    let history = app
        .get("/recommendations/3")
        .await
        .html()
        .texts(".history__entry");
    assert_eq!(history.len(), 2, "both changes stay in the public history");
}
