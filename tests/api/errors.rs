use axum::http::StatusCode;
use sqlx::PgPool;

use crate::helpers::TestApp;

#[sqlx::test]
async fn unknown_addresses_get_the_styled_not_found_page(db: PgPool) {
    let app = TestApp::with_content(db).await;
    for path in [
        "/recommendations/40",
        "/recommendations/0",
        "/recommendations/abc",
        "/recommendations/-1",
        "/recommendations/99999999999999999999",
        "/recommendations/1.5",
        "/no-such-page",
        "/focus-areas/",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
        let page = response.html();
        assert_eq!(page.text("h1"), "Page not found", "{path}");
        assert!(page.attrs("link[rel=stylesheet]", "href")[0].starts_with("/static/site.css?v="));
        assert!(
            page.attrs("main a", "href").contains(&"/".to_owned()),
            "{path}"
        );
    }
}

#[sqlx::test]
async fn a_database_failure_shows_a_generic_page_without_internal_details(db: PgPool) {
    let app = TestApp::with_content(db).await;
    // Break the schema under the running site, as a failed deploy might.
    sqlx::query!("alter table pages rename column body_md to body_markdown")
        .execute(&app.db)
        .await
        .unwrap();
    let response = app.get("/about").await;
    assert_eq!(response.status, StatusCode::INTERNAL_SERVER_ERROR);
    let page = response.html();
    assert_eq!(page.text("h1"), "Something went wrong");
    for internal in ["body_md", "column", "sqlx", "database error"] {
        assert!(
            !response.body.contains(internal),
            "the page shows {internal:?}"
        );
    }
}

#[sqlx::test]
async fn every_page_carries_the_security_headers(db: PgPool) {
    let app = TestApp::with_content(db).await;
    for path in ["/", "/recommendations/1", "/no-such-page"] {
        let response = app.get(path).await;
        let csp = response.header("content-security-policy");
        assert!(csp.contains("default-src 'none'"), "{path}: {csp}");
        assert!(csp.contains("style-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(response.header("x-content-type-options"), "nosniff");
        assert_eq!(response.header("x-frame-options"), "DENY");
        assert_eq!(
            response.header("referrer-policy"),
            "strict-origin-when-cross-origin"
        );
    }
}
