//! Open data: the datasets as CSV and JSON under `/data/`, the data dictionary at `/data`, and a
//! DCAT-US catalog at `/data.json`. Everything here may be fetched from other sites.

pub mod datasets;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderName, Method, header};
use axum::response::{Html, Response};
use axum::routing::get;
use serde_json::{Map, Value, json};
use tower_http::cors::CorsLayer;

use self::datasets::{ALL, Dataset};
use super::conditional;
use super::meta::PageMeta;
use crate::app::AppState;
use crate::error::{AppError, AppResult, render};

pub fn router() -> Router<AppState> {
    let cors = CorsLayer::new()
        .allow_origin(tower_http::cors::Any)
        .allow_methods([Method::GET, Method::HEAD])
        .allow_headers([header::IF_NONE_MATCH, header::IF_MODIFIED_SINCE])
        .expose_headers([header::ETAG, HeaderName::from_static("content-disposition")]);
    Router::new()
        .route("/data", get(dictionary))
        .route("/data.json", get(catalog))
        .route("/data/{file}", get(download))
        .layer(cors)
}

#[derive(Template)]
#[template(path = "data/index.html")]
struct DictionaryPage {
    meta: PageMeta,
    datasets: [&'static Dataset; 3],
}

async fn dictionary(State(state): State<AppState>) -> AppResult<Html<String>> {
    render(&DictionaryPage {
        meta: PageMeta::new(
            &state,
            "/data",
            "Open data about the 39 recommendations: download the recommendations, their status \
             history and the timeline as CSV or JSON, with every field explained.",
        ),
        datasets: ALL,
    })
}

/// `/data/recommendations.csv`, `/data/status-history.json`, ...
async fn download(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let (slug, format) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    let dataset = ALL
        .into_iter()
        .find(|d| d.slug == slug)
        .ok_or(AppError::NotFound)?;
    let rows = datasets::rows(&state.db, &state.base_url, dataset).await?;
    match format {
        "csv" => Ok(conditional::respond(
            &headers,
            "text/csv; charset=utf-8",
            to_csv(dataset, &rows)?,
        )),
        "json" => {
            let records: Vec<Value> = rows.into_iter().map(|row| record(dataset, row)).collect();
            let body = serde_json::to_vec_pretty(&records)
                .map_err(|e| AppError::Inconsistent(e.to_string()))?;
            Ok(conditional::respond(&headers, "application/json", body))
        }
        _ => Err(AppError::NotFound),
    }
}

/// A row as a JSON object whose keys are the documented field names, in order.
fn record(dataset: &Dataset, row: Vec<Value>) -> Value {
    let object: Map<String, Value> = dataset
        .fields
        .iter()
        .map(|f| f.name.to_owned())
        .zip(row)
        .collect();
    Value::Object(object)
}

/// RFC 4180 CSV (quoted where needed, CRLF line ends) in UTF-8 with a byte-order mark, which is
/// what makes spreadsheet programs read the accents and dashes correctly.
fn to_csv(dataset: &Dataset, rows: &[Vec<Value>]) -> AppResult<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let fail = |e: csv::Error| AppError::Inconsistent(e.to_string());
    writer
        .write_record(dataset.fields.iter().map(|f| f.name))
        .map_err(fail)?;
    for row in rows {
        writer
            .write_record(row.iter().map(csv_cell))
            .map_err(fail)?;
    }
    writer
        .into_inner()
        .map_err(|e| AppError::Inconsistent(e.to_string()))
}

fn csv_cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(csv_cell).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    }
}

/// The DCAT-US 1.1 catalog of the datasets.
async fn catalog(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    let modified = sqlx::query!(
        r#"select (select max(updated_at) from recommendations)::date as recommendations,
                  (select max(recorded_at) from status_changes)::date as history,
                  (select max(updated_at) from milestones)::date as milestones"#
    )
    .fetch_one(&state.db)
    .await?;
    let base = &state.base_url;
    let entries: Vec<Value> = ALL
        .iter()
        // A dataset with no rows yet is as new as the recommendations it describes.
        .zip([
            modified.recommendations,
            modified.history.or(modified.recommendations),
            modified.milestones.or(modified.recommendations),
        ])
        .map(|(dataset, modified)| {
            let mut entry = json!({
                "@type": "dcat:Dataset",
                "title": format!("OKC Public Safety Partnership: {}", dataset.title),
                "description": dataset.description,
                "keyword": ["public safety", "police reform", "Oklahoma City", "recommendations"],
                "publisher": { "@type": "org:Organization", "name": "City of Oklahoma City" },
                "contactPoint": { "@type": "vcard:Contact", "fn": "OKC Public Safety Partnership" },
                "identifier": format!("{base}/data/{}", dataset.slug),
                "accessLevel": "public",
                "landingPage": format!("{base}/data"),
                "describedBy": format!("{base}/data#{}", dataset.slug),
                "spatial": "Oklahoma City, Oklahoma",
                "distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "title": format!("{} (CSV)", dataset.title),
                        "downloadURL": format!("{base}/data/{}.csv", dataset.slug),
                        "mediaType": "text/csv",
                        "format": "CSV",
                    },
                    {
                        "@type": "dcat:Distribution",
                        "title": format!("{} (JSON)", dataset.title),
                        "downloadURL": format!("{base}/data/{}.json", dataset.slug),
                        "mediaType": "application/json",
                        "format": "JSON",
                    },
                ],
            });
            if let Some(modified) = modified {
                entry["modified"] = json!(crate::domain::format_day_iso(modified));
            }
            entry
        })
        .collect();
    let catalog = json!({
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@type": "dcat:Catalog",
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "describedBy": "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
        "dataset": entries,
    });
    let body =
        serde_json::to_vec_pretty(&catalog).map_err(|e| AppError::Inconsistent(e.to_string()))?;
    Ok(conditional::respond(&headers, "application/json", body))
}
