use axum::http::StatusCode;
use okc_psp::domain::Role;
use sqlx::PgPool;

use crate::helpers::{TestApp, snapshot};

/// A form's fields, as name and value.
type Fields<'a> = Vec<(&'a str, &'a str)>;

#[sqlx::test]
async fn a_status_update_reaches_the_public_page_the_counters_the_history_and_the_audit_log(
    db: PgPool,
) {
    let app = TestApp::with_content(db).await;
    let session = app.signed_in("clerk@okc.gov", Role::Editor).await;
    let before = app.get("/").await.html().texts(".counter dd");
    assert_eq!(before, ["39", "14", "5"]);

    let version = app
        .form_version(&session, "/admin/recommendations/1/status")
        .await;
    let response = app
        .post_form(
            "/admin/recommendations/1/status",
            Some(&session),
            &[
                ("stage", "full_implementation"),
                ("effective_on", "2025-05-06"),
                ("note", "The new policy took effect **citywide**."),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    assert_eq!(response.header("location"), "/admin?updated=1");
    let dashboard = app.get_as(&session, "/admin?updated=1").await.html();
    assert!(
        dashboard
            .text(".notice--success")
            .contains("The status of recommendation 1 was updated")
    );

    let page = app.get("/recommendations/1").await.html();
    assert_eq!(page.text(".facts .status"), "Full Implementation");
    assert_eq!(
        page.texts(r#"[aria-current="step"] .stage-step__name"#),
        ["Full Implementation"]
    );
    let history = page.texts(".history__entry");
    assert_eq!(history.len(), 1);
    assert!(
        history[0].starts_with(
            "May 6, 2025 Stage changed from Approaching Implementation to Full Implementation."
        ),
        "{}",
        history[0]
    );
    assert!(
        page.select(".history__entry strong")
            .any(|e| e.inner_html() == "citywide"),
        "the note is Markdown"
    );

    assert_eq!(
        app.get("/").await.html().texts(".counter dd"),
        ["39", "14", "6"]
    );

    let audit = sqlx::query!(
        r#"select a.action, a.before, a.after, u.email as "email?" from audit_log a left join users u on u.id = a.user_id
           where a.recommendation_number = 1"#
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(audit.action, "updated status");
    assert_eq!(audit.email.as_deref(), Some("clerk@okc.gov"));
    assert_eq!(audit.before.unwrap()["stage"], "approaching_implementation");
    let after = audit.after.unwrap();
    assert_eq!(after["stage"], "full_implementation");
    assert_eq!(after["effective_on"], "2025-05-06");

    // The audit log page shows it to an administrator, with before and after.
    let admin = app.signed_in("admin@okc.gov", Role::Admin).await;
    let log = app
        .get_as(&admin, "/admin/audit?recommendation=1")
        .await
        .html();
    let entry = log.text(".audit-entry");
    assert!(
        entry.contains("Test Editor (clerk@okc.gov) updated status, Recommendation 1"),
        "{entry}"
    );
    assert!(
        entry.contains("stage approaching_implementation full_implementation"),
        "{entry}"
    );
}

#[sqlx::test]
async fn setting_on_hold_and_not_started_is_recorded_in_words(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let session = app.signed_in("clerk@okc.gov", Role::Editor).await;
    let version = app
        .form_version(&session, "/admin/recommendations/4/status")
        .await;
    let response = app
        .post_form(
            "/admin/recommendations/4/status",
            Some(&session),
            &[
                ("stage", "not_started"),
                ("on_hold", "1"),
                ("effective_on", "2025-06-01"),
                ("note", "Paused while the board is re-formed."),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let page = app.get("/recommendations/4").await.html();
    assert_eq!(page.texts(".facts .status"), ["Not started", "On hold"]);
    assert!(
        page.text(".history__change")
            .contains("Stage changed from Planning to not started. Put on hold.")
    );
}

#[sqlx::test]
async fn the_preview_shows_the_rendered_note_and_saves_nothing(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let session = app.signed_in("clerk@okc.gov", Role::Editor).await;
    let version = app
        .form_version(&session, "/admin/recommendations/4/status")
        .await;
    let before = snapshot(&app.db).await;
    let response = app
        .post_form(
            "/admin/recommendations/4/status",
            Some(&session),
            &[
                ("stage", "evaluation"),
                ("effective_on", "2025-06-01"),
                ("note", "A *first* look <script>alert(1)</script>"),
                ("version", &version),
                ("action", "preview"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::OK);
    let page = response.html();
    assert!(
        page.select(".preview em")
            .any(|e| e.inner_html() == "first")
    );
    assert!(!response.body.contains("<script>alert"));
    assert_eq!(
        page.attrs("#stage-evaluation[checked]", "value"),
        ["evaluation"],
        "the choice is kept"
    );
    assert_eq!(snapshot(&app.db).await, before);
}

#[sqlx::test]
async fn invalid_status_updates_answer_422_with_a_message_beside_each_field_and_change_nothing(
    db: PgPool,
) {
    let app = TestApp::with_content(db).await;
    let session = app.signed_in("clerk@okc.gov", Role::Editor).await;
    let version = app
        .form_version(&session, "/admin/recommendations/2/status")
        .await;
    let before = snapshot(&app.db).await;
    let huge_note = "x".repeat(10 * 1024 * 1024);
    let cases: Vec<(Fields, &str, &str)> = vec![
        (
            vec![
                ("stage", "planning"),
                ("effective_on", "2025-05-06"),
                ("note", "   "),
            ],
            "note",
            "Enter a public note.",
        ),
        (
            vec![
                ("stage", "finished"),
                ("effective_on", "2025-05-06"),
                ("note", "Done."),
            ],
            "stage",
            "Choose one of the five stages, or Not started.",
        ),
        (
            vec![
                ("stage", "unknown"),
                ("effective_on", "2025-05-06"),
                ("note", "Done."),
            ],
            "stage",
            "Choose one of the five stages, or Not started.",
        ),
        (
            vec![("effective_on", "2025-05-06"), ("note", "Done.")],
            "stage",
            "Choose one of the five stages, or Not started.",
        ),
        (
            vec![
                ("stage", "planning"),
                ("effective_on", "2025-02-30"),
                ("note", "Done."),
            ],
            "effective_on",
            "Enter the date the change took effect",
        ),
        (
            vec![
                ("stage", "planning"),
                ("effective_on", "next week"),
                ("note", "Done."),
            ],
            "effective_on",
            "Enter the date the change took effect",
        ),
        (
            vec![
                ("stage", "planning"),
                ("effective_on", "2999-01-01"),
                ("note", "Done."),
            ],
            "effective_on",
            "cannot be in the future",
        ),
        (
            vec![
                ("stage", "planning"),
                ("effective_on", "2025-05-06"),
                ("note", huge_note.as_str()),
            ],
            "note",
            "A public note must have at most 10000 characters",
        ),
    ];
    for (mut fields, field, message) in cases {
        fields.push(("version", &version));
        let response = app
            .post_form("/admin/recommendations/2/status", Some(&session), &fields)
            .await;
        assert_eq!(
            response.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {message}"
        );
        let page = response.html();
        let error = page.text(&format!("#{field}-error"));
        assert!(error.contains(message), "{field}: {error}");
        assert!(page.text(".error-summary").contains(message));
        assert_eq!(
            page.attrs(&format!("#{field}[aria-invalid]"), "aria-invalid")
                .len(),
            usize::from(field != "stage")
        );
        assert!(page.text("title").starts_with("Error: "));
        if field != "note" {
            assert_eq!(page.text("#note"), "Done.", "what was typed is kept");
        }
    }
    assert_eq!(snapshot(&app.db).await, before);
}

#[sqlx::test]
async fn an_unknown_recommendation_number_is_not_found_in_the_admin_too(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let session = app.signed_in("clerk@okc.gov", Role::Editor).await;
    for path in [
        "/admin/recommendations/40/status",
        "/admin/recommendations/abc/edit",
        "/admin/timeline/999/edit",
        "/admin/pages/contact/edit",
    ] {
        assert_eq!(
            app.get_as(&session, path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let response = app
        .post_form(
            "/admin/recommendations/40/status",
            Some(&session),
            &[
                ("stage", "planning"),
                ("effective_on", "2025-05-06"),
                ("note", "x"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
}

#[sqlx::test]
async fn a_status_form_loaded_before_another_update_is_refused_with_what_changed(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let first = app.signed_in("first@okc.gov", Role::Editor).await;
    let second = app.signed_in("second@okc.gov", Role::Editor).await;
    let version = app
        .form_version(&first, "/admin/recommendations/5/status")
        .await;
    let ok = app
        .post_form(
            "/admin/recommendations/5/status",
            Some(&first),
            &[
                ("stage", "planning"),
                ("effective_on", "2025-05-06"),
                ("note", "First."),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let late = app
        .post_form(
            "/admin/recommendations/5/status",
            Some(&second),
            &[
                ("stage", "initiation"),
                ("effective_on", "2025-05-07"),
                ("note", "Second."),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    let page = late.html();
    assert!(
        page.text(".error-summary")
            .contains("Someone else saved a change first")
    );
    assert!(page.text(".error-summary").contains("updated status"));
    assert_eq!(page.text("#note"), "Second.");
    let history: i64 = sqlx::query_scalar!(
        r#"select count(*) as "n!" from status_changes where recommendation_number = 5"#
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(history, 1);
}
