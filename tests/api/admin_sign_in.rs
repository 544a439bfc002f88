use axum::http::StatusCode;
use okc_psp::domain::Role;
use sqlx::PgPool;

use crate::helpers::{PASSWORD, TestApp, session_cookie};

const SAME_MESSAGE: &str = "The email address or password is not right.";

#[sqlx::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_message(db: PgPool) {
    let app = TestApp::with_content(db).await;
    app.create_user("clerk@okc.gov", Role::Editor).await;
    let wrong_password = app
        .post_form(
            "/admin/login",
            None,
            &[("email", "clerk@okc.gov"), ("password", "not the password")],
        )
        .await;
    let unknown_email = app
        .post_form(
            "/admin/login",
            None,
            &[
                ("email", "nobody@okc.gov"),
                ("password", "not the password"),
            ],
        )
        .await;
    for response in [&wrong_password, &unknown_email] {
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            response
                .html()
                .text(".error-summary")
                .contains(SAME_MESSAGE)
        );
        assert!(session_cookie(response).is_none());
    }
    // What was typed in the email field is kept.
    assert_eq!(
        wrong_password.html().attrs("#email", "value"),
        ["clerk@okc.gov"]
    );
}

#[sqlx::test]
async fn the_sixth_failed_attempt_is_refused_even_with_the_right_password(db: PgPool) {
    let app = TestApp::with_content(db).await;
    app.create_user("clerk@okc.gov", Role::Editor).await;
    for _ in 0..5 {
        let response = app
            .post_form(
                "/admin/login",
                None,
                &[
                    ("email", "clerk@okc.gov"),
                    ("password", "guess guess guess"),
                ],
            )
            .await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let response = app
        .post_form(
            "/admin/login",
            None,
            &[("email", "clerk@okc.gov"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        response
            .html()
            .text(".error-summary")
            .contains("Too many failed sign-in attempts")
    );
    assert!(session_cookie(&response).is_none());

    // Another account is not locked by this one's failures.
    app.create_user("other@okc.gov", Role::Editor).await;
    app.sign_in("other@okc.gov", PASSWORD).await;
}

#[sqlx::test]
async fn twenty_failures_from_one_address_lock_that_address(db: PgPool) {
    let app = TestApp::with_content(db).await;
    app.create_user("clerk@okc.gov", Role::Editor).await;
    for n in 0..20 {
        let email = format!("guess{n}@okc.gov");
        app.post_form(
            "/admin/login",
            None,
            &[("email", &email), ("password", "guess guess guess")],
        )
        .await;
    }
    let response = app
        .post_form(
            "/admin/login",
            None,
            &[("email", "clerk@okc.gov"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status, StatusCode::TOO_MANY_REQUESTS);
}

#[sqlx::test]
async fn a_disabled_account_cannot_sign_in_and_its_open_session_stops_at_once(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let id = app.create_user("clerk@okc.gov", Role::Editor).await;
    let session = app.sign_in("clerk@okc.gov", PASSWORD).await;
    assert_eq!(app.get_as(&session, "/admin").await.status, StatusCode::OK);

    let admin = app.signed_in("admin@okc.gov", Role::Admin).await;
    let response = app
        .post_form(&format!("/admin/users/{id}/disable"), Some(&admin), &[])
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);

    assert_eq!(
        app.get_as(&session, "/admin").await.status,
        StatusCode::SEE_OTHER,
        "the session ended"
    );
    let response = app
        .post_form(
            "/admin/login",
            None,
            &[("email", "clerk@okc.gov"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .html()
            .text(".error-summary")
            .contains(SAME_MESSAGE)
    );
}

#[sqlx::test]
async fn signing_in_sets_a_new_http_only_cookie_and_signing_out_ends_the_session(db: PgPool) {
    let app = TestApp::with_content(db).await;
    app.create_user("clerk@okc.gov", Role::Editor).await;
    let response = app
        .post_form(
            "/admin/login",
            None,
            &[("email", "Clerk@OKC.gov "), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let set_cookie = response.header("set-cookie").to_owned();
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/admin"] {
        assert!(set_cookie.contains(flag), "{set_cookie}");
    }
    let first = app.sign_in("clerk@okc.gov", PASSWORD).await;
    let second = app.sign_in("clerk@okc.gov", PASSWORD).await;
    assert_ne!(
        first.cookie, second.cookie,
        "every sign-in gets a new token"
    );

    let response = app.post_form("/admin/logout", Some(&first), &[]).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get_as(&first, "/admin").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.get_as(&second, "/admin").await.status,
        StatusCode::OK,
        "other sessions go on"
    );

    // Only the SHA-256 of the token is stored, never the token itself.
    let stored = sqlx::query!(
        r#"select count(*) filter (where token_hash = sha256(convert_to($1, 'UTF8'))) as "hashed!",
                  count(*) filter (where encode(token_hash, 'hex') = $1 or csrf_token = $1) as "raw!"
           from sessions"#,
        second.cookie
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!((stored.hashed, stored.raw), (1, 0));
}

#[sqlx::test]
async fn after_sign_in_the_user_returns_to_the_admin_page_they_asked_for(db: PgPool) {
    let app = TestApp::with_content(db).await;
    app.create_user("clerk@okc.gov", Role::Editor).await;
    let redirect = app.get("/admin/recommendations/7/status").await;
    let login_url = redirect.header("location").to_owned();
    let form = app.get(&login_url).await.html();
    let next = form.attrs(r#"input[name="next"]"#, "value").remove(0);
    assert_eq!(next, "/admin/recommendations/7/status");
    let response = app
        .post_form(
            "/admin/login",
            None,
            &[
                ("email", "clerk@okc.gov"),
                ("password", PASSWORD),
                ("next", &next),
            ],
        )
        .await;
    assert_eq!(
        response.header("location"),
        "/admin/recommendations/7/status"
    );
}

#[sqlx::test]
async fn the_redirect_after_sign_in_never_leaves_the_site(db: PgPool) {
    let app = TestApp::with_content(db).await;
    app.create_user("clerk@okc.gov", Role::Editor).await;
    for hostile in [
        "//evil.example",
        "https://evil.example",
        "/\\evil.example",
        "/admin//evil.example",
        "javascript:alert(1)",
    ] {
        let response = app
            .post_form(
                "/admin/login",
                None,
                &[
                    ("email", "clerk@okc.gov"),
                    ("password", PASSWORD),
                    ("next", hostile),
                ],
            )
            .await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{hostile}");
        assert_eq!(response.header("location"), "/admin", "{hostile}");
        let form = app
            .get(&format!(
                "/admin/login?next={}",
                form_urlencoded::byte_serialize(hostile.as_bytes()).collect::<String>()
            ))
            .await;
        assert_eq!(
            form.html().attrs(r#"input[name="next"]"#, "value"),
            ["/admin"],
            "{hostile}"
        );
    }
}
