//! `/analytics`: the presenter's funnel report — a form, an SVG bar chart drawn on the server,
//! the step table, and the comparison of two periods or segments.

use actix_web::{HttpResponse, web};
use askama::Template;

use super::context::Ctx;
use super::error::WebError;
use super::views::{Header, render};
use crate::analytics::spec::{Answer, AnswerError};
use crate::analytics::spec::{p_value, percent, points};
use crate::analytics::{Comparison, FunnelReport, FunnelSpec};

const CHART_WIDTH: f64 = 760.0;
const CHART_HEIGHT: f64 = 260.0;
const PLOT_TOP: f64 = 24.0;
const PLOT_BOTTOM: f64 = 210.0;

/// One bar of the chart: a step's conversion from the start for one side.
pub struct Bar {
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
    pub side: &'static str,
    pub label: String,
    pub label_y: String,
    pub center: String,
}

pub struct Chart {
    pub bars: Vec<Bar>,
    /// (x of the step's middle, "1. ProductViewed").
    pub steps: Vec<(String, String)>,
    pub width: f64,
    pub height: f64,
    pub plot_bottom: f64,
}

impl Chart {
    fn new(sides: &[(&'static str, &FunnelReport)]) -> Chart {
        let n = sides.first().map_or(0, |(_, r)| r.total.steps.len()).max(1);
        let slot = (CHART_WIDTH - 40.0) / n as f64;
        let bar_width = (slot * 0.7) / sides.len().max(1) as f64;
        let mut bars = Vec::new();
        let mut steps = Vec::new();
        for step in 0..n {
            let left = 20.0 + slot * step as f64 + slot * 0.15;
            if let Some(s) = sides.first().and_then(|(_, r)| r.total.steps.get(step)) {
                steps.push((
                    format!("{:.1}", left + slot * 0.35),
                    format!("{}. {}", s.step, s.event_type),
                ));
            }
            for (k, (side, report)) in sides.iter().enumerate() {
                let Some(s) = report.total.steps.get(step) else {
                    continue;
                };
                let share = s.conversion_from_start.unwrap_or(0.0).clamp(0.0, 1.0);
                let height = (PLOT_BOTTOM - PLOT_TOP) * share;
                let x = left + bar_width * k as f64;
                bars.push(Bar {
                    x: format!("{x:.1}"),
                    y: format!("{:.1}", PLOT_BOTTOM - height),
                    width: format!("{:.1}", bar_width - 4.0),
                    height: format!("{height:.1}"),
                    side,
                    label: format!("{} · {}", s.users, percent(s.conversion_from_start)),
                    label_y: format!("{:.1}", PLOT_BOTTOM - height - 6.0),
                    center: format!("{:.1}", x + (bar_width - 4.0) / 2.0),
                });
            }
        }
        Chart {
            bars,
            steps,
            width: CHART_WIDTH,
            height: CHART_HEIGHT,
            plot_bottom: PLOT_BOTTOM,
        }
    }
}

/// A side's funnel as table rows.
pub struct SideView {
    pub name: &'static str,
    pub range: String,
    pub entered: u64,
    pub converted: u64,
    pub rate: String,
    pub rows: Vec<[String; 6]>,
}

impl SideView {
    fn new(name: &'static str, report: &FunnelReport) -> SideView {
        let time = |v: Option<f64>| v.map_or_else(|| "—".into(), |s| format!("{s:.0} s"));
        SideView {
            name,
            range: format!("{} → {}", report.from.to_rfc3339(), report.to.to_rfc3339()),
            entered: report.total.entered,
            converted: report.total.converted,
            rate: percent(report.total.conversion_rate),
            rows: report
                .total
                .steps
                .iter()
                .map(|s| {
                    [
                        format!("{}. {}", s.step, s.label),
                        s.users.to_string(),
                        percent(s.conversion_from_start),
                        percent(s.conversion_from_previous),
                        s.drop_off.to_string(),
                        time(s.median_secs_from_previous),
                    ]
                })
                .collect(),
        }
    }
}

pub struct ComparisonView {
    pub lift: String,
    pub relative: String,
    pub interval: String,
    pub p_value: String,
    pub significant: bool,
    /// A p-value exists: both sides have shoppers.
    pub tested: bool,
    pub note: Option<String>,
}

impl ComparisonView {
    fn new(c: &Comparison) -> ComparisonView {
        ComparisonView {
            lift: points(c.absolute_lift_pp),
            relative: percent(c.relative_lift),
            interval: format!("{} to {}", points(c.ci95_low_pp), points(c.ci95_high_pp)),
            p_value: p_value(c.p_value),
            significant: c.p_value.is_some_and(|p| p < 0.05),
            tested: c.p_value.is_some(),
            note: c.note.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "analytics.html")]
pub struct AnalyticsPage {
    pub head: Header,
    pub spec: FunnelSpec,
    pub error: Option<String>,
    pub chart: Option<Chart>,
    pub sides: Vec<SideView>,
    pub comparison: Option<ComparisonView>,
    pub events_read: usize,
    pub millis: String,
    pub groups: Vec<(String, u64, u64, String)>,
}

pub async fn page(
    ctx: Ctx,
    query: Option<web::Query<FunnelSpec>>,
) -> Result<HttpResponse, WebError> {
    // No question yet: start from the workshop's comparison.
    let spec = match query {
        Some(q) if *q != FunnelSpec::default() => q.into_inner(),
        _ => FunnelSpec::workshop(),
    };
    let result = match spec.question(crate::clock::now_micros()) {
        Ok(question) => question.answer(&ctx.state.store).await,
        Err(message) => Err(AnswerError::Invalid(message)),
    };
    let mut page = AnalyticsPage {
        head: ctx.header(""),
        spec,
        error: None,
        chart: None,
        sides: Vec::new(),
        comparison: None,
        events_read: 0,
        millis: String::new(),
        groups: Vec::new(),
    };
    match result {
        Ok(answer) => fill(&mut page, &answer),
        // A store failure is ours (a 500 with its cause in the log); a question that cannot be
        // answered is the asker's to fix, on the page itself.
        Err(AnswerError::Store(e)) => {
            return Err(WebError::Internal(anyhow::Error::new(e)));
        }
        Err(AnswerError::Invalid(message)) => {
            page.error = Some(message);
            let mut response = render(&page)?;
            *response.status_mut() = actix_web::http::StatusCode::BAD_REQUEST;
            return Ok(response);
        }
    }
    render(&page)
}

fn fill(page: &mut AnalyticsPage, answer: &Answer) {
    page.events_read = answer.events_read;
    page.millis = format!("{:.0}", answer.seconds * 1000.0);
    if let Some(c) = &answer.comparison {
        page.chart = Some(Chart::new(&[("a", &c.report_a), ("b", &c.report_b)]));
        page.sides = vec![
            SideView::new("A (baseline)", &c.report_a),
            SideView::new("B", &c.report_b),
        ];
        page.comparison = Some(ComparisonView::new(&c.comparison));
    } else {
        page.chart = Some(Chart::new(&[("a", &answer.report)]));
        page.sides = vec![SideView::new("Funnel", &answer.report)];
    }
    page.groups = answer
        .report
        .groups
        .iter()
        .map(|g| {
            (
                g.group.clone(),
                g.result.entered,
                g.result.converted,
                percent(g.result.conversion_rate),
            )
        })
        .collect();
}
