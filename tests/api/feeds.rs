use axum::http::StatusCode;
use okc_psp::domain::Role;
use sqlx::PgPool;

use crate::helpers::TestApp;
use crate::progress::update_status;

fn parse(body: &str) -> feed_rs::model::Feed {
    feed_rs::parser::parse(body.as_bytes()).expect("a valid feed")
}

#[sqlx::test]
async fn the_feeds_parse_and_list_the_newest_change_first(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let session = app.signed_in("clerk@okc.gov", Role::Editor).await;
    update_status(
        &app,
        &session,
        12,
        "planning",
        false,
        "2026-11-01",
        "Older change.",
    )
    .await;
    update_status(
        &app,
        &session,
        12,
        "approaching_implementation",
        false,
        "2026-11-20",
        "Newest change.",
    )
    .await;
    update_status(
        &app,
        &session,
        29,
        "initiation",
        false,
        "2026-11-10",
        "Wellness data work began.",
    )
    .await;

    let site = app.get("/feed.atom").await;
    assert_eq!(site.status, StatusCode::OK);
    assert_eq!(
        site.header("content-type"),
        "application/atom+xml; charset=utf-8"
    );
    let feed = parse(&site.body);
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    let titles: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    assert_eq!(
        titles[0],
        "Recommendation 12: Stage changed from Planning to Approaching Implementation."
    );
    assert_eq!(
        titles[1],
        "Recommendation 29: Stage changed from status not published to Initiation."
    );
    assert!(
        titles
            .iter()
            .any(|t| t.contains("Mental Health Info Session")),
        "milestones are in the site feed"
    );
    assert!(
        feed.entries[0].links[0]
            .href
            .starts_with("https://psp.example/recommendations/12#change-")
    );

    let one = parse(&app.get("/recommendations/12/feed.atom").await.body);
    let titles: Vec<String> = one
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    assert_eq!(titles.len(), 2);
    assert!(
        titles[0].contains("Approaching Implementation") && titles[1].contains("Planning"),
        "{titles:?}"
    );

    let area = parse(
        &app.get("/focus-areas/officer-wellness/feed.atom")
            .await
            .body,
    );
    assert_eq!(area.entries.len(), 1);
    assert!(
        area.entries[0]
            .title
            .as_ref()
            .unwrap()
            .content
            .starts_with("Recommendation 29")
    );

    assert_eq!(
        app.get("/recommendations/40/feed.atom").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/focus-areas/nope/feed.atom").await.status,
        StatusCode::NOT_FOUND
    );
}

#[sqlx::test]
async fn pages_link_the_feeds_that_belong_to_them(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let page = app.get("/recommendations/12").await.html();
    let feeds = page.attrs(
        r#"link[rel=alternate][type="application/atom+xml"]"#,
        "href",
    );
    assert!(
        feeds.contains(&"https://psp.example/recommendations/12/feed.atom".to_owned()),
        "{feeds:?}"
    );
    let page = app.get("/focus-areas/accountability").await.html();
    let feeds = page.attrs(
        r#"link[rel=alternate][type="application/atom+xml"]"#,
        "href",
    );
    assert!(
        feeds.contains(&"https://psp.example/focus-areas/accountability/feed.atom".to_owned()),
        "{feeds:?}"
    );
    for link in feeds {
        let path = link
            .strip_prefix("https://psp.example")
            .unwrap_or(&link)
            .to_owned();
        assert_eq!(app.get(&path).await.status, StatusCode::OK, "{path}");
    }
}
