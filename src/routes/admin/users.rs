//! `/admin/users` (administrators): add accounts, disable or re-enable them, set new passwords.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::forms::FormErrors;
use crate::accounts::{self, Account, AccountError};
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::domain::{DisplayName, Email, NewPassword, Role};
use crate::error::{AppError, AppResult, parse_path, render};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct NewAccountForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    user: CurrentUser,
    accounts: Vec<Account>,
    values: NewAccountForm,
    errors: FormErrors,
    flash: Option<String>,
    /// The account whose new password was refused, and why.
    password_error: Option<(i64, String)>,
}

impl UsersPage {
    fn password_hint(&self) -> String {
        format!(
            "At least {} characters. Share it with the person safely; they can change it.",
            NewPassword::MIN_CHARS
        )
    }

    fn password_error_for(&self, id: &i64) -> Option<&str> {
        self.password_error
            .as_ref()
            .filter(|(account, _)| account == id)
            .map(|(_, message)| message.as_str())
    }
}

#[derive(Deserialize)]
pub struct FlashQuery {
    done: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<FlashQuery>,
) -> AppResult<Response> {
    user.require_admin()?;
    let flash = query.done.map(|done| match done.as_str() {
        "added" => "The account was added.".to_owned(),
        "disabled" => "The account was disabled and its sessions ended.".to_owned(),
        "enabled" => "The account was enabled.".to_owned(),
        "password" => "The new password was set and the account's sessions ended.".to_owned(),
        _ => "Done.".to_owned(),
    });
    let accounts = accounts::list(&state.db).await?;
    let page = UsersPage {
        user,
        accounts,
        values: NewAccountForm {
            role: "editor".into(),
            ..Default::default()
        },
        errors: FormErrors::default(),
        flash,
        password_error: None,
    };
    Ok(render(&page)?.into_response())
}

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<NewAccountForm>,
) -> AppResult<Response> {
    user.require_admin()?;
    let mut errors = FormErrors::default();
    let email = form
        .email
        .parse::<Email>()
        .map_err(|message| errors.add("email", message))
        .ok();
    let name = DisplayName::parse(&form.name)
        .map_err(|message| errors.add("name", message))
        .ok();
    let role = form
        .role
        .parse::<Role>()
        .map_err(|_| errors.add("role", "Choose Editor or Administrator."))
        .ok();
    let password = NewPassword::parse(&form.password)
        .map_err(|message| errors.add("password", message))
        .ok();
    if let (Some(email), Some(name), Some(role), Some(password)) = (email, name, role, password) {
        match accounts::create(&state.db, Some(user.id), &email, &name, role, &password).await {
            Ok(_) => {
                return Ok(Redirect::to("/admin/users?done=added").into_response());
            }
            Err(AccountError::DuplicateEmail(_)) => errors.add(
                "email",
                "An account with this email address already exists.",
            ),
            Err(other) => return Err(AppError::Inconsistent(other.to_string())),
        }
    }
    let accounts = accounts::list(&state.db).await?;
    let values = NewAccountForm {
        password: String::new(),
        ..form
    };
    let page = UsersPage {
        user,
        accounts,
        values,
        errors,
        flash: None,
        password_error: None,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

async fn set_disabled(
    state: &AppState,
    user: &CurrentUser,
    raw_id: &str,
    disabled: bool,
) -> AppResult<Response> {
    user.require_admin()?;
    let id: i64 = parse_path(raw_id)?;
    if id == user.id && disabled {
        // An administrator locking themselves out would leave nobody to undo it.
        return Err(AppError::Forbidden(
            crate::auth::session::ForbiddenReason::AdminsOnly,
        ));
    }
    match accounts::set_disabled(&state.db, Some(user.id), id, disabled).await {
        Ok(()) => {}
        Err(AccountError::UnknownAccount) => return Err(AppError::NotFound),
        Err(other) => return Err(AppError::Inconsistent(other.to_string())),
    }
    let done = if disabled { "disabled" } else { "enabled" };
    Ok(Redirect::to(&format!("/admin/users?done={done}")).into_response())
}

pub async fn disable(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    set_disabled(&state, &user, &id, true).await
}

pub async fn enable(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    set_disabled(&state, &user, &id, false).await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
}

pub async fn set_password(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw_id): Path<String>,
    Form(form): Form<PasswordForm>,
) -> AppResult<Response> {
    user.require_admin()?;
    let id: i64 = parse_path(&raw_id)?;
    match NewPassword::parse(&form.password) {
        Ok(password) => {
            match accounts::set_password(
                &state.db,
                Some(user.id),
                id,
                &password,
                Some(user.session_hash()),
            )
            .await
            {
                Ok(()) => {}
                Err(AccountError::UnknownAccount) => return Err(AppError::NotFound),
                Err(other) => return Err(AppError::Inconsistent(other.to_string())),
            }
            Ok(Redirect::to("/admin/users?done=password").into_response())
        }
        Err(message) => {
            let accounts = accounts::list(&state.db).await?;
            if !accounts.iter().any(|account| account.id == id) {
                return Err(AppError::NotFound);
            }
            let page = UsersPage {
                user,
                accounts,
                values: NewAccountForm {
                    role: "editor".into(),
                    ..Default::default()
                },
                errors: FormErrors::default(),
                flash: None,
                password_error: Some((id, message)),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}
