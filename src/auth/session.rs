//! Server-side sessions: a random token in an HttpOnly cookie, its SHA-256 in the database.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::Method;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use time::Duration;

use crate::app::AppState;
use crate::domain::Role;
use crate::error::AppError;

/// The session cookie's name.
pub const COOKIE_NAME: &str = "okc_psp_session";
/// A session unused for this long ends.
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
/// A session ends this long after sign-in, however active it is.
pub const ABSOLUTE_LIFETIME: Duration = Duration::hours(12);

/// The signed-in staff member, available to every admin handler.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// The session's CSRF token, for the forms on the page.
    pub csrf_token: String,
    token_hash: Vec<u8>,
}

impl CurrentUser {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// Refuses anyone but an administrator.
    pub fn require_admin(&self) -> Result<(), AppError> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(AppError::Forbidden(ForbiddenReason::AdminsOnly))
        }
    }

    /// The stored hash of this session's token.
    pub fn session_hash(&self) -> &[u8] {
        &self.token_hash
    }
}

/// Why a request was refused with 403.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForbiddenReason {
    AdminsOnly,
    NotSignedIn,
    BadCsrfToken,
    CrossSite,
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<CurrentUser>()
            .cloned()
            .ok_or(AppError::Forbidden(ForbiddenReason::NotSignedIn))
    }
}

pub fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Starts a session for `user_id` and returns the cookie that carries it. A new token every time,
/// so a token planted before sign-in is worthless after it.
pub async fn start(
    db: &PgPool,
    user_id: i64,
    secure: bool,
) -> Result<Cookie<'static>, sqlx::Error> {
    let token = super::random_token();
    let now = time::OffsetDateTime::now_utc();
    let expires_at = now + ABSOLUTE_LIFETIME;
    // Sessions that can no longer be used are of no further interest; sign-in is a good moment to
    // drop them, so the table never grows with old ones.
    sqlx::query!(
        "delete from sessions where expires_at <= $1 or last_seen_at <= $2",
        now,
        now - IDLE_TIMEOUT
    )
    .execute(db)
    .await?;
    sqlx::query!(
        "insert into sessions (token_hash, user_id, csrf_token, expires_at) values ($1, $2, $3, $4)",
        hash_token(&token),
        user_id,
        super::random_token(),
        expires_at,
    )
    .execute(db)
    .await?;
    Ok(cookie(token, secure))
}

fn cookie(value: String, secure: bool) -> Cookie<'static> {
    Cookie::build((COOKIE_NAME, value))
        .path("/admin")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build()
}

/// A cookie that makes the browser forget the session.
pub fn removal_cookie(secure: bool) -> Cookie<'static> {
    let mut cookie = cookie(String::new(), secure);
    cookie.make_removal();
    cookie
}

/// Ends one session at once.
pub async fn end(db: &PgPool, token_hash: &[u8]) -> Result<(), sqlx::Error> {
    sqlx::query!("delete from sessions where token_hash = $1", token_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// The user of a live session, refreshing its idle timer. Expired sessions and sessions of
/// disabled accounts give `None`.
pub async fn lookup(db: &PgPool, token: &str) -> Result<Option<CurrentUser>, sqlx::Error> {
    let token_hash = hash_token(token);
    let idle_cutoff = time::OffsetDateTime::now_utc() - IDLE_TIMEOUT;
    let row = sqlx::query!(
        r#"update sessions s set last_seen_at = now()
           from users u
           where s.token_hash = $1 and u.id = s.user_id and u.disabled_at is null
             and s.expires_at > now() and s.last_seen_at > $2
           returning u.id, u.email, u.display_name, u.role, s.csrf_token"#,
        token_hash,
        idle_cutoff,
    )
    .fetch_optional(db)
    .await?;
    Ok(row.and_then(|row| {
        Some(CurrentUser {
            id: row.id,
            email: row.email,
            display_name: row.display_name,
            role: row.role.parse().ok()?,
            csrf_token: row.csrf_token,
            token_hash,
        })
    }))
}

/// Middleware for every admin route: without a live session a GET is sent to sign in (and comes
/// back afterwards) and anything else is refused, before any handler runs.
pub async fn require_session(
    State(state): State<AppState>,
    jar: CookieJar,
    mut request: Request,
    next: Next,
) -> Response {
    let user = match jar.get(COOKIE_NAME) {
        Some(cookie) => match lookup(&state.db, cookie.value()).await {
            Ok(user) => user,
            Err(error) => return AppError::from(error).into_response(),
        },
        None => None,
    };
    match user {
        Some(user) => {
            request.extensions_mut().insert(user);
            next.run(request).await
        }
        None if matches!(*request.method(), Method::GET | Method::HEAD) => {
            let wanted = request
                .uri()
                .path_and_query()
                .map_or("/admin", |p| p.as_str());
            let target = format!("/admin/login?next={}", urlencode(wanted));
            Redirect::to(&target).into_response()
        }
        None => AppError::Forbidden(ForbiddenReason::NotSignedIn).into_response(),
    }
}

fn urlencode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
