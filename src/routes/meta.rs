//! What every public page tells search engines and link previews: its description, its canonical
//! address and, where it has one, its feed.

use crate::app::AppState;

/// The head-of-page facts of a public page.
pub struct PageMeta {
    /// The absolute canonical URL.
    pub canonical: String,
    pub description: String,
    /// An Atom feed for this page: (absolute URL, title).
    pub feed: Option<(String, String)>,
    /// Open Graph title, for pages worth sharing (Recommendation Pages).
    pub og_title: Option<String>,
}

impl PageMeta {
    pub fn new(state: &AppState, path: &str, description: impl Into<String>) -> Self {
        Self {
            canonical: format!("{}{path}", state.base_url),
            description: description.into(),
            feed: None,
            og_title: None,
        }
    }

    /// Adds the page's feed, at `path` on this site.
    pub fn with_feed(mut self, state: &AppState, path: &str, title: impl Into<String>) -> Self {
        self.feed = Some((format!("{}{path}", state.base_url), title.into()));
        self
    }

    pub fn with_open_graph(mut self, title: impl Into<String>) -> Self {
        self.og_title = Some(title.into());
        self
    }
}
