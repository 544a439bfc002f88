use okc_psp::domain::{DisplayName, NewPassword, Role};
use sqlx::PgPool;

use crate::harness::{Browser, DESKTOP, PHONE, assert_no_violations};

const EMAIL: &str = "clerk@okc.gov";
const PASSWORD: &str = "correct horse battery staple";

async fn staff_browser(db: PgPool, role: Role) -> Browser {
    okc_psp::accounts::create(
        &db,
        None,
        &EMAIL.parse().unwrap(),
        &DisplayName::parse("City Clerk").unwrap(),
        role,
        &NewPassword::parse(PASSWORD).unwrap(),
    )
    .await
    .unwrap();
    let browser = Browser::start(db).await;
    browser.sign_in(EMAIL, PASSWORD).await;
    assert_eq!(browser.path().await, "/admin");
    browser
}

#[sqlx::test]
async fn a_staff_member_signs_in_updates_a_stage_sees_it_in_public_and_signs_out(db: PgPool) {
    let browser = Browser::start(db.clone()).await;
    okc_psp::accounts::create(
        &db,
        None,
        &EMAIL.parse().unwrap(),
        &DisplayName::parse("City Clerk").unwrap(),
        Role::Editor,
        &NewPassword::parse(PASSWORD).unwrap(),
    )
    .await
    .unwrap();

    // Asking for an admin page first leads to sign-in and then back to it.
    browser.goto("/admin/recommendations/5/status").await;
    assert!(browser.path().await.starts_with("/admin/login?next="));
    browser.fill("#email", EMAIL).await;
    browser.fill("#password", PASSWORD).await;
    browser
        .follow(
            "form button[type=submit]",
            "/admin/recommendations/5/status",
        )
        .await;

    browser.click("#stage-planning").await;
    browser.fill("#effective_on", "2025-05-06").await;
    browser
        .fill(
            "#note",
            "An action plan for roll-call training was adopted.",
        )
        .await;
    browser
        .follow(r#"button[value="save"]"#, "/admin?updated=5")
        .await;
    assert!(
        browser
            .text(".notice--success")
            .await
            .contains("recommendation 5 was updated")
    );

    browser.goto("/recommendations/5").await;
    assert!(
        browser
            .text(r#"[aria-current="step"]"#)
            .await
            .contains("Planning")
    );
    assert!(
        browser
            .text(".history__entry")
            .await
            .contains("An action plan for roll-call training was adopted.")
    );

    browser.goto("/admin").await;
    browser.click(".admin-bar__signout button").await;
    browser.wait_for_path("/admin/login").await;
    assert_eq!(browser.path().await, "/admin/login?signed_out=1");
    browser.goto("/admin").await;
    assert!(
        browser.path().await.starts_with("/admin/login"),
        "signed out"
    );
}

/// Every admin page, as an administrator sees it (so nothing is hidden by role).
const ADMIN_PAGES: [&str; 11] = [
    "/admin",
    "/admin/recommendations/7/status",
    "/admin/recommendations/7/edit",
    "/admin/timeline",
    "/admin/timeline/new",
    "/admin/timeline/1/edit",
    "/admin/timeline/1/delete",
    "/admin/pages",
    "/admin/pages/about/edit",
    "/admin/focus-areas/youth-outreach/edit",
    "/admin/audit",
];

#[sqlx::test]
async fn every_admin_page_passes_axe_and_fits_a_320_pixel_screen(db: PgPool) {
    let browser = staff_browser(db, Role::Admin).await;
    let mut pages: Vec<&str> = ADMIN_PAGES.to_vec();
    pages.extend(["/admin/users", "/admin/account"]);
    let mut violations = Vec::new();
    let mut sideways = Vec::new();
    for path in pages {
        browser.resize(DESKTOP).await;
        browser.goto(path).await;
        violations.extend(browser.axe_violations().await);
        let name = format!(
            "admin-{}",
            path.trim_start_matches("/admin")
                .trim_matches('/')
                .replace('/', "-")
        );
        browser.screenshot(&format!("{name}-desktop")).await;
        browser.resize(PHONE).await;
        if browser.scrolls_sideways().await {
            sideways.push(path);
        }
        browser.screenshot(&format!("{name}-phone")).await;
    }
    browser.resize(DESKTOP).await;
    browser.goto("/admin/login").await;
    assert_no_violations(&violations);
    assert!(
        sideways.is_empty(),
        "these pages scroll sideways at 320 x 640: {sideways:?}"
    );
}

#[sqlx::test]
async fn forms_showing_validation_errors_pass_axe_and_focus_the_error_summary(db: PgPool) {
    let browser = staff_browser(db, Role::Admin).await;
    let mut violations = Vec::new();

    // Status update: no stage chosen, an impossible date, no note.
    browser.goto("/admin/recommendations/3/status").await;
    browser.fill("#effective_on", "").await;
    browser.click(r#"button[value="save"]"#).await;
    assert!(
        browser
            .text(".error-summary")
            .await
            .contains("There is a problem")
    );
    let focused = browser.focused().await;
    assert_eq!(
        focused.id, "error-summary",
        "focus moves to the error summary"
    );
    violations.extend(browser.axe_violations().await);
    browser.screenshot("admin-status-errors-desktop").await;

    // Editing a recommendation with a bad date.
    browser.goto("/admin/recommendations/3/edit").await;
    browser.fill("#started", "someday").await;
    browser.click(r#"button[value="save"]"#).await;
    assert_eq!(browser.focused().await.id, "error-summary");
    violations.extend(browser.axe_violations().await);
    browser.screenshot("admin-edit-errors-desktop").await;

    // A new milestone with nothing filled in.
    browser.goto("/admin/timeline/new").await;
    browser.click(".form button[type=submit]").await;
    violations.extend(browser.axe_violations().await);

    // A new account with a short password.
    browser.goto("/admin/users").await;
    browser.fill("#email", "new@okc.gov").await;
    browser.fill("#password", "short").await;
    browser
        .click(r#"form[action="/admin/users"] button[type=submit]"#)
        .await;
    assert!(
        browser
            .text("#password-error")
            .await
            .contains("at least 12 characters")
    );
    violations.extend(browser.axe_violations().await);
    browser.screenshot("admin-users-errors-desktop").await;

    // A failed sign-in.
    browser.click(".admin-bar__signout button").await;
    browser.wait_for_path("/admin/login").await;
    browser.fill("#email", EMAIL).await;
    browser.fill("#password", "wrong password").await;
    browser.click("form button[type=submit]").await;
    assert_eq!(browser.focused().await.id, "error-summary");
    violations.extend(browser.axe_violations().await);
    browser.screenshot("admin-login-error-desktop").await;

    assert_no_violations(&violations);
}

#[sqlx::test]
async fn every_control_of_the_status_form_is_reached_by_tab_with_a_visible_focus(db: PgPool) {
    let browser = staff_browser(db, Role::Editor).await;
    browser.goto("/admin/recommendations/3/status").await;
    let expected = browser.focusable_count().await;
    let reached = browser.tab_through(expected + 5).await;
    // Radio buttons of one group are a single Tab stop: arrows move within the group.
    let radios: usize = browser
        .script("return document.querySelectorAll('input[type=radio][name=stage]').length")
        .await
        .as_u64()
        .unwrap() as usize;
    assert_eq!(
        reached.len(),
        expected - (radios - 1),
        "reached: {:#?}",
        reached
    );
    for control in ["effective_on", "note", "on_hold"] {
        assert!(
            reached.iter().any(|f| f.id == control),
            "Tab never reached #{control}"
        );
    }
    assert!(
        reached
            .iter()
            .any(|f| f.name == "action" && f.label.contains("Save")),
        "Tab reaches the save button"
    );
    let invisible: Vec<_> = reached.iter().filter(|f| !f.visible).collect();
    assert!(invisible.is_empty(), "no visible focus on: {invisible:?}");
}
