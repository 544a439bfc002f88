use sqlx::PgPool;

use crate::helpers::TestApp;

#[sqlx::test]
async fn every_public_page_has_a_description_and_an_absolute_canonical_link(db: PgPool) {
    let app = TestApp::with_content(db).await;
    for path in [
        "/",
        "/recommendations",
        "/recommendations/7",
        "/focus-areas/youth-outreach",
        "/timeline",
        "/about",
        "/progress",
        "/changes",
        "/data",
    ] {
        let page = app.get(path).await.html();
        let description = page.attrs(r#"meta[name=description]"#, "content");
        assert_eq!(description.len(), 1, "{path}");
        assert!(description[0].len() > 40, "{path}: {description:?}");
        assert_eq!(
            page.attrs("link[rel=canonical]", "href"),
            [format!("https://psp.example{path}")],
            "{path}"
        );
    }
}

#[sqlx::test]
async fn a_recommendation_page_has_open_graph_tags_and_a_last_updated_date(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let page = app.get("/recommendations/17").await.html();
    assert_eq!(
        page.attrs(r#"meta[property="og:title"]"#, "content"),
        ["Recommendation 17: Make it easier for people to file a complaint about an officer."]
    );
    assert_eq!(
        page.attrs(r#"meta[property="og:url"]"#, "content"),
        ["https://psp.example/recommendations/17"]
    );
    assert_eq!(
        page.attrs(r#"meta[property="og:type"]"#, "content"),
        ["article"]
    );
    assert_eq!(
        page.attrs("meta[name=description]", "content"),
        [
            "Recommendation 17 of the OKC Public Safety Partnership, \u{201c}Make it easier for people to file a complaint about an officer\u{201d}; stage: Full Implementation."
        ]
    );
    let unknown = app.get("/recommendations/14").await.html();
    assert!(
        unknown.attrs("meta[name=description]", "content")[0]
            .ends_with("; its status is not yet published.")
    );
    let updated = page.text(".last-updated");
    let today = okc_psp::domain::format_day_human(time::OffsetDateTime::now_utc().date());
    assert!(
        updated.starts_with(&format!("Last updated {today}.")),
        "{updated}"
    );
}

#[sqlx::test]
async fn the_sitemap_lists_every_public_page_and_robots_keeps_crawlers_out_of_admin(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let sitemap = app.get("/sitemap.xml").await;
    assert_eq!(
        sitemap.header("content-type"),
        "application/xml; charset=utf-8"
    );
    let locs: Vec<&str> = sitemap
        .body
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    assert_eq!(locs.len(), 7 + 39 + 9);
    assert!(locs.contains(&"https://psp.example/recommendations/39"));
    assert!(locs.contains(&"https://psp.example/focus-areas/communications"));
    for loc in &locs {
        let path = loc.strip_prefix("https://psp.example").unwrap();
        assert_eq!(
            app.get(path).await.status,
            axum::http::StatusCode::OK,
            "{path}"
        );
    }
    let robots = app.get("/robots.txt").await;
    assert!(robots.body.contains("Disallow: /admin"));
    assert!(
        robots
            .body
            .contains("Sitemap: https://psp.example/sitemap.xml")
    );
}
