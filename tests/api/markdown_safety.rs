use sqlx::PgPool;

use crate::helpers::{ContentCopy, TestApp};

#[sqlx::test]
async fn scripts_event_handlers_and_javascript_links_in_content_never_reach_a_page(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let content = ContentCopy::new();
    let hostile = "\nSee **this**.\n\n<script>alert('owned')</script>\n\n\
        <img src=\"x.png\" alt=\"x\" onerror=\"alert('owned')\">\n\n\
        [a link](javascript:alert('owned')) and <a href=\"javascript:alert(1)\">another</a>\n";
    let file = content.read("recommendations/09.md");
    content.write("recommendations/09.md", &format!("{file}{hostile}"));
    app.import_from(&content.path()).await.unwrap();

    let response = app.get("/recommendations/9").await;
    let details = response
        .html()
        .select("#details-heading + .prose")
        .next()
        .unwrap()
        .html();
    assert!(
        details.contains("<strong>this</strong>"),
        "Markdown still renders: {details}"
    );
    for forbidden in ["<script", "onerror", "javascript:", "alert("] {
        assert!(
            !response.body.contains(forbidden),
            "{forbidden} survived: {details}"
        );
    }
}

#[test]
fn no_template_bypasses_escaping_with_the_safe_filter() {
    // Only the sanitised Markdown type may print unescaped HTML, and it needs no filter.
    let templates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut stack = vec![templates];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(
                    !text.contains("|safe") && !text.contains("| safe"),
                    "{}",
                    path.display()
                );
            }
        }
    }
}
