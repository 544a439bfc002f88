//! Starting the site, chromedriver and Chromium, and the checks every browser test uses.

use std::net::TcpListener as StdListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use okc_psp::app::{AppState, router};
use okc_psp::content;
use serde_json::{Value, json};
use sqlx::PgPool;

/// axe-core 4.11 (MPL-2.0), from the npm package, injected into each page.
const AXE: &str = include_str!("vendor/axe.min.js");
/// The rule tags the site must pass: WCAG 2.0 and 2.1, levels A and AA.
const WCAG_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

pub const DESKTOP: (u32, u32) = (1280, 900);
pub const PHONE: (u32, u32) = (320, 640);

/// The site on a fresh database, and a browser pointed at it.
pub struct Browser {
    pub client: Client,
    pub base: String,
    pub db: PgPool,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn require(path: &str, package: &str) {
    assert!(
        std::path::Path::new(path).exists(),
        "{path} is missing: install Debian's {package} package (apt-get install chromium chromium-driver)"
    );
}

impl Browser {
    /// Imports the repository's content into `db`, serves the site on a free port and opens
    /// headless Chromium.
    pub async fn start(db: PgPool) -> Self {
        require("/usr/bin/chromium", "chromium");
        require("/usr/bin/chromedriver", "chromium-driver");

        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content");
        let files = content::read_content(&dir).expect("the content reads");
        content::import(&db, &files)
            .await
            .expect("the content imports");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let base = format!("http://{}", listener.local_addr().expect("an address"));
        let app = router(AppState {
            db: db.clone(),
            cookie_secure: false,
            base_url: "https://psp.example".into(),
        })
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, app).await });

        let port = free_port();
        let driver = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().expect("a profile dir");
        let capabilities = json!({
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--hide-scrollbars",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            }
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let webdriver = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&webdriver)
                .await
            {
                Ok(client) => break client,
                Err(error) if started.elapsed() < Duration::from_secs(20) => {
                    let _ = error;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(error) => panic!("cannot start Chromium through chromedriver: {error}"),
            }
        };
        let browser = Self {
            client,
            base,
            db,
            driver,
            _profile: profile,
        };
        browser.resize(DESKTOP).await;
        browser
    }

    pub async fn resize(&self, (width, height): (u32, u32)) {
        self.client
            .set_window_size(width, height)
            .await
            .expect("resize");
        // The window includes browser chrome in some modes; make the viewport itself the size.
        let inner: Value = self
            .client
            .execute("return [window.innerWidth, window.innerHeight]", vec![])
            .await
            .unwrap();
        let (w, h) = (
            inner[0].as_u64().unwrap_or(0) as u32,
            inner[1].as_u64().unwrap_or(0) as u32,
        );
        if w != 0 && (w != width || h != height) {
            self.client
                .set_window_size(2 * width - w, 2 * height - h)
                .await
                .expect("resize");
        }
    }

    pub async fn goto(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap_or_else(|e| panic!("open {path}: {e}"));
    }

    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("a URL");
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// Waits up to five seconds for the browser to reach a page whose path starts with `prefix`,
    /// so the next step does not act on the page being left.
    pub async fn wait_for_path(&self, prefix: &str) {
        let started = Instant::now();
        while !self.path().await.starts_with(prefix) {
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "never reached {prefix}; at {}",
                self.path().await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Clicks a link or button and waits until the page at `path` has loaded.
    pub async fn follow(&self, css: &str, path: &str) {
        self.click(css).await;
        self.wait_for_path(path).await;
    }

    pub async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find {css}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    pub async fn fill(&self, css: &str, text: &str) {
        let field = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find {css}: {e}"));
        field.clear().await.expect("clear");
        field.send_keys(text).await.expect("type");
    }

    pub async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find {css}: {e}"))
            .text()
            .await
            .expect("text")
    }

    pub async fn script(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Runs axe-core on the current page and returns one line per violation (rule, element, page).
    pub async fn axe_violations(&self) -> Vec<String> {
        self.client.execute(AXE, vec![]).await.expect("axe loads");
        let run = r#"
            const [tags, done] = arguments;
            axe.run(document, { runOnly: { type: 'tag', values: tags } })
              .then(result => done(result.violations.flatMap(v => v.nodes.map(n =>
                  `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}: ${n.html.slice(0, 160)}`))))
              .catch(error => done([`axe failed: ${error}`]));"#;
        let result = self
            .client
            .execute_async(run, vec![json!(WCAG_TAGS)])
            .await
            .expect("axe runs");
        let page = self.path().await;
        result
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|v| format!("{page}: {}", v.as_str().unwrap_or("")))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// True when the page is wider than the window, so it would scroll sideways.
    pub async fn scrolls_sideways(&self) -> bool {
        self.script("return document.documentElement.scrollWidth > window.innerWidth")
            .await
            .as_bool()
            .unwrap_or(true)
    }

    /// Writes a PNG of the current window to target/screenshots/NAME.png.
    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("a screenshot");
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).expect("the screenshot folder");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write the screenshot");
    }

    /// Presses Tab once.
    pub async fn tab(&self) {
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: '\u{e004}' })
            .then(KeyAction::Up { value: '\u{e004}' });
        self.client.perform_actions(keys).await.expect("press Tab");
    }

    /// What has focus: its tag, id, href or name, and whether a focus indicator is drawn.
    pub async fn focused(&self) -> Focused {
        let value = self.script(r#"
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                || style.boxShadow !== 'none';
            return { tag: el.tagName.toLowerCase(), id: el.id || '', href: el.getAttribute('href') || '',
                     name: el.getAttribute('name') || '', visible,
                     label: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 60) };"#).await;
        Focused {
            tag: value["tag"].as_str().unwrap_or("").to_owned(),
            id: value["id"].as_str().unwrap_or("").to_owned(),
            href: value["href"].as_str().unwrap_or("").to_owned(),
            name: value["name"].as_str().unwrap_or("").to_owned(),
            label: value["label"].as_str().unwrap_or("").to_owned(),
            visible: value["visible"].as_bool().unwrap_or(false),
        }
    }

    /// Tabs through the page from the top, returning each focused element until focus leaves the
    /// page or comes back round.
    pub async fn tab_through(&self, max: usize) -> Vec<Focused> {
        self.script(
            "document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)",
        )
        .await;
        let mut seen = Vec::new();
        for _ in 0..max {
            self.tab().await;
            let focused = self.focused().await;
            if focused.tag == "body"
                || seen
                    .first()
                    .is_some_and(|first: &Focused| first.same_as(&focused))
            {
                break;
            }
            seen.push(focused);
        }
        seen
    }

    /// Every link, button and form control on the page that Tab should reach.
    pub async fn focusable_count(&self) -> usize {
        self.script(r#"return [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, [tabindex="0"]')]
                        .filter(el => !el.disabled && el.offsetParent !== null).length"#).await.as_u64().unwrap_or(0) as usize
    }

    /// Signs in through the form.
    pub async fn sign_in(&self, email: &str, password: &str) {
        self.goto("/admin/login").await;
        self.fill("#email", email).await;
        self.fill("#password", password).await;
        self.follow("form button[type=submit]", "/admin").await;
        let started = Instant::now();
        while self.path().await.starts_with("/admin/login") {
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "sign-in did not leave the form"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

#[derive(Debug, Clone)]
pub struct Focused {
    pub tag: String,
    pub id: String,
    pub href: String,
    pub name: String,
    pub label: String,
    pub visible: bool,
}

impl Focused {
    fn same_as(&self, other: &Focused) -> bool {
        self.tag == other.tag
            && self.id == other.id
            && self.href == other.href
            && self.name == other.name
            && self.label == other.label
    }
}

/// Fails with every violation listed, each with its rule, element and page.
pub fn assert_no_violations(violations: &[String]) {
    assert!(
        violations.is_empty(),
        "axe found {} WCAG 2.1 A/AA violation(s):\n{}",
        violations.len(),
        violations.join("\n")
    );
}
