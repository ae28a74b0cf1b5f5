//! `/analytics`: the presenter's funnel report — a form, the comparison's headline in words,
//! who each side is, an SVG bar chart drawn on the server, the step tables, and the live
//! events apart from the history.

mod funnel_chart;
mod story;

use actix_web::{HttpResponse, web};
use askama::Template;

use super::context::Ctx;
use super::error::WebError;
use super::presenter::readable;
use super::views::{Header, render};
use crate::analytics::spec::{Answer, AnswerError, Question};
use crate::analytics::spec::{percent, points};
use crate::analytics::{
    Comparison, ComparisonSide, FunnelReport, FunnelSpec, FunnelStep, LiveActivity,
};
use crate::clock::Timestamp;
use funnel_chart::FunnelChart;
use story::{Headline, LiveView};

/// The chart in both layouts; the stylesheet shows the one that suits the screen.
pub struct Charts {
    pub wide: FunnelChart,
    pub narrow: FunnelChart,
}

impl Charts {
    fn of(sides: &[funnel_chart::Side<'_>]) -> Charts {
        Charts {
            wide: FunnelChart::columns(sides),
            narrow: FunnelChart::rows(sides),
        }
    }
}

/// A side's funnel as table rows.
pub struct SideView {
    pub name: &'static str,
    /// "6 Oct – 5 Nov 2026"
    pub range: String,
    /// "60d → 30d", as asked.
    pub asked: String,
    /// RFC 3339 from and to.
    pub exact: String,
    pub entered: u64,
    pub converted: u64,
    pub rate: String,
    /// "$1,234.00 in orders, $3.10 per visitor", when the funnel ends with the order.
    pub revenue: Option<String>,
    pub rows: Vec<[String; 6]>,
}

impl SideView {
    fn new(name: &'static str, asked: String, report: &FunnelReport) -> SideView {
        let time = |v: Option<f64>| v.map_or_else(|| "—".into(), |s| format!("{s:.0} s"));
        let revenue = report.total.revenue_cents.map(|cents| {
            let per_visitor = story::revenue_per_visitor(&report.total)
                .map_or_else(String::new, |m| format!(", {m} per visitor"));
            format!(
                "{} in orders{per_visitor}",
                crate::domain::Money::from_cents(cents)
            )
        });
        SideView {
            name,
            range: readable::range(report.from, report.to),
            asked,
            exact: span(report.from, report.to),
            entered: report.total.entered,
            converted: report.total.converted,
            rate: percent(report.total.conversion_rate),
            revenue,
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

/// What a side of the chart stands for, next to it: "A: all shoppers with a ProductViewed,
/// 6 Oct – 5 Nov 2026".
pub struct SideWords {
    pub key: &'static str,
    pub name: &'static str,
    pub who: String,
    pub range: String,
    pub asked: String,
    pub exact: String,
}

impl SideWords {
    fn new(
        key: &'static str,
        name: &'static str,
        first_step: &FunnelStep,
        side: Option<&ComparisonSide>,
        report: &FunnelReport,
        asked: &str,
    ) -> SideWords {
        SideWords {
            key,
            name,
            who: story::who_entered(first_step, side),
            range: readable::range(report.from, report.to),
            asked: asked.to_string(),
            exact: span(report.from, report.to),
        }
    }
}

pub struct ComparisonView {
    pub lift: String,
    pub relative: String,
    pub interval: String,
    /// "p = 0.0123", "p < 0.0001"
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
            p_value: c.p_value.map_or_else(|| "p: —".to_string(), story::p_is),
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
    pub headline: Option<Headline>,
    /// Which events the numbers come from: `all`, `simulated` or `live`, and in words.
    pub source: &'static str,
    pub source_note: &'static str,
    pub explained: Vec<SideWords>,
    pub chart: Option<Charts>,
    pub sides: Vec<SideView>,
    pub comparison: Option<ComparisonView>,
    pub live: Option<LiveView>,
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
    let mut page = AnalyticsPage {
        head: ctx.header(""),
        spec,
        error: None,
        headline: None,
        source: "",
        source_note: "",
        explained: Vec::new(),
        chart: None,
        sides: Vec::new(),
        comparison: None,
        live: None,
        events_read: 0,
        millis: String::new(),
        groups: Vec::new(),
    };
    let question = match page.spec.question(crate::clock::now_micros()) {
        Ok(question) => question,
        Err(message) => return refused(page, message),
    };
    let store = &ctx.state.store;
    let (from, to) = question.range();
    let (answer, live) = tokio::join!(question.answer(store), LiveActivity::read(store, from, to));
    match answer {
        Ok(answer) => fill(&mut page, &question, &answer, &live?),
        // A store failure is ours (a 500 with its cause in the log); a question that cannot be
        // answered is the asker's to fix, on the page itself.
        Err(AnswerError::Store(e)) => {
            return Err(WebError::Internal(anyhow::Error::new(e)));
        }
        Err(AnswerError::Invalid(message)) => return refused(page, message),
    }
    render(&page)
}

/// The page with the form and why the question cannot be answered: a 400.
fn refused(mut page: AnalyticsPage, message: String) -> Result<HttpResponse, WebError> {
    page.error = Some(message);
    let mut response = render(&page)?;
    *response.status_mut() = actix_web::http::StatusCode::BAD_REQUEST;
    Ok(response)
}

/// A field as the form has it, or its default when left empty.
fn or(value: &str, default: &str) -> String {
    match value.trim() {
        "" => default.to_string(),
        v => v.to_string(),
    }
}

fn fill(page: &mut AnalyticsPage, question: &Question, answer: &Answer, live: &LiveActivity) {
    page.events_read = answer.events_read;
    page.millis = format!("{:.0}", answer.seconds * 1000.0);
    page.source = story::source_key(answer.source);
    page.source_note = story::source_note(answer.source);
    page.live = Some(LiveView::new(live, answer.source, &question.query.steps));
    // The ranges as asked ("60d → 30d"), with the defaults `FunnelSpec::question` applies.
    let spec = &page.spec;
    let (a_from, a_to) = (or(&spec.from, "30d"), or(&spec.to, "now"));
    let asked_a = format!("{a_from} → {a_to}");
    let asked_b = format!(
        "{} → {}",
        or(&spec.compare_from, &a_from),
        or(&spec.compare_to, &a_to)
    );
    // A checked question has a first step; without one there is nothing to describe.
    let Some(first_step) = question.query.steps.first() else {
        return;
    };
    if let (Some(c), Some(request)) = (&answer.comparison, &question.comparison) {
        page.headline = Headline::of(c);
        page.explained = vec![
            SideWords::new(
                "a",
                "A",
                first_step,
                Some(&request.a),
                &c.report_a,
                &asked_a,
            ),
            SideWords::new(
                "b",
                "B",
                first_step,
                Some(&request.b),
                &c.report_b,
                &asked_b,
            ),
        ];
        let sides = [("a", "A", &c.report_a.total), ("b", "B", &c.report_b.total)];
        page.chart = Some(Charts::of(&sides));
        page.sides = vec![
            SideView::new("A (baseline)", asked_a, &c.report_a),
            SideView::new("B", asked_b, &c.report_b),
        ];
        page.comparison = Some(ComparisonView::new(&c.comparison));
    } else {
        let report = &answer.report;
        page.explained = vec![SideWords::new(
            "a", "Funnel", first_step, None, report, &asked_a,
        )];
        page.chart = Some(Charts::of(&[("a", "Funnel", &report.total)]));
        page.sides = vec![SideView::new("Funnel", asked_a, report)];
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

fn span(from: Timestamp, to: Timestamp) -> String {
    format!("{} to {}", from.to_rfc3339(), to.to_rfc3339())
}
