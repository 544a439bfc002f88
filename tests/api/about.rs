use sqlx::PgPool;

use crate::helpers::TestApp;

#[sqlx::test]
async fn the_about_page_gives_the_background_focus_areas_and_stage_definitions(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let page = app.get("/about").await.html();
    assert!(
        page.text(".prose")
            .contains("presented to the Oklahoma City Council in March 2022")
    );
    assert_eq!(page.texts(".area-list li").len(), 9);
    let stages = page.texts(".stage-definitions div");
    assert_eq!(stages.len(), 5);
    assert_eq!(stages[0], "1. Initiation The process has started.");
    assert_eq!(
        stages[4],
        "5. Evaluation Continuous assessment of program or project."
    );
    assert!(
        page.attrs("main a", "href")
            .contains(&"/timeline".to_owned())
    );
}
