//! Reading and checking content/ without touching the database.
//!
//! Layout of the folder:
//! - `focus-areas.toml`, `stages.toml`, `timeline.toml`
//! - `pages/home.md`, `pages/about.md`
//! - `recommendations/*.md`, one file per recommendation
//!
//! Markdown files begin with a TOML front-matter header between two lines of `+++`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::error::{ContentError, Located};
use super::records::{
    FocusAreaRecord, MilestoneRecord, PageRecord, RecommendationRecord, StageRecord,
};
use crate::domain::{MilestoneDate, MonthDate, RecommendationNumber, Stage, Status};

/// Everything in content/, checked and ready to import.
#[derive(Debug, Clone)]
pub struct ContentSet {
    pub focus_areas: Vec<FocusAreaRecord>,
    pub stages: Vec<StageRecord>,
    pub recommendations: Vec<RecommendationRecord>,
    pub milestones: Vec<MilestoneRecord>,
    pub pages: Vec<PageRecord>,
}

/// The free-text pages the site needs, each a file `pages/SLUG.md`.
pub const PAGE_SLUGS: [&str; 2] = ["home", "about"];

/// Reads and checks every file under `dir`. The first problem found stops the read.
pub fn read_content(dir: &Path) -> Result<ContentSet, ContentError> {
    let label = |name: &str| display_path(dir, name);

    let focus_areas =
        read_focus_areas(&label("focus-areas.toml"), &read(dir, "focus-areas.toml")?)?;
    let stages = read_stages(&label("stages.toml"), &read(dir, "stages.toml")?)?;
    let known_areas: HashSet<&str> = focus_areas.iter().map(|area| area.slug.as_str()).collect();

    let mut recommendations: BTreeMap<RecommendationNumber, (String, RecommendationRecord)> =
        BTreeMap::new();
    for name in recommendation_files(dir)? {
        let file = label(&name);
        let record = read_recommendation(&file, &read(dir, &name)?, &known_areas)?;
        if let Some((first, _)) = recommendations.get(&record.number) {
            return Err(ContentError::in_file(
                &file,
                format!(
                    "duplicate number {}: {first} has the same number",
                    record.number
                ),
            ));
        }
        recommendations.insert(record.number, (file, record));
    }
    let recommendations: Vec<_> = recommendations
        .into_values()
        .map(|(_, record)| record)
        .collect();
    let numbers: HashSet<_> = recommendations.iter().map(|record| record.number).collect();

    let milestones = read_milestones(
        &label("timeline.toml"),
        &read(dir, "timeline.toml")?,
        &numbers,
    )?;

    let pages = PAGE_SLUGS
        .iter()
        .map(|slug| {
            let name = format!("pages/{slug}.md");
            read_page(&label(&name), slug, &read(dir, &name)?)
        })
        .collect::<Result<_, _>>()?;

    Ok(ContentSet {
        focus_areas,
        stages,
        recommendations,
        milestones,
        pages,
    })
}

/// How a file is named in messages: `content/recommendations/07.md`.
fn display_path(dir: &Path, name: &str) -> String {
    let base = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if base.is_empty() {
        name.to_owned()
    } else {
        format!("{base}/{name}")
    }
}

fn read(dir: &Path, name: &str) -> Result<String, ContentError> {
    fs::read_to_string(dir.join(name)).map_err(|error| {
        ContentError::in_file(&display_path(dir, name), format!("cannot be read: {error}"))
    })
}

/// The `.md` files of recommendations/, by name, so that errors come in a predictable order.
fn recommendation_files(dir: &Path) -> Result<Vec<String>, ContentError> {
    let folder = dir.join("recommendations");
    let entries = fs::read_dir(&folder).map_err(|error| {
        ContentError::in_file(
            &display_path(dir, "recommendations/"),
            format!("cannot be read: {error}"),
        )
    })?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|error| {
            ContentError::in_file(&display_path(dir, "recommendations/"), error.to_string())
        })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") {
            names.push(format!("recommendations/{name}"));
        }
    }
    names.sort();
    Ok(names)
}

/// Splits a Markdown file into its front matter (with the line it starts on) and its body.
fn split_front_matter<'a>(
    file: &'a str,
    text: &'a str,
) -> Result<(Located<'a>, &'a str), ContentError> {
    let missing = || {
        ContentError::at_line(
            file,
            1,
            "the file must begin with a front-matter header: a line `+++`, the fields, and another line `+++`",
        )
    };
    let rest = text.strip_prefix("+++").ok_or_else(missing)?;
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))
        .ok_or_else(missing)?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok((
                Located {
                    file,
                    first_line: 2,
                    text: front,
                },
                body,
            ));
        }
        offset += line.len();
    }
    Err(ContentError::at_line(
        file,
        1,
        "the front-matter header is not closed: add a line `+++` after its fields",
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecommendationHeader {
    number: Spanned<i64>,
    title: Option<Spanned<String>>,
    full_text: Option<Spanned<String>>,
    focus_area: Spanned<String>,
    stage: Spanned<String>,
    #[serde(default)]
    on_hold: bool,
    started: Option<Spanned<String>>,
    estimated_implementation: Option<Spanned<String>>,
    implemented: Option<Spanned<String>>,
    #[serde(default)]
    needs_review: bool,
}

fn read_recommendation(
    file: &str,
    text: &str,
    known_areas: &HashSet<&str>,
) -> Result<RecommendationRecord, ContentError> {
    let (front, body) = split_front_matter(file, text)?;
    let header: RecommendationHeader = front.parse()?;

    let number = RecommendationNumber::new(*header.number.get_ref()).ok_or_else(|| {
        front.error(
            &header.number.span(),
            format!(
                "number {} is not one of the report's: they run from 1 to {}",
                header.number.get_ref(),
                RecommendationNumber::COUNT
            ),
        )
    })?;
    let title = optional_text(&front, header.title, "title")?;
    let full_text_md = optional_text(&front, header.full_text, "full_text")?;
    let focus_area = header.focus_area.get_ref().clone();
    if !known_areas.contains(focus_area.as_str()) {
        let mut known: Vec<_> = known_areas.iter().copied().collect();
        known.sort_unstable();
        return Err(front.error(
            &header.focus_area.span(),
            format!(
                "unknown focus area {focus_area:?}: use one of the slugs in focus-areas.toml ({})",
                known.join(", ")
            ),
        ));
    }
    let status: Status =
        header
            .stage
            .get_ref()
            .parse()
            .map_err(|error: crate::domain::UnknownStage| {
                front.error(&header.stage.span(), error.to_string())
            })?;

    Ok(RecommendationRecord {
        number,
        title,
        full_text_md,
        details_md: body.trim().to_owned(),
        focus_area,
        status,
        on_hold: header.on_hold,
        started: month(&front, header.started, "started")?,
        target: month(
            &front,
            header.estimated_implementation,
            "estimated_implementation",
        )?,
        implemented: month(&front, header.implemented, "implemented")?,
        needs_review: header.needs_review,
    })
}

/// A text field that may be left out, but not given empty.
fn optional_text(
    front: &Located<'_>,
    value: Option<Spanned<String>>,
    key: &str,
) -> Result<Option<String>, ContentError> {
    match value {
        None => Ok(None),
        Some(value) if value.get_ref().trim().is_empty() => Err(front.error(
            &value.span(),
            format!("{key} is empty: leave the line out when it is not known"),
        )),
        Some(value) => Ok(Some(value.get_ref().trim().to_owned())),
    }
}

fn month(
    front: &Located<'_>,
    value: Option<Spanned<String>>,
    key: &str,
) -> Result<Option<MonthDate>, ContentError> {
    value
        .map(|value| {
            value
                .get_ref()
                .parse::<MonthDate>()
                .map_err(|error| front.error(&value.span(), format!("{key}: {error}")))
        })
        .transpose()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FocusAreasFile {
    focus_area: Vec<FocusAreaEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FocusAreaEntry {
    slug: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    description: String,
}

fn read_focus_areas(file: &str, text: &str) -> Result<Vec<FocusAreaRecord>, ContentError> {
    let located = Located {
        file,
        first_line: 1,
        text,
    };
    let parsed: FocusAreasFile = located.parse()?;
    let mut seen = HashSet::new();
    parsed.focus_area.into_iter().map(|entry| {
        let slug = entry.slug.get_ref();
        let valid_slug = !slug.is_empty()
            && slug.split('-').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
        if !valid_slug {
            return Err(located.error(&entry.slug.span(), format!(
                "slug {slug:?} must be lowercase letters and digits joined by single hyphens, such as \"youth-outreach\"")));
        }
        if !seen.insert(slug.clone()) {
            return Err(located.error(&entry.slug.span(), format!("duplicate focus area {slug:?}")));
        }
        if entry.name.get_ref().trim().is_empty() {
            return Err(located.error(&entry.name.span(), "name is empty"));
        }
        Ok(FocusAreaRecord {
            slug: slug.clone(),
            name: entry.name.get_ref().trim().to_owned(),
            description_md: entry.description.trim().to_owned(),
        })
    }).collect()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StagesFile {
    stage: Vec<StageEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StageEntry {
    slug: Spanned<String>,
    name: Spanned<String>,
    definition: Spanned<String>,
}

/// The stages file must list the five stages in the City's order: the set itself is fixed.
fn read_stages(file: &str, text: &str) -> Result<Vec<StageRecord>, ContentError> {
    let located = Located {
        file,
        first_line: 1,
        text,
    };
    let parsed: StagesFile = located.parse()?;
    let expected: Vec<&str> = Stage::ALL.iter().map(|stage| stage.slug()).collect();
    for (index, entry) in parsed.stage.iter().enumerate() {
        let slug = entry.slug.get_ref().as_str();
        if Stage::from_slug(slug).is_none() {
            return Err(located.error(
                &entry.slug.span(),
                format!(
                    "unknown stage {slug:?}: the five stages are {}",
                    expected.join(", ")
                ),
            ));
        }
        if expected.get(index) != Some(&slug) {
            return Err(located.error(&entry.slug.span(), format!(
                "stage {slug:?} is out of place: list the five stages once each, in the order {}",
                expected.join(", "))));
        }
        for (field, value) in [("name", &entry.name), ("definition", &entry.definition)] {
            if value.get_ref().trim().is_empty() {
                return Err(located.error(&value.span(), format!("{field} is empty")));
            }
        }
    }
    if parsed.stage.len() != expected.len() {
        return Err(ContentError::in_file(
            file,
            format!(
                "lists {} stages: list the five stages once each, in the order {}",
                parsed.stage.len(),
                expected.join(", ")
            ),
        ));
    }
    Ok(parsed
        .stage
        .into_iter()
        .map(|entry| StageRecord {
            slug: entry.slug.into_inner(),
            name: entry.name.into_inner().trim().to_owned(),
            definition: entry.definition.into_inner().trim().to_owned(),
        })
        .collect())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TimelineFile {
    milestone: Vec<MilestoneEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MilestoneEntry {
    date: Spanned<String>,
    title: Spanned<String>,
    #[serde(default)]
    body: String,
    #[serde(default)]
    recommendations: Vec<Spanned<i64>>,
}

fn read_milestones(
    file: &str,
    text: &str,
    numbers: &HashSet<RecommendationNumber>,
) -> Result<Vec<MilestoneRecord>, ContentError> {
    let located = Located {
        file,
        first_line: 1,
        text,
    };
    let parsed: TimelineFile = located.parse()?;
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    parsed
        .milestone
        .into_iter()
        .map(|entry| {
            let date: MilestoneDate = entry
                .date
                .get_ref()
                .parse()
                .map_err(|error| located.error(&entry.date.span(), format!("date: {error}")))?;
            let title = entry.title.get_ref().trim().to_owned();
            if title.is_empty() {
                return Err(located.error(&entry.title.span(), "title is empty"));
            }
            let line = located.line_of(&entry.title.span());
            if let Some(first) = seen.insert((date.iso(), title.clone()), line) {
                return Err(located.error(
                    &entry.title.span(),
                    format!("the same date and title already appear at line {first}"),
                ));
            }
            let mut linked = Vec::new();
            for number in &entry.recommendations {
                let found =
                    RecommendationNumber::new(*number.get_ref()).filter(|n| numbers.contains(n));
                let found = found.ok_or_else(|| {
                    located.error(
                        &number.span(),
                        format!(
                            "there is no recommendation {} in recommendations/",
                            number.get_ref()
                        ),
                    )
                })?;
                if !linked.contains(&found) {
                    linked.push(found);
                }
            }
            linked.sort();
            Ok(MilestoneRecord {
                date,
                title,
                body_md: entry.body.trim().to_owned(),
                recommendations: linked,
            })
        })
        .collect()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PageHeader {
    title: Spanned<String>,
}

fn read_page(file: &str, slug: &str, text: &str) -> Result<PageRecord, ContentError> {
    let (front, body) = split_front_matter(file, text)?;
    let header: PageHeader = front.parse()?;
    if header.title.get_ref().trim().is_empty() {
        return Err(front.error(&header.title.span(), "title is empty"));
    }
    if body.trim().is_empty() {
        return Err(ContentError::in_file(
            file,
            "the page has no text below its header",
        ));
    }
    Ok(PageRecord {
        slug: slug.to_owned(),
        title: header.title.get_ref().trim().to_owned(),
        body_md: body.trim().to_owned(),
    })
}
