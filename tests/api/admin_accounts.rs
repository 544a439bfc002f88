use std::io::Write;
use std::process::{Command, Stdio};

use axum::http::StatusCode;
use okc_psp::domain::Role;
use sqlx::PgPool;

use crate::helpers::{PASSWORD, TestApp};

#[sqlx::test]
async fn an_admin_adds_an_account_that_can_then_sign_in(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let admin = app.signed_in("admin@okc.gov", Role::Admin).await;
    let response = app
        .post_form(
            "/admin/users",
            Some(&admin),
            &[
                ("email", "New.Clerk@okc.gov"),
                ("name", "New Clerk"),
                ("role", "editor"),
                ("password", "a brand new password"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let list = app.get_as(&admin, "/admin/users?done=added").await.html();
    assert!(
        list.text("table")
            .contains("New Clerk new.clerk@okc.gov Editor Active")
    );
    app.sign_in("new.clerk@okc.gov", "a brand new password")
        .await;

    let duplicate = app
        .post_form(
            "/admin/users",
            Some(&admin),
            &[
                ("email", "new.clerk@okc.gov"),
                ("name", "Again"),
                ("role", "editor"),
                ("password", "a brand new password"),
            ],
        )
        .await;
    assert_eq!(duplicate.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        duplicate
            .html()
            .text("#email-error")
            .contains("already exists")
    );

    let weak = app
        .post_form(
            "/admin/users",
            Some(&admin),
            &[
                ("email", "weak@okc.gov"),
                ("name", "Weak"),
                ("role", "boss"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = weak.html();
    assert!(
        page.text("#password-error")
            .contains("at least 12 characters")
    );
    assert!(
        page.text("#role-error")
            .contains("Choose Editor or Administrator.")
    );
    assert_eq!(
        page.attrs("#password", "value"),
        [""],
        "a password is never echoed back"
    );
}

#[sqlx::test]
async fn an_admin_sets_a_new_password_and_re_enables_an_account(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let admin = app.signed_in("admin@okc.gov", Role::Admin).await;
    let id = app.create_user("clerk@okc.gov", Role::Editor).await;
    let clerk = app.sign_in("clerk@okc.gov", PASSWORD).await;

    let response = app
        .post_form(
            &format!("/admin/users/{id}/password"),
            Some(&admin),
            &[("password", "another long password")],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get_as(&clerk, "/admin").await.status,
        StatusCode::SEE_OTHER,
        "old sessions end"
    );
    app.sign_in("clerk@okc.gov", "another long password").await;

    let short = app
        .post_form(
            &format!("/admin/users/{id}/password"),
            Some(&admin),
            &[("password", "tiny")],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);

    app.post_form(&format!("/admin/users/{id}/disable"), Some(&admin), &[])
        .await;
    app.post_form(&format!("/admin/users/{id}/enable"), Some(&admin), &[])
        .await;
    app.sign_in("clerk@okc.gov", "another long password").await;
}

#[sqlx::test]
async fn every_user_can_change_their_own_password_after_giving_the_current_one(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let session = app.signed_in("clerk@okc.gov", Role::Editor).await;
    let wrong = app
        .post_form(
            "/admin/account/password",
            Some(&session),
            &[
                ("current_password", "not it"),
                ("new_password", "my new long password"),
                ("confirm_password", "my new long password"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong
            .html()
            .text("#current_password-error")
            .contains("not right")
    );

    let mismatch = app
        .post_form(
            "/admin/account/password",
            Some(&session),
            &[
                ("current_password", PASSWORD),
                ("new_password", "my new long password"),
                ("confirm_password", "my new long passwort"),
            ],
        )
        .await;
    assert!(
        mismatch
            .html()
            .text("#confirm_password-error")
            .contains("not the same")
    );

    let ok = app
        .post_form(
            "/admin/account/password",
            Some(&session),
            &[
                ("current_password", PASSWORD),
                ("new_password", "my new long password"),
                ("confirm_password", "my new long password"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get_as(&session, "/admin").await.status,
        StatusCode::OK,
        "this session goes on"
    );
    app.sign_in("clerk@okc.gov", "my new long password").await;
}

fn database_url(db: &PgPool) -> String {
    let options = db.connect_options();
    format!(
        "postgres://postgres@127.0.0.1:{}/{}",
        options.get_port(),
        options.get_database().unwrap()
    )
}

fn user_command(db: &PgPool, args: &[&str], stdin: &str) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_okc-psp"))
        .arg("user")
        .args(args)
        .env("DATABASE_URL", database_url(db))
        .env("RUST_LOG", "off")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[sqlx::test]
async fn the_command_line_creates_lists_disables_and_resets_accounts(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let add = [
        "add",
        "--email",
        "First.Admin@okc.gov",
        "--name",
        "First Admin",
        "--role",
        "admin",
        "--password-stdin",
    ];
    let (ok, stdout, stderr) = user_command(&app.db, &add, "the first admin password\n");
    assert!(ok, "{stderr}");
    assert_eq!(
        stdout,
        "Created admin account for First Admin <first.admin@okc.gov>.\n"
    );
    let session = app
        .sign_in("first.admin@okc.gov", "the first admin password")
        .await;

    let (ok, _, stderr) = user_command(&app.db, &add, "the first admin password\n");
    assert!(!ok);
    assert_eq!(
        stderr,
        "error: an account with the email first.admin@okc.gov already exists\n"
    );

    let weak = [
        "add",
        "--email",
        "x@okc.gov",
        "--name",
        "X",
        "--role",
        "editor",
        "--password-stdin",
    ];
    let (ok, _, stderr) = user_command(&app.db, &weak, "short\n");
    assert!(!ok);
    assert_eq!(
        stderr,
        "error: The password must have at least 12 characters.\n"
    );

    let bad_role = [
        "add",
        "--email",
        "x@okc.gov",
        "--name",
        "X",
        "--role",
        "chief",
        "--password-stdin",
    ];
    let (ok, _, stderr) = user_command(&app.db, &bad_role, "long enough password\n");
    assert!(!ok);
    assert_eq!(
        stderr,
        "error: Unknown role \"chief\": choose admin or editor.\n"
    );

    let (ok, stdout, _) = user_command(&app.db, &["list"], "");
    assert!(ok);
    assert_eq!(stdout, "first.admin@okc.gov\tFirst Admin\tadmin\tactive\n");

    let (ok, _, stderr) = user_command(
        &app.db,
        &[
            "set-password",
            "--email",
            "first.admin@okc.gov",
            "--password-stdin",
        ],
        "a replacement password",
    );
    assert!(ok, "{stderr}");
    assert_eq!(
        app.get_as(&session, "/admin").await.status,
        StatusCode::SEE_OTHER,
        "sessions ended"
    );
    let session = app
        .sign_in("first.admin@okc.gov", "a replacement password")
        .await;

    let (ok, stdout, _) = user_command(&app.db, &["disable", "--email", "first.admin@okc.gov"], "");
    let logged: Vec<String> = sqlx::query_scalar!(
        "select action from audit_log where entity = 'user' and user_id is null order by id"
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(
        logged,
        [
            "added account",
            "set a new password for",
            "disabled account"
        ],
        "the command line's changes are audited"
    );
    assert!(ok);
    assert_eq!(
        stdout,
        "Disabled first.admin@okc.gov; its sessions have ended.\n"
    );
    assert_eq!(
        app.get_as(&session, "/admin").await.status,
        StatusCode::SEE_OTHER
    );

    let (ok, _, stderr) = user_command(&app.db, &["disable", "--email", "ghost@okc.gov"], "");
    assert!(!ok);
    assert_eq!(
        stderr,
        "error: there is no account with the email ghost@okc.gov\n"
    );
}
