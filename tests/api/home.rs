use axum::http::StatusCode;
use sqlx::PgPool;

use crate::helpers::TestApp;

#[sqlx::test]
async fn the_home_page_lists_all_39_recommendations_with_their_status_in_words(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let response = app.get("/").await;
    assert_eq!(response.status, StatusCode::OK);
    let page = response.html();

    let numbers = page.texts(".recommendation-list__number");
    let expected: Vec<String> = (1..=39).map(|n| format!("Recommendation {n}")).collect();
    assert_eq!(numbers, expected);

    let links = page.attrs(".recommendation-list__link", "href");
    assert_eq!(links.len(), 39);
    assert_eq!(links[0], "/recommendations/1");

    // Every item names its status in text; none relies on colour.
    let items = page.texts(".recommendation-list__item");
    assert!(
        items[0].contains("Approaching Implementation"),
        "{}",
        items[0]
    );
    assert!(
        items[5].contains("Not started") && items[5].contains("On hold"),
        "{}",
        items[5]
    );
    assert!(
        items[13].contains("Wording not yet published")
            && items[13].contains("Status not yet published")
    );
}

#[sqlx::test]
async fn the_counters_equal_a_direct_count_of_the_data(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let counts = sqlx::query!(
        r#"select count(*) as "total!",
                  count(*) filter (where r.stage_slug is not null) as "started!",
                  count(*) filter (where s.counts_as_implemented) as "implemented!"
           from recommendations r left join stages s on s.slug = r.stage_slug"#
    )
    .fetch_one(&app.db)
    .await
    .unwrap();

    let page = app.get("/").await.html();
    let counters: Vec<String> = page.texts(".counter dd");
    assert_eq!(
        counters,
        [
            counts.total.to_string(),
            counts.started.to_string(),
            counts.implemented.to_string()
        ]
    );
    // The figures the repository's content holds today, so a wrong join cannot pass unnoticed.
    assert_eq!(counters, ["39", "14", "5"]);
    assert!(page.main_text().contains("3 recommendations are on hold."));
}

#[sqlx::test]
async fn the_counters_follow_a_change_in_the_data(db: PgPool) {
    let app = TestApp::with_content(db).await;
    sqlx::query!("update recommendations set stage_slug = 'evaluation' where number = 1")
        .execute(&app.db)
        .await
        .unwrap();
    let page = app.get("/").await.html();
    assert_eq!(page.texts(".counter dd"), ["39", "14", "6"]);
}

#[sqlx::test]
async fn the_home_page_lists_the_nine_focus_areas_with_their_counts(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let page = app.get("/").await.html();
    let areas = page.texts(".area-list li");
    assert_eq!(areas.len(), 9);
    assert_eq!(
        areas[0],
        "Law enforcement de-escalation policy (8 recommendations)"
    );
    assert_eq!(
        areas[8],
        "Communications and transparency (0 recommendations)"
    );
}
