use axum::http::StatusCode;
use okc_psp::domain::Role;
use sqlx::PgPool;

use crate::helpers::{TestApp, snapshot};

fn edit_fields<'a>(title: &'a str, details: &'a str, version: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        ("full_text", ""),
        ("details", details),
        ("focus_area", "accountability"),
        ("started", "2023-01"),
        ("target", ""),
        ("implemented", ""),
        ("version", version),
    ]
}

#[sqlx::test]
async fn an_edit_saves_the_details_and_the_public_page_shows_them(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let session = app.signed_in("clerk@okc.gov", Role::Editor).await;
    let version = app
        .form_version(&session, "/admin/recommendations/14/edit")
        .await;
    let response = app
        .post_form(
            "/admin/recommendations/14/edit",
            Some(&session),
            &edit_fields(
                "Publish the board's meeting minutes.",
                "Minutes go online **within a week**.",
                &version,
            ),
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let page = app.get("/recommendations/14").await.html();
    assert_eq!(
        page.text("h1"),
        "Recommendation 14 Publish the board's meeting minutes."
    );
    assert!(page.text(".facts").contains("Start date January 2023"));
    assert!(page.select("#details-heading + .prose strong").count() == 1);
    // Needs review was not ticked, so the flag is cleared and the page no longer warns.
    assert!(!page.main_text().contains("have not yet been confirmed"));
}

#[sqlx::test]
async fn two_edits_from_the_same_version_refuse_the_second_and_keep_the_first(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let alice = app.signed_in("alice@okc.gov", Role::Editor).await;
    let bob = app.signed_in("bob@okc.gov", Role::Editor).await;
    let version = app
        .form_version(&alice, "/admin/recommendations/12/edit")
        .await;
    assert_eq!(
        app.form_version(&bob, "/admin/recommendations/12/edit")
            .await,
        version
    );

    let first = app
        .post_form(
            "/admin/recommendations/12/edit",
            Some(&alice),
            &edit_fields(
                "Give the board a staff member.",
                "Alice's details.",
                &version,
            ),
        )
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);

    let second = app
        .post_form(
            "/admin/recommendations/12/edit",
            Some(&bob),
            &edit_fields("Bob's title.", "Bob's details.", &version),
        )
        .await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    let page = second.html();
    let conflict = page.text(".error-summary");
    assert!(
        conflict.contains("Someone else saved a change first"),
        "{conflict}"
    );
    assert!(
        conflict.contains("Test Editor edited recommendation"),
        "{conflict}"
    );
    assert!(
        conflict.contains("Alice's details."),
        "shows what the other person changed: {conflict}"
    );
    assert_eq!(
        page.attrs("#title", "value"),
        ["Bob's title."],
        "keeps what this person typed"
    );
    assert_eq!(page.text("#details"), "Bob's details.");

    let stored = sqlx::query!("select title, details_md from recommendations where number = 12")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(
        stored.title.as_deref(),
        Some("Give the board a staff member.")
    );
    assert_eq!(stored.details_md, "Alice's details.");

    // Having seen the conflict, Bob can save over it deliberately.
    let new_version = page.attrs(r#"input[name="version"]"#, "value").remove(0);
    let retry = app
        .post_form(
            "/admin/recommendations/12/edit",
            Some(&bob),
            &edit_fields("Bob's title.", "Bob's details.", &new_version),
        )
        .await;
    assert_eq!(retry.status, StatusCode::SEE_OTHER);
}

#[sqlx::test]
async fn invalid_edits_answer_422_and_change_nothing(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let session = app.signed_in("clerk@okc.gov", Role::Editor).await;
    let version = app
        .form_version(&session, "/admin/recommendations/1/edit")
        .await;
    let before = snapshot(&app.db).await;
    let long_title = "t".repeat(301);
    let cases = [
        ("started", "2025-13", "Enter a year and month"),
        ("target", "January", "Enter a year and month"),
        ("focus_area", "parking", "Choose one of the focus areas."),
        (
            "title",
            long_title.as_str(),
            "The title must have at most 300 characters",
        ),
    ];
    for (field, value, message) in cases {
        let mut fields = edit_fields("A title", "Details", &version);
        fields.retain(|(name, _)| *name != field);
        fields.push((field, value));
        let response = app
            .post_form("/admin/recommendations/1/edit", Some(&session), &fields)
            .await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(
            response
                .html()
                .text(&format!("#{field}-error"))
                .contains(message),
            "{field}"
        );
    }
    assert_eq!(snapshot(&app.db).await, before);
}

#[sqlx::test]
async fn staff_add_edit_and_delete_timeline_milestones(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let session = app.signed_in("clerk@okc.gov", Role::Editor).await;
    let response = app
        .post_form(
            "/admin/timeline/new",
            Some(&session),
            &[
                ("date", "2026-01-15"),
                ("title", "Advisory board annual report published"),
                ("body", ""),
                ("recommendations", "13, 16"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let timeline = app.get("/timeline").await.html();
    let first = timeline.texts(".timeline__item").remove(0);
    assert_eq!(
        first,
        "January 15, 2026 Advisory board annual report published Related: Recommendation 13, Recommendation 16"
    );

    let id = sqlx::query_scalar!(
        "select id from milestones where title = 'Advisory board annual report published'"
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let edit_url = format!("/admin/timeline/{id}/edit");
    let version = app.form_version(&session, &edit_url).await;
    let response = app
        .post_form(
            &edit_url,
            Some(&session),
            &[
                ("date", "2026-01"),
                ("title", "Advisory board annual report published"),
                ("body", ""),
                ("recommendations", ""),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/timeline")
            .await
            .html()
            .texts(".timeline__item")
            .remove(0),
        "January 2026 Advisory board annual report published"
    );

    let bad = app
        .post_form(
            "/admin/timeline/new",
            Some(&session),
            &[("date", "soon"), ("title", ""), ("recommendations", "41")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = bad.html();
    assert_eq!(page.texts(".field-error").len(), 3);

    let confirm = app
        .get_as(&session, &format!("/admin/timeline/{id}/delete"))
        .await
        .html();
    assert_eq!(confirm.text("h1"), "Delete this milestone?");
    let response = app
        .post_form(&format!("/admin/timeline/{id}/delete"), Some(&session), &[])
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert!(!app.get("/timeline").await.body.contains("annual report"));
    let audit: Vec<String> =
        sqlx::query_scalar!("select action from audit_log where entity = 'milestone' order by id")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(
        audit,
        ["added milestone", "edited milestone", "deleted milestone"]
    );
}

#[sqlx::test]
async fn staff_edit_the_about_page_and_a_focus_area_description(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let session = app.signed_in("clerk@okc.gov", Role::Editor).await;
    let version = app.form_version(&session, "/admin/pages/about/edit").await;
    let response = app
        .post_form(
            "/admin/pages/about/edit",
            Some(&session),
            &[
                ("title", "About the Partnership"),
                ("body", "New *about* text."),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let about = app.get("/about").await.html();
    assert_eq!(about.text("h1"), "About the Partnership");
    assert_eq!(about.text(".prose"), "New about text.");

    let version = app
        .form_version(&session, "/admin/focus-areas/communications/edit")
        .await;
    let response = app
        .post_form(
            "/admin/focus-areas/communications/edit",
            Some(&session),
            &[
                ("title", "Communications and transparency"),
                ("body", "How the City reports its progress."),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert!(
        app.get("/focus-areas/communications")
            .await
            .html()
            .text(".prose")
            .contains("How the City reports its progress.")
    );

    let empty = app
        .post_form(
            "/admin/pages/about/edit",
            Some(&session),
            &[("title", ""), ("body", ""), ("version", "1")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
}
