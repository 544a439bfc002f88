use axum::http::StatusCode;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

use crate::helpers::TestApp;

#[sqlx::test]
async fn health_is_ok_when_the_database_answers(db: PgPool) {
    let app = TestApp::without_content(db);
    let response = app.get("/healthz").await;
    assert_eq!(response.status, StatusCode::OK);
}

#[sqlx::test]
async fn health_is_unavailable_when_the_database_does_not_answer(_db: PgPool) {
    // Port 1 on loopback: nothing listens there, so every connection is refused.
    let unreachable = PgPoolOptions::new()
        .acquire_timeout(std::time::Duration::from_secs(1))
        .connect_lazy("postgres://postgres@127.0.0.1:1/okc_psp")
        .unwrap();
    let app = TestApp::without_content(unreachable);
    let response = app.get("/healthz").await;
    assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
}
