//! The experiments while the shop serves: which experiment runs on which shelf, which variation a
//! shopper sees, the list the variation answers, the exposure it records, and which correlation
//! ids a product view may keep. Everything on a page's path is in memory; the store is read by
//! the refresh task (every few seconds: experiments started or stopped elsewhere; every bandit
//! period: the allocation) and at start (who was already exposed).

use std::sync::{Arc, Mutex, RwLock};

use serde_json::json;

use super::assign::{mix, pick, unit_point};
use super::correlation::CorrelationId;
use super::definition::{Experiment, ExperimentId, Kind, target_of};
use super::interleave;
use super::strategies::{Ask, Strategies};
use crate::clock::Timestamp;
use crate::db::{FunnelSelection, Store, StoreError};
use crate::domain::{Feature, UserId};
use crate::events::{Actor, Event, EventObserver, EventType};
use crate::recs::{RecList, Recommendation};

/// An experiment being served.
pub struct Running {
    pub experiment: Experiment,
    /// The shares shoppers are split by: the weights, or a bandit's current allocation.
    shares: RwLock<Vec<f64>>,
    /// Every variation's strategy is available on this shop. An experiment that is not (an
    /// `embedded` arm on a shop running the baseline) is not served here, rather than served
    /// something else under its name.
    pub servable: bool,
    /// Per variation, the start of its cards' link query up to the rank (`&amp;exp=7~1~`, as
    /// written in an attribute): written once here, not once per card per page.
    link_prefixes: Vec<String>,
}

impl Running {
    pub fn shares(&self) -> Vec<f64> {
        self.shares
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// What a shelf shows, and the experiment it shows it for.
pub struct ShelfAnswer {
    pub recs: RecList,
    pub shown: Option<Shown>,
    /// The shopper's first exposure to this variation, for the tracker.
    pub exposure: Option<Event>,
}

impl ShelfAnswer {
    /// A list no experiment and no engine was asked for (a shopper's own sort).
    pub fn plain(recs: RecList) -> ShelfAnswer {
        ShelfAnswer {
            recs,
            shown: None,
            exposure: None,
        }
    }
}

/// A shelf under an experiment: the variation the shopper sees (none for an interleaved
/// shelf, which shows both) and, when interleaved, the ranker behind each card.
pub struct Shown {
    pub running: Arc<Running>,
    pub variation: Option<usize>,
    pub teams: Vec<u8>,
}

impl Shown {
    pub fn experiment(&self) -> &Experiment {
        &self.running.experiment
    }

    /// What `data-variation` says: the variation's name, or `interleaved`.
    pub fn variation_name(&self) -> &str {
        match self.variation {
            Some(v) => &self.experiment().variations[v].name,
            None => "interleaved",
        }
    }

    /// The correlation id of the card at `rank`.
    pub fn correlation(&self, rank: usize) -> CorrelationId {
        CorrelationId {
            experiment: self.experiment().id,
            variation: self
                .variation
                .unwrap_or_else(|| usize::from(self.teams.get(rank).copied().unwrap_or(0))),
            rank,
        }
    }

    /// The start of the card at `rank`'s link query, up to the rank (see `correlation`).
    pub fn link_prefix(&self, rank: usize) -> &str {
        let variation = self.correlation(rank).variation;
        self.running
            .link_prefixes
            .get(variation)
            .map_or("", String::as_str)
    }

    /// For an interleaved card: the ranker (variation) that contributed it.
    pub fn contributor(&self, rank: usize) -> Option<&str> {
        if self.variation.is_some() {
            return None;
        }
        let team = usize::from(*self.teams.get(rank)?);
        Some(&self.experiment().variations.get(team)?.name)
    }
}

/// Who has been exposed to which variation of which experiment: the first exposure is recorded
/// once, and a bandit's shopper keeps the arm they were first given. Sharded so page threads do
/// not queue on one lock; keyed by the shopper so a lookup borrows their id (no allocation on a
/// page's path once they are known).
struct ExposureBook {
    shards: Vec<Mutex<Exposures>>,
}

/// Shopper → (experiment, the variation of their first exposure) for each experiment they saw.
type Exposures = crate::hash::FxMap<Box<str>, Vec<(ExperimentId, u8)>>;

const SHARDS: usize = 16;

impl ExposureBook {
    fn new() -> ExposureBook {
        ExposureBook {
            shards: (0..SHARDS)
                .map(|_| Mutex::new(Exposures::default()))
                .collect(),
        }
    }

    fn shard(&self, user: &str) -> std::sync::MutexGuard<'_, Exposures> {
        let k = (unit_point("", user) * SHARDS as f64) as usize;
        self.shards[k.min(SHARDS - 1)]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn get(&self, id: ExperimentId, user: &str) -> Option<usize> {
        let shard = self.shard(user);
        let seen = shard.get(user)?;
        seen.iter()
            .find(|(e, _)| *e == id)
            .map(|&(_, v)| usize::from(v))
    }

    /// The variation the shopper was first exposed to, else `fresh`'s pick, recorded now (one
    /// lock for both): the variation, and whether this is the shopper's first exposure.
    fn assign(
        &self,
        id: ExperimentId,
        user: &str,
        variations: usize,
        fresh: impl FnOnce() -> usize,
    ) -> (usize, bool) {
        let mut shard = self.shard(user);
        if let Some(seen) = shard.get_mut(user) {
            if let Some(&(_, v)) = seen.iter().find(|(e, _)| *e == id)
                && usize::from(v) < variations
            {
                return (usize::from(v), false);
            }
            let v = fresh();
            seen.push((id, v as u8));
            return (v, true);
        }
        let v = fresh();
        shard.insert(Box::from(user), vec![(id, v as u8)]);
        (v, true)
    }

    /// Records the exposure; true when it is the shopper's first to this variation.
    fn record(&self, id: ExperimentId, user: &str, variation: usize) -> bool {
        let mut shard = self.shard(user);
        if let Some(seen) = shard.get_mut(user) {
            // Seen in another variation (ids merged at sign-in): the first stays the assignment.
            if let Some(&(_, v)) = seen.iter().find(|(e, _)| *e == id) {
                return usize::from(v) != variation;
            }
            seen.push((id, variation as u8));
            return true;
        }
        shard.insert(Box::from(user), vec![(id, variation as u8)]);
        true
    }

    /// Takes back an exposure that showed nothing.
    fn forget(&self, id: ExperimentId, user: &str) {
        if let Some(seen) = self.shard(user).get_mut(user) {
            seen.retain(|(e, _)| *e != id);
        }
    }

    /// A shopper who signs in keeps the anonymous browser's assignments the account has not got.
    fn adopt(&self, from: &str, to: &str) {
        let moved: Vec<(ExperimentId, u8)> =
            self.shard(from).get(from).cloned().unwrap_or_default();
        let mut target = self.shard(to);
        let seen = target.entry(Box::from(to)).or_default();
        for (id, v) in moved {
            if !seen.iter().any(|(e, _)| *e == id) {
                seen.push((id, v));
            }
        }
    }
}

/// The runtime's settings (`experiments` section).
#[derive(Debug, Clone, Copy)]
pub struct RuntimeSettings {
    pub refresh: std::time::Duration,
    pub bandit_period: std::time::Duration,
    pub bandit_draws: u32,
}

pub struct Experiments {
    store: Store,
    strategies: Strategies,
    settings: RuntimeSettings,
    /// Running experiments by target shelf (`Feature::index`).
    running: RwLock<Vec<Option<Arc<Running>>>>,
    book: ExposureBook,
}

impl Experiments {
    /// Loads the running experiments and who was already exposed to them.
    pub async fn load(
        store: Store,
        strategies: Strategies,
        settings: RuntimeSettings,
    ) -> Result<Arc<Experiments>, StoreError> {
        let experiments = Arc::new(Experiments {
            store,
            strategies,
            settings,
            running: RwLock::new(vec![None; Feature::ALL.len()]),
            book: ExposureBook::new(),
        });
        experiments.reload().await?;
        experiments.load_exposures().await?;
        Ok(experiments)
    }

    /// Re-reads which experiments run (started or stopped by another instance or the CLI) and
    /// the bandits' allocations.
    pub async fn reload(&self) -> Result<(), StoreError> {
        let running = self.store.running_experiments().await?;
        let mut by_shelf: Vec<Option<Arc<Running>>> = vec![None; Feature::ALL.len()];
        for experiment in running {
            let mut shares = experiment.shares();
            if experiment.kind == Kind::Bandit
                && let Some(allocation) = self.store.latest_allocation(experiment.id).await?
                && allocation.shares.len() == shares.len()
            {
                shares = allocation.shares;
            }
            let servable = experiment
                .variations
                .iter()
                .all(|v| self.strategies.available(v.strategy));
            if !servable {
                tracing::warn!(
                    experiment = %experiment.name,
                    "not served here: a variation's strategy is not available on this shop"
                );
            }
            let slot = target_of(experiment.shelf).index();
            let link_prefixes = (0..experiment.variations.len())
                .map(|v| format!("&amp;exp={}~{v}~", experiment.id))
                .collect();
            by_shelf[slot] = Some(Arc::new(Running {
                experiment,
                shares: RwLock::new(shares),
                servable,
                link_prefixes,
            }));
        }
        *self
            .running
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = by_shelf;
        Ok(())
    }

    /// The experiments running now, by shelf.
    pub fn running(&self) -> Vec<Arc<Running>> {
        self.running
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .flatten()
            .cloned()
            .collect()
    }

    fn running_on(&self, feature: Feature) -> Option<Arc<Running>> {
        self.running
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(target_of(feature).index())?
            .clone()
            .filter(|r| r.servable)
    }

    fn running_by_id(&self, id: ExperimentId) -> Option<Arc<Running>> {
        // On every product view that follows an experiment's card: no list built.
        self.running
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .flatten()
            .find(|r| r.experiment.id == id)
            .cloned()
    }

    /// Reads the exposures of the running experiments, so a restart does not record a shopper's
    /// first exposure twice nor move a bandit's shopper to another arm.
    async fn load_exposures(&self) -> Result<(), StoreError> {
        let running = self.running();
        let Some(since) = running.iter().filter_map(|r| r.experiment.started_at).min() else {
            return Ok(());
        };
        let rows = self
            .store
            .funnel_rows(&FunnelSelection {
                types: vec![EventType::ExperimentExposure],
                since,
                until: Timestamp::now() + crate::clock::HOUR,
                simulated: None,
                properties: super::results::exposure_properties(),
                property_scopes: Vec::new(),
                sessions: false,
                ..FunnelSelection::default()
            })
            .await?;
        for row in rows.iter() {
            if let Some((running, variation)) = exposure_of(&running, row.properties) {
                self.book
                    .record(running.experiment.id, row.user_id, variation);
            }
        }
        Ok(())
    }

    /// The shelf for this shopper: an experiment's variation when one runs on it, else the
    /// shop's own answer.
    /// `actor` is asked for only when the shopper's first exposure is recorded.
    /// The shop's own answer, with no experiment and no assignment (a HEAD request's shelf).
    pub async fn unassigned(&self, ask: Ask<'_>) -> ShelfAnswer {
        ShelfAnswer {
            recs: self.strategies.default_answer(ask).await,
            shown: None,
            exposure: None,
        }
    }

    pub async fn answer(
        &self,
        feature: Feature,
        ask: Ask<'_>,
        user: &UserId,
        actor: impl FnOnce() -> Actor,
    ) -> ShelfAnswer {
        let Some(running) = self.running_on(feature) else {
            return ShelfAnswer {
                recs: self.strategies.default_answer(ask).await,
                shown: None,
                exposure: None,
            };
        };
        let experiment = &running.experiment;
        let user = user.as_str();
        // Where the shelf's items start in the whole list (a category's later pages).
        let offset = match ask {
            Ask::Rank { items, window, .. } => window.range(items.len()).start,
            _ => 0,
        };
        let (recs, variation, teams, first) = if experiment.kind == Kind::Interleaving {
            // A window of the merge needs each ranker's list only up to the window's end.
            let upto = ask.up_to_window_end();
            let (a, b) = tokio::join!(
                self.strategies.answer(&experiment.variations[0], upto),
                self.strategies.answer(&experiment.variations[1], upto),
            );
            let n = match upto {
                Ask::Rank { items, window, .. } => window.range(items.len()).end,
                _ => a.items.len().max(b.items.len()),
            };
            let seed = mix(unit_point(&experiment.salt, user).to_bits());
            let merged = interleave::merge(
                experiment.interleave,
                &a.items().collect::<Vec<_>>(),
                &b.items().collect::<Vec<_>>(),
                n,
                seed,
            );
            let pick_reason = |item: usize, team: u8| {
                let source = if team == 0 { &a } else { &b };
                source
                    .items
                    .iter()
                    .find(|r| r.item == item)
                    .and_then(|r| r.reason.clone())
            };
            // The shelf shows the window; `teams` stays whole, indexed by place in the list.
            let items: Vec<Recommendation> = merged
                .items
                .iter()
                .zip(&merged.teams)
                .skip(offset)
                .map(|(&item, &team)| Recommendation {
                    item,
                    score: 0.0,
                    reason: pick_reason(item, team),
                })
                .collect();
            let algorithm = format!("interleaved {} · {}", a.algorithm, b.algorithm);
            let mut recs = RecList::new(
                a.engine,
                items,
                &algorithm,
                a.personalized || b.personalized,
            );
            if let Ask::Rank { items: asked, .. } = ask {
                // Whether the merge moved anything: as far as it was made, or either ranker
                // moved something further down.
                let moved = |l: &RecList| l.reordered == Some(true);
                recs.reordered = Some(
                    merged.items.iter().ne(asked.items().iter().take(n)) || moved(&a) || moved(&b),
                );
            }
            let first = self.book.record(experiment.id, user, 0);
            (recs, None, merged.teams, first)
        } else {
            let (variation, first) =
                self.book
                    .assign(experiment.id, user, experiment.variations.len(), || {
                        pick(&running.shares(), unit_point(&experiment.salt, user))
                    });
            let recs = self
                .strategies
                .answer(&experiment.variations[variation], ask)
                .await;
            (recs, Some(variation), Vec::new(), first)
        };
        let shown = Shown {
            running: running.clone(),
            variation,
            teams,
        };
        // An empty shelf (a search without results) showed nothing: no exposure yet.
        if first && recs.items.is_empty() {
            self.book.forget(experiment.id, user);
        }
        let exposure = (first && !recs.items.is_empty()).then(|| {
            let catalog = self.strategies.catalog();
            exposure_event(&actor(), feature, &shown, &recs, offset, catalog)
        });
        ShelfAnswer {
            recs,
            shown: Some(shown),
            exposure,
        }
    }

    /// The correlation id a product view may record: only one this shopper could have been
    /// shown — a running experiment, on the shelf the link came from, in the shopper's own
    /// variation (or, interleaved, after the shopper's exposure). Anything else is dropped.
    pub fn attribute(
        &self,
        text: &str,
        feature: Option<Feature>,
        user: &UserId,
    ) -> Option<CorrelationId> {
        let user = user.as_str();
        let id = CorrelationId::parse(text)?;
        let running = self.running_by_id(id.experiment)?;
        let experiment = &running.experiment;
        if feature.map(target_of) != Some(experiment.shelf)
            || id.variation >= experiment.variations.len()
        {
            return None;
        }
        let exposed = self.book.get(experiment.id, user)?;
        match experiment.kind {
            Kind::Interleaving => Some(id),
            _ => (exposed == id.variation).then_some(id),
        }
    }

    /// A shopper signed in: the account takes over the browser's assignments it has not got.
    pub fn adopt(&self, from: &UserId, to: &UserId) {
        if from != to {
            self.book.adopt(from.as_str(), to.as_str());
        }
    }

    /// Recomputes each running bandit's allocation once a period; the first instance to store a
    /// period's allocation sets it for all.
    pub async fn rebalance(&self) -> Result<(), StoreError> {
        let period_micros = (self.settings.bandit_period.as_micros() as i64).max(1);
        let period = Timestamp::now().as_micros() / period_micros;
        for running in self.running() {
            let experiment = &running.experiment;
            if experiment.kind != Kind::Bandit {
                continue;
            }
            if let Some(latest) = self.store.latest_allocation(experiment.id).await?
                && latest.period >= period
            {
                continue;
            }
            let tally = super::results::tally(&self.store, experiment).await?;
            let arms = tally.primary_proportions(experiment);
            let seed = mix(experiment.id.0 as u64 ^ mix(period as u64));
            let shares = experiment_stats::thompson_allocation(
                &arms,
                experiment.min_share,
                self.settings.bandit_draws,
                seed,
            );
            let settled = self
                .store
                .settle_allocation(experiment.id, period, &shares)
                .await?;
            if settled.shares.len() == experiment.variations.len() {
                *running
                    .shares
                    .write()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = settled.shares;
            }
        }
        Ok(())
    }

    /// Keeps the running experiments and the bandits' allocations current until the shop stops.
    pub fn spawn_refresh(self: &Arc<Self>) -> tokio::task::JoinHandle<()> {
        let this = self.clone();
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(this.settings.refresh);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticker.tick().await;
                if let Err(e) = this.rebalance().await {
                    tracing::warn!(error = %e, "rebalancing the bandits failed; will retry");
                }
                if let Err(e) = this.reload().await {
                    tracing::warn!(error = %e, "reloading the experiments failed; will retry");
                }
            }
        })
    }
}

/// Exposures seen on other instances (through the event pickup) keep this one's book current.
impl EventObserver for Experiments {
    fn observe(&self, event: &Event) {
        if event.event_type != EventType::ExperimentExposure {
            return;
        }
        let running = self.running();
        if let Some((running, variation)) = exposure_of(&running, &event.properties) {
            self.book
                .record(running.experiment.id, event.user_id.as_str(), variation);
        }
    }
}

/// The running experiment and variation an exposure's properties name.
fn exposure_of<'a>(
    running: &'a [Arc<Running>],
    properties: &serde_json::Map<String, serde_json::Value>,
) -> Option<(&'a Arc<Running>, usize)> {
    let id = properties.get("experiment")?.as_i64()?;
    let running = running.iter().find(|r| r.experiment.id.0 == id)?;
    let variation = match running.experiment.kind {
        Kind::Interleaving => 0,
        _ => running
            .experiment
            .variation_index(properties.get("variation")?.as_str()?)?,
    };
    Some((running, variation))
}

/// The `ExperimentExposure` event: which experiment, variation and shelf, and the items shown
/// with their positions in the whole list (the shelf's first is at `offset`) and, interleaved,
/// the ranker of each.
fn exposure_event(
    actor: &Actor,
    feature: Feature,
    shown: &Shown,
    recs: &RecList,
    offset: usize,
    catalog: &crate::catalog::Catalog,
) -> Event {
    let experiment = shown.experiment();
    let catalog_ids: Vec<serde_json::Value> = recs
        .items
        .iter()
        .enumerate()
        .filter_map(|(k, r)| Some((offset + k, catalog.products().get(r.item)?)))
        .map(|(position, product)| {
            let mut item = json!({"productId": product.id.as_str(), "position": position});
            if let Some(ranker) = shown.contributor(position) {
                item["ranker"] = json!(ranker);
            }
            item
        })
        .collect();
    let exposure = Event::new(EventType::ExperimentExposure, actor, None)
        .with("experiment", experiment.id.0)
        .with("experimentName", experiment.name.as_str())
        .with("experimentType", experiment.kind.as_str())
        .with("variation", shown.variation_name())
        .with("feature", feature.as_str())
        .with("items", catalog_ids);
    // A bandit's shares move: the exposure keeps the ones its arm was drawn by, so the
    // sample-ratio check compares each arm with what it was meant to get.
    if experiment.kind == Kind::Bandit {
        exposure.with("shares", shown.running.shares())
    } else {
        exposure
    }
}
