use axum::http::StatusCode;
use sqlx::PgPool;

use crate::helpers::TestApp;

#[sqlx::test]
async fn the_stylesheet_is_linked_with_its_version_and_cached_for_long(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let page = app.get("/").await.html();
    let href = page.attrs(r#"link[rel=stylesheet][href^="/static/site.css"]"#, "href");
    assert_eq!(href.len(), 1);
    assert_eq!(
        href[0],
        format!("/static/site.css?v={}", okc_psp::assets::VERSION)
    );
    assert_eq!(page.attrs(r#"link[media=print]"#, "href").len(), 1);

    let css = app.get(&href[0]).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.header("content-type"), "text/css; charset=utf-8");
    assert!(css.header("cache-control").contains("max-age=31536000"));
    assert!(css.body.contains(".skip-link"));

    assert_eq!(
        app.get("/static/missing.css").await.status,
        StatusCode::NOT_FOUND
    );
}

#[sqlx::test]
async fn every_page_starts_with_a_skip_link_to_the_main_content(db: PgPool) {
    let app = TestApp::with_content(db).await;
    for path in [
        "/",
        "/recommendations/5",
        "/focus-areas/youth-outreach",
        "/timeline",
        "/about",
    ] {
        let page = app.get(path).await.html();
        let first_link = page.select("body a").next().expect("a link");
        assert_eq!(first_link.value().attr("href"), Some("#main"), "{path}");
        assert_eq!(page.select("main#main").count(), 1, "{path}");
        assert_eq!(page.select("h1").count(), 1, "{path}: one h1");
        assert_eq!(page.attrs("html", "lang"), ["en"]);
    }
}
