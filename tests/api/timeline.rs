use sqlx::PgPool;

use crate::helpers::TestApp;

#[sqlx::test]
async fn the_timeline_lists_every_milestone_newest_first(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let stored: i64 = sqlx::query_scalar!(r#"select count(*) as "n!" from milestones"#)
        .fetch_one(&app.db)
        .await
        .unwrap();
    let page = app.get("/timeline").await.html();
    let dates = page.attrs(".timeline__item time", "datetime");
    assert_eq!(dates.len() as i64, stored);
    assert_eq!(dates.len(), 22);

    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    assert_eq!(dates.first().map(String::as_str), Some("2025-09-25"));
    assert_eq!(dates.last().map(String::as_str), Some("2020-06"));
    assert_eq!(
        page.texts("h2"),
        ["2025", "2024", "2023", "2022", "2021", "2020"]
    );
}

#[sqlx::test]
async fn milestone_dates_are_shown_at_their_precision(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let page = app.get("/timeline").await.html();
    let items = page.texts(".timeline__item");
    let launch = items
        .iter()
        .find(|item| item.contains("Mobile Integrated Healthcare Program"))
        .unwrap();
    assert!(launch.starts_with("May 6, 2025"), "{launch}");
    let report = items
        .iter()
        .find(|item| item.contains("Report received by City Council"))
        .unwrap();
    assert!(report.starts_with("March 2022"), "{report}");
    assert!(
        page.attrs("time", "datetime")
            .contains(&"2022-03".to_owned())
    );
}

#[sqlx::test]
async fn a_milestone_links_the_recommendations_it_concerns(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let page = app.get("/timeline").await.html();
    assert!(
        page.attrs(".timeline__links a", "href")
            .contains(&"/recommendations/17".to_owned())
    );
}
