use axum::http::StatusCode;
use okc_psp::domain::Role;
use sqlx::PgPool;

use crate::helpers::TestApp;
use crate::progress::update_status;

#[sqlx::test]
async fn the_changes_of_a_period_are_grouped_by_recommendation(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let session = app.signed_in("clerk@okc.gov", Role::Editor).await;
    update_status(
        &app,
        &session,
        12,
        "planning",
        false,
        "2025-04-02",
        "Hiring plan approved.",
    )
    .await;
    update_status(
        &app,
        &session,
        12,
        "approaching_implementation",
        false,
        "2025-04-20",
        "Position posted.",
    )
    .await;
    update_status(
        &app,
        &session,
        5,
        "initiation",
        false,
        "2025-04-10",
        "Talks began.",
    )
    .await;
    update_status(
        &app,
        &session,
        5,
        "planning",
        false,
        "2025-06-10",
        "Outside the period.",
    )
    .await;

    let response = app.get("/changes?from=2025-04-01&to=2025-04-30").await;
    assert_eq!(response.status, StatusCode::OK);
    let page = response.html();
    assert_eq!(
        page.text("h1"),
        "Changes from April 1, 2025 to April 30, 2025"
    );
    let groups = page.texts(".change-group h2");
    assert_eq!(
        groups[0],
        "Recommendation 5: Work with community groups on in-service roll-call training that builds cultural understanding."
    );
    assert!(groups[1].starts_with("Recommendation 12"), "{groups:?}");
    assert!(groups[2].starts_with("Recommendation 17"), "{groups:?}");
    let twelve = page.texts(
        "#group-12 ~ .history .history__entry, .change-group:nth-of-type(2) .history__entry",
    );
    assert!(twelve.iter().any(|e| e.contains("Hiring plan approved.")));
    let all = page.main_text();
    assert!(all.contains("Talks began.") && all.contains("Position posted."));
    assert!(!all.contains("Outside the period."));
    // The OKCPD complaint-form milestone of April 1, 2025 is linked to recommendation 17.
    assert!(page.text(".change-group:nth-of-type(3)").contains(
        "Milestone: Oklahoma City Police Department launches online compliment and complaint forms"
    ));
    // Unlinked milestones of the period are listed too.
    assert!(
        page.text("#milestones-heading + .history")
            .contains("first full year of service")
    );
}

#[sqlx::test]
async fn dates_the_wrong_way_round_or_malformed_give_a_clear_message(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let cases = [
        (
            "/changes?from=2025-05-01&to=2025-04-01",
            "The start date (May 1, 2025) is after the end date (April 1, 2025).",
        ),
        (
            "/changes?from=yesterday&to=2025-04-01",
            "The start date \u{201c}yesterday\u{201d} is not a date",
        ),
        (
            "/changes?from=2025-01-01&to=2025-02-30",
            "The end date \u{201c}2025-02-30\u{201d} is not a date",
        ),
        (
            "/changes?since=2025-01-01",
            "no setting called \u{201c}since\u{201d}",
        ),
    ];
    for (path, message) in cases {
        let response = app.get(path).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{path}");
        assert!(
            response.html().text(".error-summary").contains(message),
            "{path}: {}",
            response.html().text(".error-summary")
        );
    }
    // With no dates, the last 90 days.
    let page = app.get("/changes").await;
    assert_eq!(page.status, StatusCode::OK);
}
