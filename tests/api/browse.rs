use axum::http::StatusCode;
use sqlx::PgPool;

use crate::helpers::TestApp;

#[sqlx::test]
async fn without_filters_the_list_shows_all_39(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let page = app.get("/recommendations").await;
    assert_eq!(page.status, StatusCode::OK);
    let page = page.html();
    assert_eq!(page.texts(".recommendation-list__item").len(), 39);
    assert_eq!(page.text("#results-heading"), "39 recommendations");
}

#[sqlx::test]
async fn search_finds_a_recommendation_by_a_word_in_its_project_details(db: PgPool) {
    let app = TestApp::with_content(db).await;
    // "spreadsheet" appears only in recommendation 20's project details.
    let page = app.get("/recommendations?q=spreadsheet").await.html();
    assert_eq!(
        page.texts(".recommendation-list__number"),
        ["Recommendation 20"]
    );
    assert_eq!(page.text("#results-heading"), "1 recommendation matches");
    assert_eq!(
        page.attrs("#q", "value"),
        ["spreadsheet"],
        "the search is kept in the form"
    );
    // Stemming: "complaints" finds "complaint".
    let page = app.get("/recommendations?q=complaints").await.html();
    assert!(
        page.texts(".recommendation-list__number")
            .contains(&"Recommendation 17".to_owned())
    );
    // Quoted phrases work.
    let page = app
        .get("/recommendations?q=%22mental+health%22")
        .await
        .html();
    assert!(
        page.texts(".recommendation-list__number")
            .contains(&"Recommendation 21".to_owned())
    );
}

#[sqlx::test]
async fn filters_combine_with_each_other_and_with_search(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let page = app
        .get("/recommendations?area=de-escalation&stage=not_started&on_hold=yes")
        .await
        .html();
    assert_eq!(
        page.texts(".recommendation-list__number"),
        ["Recommendation 6", "Recommendation 7", "Recommendation 8"]
    );

    let page = app
        .get("/recommendations?area=de-escalation&stage=approaching_implementation")
        .await
        .html();
    assert_eq!(
        page.texts(".recommendation-list__number"),
        ["Recommendation 1", "Recommendation 2"]
    );

    let page = app
        .get("/recommendations?area=de-escalation&q=warning")
        .await
        .html();
    assert_eq!(
        page.texts(".recommendation-list__number"),
        ["Recommendation 2"]
    );

    let page = app
        .get("/recommendations?stage=unknown&area=youth-outreach")
        .await
        .html();
    assert_eq!(page.texts(".recommendation-list__item").len(), 4);

    let page = app
        .get("/recommendations?on_hold=no&area=de-escalation")
        .await
        .html();
    assert_eq!(page.texts(".recommendation-list__item").len(), 5);

    let page = app.get("/recommendations?q=zebra").await.html();
    assert!(page.main_text().contains("No recommendation matches."));
}

#[sqlx::test]
async fn bad_parameters_answer_400_with_a_message_and_never_500(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let long = "word ".repeat(60);
    let cases = [
        (
            "/recommendations?area=parking",
            "There is no focus area \u{201c}parking\u{201d}",
        ),
        (
            "/recommendations?stage=done",
            "There is no stage \u{201c}done\u{201d}",
        ),
        ("/recommendations?on_hold=maybe", "must be yes or no"),
        (
            "/recommendations?colour=red",
            "This page has no filter called \u{201c}colour\u{201d}",
        ),
        ("/recommendations?q=%FF%FE", ""),
        (
            "/recommendations?q=%27%3B+drop+table+recommendations%3B--",
            "",
        ),
        ("/recommendations?q=%21%21%21+%26+%7C+%3A*", ""),
    ];
    for (path, message) in cases {
        let response = app.get(path).await;
        assert!(
            response.status == StatusCode::OK || response.status == StatusCode::BAD_REQUEST,
            "{path}: {}",
            response.status
        );
        if !message.is_empty() {
            assert_eq!(response.status, StatusCode::BAD_REQUEST, "{path}");
            assert!(
                response.html().text(".error-summary").contains(message),
                "{path}"
            );
        }
    }
    let response = app
        .get(&format!("/recommendations?q={}", long.replace(' ', "+")))
        .await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert!(
        response
            .html()
            .text(".error-summary")
            .contains("longer than 200 characters")
    );
    let count: i64 = sqlx::query_scalar!(r#"select count(*) as "n!" from recommendations"#)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(count, 39);
}
