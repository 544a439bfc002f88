//! `/sitemap.xml` and `/robots.txt`.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::get;

use crate::app::AppState;
use crate::error::AppResult;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sitemap.xml", get(sitemap))
        .route("/robots.txt", get(robots))
}

async fn robots(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        format!(
            "User-agent: *\nDisallow: /admin\nSitemap: {}/sitemap.xml\n",
            state.base_url
        ),
    )
}

/// Escapes the five XML special characters.
fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

async fn sitemap(State(state): State<AppState>) -> AppResult<impl IntoResponse> {
    let (recommendations, areas) = tokio::try_join!(
        sqlx::query!(
            r#"select r.number, greatest(r.updated_at, (select max(h.recorded_at) from status_changes h
                   where h.recommendation_number = r.number))::date as "updated!"
               from recommendations r order by r.number"#
        )
        .fetch_all(&state.db),
        sqlx::query_scalar!("select slug from focus_areas order by position").fetch_all(&state.db),
    )?;
    let base = &state.base_url;
    let mut urls: Vec<(String, Option<String>)> = [
        "/",
        "/recommendations",
        "/progress",
        "/timeline",
        "/changes",
        "/data",
        "/about",
    ]
    .iter()
    .map(|path| (format!("{base}{path}"), None))
    .collect();
    urls.extend(recommendations.into_iter().map(|r| {
        (
            format!("{base}/recommendations/{}", r.number),
            Some(crate::domain::format_day_iso(r.updated)),
        )
    }));
    urls.extend(
        areas
            .into_iter()
            .map(|slug| (format!("{base}/focus-areas/{slug}"), None)),
    );
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in urls {
        xml.push_str(&format!("  <url><loc>{}</loc>", xml_escape(&loc)));
        if let Some(lastmod) = lastmod {
            xml.push_str(&format!("<lastmod>{lastmod}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/xml; charset=utf-8"),
        )],
        xml,
    ))
}
