use axum::body::Body;
use axum::http::{Request, StatusCode};
use okc_psp::routes::open_data::datasets;
use serde_json::Value;
use sqlx::PgPool;

use crate::helpers::TestApp;
use crate::progress::update_status;

fn parse_csv(body: &str) -> (Vec<String>, Vec<Vec<String>>) {
    assert!(
        body.starts_with('\u{feff}'),
        "UTF-8 byte-order mark for spreadsheets"
    );
    let mut reader = csv::Reader::from_reader(body.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (headers, rows)
}

fn documented(dataset: &datasets::Dataset) -> Vec<String> {
    dataset.fields.iter().map(|f| f.name.to_owned()).collect()
}

#[sqlx::test]
async fn the_recommendations_csv_and_json_hold_exactly_the_rows_in_the_database(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let tricky = "Publish \"use of force\" data, by month,\nand by district";
    sqlx::query!(
        "update recommendations set title = $1 where number = 6",
        tricky
    )
    .execute(&app.db)
    .await
    .unwrap();

    let csv = app.get("/data/recommendations.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    assert!(csv.body.contains("\r\n"), "RFC 4180 line ends");
    let (headers, rows) = parse_csv(&csv.body);
    assert_eq!(headers, documented(&datasets::RECOMMENDATIONS));

    let json: Vec<Value> =
        serde_json::from_str(&app.get("/data/recommendations.json").await.body).unwrap();
    for record in &json {
        let keys: Vec<String> = record.as_object().unwrap().keys().cloned().collect();
        assert_eq!(
            keys,
            documented(&datasets::RECOMMENDATIONS),
            "JSON keys are the documented fields, in order"
        );
    }

    let stored = sqlx::query!(
        r#"select r.number, r.title, r.focus_area_slug, r.status_known, r.stage_slug, r.on_hold,
                  to_char(r.target_on, 'YYYY-MM') as target, r.needs_review, r.details_md
           from recommendations r order by r.number"#
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(rows.len(), stored.len());
    assert_eq!(json.len(), stored.len());
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    for ((row, record), db_row) in rows.iter().zip(&json).zip(&stored) {
        let status = match (db_row.status_known, &db_row.stage_slug) {
            (false, _) => "unknown".to_owned(),
            (true, None) => "not_started".to_owned(),
            (true, Some(stage)) => stage.clone(),
        };
        assert_eq!(row[at("number")], db_row.number.to_string());
        assert_eq!(row[at("title")], db_row.title.clone().unwrap_or_default());
        assert_eq!(row[at("focus_area")], db_row.focus_area_slug);
        assert_eq!(row[at("status")], status);
        assert_eq!(row[at("on_hold")], db_row.on_hold.to_string());
        assert_eq!(
            row[at("estimated_implementation_month")],
            db_row.target.clone().unwrap_or_default()
        );
        assert_eq!(row[at("needs_review")], db_row.needs_review.to_string());
        assert_eq!(row[at("details_markdown")], db_row.details_md);

        assert_eq!(record["number"], db_row.number);
        assert_eq!(record["title"], serde_json::json!(db_row.title));
        assert_eq!(record["status"], status);
        assert_eq!(record["on_hold"], db_row.on_hold);
        assert_eq!(
            record["estimated_implementation_month"],
            serde_json::json!(db_row.target)
        );
        assert_eq!(
            record["url"],
            format!("https://psp.example/recommendations/{}", db_row.number)
        );
    }
    assert_eq!(
        rows[5][at("title")],
        tricky,
        "a comma, a quote and a newline survive the round trip"
    );
}

#[sqlx::test]
async fn the_status_history_and_milestone_files_match_the_database(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let session = app
        .signed_in("clerk@okc.gov", okc_psp::domain::Role::Editor)
        .await;
    update_status(
        &app,
        &session,
        4,
        "approaching_implementation",
        false,
        "2025-08-01",
        "Board rules, \"final\", adopted.",
    )
    .await;
    update_status(
        &app,
        &session,
        4,
        "full_implementation",
        true,
        "2025-09-02",
        "In force.",
    )
    .await;

    let (headers, rows) = parse_csv(&app.get("/data/status-history.csv").await.body);
    assert_eq!(headers, documented(&datasets::STATUS_HISTORY));
    let json: Vec<Value> =
        serde_json::from_str(&app.get("/data/status-history.json").await.body).unwrap();
    let stored = sqlx::query!("select id, recommendation_number, effective_on, note_md, new_on_hold from status_changes order by id")
        .fetch_all(&app.db).await.unwrap();
    assert_eq!((rows.len(), json.len(), stored.len()), (2, 2, 2));
    for ((row, record), s) in rows.iter().zip(&json).zip(&stored) {
        assert_eq!(row[0], s.id.to_string());
        assert_eq!(row[1], s.recommendation_number.to_string());
        assert_eq!(row[2], okc_psp::domain::format_day_iso(s.effective_on));
        assert_eq!(row[7], s.note_md);
        assert_eq!(record["id"], s.id);
        assert_eq!(record["note_markdown"], s.note_md);
        assert_eq!(record["new_on_hold"], s.new_on_hold);
        assert_eq!(
            record
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect::<Vec<_>>(),
            documented(&datasets::STATUS_HISTORY)
        );
    }
    assert_eq!(
        (rows[1][3].as_str(), rows[1][4].as_str()),
        ("approaching_implementation", "full_implementation")
    );

    let (headers, rows) = parse_csv(&app.get("/data/milestones.csv").await.body);
    assert_eq!(headers, documented(&datasets::MILESTONES));
    let count: i64 = sqlx::query_scalar!(r#"select count(*) as "n!" from milestones"#)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(rows.len() as i64, count);
    let linked = rows
        .iter()
        .find(|r| r[3].contains("compliment and complaint"))
        .unwrap();
    assert_eq!(
        (linked[1].as_str(), linked[2].as_str(), linked[5].as_str()),
        ("2025-04-01", "day", "17")
    );
    let json: Vec<Value> =
        serde_json::from_str(&app.get("/data/milestones.json").await.body).unwrap();
    assert_eq!(json.len() as i64, count);
    assert!(
        json.iter()
            .any(|m| m["recommendations"] == serde_json::json!([17]))
    );
}

#[sqlx::test]
async fn open_data_answers_304_to_a_matching_conditional_request(db: PgPool) {
    let app = TestApp::with_content(db).await;
    for path in [
        "/data/recommendations.csv",
        "/data/milestones.json",
        "/data.json",
        "/feed.atom",
        "/recommendations/9/feed.atom",
    ] {
        let first = app.get(path).await;
        assert_eq!(first.status, StatusCode::OK, "{path}");
        let etag = first.header("etag").to_owned();
        assert!(etag.starts_with('"'), "{path}: {etag}");
        let request = Request::get(path)
            .header("if-none-match", &etag)
            .body(Body::empty())
            .unwrap();
        let second = app.send(request).await;
        assert_eq!(second.status, StatusCode::NOT_MODIFIED, "{path}");
        assert!(second.body.is_empty());
        let request = Request::get(path)
            .header("if-none-match", "\"something-else\"")
            .body(Body::empty())
            .unwrap();
        assert_eq!(app.send(request).await.status, StatusCode::OK, "{path}");
    }
    // A change gives a new ETag.
    let before = app
        .get("/data/recommendations.csv")
        .await
        .header("etag")
        .to_owned();
    sqlx::query!("update recommendations set on_hold = true where number = 1")
        .execute(&app.db)
        .await
        .unwrap();
    assert_ne!(
        app.get("/data/recommendations.csv").await.header("etag"),
        before
    );
}

#[sqlx::test]
async fn open_data_may_be_fetched_from_other_sites(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let request = Request::get("/data/recommendations.json")
        .header("origin", "https://journalist.example")
        .body(Body::empty())
        .unwrap();
    let response = app.send(request).await;
    assert_eq!(response.header("access-control-allow-origin"), "*");
    assert!(
        response
            .header("access-control-expose-headers")
            .to_lowercase()
            .contains("etag")
    );
    // Pages outside /data are not opened up.
    let request = Request::get("/")
        .header("origin", "https://journalist.example")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        app.send(request)
            .await
            .header("access-control-allow-origin"),
        ""
    );
}

#[sqlx::test]
async fn the_data_dictionary_documents_every_field_and_the_catalog_lists_every_dataset(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let page = app.get("/data").await.html();
    for dataset in datasets::ALL {
        let documented_fields =
            page.texts(&format!("#{} ~ .table-scroll tbody th code", dataset.slug));
        assert!(
            documented_fields.starts_with(&documented(dataset)),
            "{}: {documented_fields:?}",
            dataset.slug
        );
        assert!(
            page.attrs("a", "href")
                .contains(&format!("/data/{}.csv", dataset.slug))
        );
    }
    let catalog: Value = serde_json::from_str(&app.get("/data.json").await.body).unwrap();
    assert_eq!(catalog["@type"], "dcat:Catalog");
    assert_eq!(
        catalog["conformsTo"],
        "https://project-open-data.cio.gov/v1.1/schema"
    );
    let entries = catalog["dataset"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    for entry in entries {
        for required in [
            "title",
            "description",
            "keyword",
            "modified",
            "publisher",
            "contactPoint",
            "identifier",
            "accessLevel",
            "distribution",
        ] {
            assert!(!entry[required].is_null(), "{required} missing in {entry}");
        }
        for distribution in entry["distribution"].as_array().unwrap() {
            let url = distribution["downloadURL"].as_str().unwrap();
            let path = url.strip_prefix("https://psp.example").unwrap();
            assert_eq!(app.get(path).await.status, StatusCode::OK, "{url}");
        }
    }
    assert_eq!(
        app.get("/data/nothing.csv").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/data/recommendations.xml").await.status,
        StatusCode::NOT_FOUND
    );
}
