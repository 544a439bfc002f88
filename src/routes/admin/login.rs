//! Signing in and out.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::session::{self, COOKIE_NAME};
use crate::auth::throttle::{self, ClientAddr};
use crate::auth::{CurrentUser, password};
use crate::domain::Email;
use crate::error::{AppResult, render};

/// The sign-in page, open to everyone.
pub fn router() -> Router<AppState> {
    Router::new().route("/admin/login", get(show).post(sign_in))
}

/// The same words for an unknown email, a wrong password and a disabled account, so the page
/// does not tell a stranger which accounts exist.
pub const BAD_CREDENTIALS: &str = "The email address or password is not right.";
/// Shown while sign-in is locked for the account or the address.
pub const LOCKED: &str = "Too many failed sign-in attempts. For your security, signing in is \
                          paused for 15 minutes. Please try again later.";

#[derive(Template)]
#[template(path = "admin/login.html")]
struct LoginPage {
    email: String,
    next: String,
    message: Option<&'static str>,
    notice: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    signed_out: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    jar: CookieJar,
    Query(query): Query<LoginQuery>,
) -> AppResult<Response> {
    let next = safe_next(query.next.as_deref());
    if let Some(cookie) = jar.get(COOKIE_NAME)
        && session::lookup(&state.db, cookie.value()).await?.is_some()
    {
        return Ok(Redirect::to(next).into_response());
    }
    let notice = query.signed_out.is_some().then_some("You have signed out.");
    Ok(render(&LoginPage {
        email: String::new(),
        next: next.to_owned(),
        message: None,
        notice,
    })?
    .into_response())
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

async fn sign_in(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    jar: CookieJar,
    Form(form): Form<LoginForm>,
) -> AppResult<Response> {
    let next = safe_next(form.next.as_deref());
    let email = form.email.trim().to_lowercase();
    let refuse = |status: StatusCode, message: &'static str| -> AppResult<Response> {
        let page = LoginPage {
            email: form.email.clone(),
            next: next.to_owned(),
            message: Some(message),
            notice: None,
        };
        Ok((status, render(&page)?).into_response())
    };

    if throttle::is_locked(&state.db, &email, &client).await? {
        return refuse(StatusCode::TOO_MANY_REQUESTS, LOCKED);
    }
    let account = match email.parse::<Email>() {
        Ok(valid) => sqlx::query!(
            "select id, password_hash, disabled_at is not null as \"disabled!\" from users where email = $1",
            valid.as_str()
        )
        .fetch_optional(&state.db)
        .await?,
        Err(_) => None,
    };
    let stored_hash = account.as_ref().map(|a| a.password_hash.clone());
    let password_ok = password::verify(form.password.clone(), stored_hash).await;
    let account = account.filter(|account| password_ok && !account.disabled);
    let Some(account) = account else {
        throttle::record_failure(&state.db, &email, &client).await?;
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, BAD_CREDENTIALS);
    };

    throttle::clear_account(&state.db, &email).await?;
    let cookie = session::start(&state.db, account.id, state.cookie_secure).await?;
    tracing::info!(user_id = account.id, "signed in");
    Ok((jar.add(cookie), Redirect::to(next)).into_response())
}

/// `POST /admin/logout`: ends the session at once.
pub async fn sign_out(
    State(state): State<AppState>,
    user: CurrentUser,
    jar: CookieJar,
) -> AppResult<Response> {
    session::end(&state.db, user.session_hash()).await?;
    let jar = jar.add(session::removal_cookie(state.cookie_secure));
    Ok((jar, Redirect::to("/admin/login?signed_out=1")).into_response())
}

/// Where to go after signing in: the admin page asked for, and never anywhere off this site.
pub fn safe_next(next: Option<&str>) -> &str {
    const HOME: &str = "/admin";
    let Some(next) = next else { return HOME };
    let rest = match next.strip_prefix("/admin") {
        Some(rest) => rest,
        None => return HOME,
    };
    let stays_local = (rest.is_empty() || rest.starts_with('/') || rest.starts_with('?'))
        && !next.contains('\\')
        && !next.contains("//")
        && !next.chars().any(char::is_control);
    if stays_local { next } else { HOME }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_admin_paths_are_followed_after_sign_in() {
        assert_eq!(
            safe_next(Some("/admin/recommendations/7/status")),
            "/admin/recommendations/7/status"
        );
        assert_eq!(safe_next(Some("/admin?updated=7")), "/admin?updated=7");
        for hostile in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "/admin//evil.example",
            "/administrator",
            "/admin\\..\\x",
            "/admin/\r\nSet-Cookie: x",
            "/",
            "",
        ] {
            assert_eq!(safe_next(Some(hostile)), "/admin", "{hostile:?}");
        }
        assert_eq!(safe_next(None), "/admin");
    }
}
