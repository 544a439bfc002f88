//! `/admin/account`: every staff member can change their own password.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::forms::FormErrors;
use crate::accounts;
use crate::app::AppState;
use crate::auth::{CurrentUser, password};
use crate::domain::NewPassword;
use crate::error::{AppError, AppResult, render};

#[derive(Template)]
#[template(path = "admin/account.html")]
struct AccountPage {
    user: CurrentUser,
    errors: FormErrors,
    saved: bool,
}

impl AccountPage {
    fn new_hint(&self) -> String {
        format!(
            "At least {} characters. A few unrelated words make a strong one.",
            NewPassword::MIN_CHARS
        )
    }
}

#[derive(Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

pub async fn show(user: CurrentUser, Query(query): Query<SavedQuery>) -> AppResult<Response> {
    Ok(render(&AccountPage {
        user,
        errors: FormErrors::default(),
        saved: query.saved.is_some(),
    })?
    .into_response())
}

#[derive(Deserialize)]
pub struct ChangePasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm_password: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<ChangePasswordForm>,
) -> AppResult<Response> {
    let mut errors = FormErrors::default();
    let stored = sqlx::query_scalar!("select password_hash from users where id = $1", user.id)
        .fetch_one(&state.db)
        .await?;
    if !password::verify(form.current_password.clone(), Some(stored)).await {
        errors.add("current_password", "Your current password is not right.");
    }
    let new_password = NewPassword::parse(&form.new_password)
        .map_err(|message| errors.add("new_password", message))
        .ok();
    if form.new_password != form.confirm_password {
        errors.add(
            "confirm_password",
            "The two new passwords are not the same.",
        );
    }
    match new_password {
        Some(new_password) if errors.is_empty() => {
            accounts::set_password(
                &state.db,
                Some(user.id),
                user.id,
                &new_password,
                Some(user.session_hash()),
            )
            .await
            .map_err(|error| AppError::Inconsistent(error.to_string()))?;
            Ok(Redirect::to("/admin/account?saved=1").into_response())
        }
        _ => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&AccountPage {
                user,
                errors,
                saved: false,
            })?,
        )
            .into_response()),
    }
}
