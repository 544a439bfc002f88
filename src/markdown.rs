//! Markdown from content files and staff forms, rendered and sanitised.
//!
//! [`SafeHtml`] is the only type that templates print without escaping, and the only way to make one
//! is to render Markdown here, so every piece of HTML on a page has passed through the sanitiser.

use std::fmt;
use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// HTML that has been sanitised, so it may be written into a page as it is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SafeHtml(String);

impl SafeHtml {
    /// The HTML text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when rendering produced nothing to show.
    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Display for SafeHtml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

// Sound because the only constructor is `render`, whose output has been through ammonia.
impl askama::filters::HtmlSafe for SafeHtml {}

/// The heading level that a Markdown `#` becomes, so that Markdown headings nest under the page's
/// own headings and the outline stays in order for screen readers.
#[derive(Debug, Clone, Copy)]
pub enum TopHeading {
    /// `#` becomes `<h2>`: for text that sits directly under the page's `<h1>`.
    H2,
    /// `#` becomes `<h3>`: for text under a section's `<h2>`.
    H3,
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    // Only links that go somewhere: no javascript:, data: or vbscript: URLs.
    builder.url_schemes(["http", "https", "mailto", "tel"].into_iter().collect());
    builder.link_rel(Some("noopener noreferrer"));
    builder
});

/// Renders Markdown to sanitised HTML: raw HTML is kept only where it is harmless, and scripts,
/// event-handler attributes and `javascript:` links are removed.
pub fn render(markdown: &str, top: TopHeading) -> SafeHtml {
    let offset = match top {
        TopHeading::H2 => 1,
        TopHeading::H3 => 2,
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: demote(level, offset),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level, offset))),
        other => other,
    });
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    SafeHtml(SANITIZER.clean(&unsafe_html).to_string())
}

fn demote(level: HeadingLevel, by: usize) -> HeadingLevel {
    let demoted = (level as usize + by).min(6);
    HeadingLevel::try_from(demoted).unwrap_or(HeadingLevel::H6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting_survives_and_headings_nest_under_the_page() {
        let html = render(
            "# Plan\n\nSome **bold** [link](https://okc.gov).",
            TopHeading::H3,
        );
        assert!(html.as_str().contains("<h3>Plan</h3>"), "{html}");
        assert!(html.as_str().contains("<strong>bold</strong>"), "{html}");
        assert!(
            html.as_str().contains(r#"href="https://okc.gov""#),
            "{html}"
        );
    }

    #[test]
    fn scripts_event_handlers_and_javascript_links_are_removed() {
        let markdown = "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n\
                        [click](javascript:alert(3)) <a href=\"javascript:alert(4)\">a</a>";
        let html = render(markdown, TopHeading::H2).to_string();
        for forbidden in ["<script", "alert(1)", "onerror", "javascript:"] {
            assert!(!html.contains(forbidden), "{forbidden} survived in {html}");
        }
    }
}
