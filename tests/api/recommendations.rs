use axum::http::StatusCode;
use sqlx::PgPool;

use crate::helpers::TestApp;

#[sqlx::test]
async fn every_recommendation_page_shows_its_number_title_and_status(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let rows = sqlx::query!(
        r#"select r.number, r.title, r.status_known, s.name as "stage?"
           from recommendations r left join stages s on s.slug = r.stage_slug order by r.number"#
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(rows.len(), 39);

    for row in rows {
        let response = app.get(&format!("/recommendations/{}", row.number)).await;
        assert_eq!(
            response.status,
            StatusCode::OK,
            "recommendation {}",
            row.number
        );
        let page = response.html();
        let heading = page.text("h1");
        assert!(
            heading.starts_with(&format!("Recommendation {} ", row.number)),
            "{heading}"
        );
        match &row.title {
            Some(title) => assert!(heading.ends_with(title.as_str()), "{heading}"),
            None => {
                assert!(heading.ends_with("Wording not yet published"), "{heading}");
                assert!(
                    page.main_text()
                        .contains("The City has not yet published the wording")
                );
            }
        }
        let status = page.text(".facts .status:first-child");
        let expected = match (row.status_known, &row.stage) {
            (false, _) => "Status not yet published",
            (true, None) => "Not started",
            (true, Some(stage)) => stage.as_str(),
        };
        assert_eq!(status, expected, "recommendation {}", row.number);
    }
}

#[sqlx::test]
async fn the_five_stages_appear_in_order_with_the_current_one_marked(db: PgPool) {
    let app = TestApp::with_content(db).await;
    // Recommendation 11 is in Full Implementation, the fourth stage.
    let page = app.get("/recommendations/11").await.html();
    let steps = page.texts(".stage-steps > li .stage-step__name");
    assert_eq!(
        steps,
        [
            "Initiation",
            "Planning",
            "Approaching Implementation",
            "Full Implementation",
            "Evaluation"
        ]
    );
    let current = page.texts(r#".stage-steps > li[aria-current="step"] .stage-step__name"#);
    assert_eq!(current, ["Full Implementation"]);
    assert!(
        page.main_text()
            .contains("Current stage: Full Implementation")
    );
}

#[sqlx::test]
async fn a_recommendation_without_a_published_status_says_so_and_marks_no_stage(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let page = app.get("/recommendations/14").await.html();
    assert!(
        page.main_text()
            .contains("The City has not yet published the status of this recommendation")
    );
    assert!(page.texts(r#"[aria-current="step"]"#).is_empty());
    assert_eq!(page.texts(".stage-steps > li").len(), 5);
    // Its focus area is only a guess from its place in the report, and the page says so.
    assert!(
        page.main_text()
            .contains("have not yet been confirmed by city staff")
    );
}

#[sqlx::test]
async fn an_on_hold_recommendation_says_so_in_words(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let page = app.get("/recommendations/7").await.html();
    assert_eq!(page.texts(".facts .status"), ["Not started", "On hold"]);
    assert!(
        page.main_text()
            .contains("On hold. The City has put the work on this recommendation on hold.")
    );
}

#[sqlx::test]
async fn dates_are_shown_at_month_precision_with_machine_readable_values(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let page = app.get("/recommendations/1").await.html();
    let facts = page.text(".facts");
    assert!(facts.contains("Start date September 2022"), "{facts}");
    assert!(
        facts.contains("Estimated implementation January 2025"),
        "{facts}"
    );
    assert_eq!(
        page.attrs(".facts time", "datetime"),
        ["2022-09", "2025-01"]
    );

    // Recommendation 14 has no published dates: the page says so instead of inventing any.
    let facts = app.get("/recommendations/14").await.html().text(".facts");
    assert!(facts.contains("Start date Not published"), "{facts}");
    assert!(
        facts.contains("Estimated implementation Not published"),
        "{facts}"
    );
}

#[sqlx::test]
async fn a_page_links_its_focus_area_and_its_neighbours(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let page = app.get("/recommendations/1").await.html();
    assert!(
        page.attrs(".facts a", "href")
            .contains(&"/focus-areas/de-escalation".to_owned())
    );
    assert_eq!(page.attrs(".pager a", "href"), ["/recommendations/2"]);

    let page = app.get("/recommendations/20").await.html();
    assert_eq!(
        page.attrs(".pager a", "href"),
        ["/recommendations/19", "/recommendations/21"]
    );
    assert_eq!(
        page.attrs(r#".pager a[rel="prev"]"#, "href"),
        ["/recommendations/19"]
    );

    let page = app.get("/recommendations/39").await.html();
    assert_eq!(page.attrs(".pager a", "href"), ["/recommendations/38"]);
}

#[sqlx::test]
async fn project_details_are_shown_and_a_missing_one_is_called_unpublished(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let page = app.get("/recommendations/9").await.html();
    assert!(
        page.text("#details-heading + .prose")
            .contains("158 authorized CIT positions")
    );
    let page = app.get("/recommendations/3").await.html();
    assert!(
        page.main_text()
            .contains("The City has not yet published details of this project.")
    );
}

#[sqlx::test]
async fn a_number_written_with_leading_zeros_redirects_to_the_canonical_page(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let response = app.get("/recommendations/07").await;
    assert_eq!(response.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(response.header("location"), "/recommendations/7");
}

#[sqlx::test]
async fn a_stage_change_in_the_content_appears_in_the_status_history(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let before = app.get("/recommendations/3").await.html();
    assert!(
        before
            .main_text()
            .contains("No status changes have been recorded on this site yet.")
    );

    let content = crate::helpers::ContentCopy::new();
    content.edit(
        "recommendations/03.md",
        "stage = \"unknown\"",
        "stage = \"planning\"",
    );
    let report = app.import_from(&content.path()).await.unwrap();
    assert_eq!(report.changes, ["changed recommendation 3: stage"]);

    let page = app.get("/recommendations/3").await.html();
    let entries = page.texts(".history__entry");
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert!(
        entries[0].contains("Stage changed from status not published to Planning."),
        "{entries:?}"
    );
    assert!(
        entries[0].contains("Status updated from the site's content files."),
        "{entries:?}"
    );
    assert_eq!(page.text(".facts .status"), "Planning");
}
