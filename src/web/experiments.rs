//! The operator's pages under `/experiments`: the list, the creation form with its sample-size
//! calculator, start and stop, and each experiment's results. Every handler but the sign-in
//! takes an [`Operator`]; the work is `experiments::manage` and `experiments::results`.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::charts::{self, IntervalChart, LineChart};
use super::context::Ctx;
use super::csrf::CsrfForm;
use super::error::WebError;
use super::operator::{Operator, OperatorForm, token_matches};
use super::views::{Header, redirect, render};
use crate::domain::Feature;
use crate::experiments::definition::{Plan, SHELVES, VariationSpec};
use crate::experiments::{
    Experiment, ExperimentId, ExperimentResults, ExperimentSpec, Kind, ManageError, Metric,
    Strategy, manage,
};

/// A row of the list.
pub struct ExperimentRow {
    pub id: i64,
    pub name: String,
    pub shelf: &'static str,
    pub kind: &'static str,
    pub metric: &'static str,
    pub status: &'static str,
    pub variations: String,
    pub started: String,
    /// Served on this instance (every strategy available).
    pub servable: bool,
}

#[derive(Template)]
#[template(path = "experiments/list.html")]
pub struct ListPage {
    pub head: Header,
    pub rows: Vec<ExperimentRow>,
}

fn short_time(t: Option<crate::clock::Timestamp>) -> String {
    t.map(|t| {
        t.to_rfc3339()
            .chars()
            .take(16)
            .collect::<String>()
            .replace('T', " ")
    })
    .unwrap_or_default()
}

pub async fn list(ctx: Ctx, _: Operator) -> Result<HttpResponse, WebError> {
    let experiments = manage::list(&ctx.state.store).await.map_err(manage_error)?;
    let running = ctx.state.experiments.running();
    let rows = experiments
        .iter()
        .map(|e| ExperimentRow {
            id: e.id.0,
            name: e.name.clone(),
            shelf: e.shelf.as_str(),
            kind: e.kind.as_str(),
            metric: e.metric.as_str(),
            status: e.status.as_str(),
            variations: e
                .variations
                .iter()
                .map(|v| format!("{} ({})", v.name, v.strategy))
                .collect::<Vec<_>>()
                .join(" vs "),
            started: short_time(e.started_at),
            servable: running
                .iter()
                .find(|r| r.experiment.id == e.id)
                .is_none_or(|r| r.servable),
        })
        .collect();
    render(&ListPage {
        head: ctx.header(""),
        rows,
    })
}

/// The creation form as sent (and sent back with an error): every field a string.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CreateForm {
    pub name: String,
    pub description: String,
    pub shelf: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub metric: String,
    pub method: String,
    pub min_share: String,
    pub attribution_window_hours: String,
    pub horizon: String,
    pub baseline_rate: String,
    pub mde: String,
    pub alpha: String,
    pub power: String,
    pub v0_name: String,
    pub v0_strategy: String,
    pub v0_weight: String,
    pub v1_name: String,
    pub v1_strategy: String,
    pub v1_weight: String,
    pub v2_name: String,
    pub v2_strategy: String,
    pub v2_weight: String,
    pub v3_name: String,
    pub v3_strategy: String,
    pub v3_weight: String,
}

/// Rows of variations on the form.
pub const FORM_VARIATIONS: usize = 4;

impl CreateForm {
    fn variation(&self, k: usize) -> (&str, &str, &str) {
        match k {
            0 => (&self.v0_name, &self.v0_strategy, &self.v0_weight),
            1 => (&self.v1_name, &self.v1_strategy, &self.v1_weight),
            2 => (&self.v2_name, &self.v2_strategy, &self.v2_weight),
            _ => (&self.v3_name, &self.v3_strategy, &self.v3_weight),
        }
    }

    /// The form's fields as an experiment file; a number that does not read is named.
    fn to_spec(&self) -> Result<ExperimentSpec, crate::experiments::SpecError> {
        fn number<T: std::str::FromStr>(
            field: &str,
            text: &str,
        ) -> Result<Option<T>, crate::experiments::SpecError> {
            let text = text.trim();
            if text.is_empty() {
                return Ok(None);
            }
            text.parse()
                .map(Some)
                .map_err(|_| crate::experiments::SpecError {
                    field: field.to_string(),
                    message: format!("'{text}' is not a number"),
                })
        }
        let optional = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let mut variations = Vec::new();
        for k in 0..FORM_VARIATIONS {
            let (name, strategy, weight) = self.variation(k);
            if name.trim().is_empty() && strategy.trim().is_empty() {
                continue;
            }
            variations.push(VariationSpec {
                name: name.to_string(),
                strategy: strategy.to_string(),
                weight: number(&format!("variations[{}].weight", variations.len()), weight)?,
                params: serde_json::Map::new(),
            });
        }
        Ok(ExperimentSpec {
            name: self.name.clone(),
            description: self.description.clone(),
            shelf: self.shelf.clone(),
            kind: self.kind.clone(),
            metric: self.metric.clone(),
            variations,
            method: optional(&self.method),
            min_share: number("min_share", &self.min_share)?,
            attribution_window_hours: number(
                "attribution_window_hours",
                &self.attribution_window_hours,
            )?,
            horizon: optional(&self.horizon),
            baseline_rate: number("baseline_rate", &self.baseline_rate)?,
            mde: number("mde", &self.mde)?,
            alpha: number("alpha", &self.alpha)?,
            power: number("power", &self.power)?,
        })
    }
}

pub struct VariationRow {
    pub k: usize,
    pub name: String,
    pub strategy: String,
    pub weight: String,
}

pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

#[derive(Template)]
#[template(path = "experiments/new.html")]
pub struct NewPage {
    pub head: Header,
    pub form: CreateForm,
    pub rows: Vec<VariationRow>,
    pub shelves: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub metrics: Vec<Choice>,
    pub strategies: Vec<Choice>,
    pub error: Option<String>,
    pub error_field: String,
    pub calculator: Calculator,
}

/// The sample-size calculator on the form (a GET of its own, so it works without script).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Calculator {
    pub calc_baseline: String,
    pub calc_mde: String,
    pub calc_alpha: String,
    pub calc_power: String,
    #[serde(skip)]
    pub answer: Option<String>,
}

impl Calculator {
    fn solve(mut self) -> Calculator {
        if self.calc_baseline.trim().is_empty() {
            return self;
        }
        let read = |field: &str, text: &str, default: f64| {
            let text = text.trim();
            if text.is_empty() {
                return Ok(default);
            }
            text.parse::<f64>()
                .map_err(|_| format!("{field}: '{text}' is not a number"))
        };
        let plan = (|| {
            Plan::new(
                read("baseline_rate", &self.calc_baseline, 0.0)?,
                read("mde", &self.calc_mde, 0.1)?,
                read("alpha", &self.calc_alpha, 0.05)?,
                read("power", &self.calc_power, 0.8)?,
            )
            .map_err(|e| e.to_string())
        })();
        self.answer = Some(plan.map_or_else(|e| e, |plan| plan.to_string()));
        self
    }
}

fn choices<T: Copy>(
    all: &[T],
    value: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<Choice> {
    all.iter()
        .map(|&t| Choice {
            value: value(t),
            label: label(t),
        })
        .collect()
}

fn new_page(
    ctx: &Ctx,
    form: CreateForm,
    error: Option<(String, String)>,
    calculator: Calculator,
) -> NewPage {
    let rows = (0..FORM_VARIATIONS)
        .map(|k| {
            let (name, strategy, weight) = form.variation(k);
            VariationRow {
                k,
                name: name.to_string(),
                strategy: strategy.to_string(),
                weight: weight.to_string(),
            }
        })
        .collect();
    let (error_field, error) = match error {
        Some((field, message)) => (field, Some(message)),
        None => (String::new(), None),
    };
    NewPage {
        head: ctx.header(""),
        form,
        rows,
        shelves: choices(&SHELVES, Feature::as_str, Feature::as_str),
        kinds: choices(&Kind::ALL, Kind::as_str, Kind::label),
        metrics: choices(&Metric::ALL, Metric::as_str, Metric::label),
        strategies: choices(&Strategy::ALL, Strategy::as_str, Strategy::as_str),
        error,
        error_field,
        calculator: calculator.solve(),
    }
}

pub async fn new_form(
    ctx: Ctx,
    _: Operator,
    calculator: web::Query<Calculator>,
) -> Result<HttpResponse, WebError> {
    let form = CreateForm {
        kind: "ab".into(),
        metric: "click_through".into(),
        shelf: Feature::HomeRecs.as_str().into(),
        v0_name: "control".into(),
        v0_strategy: "popular".into(),
        v1_name: "personalized".into(),
        v1_strategy: "embedded".into(),
        ..CreateForm::default()
    };
    render(&new_page(&ctx, form, None, calculator.into_inner()))
}

pub async fn create(ctx: Ctx, form: OperatorForm<CreateForm>) -> Result<HttpResponse, WebError> {
    let form = form.0;
    let outcome = match form.to_spec() {
        Ok(spec) => manage::create(&ctx.state.store, &spec).await,
        Err(e) => Err(ManageError::Invalid(e)),
    };
    match outcome {
        Ok(id) => {
            ctx.session
                .flash("Experiment created as a draft. Start it when you are ready.")?;
            Ok(redirect(&format!("/experiments/{id}")))
        }
        Err(ManageError::Invalid(e)) => {
            let page = new_page(
                &ctx,
                form,
                Some((e.field.clone(), e.to_string())),
                Calculator::default(),
            );
            let mut response = render(&page)?;
            *response.status_mut() = actix_web::http::StatusCode::BAD_REQUEST;
            Ok(response)
        }
        Err(e) => Err(manage_error(e)),
    }
}

fn experiment_id(path: &str) -> Result<ExperimentId, WebError> {
    ExperimentId::parse(path).ok_or(WebError::NotFound)
}

fn manage_error(e: ManageError) -> WebError {
    match e {
        ManageError::Missing(_) => WebError::NotFound,
        ManageError::Store(e) => e.into(),
        other => WebError::BadRequest(other.to_string()),
    }
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn start(
    ctx: Ctx,
    path: web::Path<String>,
    _form: OperatorForm<Empty>,
) -> Result<HttpResponse, WebError> {
    let id = experiment_id(&path)?;
    let outcome = manage::start(&ctx.state.store, id).await;
    settle(&ctx, id, outcome, "is running").await
}

pub async fn stop(
    ctx: Ctx,
    path: web::Path<String>,
    _form: OperatorForm<Empty>,
) -> Result<HttpResponse, WebError> {
    let id = experiment_id(&path)?;
    let outcome = manage::stop(&ctx.state.store, id).await;
    settle(&ctx, id, outcome, "stopped").await
}

/// After a start or stop: the shop serves the change at once, and the operator reads what
/// happened (or why it was refused) on the experiment's page.
async fn settle(
    ctx: &Ctx,
    id: ExperimentId,
    outcome: Result<Experiment, ManageError>,
    done: &str,
) -> Result<HttpResponse, WebError> {
    match outcome {
        Ok(e) => {
            ctx.state.experiments.reload().await?;
            ctx.session
                .flash(&format!("Experiment {} {done}.", e.name))?;
        }
        Err(e @ (ManageError::Missing(_) | ManageError::Store(_))) => return Err(manage_error(e)),
        Err(e) => ctx.session.flash(&e.to_string())?,
    }
    Ok(redirect(&format!("/experiments/{id}")))
}

#[derive(Template)]
#[template(path = "experiments/results.html")]
pub struct ResultsPage {
    pub head: Header,
    pub experiment: Experiment,
    pub results: ExperimentResults,
    pub percent: bool,
    pub rates: Option<IntervalChart>,
    pub course: Option<LineChart>,
    pub allocation: Option<LineChart>,
    pub lifts: Option<IntervalChart>,
}

impl ResultsPage {
    pub fn value(&self, v: &Option<f64>) -> String {
        match v {
            None => "–".into(),
            Some(v) if self.percent => format!("{:.2} %", v * 100.0),
            Some(v) => format!("${v:.2}"),
        }
    }

    pub fn pct(&self, v: &Option<f64>) -> String {
        v.map_or_else(|| "–".into(), |v| format!("{:+.1} %", v * 100.0))
    }

    pub fn p(&self, v: &Option<f64>) -> String {
        v.map_or_else(
            || "–".into(),
            |p| {
                if p < 0.0001 {
                    "< 0.0001".into()
                } else {
                    format!("{p:.4}")
                }
            },
        )
    }

    pub fn rate_of(&self, v: &Option<f64>) -> String {
        v.map_or_else(|| "–".into(), |v| format!("{:.2} %", v * 100.0))
    }

    pub fn money(&self, v: &Option<f64>) -> String {
        v.map_or_else(|| "–".into(), |v| format!("${v:.2}"))
    }
}

pub async fn show(
    ctx: Ctx,
    path: web::Path<String>,
    _: Operator,
) -> Result<HttpResponse, WebError> {
    let (experiment, results) = manage::results(&ctx.state.store, experiment_id(&path)?, None)
        .await
        .map_err(manage_error)?;
    let percent = experiment.metric.is_rate();
    let rates = charts::intervals(
        &results
            .variations
            .iter()
            .map(|v| (v.name.clone(), v.rate, v.ci_low.zip(v.ci_high)))
            .collect::<Vec<_>>(),
        percent,
    );
    let lifts = (experiment.kind != Kind::Interleaving && results.variations.len() > 1)
        .then(|| {
            charts::intervals(
                &results
                    .variations
                    .iter()
                    .skip(1)
                    .map(|v| {
                        (
                            format!("{} − {}", v.name, results.variations[0].name),
                            v.lift,
                            v.lift_ci_low.zip(v.lift_ci_high),
                        )
                    })
                    .collect::<Vec<_>>(),
                percent,
            )
        })
        .flatten();
    let times: Vec<_> = results.series.iter().map(|p| p.at).collect();
    let course = charts::lines(
        &times,
        &experiment
            .variations
            .iter()
            .enumerate()
            .map(|(k, v)| {
                let values = results
                    .series
                    .iter()
                    .map(|p| {
                        let exposed = p.exposed.get(k).copied().unwrap_or(0);
                        (exposed > 0).then(|| {
                            if percent {
                                p.conversions[k] as f64 / exposed as f64
                            } else {
                                p.revenue[k] / exposed as f64
                            }
                        })
                    })
                    .collect();
                (v.name.clone(), values)
            })
            .collect::<Vec<_>>(),
        percent,
    );
    let allocation = charts::lines(
        &results.allocations.iter().map(|a| a.at).collect::<Vec<_>>(),
        &experiment
            .variations
            .iter()
            .enumerate()
            .map(|(k, v)| {
                (
                    v.name.clone(),
                    results
                        .allocations
                        .iter()
                        .map(|a| a.shares.get(k).copied())
                        .collect(),
                )
            })
            .collect::<Vec<_>>(),
        true,
    );
    render(&ResultsPage {
        head: ctx.header(""),
        experiment,
        results,
        percent,
        rates,
        course,
        allocation,
        lifts,
    })
}

/// The results as JSON (the same document as `storefront experiment results ID --json`).
pub async fn show_json(
    ctx: Ctx,
    path: web::Path<String>,
    _: Operator,
) -> Result<HttpResponse, WebError> {
    let (_, results) = manage::results(&ctx.state.store, experiment_id(&path)?, None)
        .await
        .map_err(manage_error)?;
    Ok(HttpResponse::Ok().json(results))
}

#[derive(Template)]
#[template(path = "experiments/signin.html")]
pub struct SignInPage {
    pub head: Header,
    pub error: Option<String>,
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    token: String,
}

fn operator_pages_on(ctx: &Ctx) -> Result<(), WebError> {
    ctx.state
        .operator_token
        .as_ref()
        .map(|_| ())
        .ok_or(WebError::NotFound)
}

pub async fn signin_form(ctx: Ctx) -> Result<HttpResponse, WebError> {
    operator_pages_on(&ctx)?;
    render(&SignInPage {
        head: ctx.header(""),
        error: None,
    })
}

pub async fn signin(ctx: Ctx, form: CsrfForm<TokenForm>) -> Result<HttpResponse, WebError> {
    operator_pages_on(&ctx)?;
    if token_matches(&ctx.state, form.0.token.trim()) {
        ctx.session.sign_in_operator()?;
        return Ok(redirect("/experiments"));
    }
    let mut response = render(&SignInPage {
        head: ctx.header(""),
        error: Some("That is not the operator token.".into()),
    })?;
    *response.status_mut() = actix_web::http::StatusCode::UNAUTHORIZED;
    Ok(response)
}

pub async fn signout(ctx: Ctx, _form: OperatorForm<Empty>) -> Result<HttpResponse, WebError> {
    ctx.session.sign_out_operator();
    Ok(redirect("/"))
}
