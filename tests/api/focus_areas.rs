use axum::http::StatusCode;
use sqlx::PgPool;

use crate::helpers::TestApp;

#[sqlx::test]
async fn a_focus_area_page_lists_its_recommendations_with_their_stages(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let response = app.get("/focus-areas/crisis-training").await;
    assert_eq!(response.status, StatusCode::OK);
    let page = response.html();
    assert_eq!(
        page.text("h1"),
        "Focus area Law enforcement training in crisis response"
    );
    assert!(page.text(".prose").contains("crisis-intervention training"));
    assert_eq!(
        page.texts(".recommendation-list__number"),
        ["Recommendation 9", "Recommendation 10", "Recommendation 11"]
    );
    assert_eq!(
        page.texts(".recommendation-list__meta .status"),
        [
            "Evaluation",
            "Approaching Implementation",
            "Full Implementation"
        ]
    );
}

#[sqlx::test]
async fn a_focus_area_without_recommendations_says_so(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let page = app.get("/focus-areas/communications").await.html();
    assert!(
        page.main_text()
            .contains("No published recommendation is known to belong to this focus area yet.")
    );
    assert!(page.texts(".recommendation-list__item").is_empty());
}

#[sqlx::test]
async fn an_unknown_focus_area_is_not_found(db: PgPool) {
    let app = TestApp::with_content(db).await;
    assert_eq!(
        app.get("/focus-areas/parking").await.status,
        StatusCode::NOT_FOUND
    );
}
