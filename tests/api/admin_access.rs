use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use okc_psp::domain::Role;
use okc_psp::routes::admin::protected_routes;
use sqlx::PgPool;

use crate::helpers::{TestApp, snapshot};

/// A concrete address for a route pattern: parameters become values that exist.
fn concrete(path: &str) -> String {
    path.replace("{number}", "7")
        .replace("{id}", "1")
        .replace("{slug}", "about")
}

#[sqlx::test]
async fn without_a_session_every_admin_get_redirects_to_sign_in_and_every_post_is_refused(
    db: PgPool,
) {
    let app = TestApp::with_content(db).await;
    let routes = protected_routes();
    assert!(routes.len() > 20, "the route table is the router's own");
    let before = snapshot(&app.db).await;
    for route in routes {
        let path = concrete(route.path);
        let request = Request::builder()
            .method(route.method.clone())
            .uri(&path)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(
                "stage=planning&note=x&title=x&body=x&email=a%40b.co&password=xxxxxxxxxxxxxxxx",
            ))
            .unwrap();
        let response = app.send(request).await;
        if route.method == Method::GET {
            assert_eq!(response.status, StatusCode::SEE_OTHER, "GET {path}");
            let next: String = form_urlencoded::byte_serialize(path.as_bytes()).collect();
            assert_eq!(
                response.header("location"),
                format!("/admin/login?next={next}"),
                "GET {path}"
            );
        } else {
            assert_eq!(response.status, StatusCode::FORBIDDEN, "POST {path}");
            assert!(
                response.html().text("h1").contains("Please sign in"),
                "POST {path}"
            );
        }
    }
    assert_eq!(snapshot(&app.db).await, before, "nothing was written");
}

#[sqlx::test]
async fn a_post_without_the_right_csrf_token_is_refused_and_writes_nothing(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let session = app.signed_in("editor@okc.gov", Role::Editor).await;
    let version = app
        .form_version(&session, "/admin/recommendations/3/status")
        .await;
    let before = snapshot(&app.db).await;
    let fields = [
        ("stage", "planning"),
        ("effective_on", "2025-05-06"),
        ("note", "Started."),
        ("version", version.as_str()),
    ];

    let mut missing = fields.to_vec();
    missing.push(("csrf_token", ""));
    let response = app
        .post_form("/admin/recommendations/3/status", Some(&session), &missing)
        .await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
    assert_eq!(response.html().text("h1"), "This form has expired");

    let mut wrong = fields.to_vec();
    wrong.push((
        "csrf_token",
        "0000000000000000000000000000000000000000000000000000000000000000",
    ));
    let response = app
        .post_form("/admin/recommendations/3/status", Some(&session), &wrong)
        .await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
    assert_eq!(snapshot(&app.db).await, before);

    // The same form with the right token goes through, so the refusals above were the token's doing.
    let response = app
        .post_form("/admin/recommendations/3/status", Some(&session), &fields)
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
}

#[sqlx::test]
async fn a_post_from_another_site_is_refused(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let session = app.signed_in("editor@okc.gov", Role::Editor).await;
    let before = snapshot(&app.db).await;
    let body = format!(
        "csrf_token={}&stage=planning&effective_on=2025-05-06&note=x&version=1",
        session.csrf
    );
    for (header, value) in [
        ("origin", "https://evil.example"),
        ("origin", "null"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let request = Request::post("/admin/recommendations/3/status")
            .header("host", "okc-psp.example")
            .header(header, value)
            .header("cookie", format!("okc_psp_session={}", session.cookie))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body.clone()))
            .unwrap();
        let response = app.send(request).await;
        assert_eq!(response.status, StatusCode::FORBIDDEN, "{header}: {value}");
        assert_eq!(response.html().text("h1"), "Request refused");
    }
    // Sign-in from another site is refused too.
    let request = Request::post("/admin/login")
        .header("host", "okc-psp.example")
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(
            "email=editor%40okc.gov&password=correct+horse+battery+staple",
        ))
        .unwrap();
    assert_eq!(app.send(request).await.status, StatusCode::FORBIDDEN);
    assert_eq!(snapshot(&app.db).await, before);

    // The site's own origin is accepted.
    let request = Request::post("/admin/login")
        .header("host", "okc-psp.example")
        .header("origin", "https://okc-psp.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(
            "email=editor%40okc.gov&password=correct+horse+battery+staple",
        ))
        .unwrap();
    assert_eq!(app.send(request).await.status, StatusCode::SEE_OTHER);
}

#[sqlx::test]
async fn an_editor_cannot_open_the_accounts_page_or_the_audit_log_and_an_admin_can(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let editor = app.signed_in("editor@okc.gov", Role::Editor).await;
    let admin = app.signed_in("admin@okc.gov", Role::Admin).await;
    for path in [
        "/admin/audit?page=9223372036854775807",
        "/admin/audit?page=-4&user=abc&recommendation=77",
    ] {
        assert_eq!(
            app.get_as(&admin, path).await.status,
            StatusCode::OK,
            "{path}"
        );
    }
    for path in ["/admin/users", "/admin/audit"] {
        let response = app.get_as(&editor, path).await;
        assert_eq!(response.status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(
            response.html().text("h1"),
            "This page is for administrators"
        );
        assert_eq!(
            app.get_as(&admin, path).await.status,
            StatusCode::OK,
            "{path}"
        );
    }
    let before = snapshot(&app.db).await;
    let response = app
        .post_form(
            "/admin/users",
            Some(&editor),
            &[
                ("email", "x@okc.gov"),
                ("name", "X"),
                ("role", "admin"),
                ("password", "a long enough password"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
    assert_eq!(snapshot(&app.db).await, before);
    // The staff navigation shows editors only what they may open.
    let nav = app
        .get_as(&editor, "/admin")
        .await
        .html()
        .attrs(".admin-bar a", "href");
    assert!(!nav.contains(&"/admin/users".to_owned()) && !nav.contains(&"/admin/audit".to_owned()));
}

#[sqlx::test]
async fn admin_pages_are_never_cached(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let session = app.signed_in("editor@okc.gov", Role::Editor).await;
    assert_eq!(
        app.get_as(&session, "/admin").await.header("cache-control"),
        "no-store"
    );
    assert_eq!(
        app.get("/admin/login").await.header("cache-control"),
        "no-store"
    );
}
