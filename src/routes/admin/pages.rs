//! Editing the page texts: the home introduction, the About page and the focus-area descriptions.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use super::changes::{self, OtherChange};
use super::forms::{self, FormAction, FormErrors, MARKDOWN_MAX, TITLE_MAX};
use crate::app::AppState;
use crate::audit::{self, AuditEntry};
use crate::auth::CurrentUser;
use crate::db::{self, FocusAreaCount};
use crate::error::{AppError, AppResult, render};
use crate::markdown::{self, SafeHtml, TopHeading};

#[derive(Template)]
#[template(path = "admin/pages.html")]
struct PagesPage {
    user: CurrentUser,
    pages: Vec<(String, String)>,
    focus_areas: Vec<FocusAreaCount>,
    saved: bool,
}

#[derive(Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<SavedQuery>,
) -> AppResult<Html<String>> {
    let (pages, focus_areas) = tokio::try_join!(
        sqlx::query!("select slug, title from pages order by slug desc").fetch_all(&state.db),
        db::focus_areas_with_counts(&state.db),
    )?;
    render(&PagesPage {
        user,
        pages: pages.into_iter().map(|p| (p.slug, p.title)).collect(),
        focus_areas,
        saved: query.saved.is_some(),
    })
}

/// The fields of both text forms: a title (or name) and a Markdown body (or description).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TextForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    action: FormAction,
}

/// Which text is being edited.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TextKind {
    Page,
    FocusArea,
}

#[derive(Template)]
#[template(path = "admin/text_form.html")]
struct TextFormPage {
    user: CurrentUser,
    kind: TextKind,
    slug: String,
    values: TextForm,
    errors: FormErrors,
    preview: Option<SafeHtml>,
    conflict: Vec<OtherChange>,
}

impl TextFormPage {
    fn heading(&self) -> String {
        match self.kind {
            TextKind::Page if self.slug == "home" => "Edit the home page introduction".to_owned(),
            TextKind::Page => "Edit the About page".to_owned(),
            TextKind::FocusArea => "Edit a focus area".to_owned(),
        }
    }

    fn action_url(&self) -> String {
        match self.kind {
            TextKind::Page => format!("/admin/pages/{}/edit", self.slug),
            TextKind::FocusArea => format!("/admin/focus-areas/{}/edit", self.slug),
        }
    }

    fn title_label(&self) -> &'static str {
        match self.kind {
            TextKind::Page => "Heading",
            TextKind::FocusArea => "Name",
        }
    }

    fn body_label(&self) -> &'static str {
        match self.kind {
            TextKind::Page => "Text",
            TextKind::FocusArea => "Description",
        }
    }

    fn body_hint(&self) -> String {
        format!("Markdown is allowed; at most {MARKDOWN_MAX} characters.")
    }
}

async fn load(state: &AppState, kind: TextKind, slug: &str) -> AppResult<(String, String, i32)> {
    let row = match kind {
        TextKind::Page => sqlx::query!(
            "select title, body_md, version from pages where slug = $1",
            slug
        )
        .fetch_optional(&state.db)
        .await?
        .map(|r| (r.title, r.body_md, r.version)),
        TextKind::FocusArea => sqlx::query!(
            "select name, description_md, version from focus_areas where slug = $1",
            slug
        )
        .fetch_optional(&state.db)
        .await?
        .map(|r| (r.name, r.description_md, r.version)),
    };
    row.ok_or(AppError::NotFound)
}

async fn show(
    state: AppState,
    user: CurrentUser,
    kind: TextKind,
    slug: String,
) -> AppResult<Response> {
    let (title, body, version) = load(&state, kind, &slug).await?;
    let values = TextForm {
        title,
        body,
        version: version.to_string(),
        action: FormAction::Save,
    };
    let page = TextFormPage {
        user,
        kind,
        slug,
        values,
        errors: FormErrors::default(),
        preview: None,
        conflict: Vec::new(),
    };
    Ok(render(&page)?.into_response())
}

pub async fn show_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    show(state, user, TextKind::Page, slug).await
}

pub async fn show_focus_area(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    show(state, user, TextKind::FocusArea, slug).await
}

pub async fn save_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    Form(form): Form<TextForm>,
) -> AppResult<Response> {
    save(state, user, TextKind::Page, slug, form).await
}

pub async fn save_focus_area(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    Form(form): Form<TextForm>,
) -> AppResult<Response> {
    save(state, user, TextKind::FocusArea, slug, form).await
}

async fn save(
    state: AppState,
    user: CurrentUser,
    kind: TextKind,
    slug: String,
    form: TextForm,
) -> AppResult<Response> {
    // Unknown slugs are 404 before anything else.
    load(&state, kind, &slug).await?;
    let mut errors = FormErrors::default();
    let title = forms::required_text(&mut errors, "title", "a heading", &form.title, TITLE_MAX);
    let body = match kind {
        TextKind::Page => {
            forms::required_text(&mut errors, "body", "the text", &form.body, MARKDOWN_MAX)
        }
        TextKind::FocusArea => forms::optional_text(
            &mut errors,
            "body",
            "the description",
            &form.body,
            MARKDOWN_MAX,
        )
        .unwrap_or_default(),
    };
    let loaded_version = form.version.trim().parse::<i32>().unwrap_or(-1);
    let mut values = form.clone();
    let mut conflict = Vec::new();
    let entity = match kind {
        TextKind::Page => "page",
        TextKind::FocusArea => "focus_area",
    };

    if errors.is_empty() && form.action == FormAction::Save {
        let mut tx = state.db.begin().await?;
        let saved = match kind {
            TextKind::Page => {
                let before = sqlx::query!(
                    "select title, body_md, version from pages where slug = $1 for update",
                    slug
                )
                .fetch_one(&mut *tx)
                .await?;
                let version = sqlx::query_scalar!(
                    "update pages set title = $2, body_md = $3, version = version + 1
                     where slug = $1 and version = $4 returning version",
                    slug,
                    title,
                    body,
                    loaded_version
                )
                .fetch_optional(&mut *tx)
                .await?;
                version.map(|v| (json!({"title": before.title, "text": before.body_md, "version": before.version}), v))
            }
            TextKind::FocusArea => {
                let before = sqlx::query!("select name, description_md, version from focus_areas where slug = $1 for update", slug)
                    .fetch_one(&mut *tx).await?;
                let version =
                    sqlx::query_scalar!(
                    "update focus_areas set name = $2, description_md = $3, version = version + 1
                     where slug = $1 and version = $4 returning version",
                    slug, title, body, loaded_version)
                    .fetch_optional(&mut *tx)
                    .await?;
                version.map(|v| (json!({"name": before.name, "description": before.description_md, "version": before.version}), v))
            }
        };
        match saved {
            Some((before, version)) => {
                let after = match kind {
                    TextKind::Page => json!({"title": title, "text": body, "version": version}),
                    TextKind::FocusArea => {
                        json!({"name": title, "description": body, "version": version})
                    }
                };
                audit::record(
                    &mut tx,
                    AuditEntry {
                        user_id: Some(user.id),
                        action: if kind == TextKind::Page {
                            "edited page"
                        } else {
                            "edited focus area"
                        },
                        entity,
                        entity_key: slug.clone(),
                        recommendation: None,
                        before: Some(before),
                        after: Some(after),
                    },
                )
                .await?;
                tx.commit().await?;
                return Ok(Redirect::to("/admin/pages?saved=1").into_response());
            }
            None => {
                drop(tx);
                conflict = changes::since_version(&state.db, entity, &slug, loaded_version).await?;
                values.version = load(&state, kind, &slug).await?.2.to_string();
            }
        }
    }
    let preview = (form.action == FormAction::Preview && errors.is_empty())
        .then(|| markdown::render(&form.body, TopHeading::H3));
    let status = if !conflict.is_empty() {
        StatusCode::CONFLICT
    } else {
        errors.status()
    };
    let page = TextFormPage {
        user,
        kind,
        slug,
        values,
        errors,
        preview,
        conflict,
    };
    Ok((status, render(&page)?).into_response())
}
