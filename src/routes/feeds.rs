//! Atom feeds of status changes and milestones: the whole site, one recommendation, one focus
//! area. Written with `atom_syndication`, so they are well-formed Atom 1.0.

use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use time::OffsetDateTime;

use super::activity::{self, Scope};
use super::conditional;
use crate::app::AppState;
use crate::domain::RecommendationNumber;
use crate::error::{AppError, AppResult, parse_path};
use crate::markdown::{self, TopHeading};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/feed.atom", get(site_feed))
        .route(
            "/recommendations/{number}/feed.atom",
            get(recommendation_feed),
        )
        .route("/focus-areas/{slug}/feed.atom", get(focus_area_feed))
}

/// Entries per feed: enough for any reader to catch up, small enough to fetch often.
const ENTRIES: i64 = 50;
const CONTENT_TYPE: &str = "application/atom+xml; charset=utf-8";

async fn site_feed(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    let feed = build(
        &state,
        Scope::Everything,
        "/feed.atom",
        "/",
        "OKC Public Safety Partnership: changes and milestones",
    )
    .await?;
    Ok(conditional::respond(
        &headers,
        CONTENT_TYPE,
        feed.into_bytes(),
    ))
}

async fn recommendation_feed(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let number: RecommendationNumber = parse_path(&raw)?;
    let title = sqlx::query_scalar!(
        "select title from recommendations where number = $1",
        number.get()
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::NotFound)?;
    let name = super::recommendations::heading_text(number, title.as_deref());
    let feed = build(
        &state,
        Scope::Recommendation(number.get()),
        &format!("/recommendations/{number}/feed.atom"),
        &format!("/recommendations/{number}"),
        &format!("OKC Public Safety Partnership: {name}"),
    )
    .await?;
    Ok(conditional::respond(
        &headers,
        CONTENT_TYPE,
        feed.into_bytes(),
    ))
}

async fn focus_area_feed(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let name = sqlx::query_scalar!("select name from focus_areas where slug = $1", slug)
        .fetch_optional(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let feed = build(
        &state,
        Scope::FocusArea(slug.clone()),
        &format!("/focus-areas/{slug}/feed.atom"),
        &format!("/focus-areas/{slug}"),
        &format!("OKC Public Safety Partnership: {name}"),
    )
    .await?;
    Ok(conditional::respond(
        &headers,
        CONTENT_TYPE,
        feed.into_bytes(),
    ))
}

fn atom_time(moment: OffsetDateTime) -> FixedDateTime {
    let text = moment
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    FixedDateTime::parse_from_rfc3339(&text).unwrap_or_default()
}

fn link(href: String, rel: &str, mime: Option<&str>) -> Link {
    Link {
        href,
        rel: rel.to_owned(),
        mime_type: mime.map(str::to_owned),
        ..Default::default()
    }
}

/// The feed as XML: newest first, by the date each change took effect.
async fn build(
    state: &AppState,
    scope: Scope,
    self_path: &str,
    page_path: &str,
    title: &str,
) -> AppResult<String> {
    let (changes, milestones) = tokio::try_join!(
        activity::status_changes(&state.db, &scope, None, None, ENTRIES),
        activity::milestones(&state.db, &scope, None, None, ENTRIES),
    )?;
    let base = &state.base_url;
    let mut dated: Vec<(time::Date, OffsetDateTime, Entry)> = Vec::new();
    for change in changes {
        let url = format!(
            "{base}/recommendations/{}#change-{}",
            change.number, change.id
        );
        let note = markdown::render(&change.note_md, TopHeading::H3);
        let entry = Entry {
            title: Text::plain(format!(
                "Recommendation {}: {}",
                change.number, change.change
            )),
            id: url.clone(),
            updated: atom_time(change.recorded_at),
            published: Some(atom_time(change.recorded_at)),
            links: vec![link(url, "alternate", Some("text/html"))],
            summary: Some(Text::plain(format!(
                "Took effect {}. {}",
                change.date_human(),
                change.change
            ))),
            content: Some(Content {
                value: Some(format!(
                    "<p>Took effect {}. {}</p>{}",
                    change.date_human(),
                    change.change,
                    note
                )),
                content_type: Some("html".to_owned()),
                ..Default::default()
            }),
            ..Default::default()
        };
        dated.push((change.effective_on, change.recorded_at, entry));
    }
    for milestone in milestones {
        let url = format!("{base}/timeline#milestone-{}", milestone.id);
        let body = markdown::render(&milestone.body_md, TopHeading::H3);
        let entry = Entry {
            title: Text::plain(format!("{}: {}", milestone.date.human(), milestone.title)),
            id: url.clone(),
            updated: atom_time(milestone.updated_at),
            links: vec![link(url, "alternate", Some("text/html"))],
            content: Some(Content {
                value: Some(format!(
                    "<p>{}: {}</p>{}",
                    milestone.date.human(),
                    milestone.title,
                    body
                )),
                content_type: Some("html".to_owned()),
                ..Default::default()
            }),
            ..Default::default()
        };
        dated.push((milestone.date.date(), milestone.updated_at, entry));
    }
    dated.sort_by_key(|(date, at, _)| std::cmp::Reverse((*date, *at)));
    dated.truncate(usize::try_from(ENTRIES).unwrap_or(50));
    let updated = dated
        .iter()
        .map(|(_, at, _)| *at)
        .max()
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let feed = Feed {
        title: Text::plain(title),
        id: format!("{base}{self_path}"),
        updated: atom_time(updated),
        authors: vec![Person {
            name: "OKC Public Safety Partnership".to_owned(),
            ..Default::default()
        }],
        links: vec![
            link(
                format!("{base}{self_path}"),
                "self",
                Some("application/atom+xml"),
            ),
            link(format!("{base}{page_path}"), "alternate", Some("text/html")),
        ],
        entries: dated.into_iter().map(|(_, _, entry)| entry).collect(),
        ..Default::default()
    };
    Ok(feed.to_string())
}
