use axum::http::StatusCode;
use okc_psp::domain::Role;
use sqlx::PgPool;

use crate::helpers::{Session, TestApp};

/// Updates a status through the admin form, as staff do.
pub async fn update_status(
    app: &TestApp,
    session: &Session,
    number: u8,
    stage: &str,
    on_hold: bool,
    date: &str,
    note: &str,
) {
    let url = format!("/admin/recommendations/{number}/status");
    let version = app.form_version(session, &url).await;
    let mut fields = vec![
        ("stage", stage),
        ("effective_on", date),
        ("note", note),
        ("version", version.as_str()),
    ];
    if on_hold {
        fields.push(("on_hold", "1"));
    }
    let response = app.post_form(&url, Some(session), &fields).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
}

fn today_minus(days: i64) -> String {
    okc_psp::domain::format_day_iso(
        time::OffsetDateTime::now_utc().date() - time::Duration::days(days),
    )
}

#[sqlx::test]
async fn every_count_on_the_progress_page_equals_a_direct_count(db: PgPool) {
    let app = TestApp::with_content(db).await;
    let session = app.signed_in("clerk@okc.gov", Role::Editor).await;
    update_status(
        &app,
        &session,
        3,
        "planning",
        false,
        &today_minus(10),
        "Plan adopted.",
    )
    .await;
    update_status(
        &app,
        &session,
        1,
        "full_implementation",
        false,
        &today_minus(5),
        "Policy in force.",
    )
    .await;
    update_status(
        &app,
        &session,
        16,
        "evaluation",
        true,
        &today_minus(200),
        "Paused for review.",
    )
    .await;

    let page = app.get("/progress").await;
    assert_eq!(page.status, StatusCode::OK);
    let page = page.html();

    // Counts by status, against SQL.
    let rows = page.texts(".table--numbers:not(.table--matrix) tbody tr");
    let count = |sql: &'static str| {
        let db = app.db.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&db)
                .await
                .unwrap()
        }
    };
    let expected = [
        ("Status not yet published", count("select count(*) from recommendations where not status_known").await),
        ("Not started", count("select count(*) from recommendations where status_known and stage_slug is null").await),
        ("Initiation", count("select count(*) from recommendations where stage_slug = 'initiation'").await),
        ("Planning", count("select count(*) from recommendations where stage_slug = 'planning'").await),
        ("Approaching Implementation", count("select count(*) from recommendations where stage_slug = 'approaching_implementation'").await),
        ("Full Implementation", count("select count(*) from recommendations where stage_slug = 'full_implementation'").await),
        ("Evaluation", count("select count(*) from recommendations where stage_slug = 'evaluation'").await),
        ("On hold (any status)", count("select count(*) from recommendations where on_hold").await),
    ];
    let shown: Vec<String> = expected
        .iter()
        .map(|(label, n)| format!("{label} {n}"))
        .collect();
    assert_eq!(rows, shown);
    // The changes moved 1 to Full Implementation and 16 from Planning to Evaluation.
    assert_eq!((expected[5].1, expected[6].1), (5, 2));

    // The matrix: every cell against SQL.
    let cells = sqlx::query!(
        r#"select f.name as "area!",
                  count(r.number) filter (where not r.status_known) as "unknown!",
                  count(r.number) filter (where r.status_known and r.stage_slug is null) as "not_started!",
                  count(r.number) filter (where r.stage_slug = 'initiation') as "initiation!",
                  count(r.number) filter (where r.stage_slug = 'planning') as "planning!",
                  count(r.number) filter (where r.stage_slug = 'approaching_implementation') as "approaching!",
                  count(r.number) filter (where r.stage_slug = 'full_implementation') as "full!",
                  count(r.number) filter (where r.stage_slug = 'evaluation') as "evaluation!",
                  count(r.number) filter (where r.on_hold) as "on_hold!",
                  count(r.number) as "total!"
           from focus_areas f left join recommendations r on r.focus_area_slug = f.slug
           group by f.slug, f.position, f.name order by f.position"#
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    let expected_rows: Vec<String> = cells
        .iter()
        .map(|c| {
            format!(
                "{} {} {} {} {} {} {} {} {} {}",
                c.area,
                c.unknown,
                c.not_started,
                c.initiation,
                c.planning,
                c.approaching,
                c.full,
                c.evaluation,
                c.on_hold,
                c.total
            )
        })
        .collect();
    assert_eq!(page.texts(".table--matrix tbody tr"), expected_rows);

    // The headline figures.
    let lede = page.text(".lede");
    let started = count("select count(*) from recommendations where stage_slug is not null").await;
    let implemented = count("select count(*) from recommendations r join stages s on s.slug = r.stage_slug where s.counts_as_implemented").await;
    assert!(lede.contains(&format!("{started} have started")), "{lede}");
    assert!(
        lede.contains(&format!("{implemented} are implemented")),
        "{lede}"
    );

    // Implementation over time ends at today's total, and the chart says so in words.
    let steps = page.texts("#time-heading ~ .table-scroll tbody tr");
    assert!(
        steps.last().unwrap().ends_with(&format!(" {implemented}")),
        "{steps:?}"
    );
    assert!(
        steps
            .iter()
            .any(|s| s.contains("Recommendation 1 reached Full Implementation")),
        "{steps:?}"
    );
    assert!(
        steps
            .iter()
            .any(|s| s.contains("Recommendation 16 reached Evaluation")),
        "{steps:?}"
    );
    assert!(
        page.text("#time-heading + p")
            .contains(&format!("{implemented} recommendations had reached"))
    );
    assert_eq!(
        page.select("svg[role=img] title").count(),
        2,
        "each chart has a title"
    );
    assert_eq!(
        page.select("svg[role=img] desc").count(),
        2,
        "and a description"
    );

    // Changes of the last 90 days: the two recent ones, newest first; not the one 200 days ago.
    let recent = page.texts("#recent-heading ~ .history .history__entry");
    assert_eq!(recent.len(), 2, "{recent:?}");
    assert!(recent[0].contains("Recommendation 1"), "{recent:?}");
    assert!(recent[1].contains("Recommendation 3"), "{recent:?}");
    assert!(
        recent[1].contains("Stage changed from status not published to Planning."),
        "{recent:?}"
    );
}
