use sqlx::PgPool;

use crate::harness::{Browser, DESKTOP, PHONE, assert_no_violations};

/// Every public page: home, about, timeline, the 39 Recommendation Pages, the focus areas, and the
/// 404 page.
async fn public_pages(browser: &Browser) -> Vec<String> {
    let mut pages: Vec<String> = [
        "/",
        "/about",
        "/timeline",
        "/progress",
        "/recommendations",
        "/recommendations?q=complaint&area=accountability",
        "/recommendations?stage=done",
        "/changes?from=2023-01-01&to=2025-12-31",
        "/changes?from=2025-05-01&to=2025-04-01",
        "/data",
        "/no-such-page",
    ]
    .map(String::from)
    .to_vec();
    pages.extend((1..=39).map(|n| format!("/recommendations/{n}")));
    let areas: Vec<String> = sqlx::query_scalar("select slug from focus_areas order by position")
        .fetch_all(&browser.db)
        .await
        .unwrap();
    pages.extend(areas.iter().map(|slug| format!("/focus-areas/{slug}")));
    pages
}

fn screenshot_name(path: &str, size: &str) -> String {
    let name: String = path
        .trim_matches('/')
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!(
        "public-{}-{size}",
        if name.is_empty() { "home" } else { &name }
    )
}

#[sqlx::test]
async fn every_public_page_passes_axe_and_fits_a_320_pixel_screen(db: PgPool) {
    let browser = Browser::start(db).await;
    let mut violations = Vec::new();
    let mut sideways = Vec::new();
    for path in public_pages(&browser).await {
        browser.resize(DESKTOP).await;
        browser.goto(&path).await;
        violations.extend(browser.axe_violations().await);
        browser.screenshot(&screenshot_name(&path, "desktop")).await;

        browser.resize(PHONE).await;
        if browser.scrolls_sideways().await {
            sideways.push(path.clone());
        }
        browser.screenshot(&screenshot_name(&path, "phone")).await;
    }
    assert_no_violations(&violations);
    assert!(
        sideways.is_empty(),
        "these pages scroll sideways at 320 x 640: {sideways:?}"
    );
}

#[sqlx::test]
async fn a_resident_goes_from_the_home_page_through_a_focus_area_and_a_recommendation_to_the_timeline(
    db: PgPool,
) {
    let browser = Browser::start(db).await;
    browser.goto("/").await;
    assert!(
        browser
            .text("h1")
            .await
            .contains("39 police-reform recommendations")
    );

    browser
        .follow(
            r#".area-list a[href="/focus-areas/crisis-training"]"#,
            "/focus-areas/crisis-training",
        )
        .await;
    assert_eq!(browser.path().await, "/focus-areas/crisis-training");
    assert!(
        browser
            .text("h1")
            .await
            .contains("Law enforcement training in crisis response")
    );

    browser
        .follow(
            r#".recommendation-list a[href="/recommendations/10"]"#,
            "/recommendations/10",
        )
        .await;
    assert_eq!(browser.path().await, "/recommendations/10");
    assert!(
        browser
            .text(r#"[aria-current="step"]"#)
            .await
            .contains("Approaching Implementation")
    );

    browser
        .follow(r#".pager a[rel="next"]"#, "/recommendations/11")
        .await;
    assert_eq!(browser.path().await, "/recommendations/11");
    browser
        .follow(r#".pager a[rel="prev"]"#, "/recommendations/10")
        .await;
    assert_eq!(browser.path().await, "/recommendations/10");
    browser
        .follow(r#".pager a[rel="prev"]"#, "/recommendations/9")
        .await;
    assert_eq!(browser.path().await, "/recommendations/9");

    browser
        .follow(r#".site-nav a[href="/timeline"]"#, "/timeline")
        .await;
    assert_eq!(browser.path().await, "/timeline");
    assert!(
        browser
            .text(".timeline__item")
            .await
            .starts_with("September 25, 2025")
    );
}

#[sqlx::test]
async fn the_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(db: PgPool) {
    let browser = Browser::start(db).await;
    for path in ["/", "/recommendations/1", "/timeline"] {
        browser.goto(path).await;
        browser.tab().await;
        let first = browser.focused().await;
        assert_eq!(
            (first.tag.as_str(), first.href.as_str()),
            ("a", "#main"),
            "{path}"
        );
        assert!(first.visible, "{path}: the skip link shows focus");
        assert!(browser.script("const r = document.activeElement.getBoundingClientRect(); return r.top >= 0 && r.height > 0").await.as_bool().unwrap(),
            "{path}: the focused skip link is on screen");

        browser.script("document.activeElement.click()").await;
        let after = browser.focused().await;
        assert_eq!(
            (after.tag.as_str(), after.id.as_str()),
            ("main", "main"),
            "{path}"
        );
        browser.tab().await;
        let next = browser
            .script("return document.querySelector('main').contains(document.activeElement)")
            .await;
        assert_eq!(
            next.as_bool(),
            Some(true),
            "{path}: Tab continues inside the main content"
        );
    }
}

#[sqlx::test]
async fn every_link_on_the_home_page_is_reached_by_tab_with_a_visible_focus(db: PgPool) {
    let browser = Browser::start(db).await;
    browser.goto("/").await;
    let expected = browser.focusable_count().await;
    let reached = browser.tab_through(expected + 5).await;
    assert_eq!(
        reached.len(),
        expected,
        "Tab reached {} of {expected} links",
        reached.len()
    );
    let invisible: Vec<_> = reached.iter().filter(|f| !f.visible).collect();
    assert!(invisible.is_empty(), "no visible focus on: {invisible:?}");
}
