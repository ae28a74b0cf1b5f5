//! The funnel engine (Amplitude's "this order" funnel, counted by unique users). The
//! definitions are in docs/FUNNELS.md; in short, for each user:
//!
//! 1. Every step-1 event with `from <= timestamp < to` is a possible entry.
//! 2. From an entry, each later step is the earliest qualifying event after the previous
//!    matched one (same timestamp counts as after only if later in the input), no later than
//!    `entry + window` (inclusive), and, when a field is held constant, with the entry's value.
//! 3. The user's counted path is the one that got furthest; ties go to the earliest entry.
//!
//! How: one pass keeps only events whose type is in the funnel and that could matter in time,
//! computes a bit mask of the steps each one satisfies, and interns users and hold-constant
//! values to integers; a counting sort groups by user; each user's slice is sorted by
//! (held value, timestamp, input position); a backwards pass builds "next event for step k"
//! links so each entry's path costs O(steps).

use serde_json::{Map, Value};

use crate::analytics::filter::ValueKey;
use crate::analytics::query::{Field, FunnelError, FunnelEvent, FunnelQuery, MAX_STEPS};
use crate::analytics::report::{FunnelReport, GroupResult, Tally};
use crate::analytics::rows::FunnelRows;
use crate::hash::{FxMap, intern};

mod interned;

/// What the engine reads events from: borrowed events ([`compute_funnel`]) or the store's
/// interned rows ([`compute_funnel_rows`]), whose users and property sets are already numbers.
/// An event is named by its position in the input (`Rec::idx`).
trait Input {
    fn len(&self) -> usize;
    /// The events that can play a part, with their step masks, and the number of user ids
    /// (every `Rec::user` is below it).
    fn collect(&self, query: &FunnelQuery) -> (Vec<Rec>, usize);
    fn properties(&self, idx: u32) -> &Map<String, Value>;
    fn session_id(&self, idx: u32) -> &str;
}

impl Input for [FunnelEvent<'_>] {
    fn len(&self) -> usize {
        <[FunnelEvent<'_>]>::len(self)
    }

    fn collect(&self, query: &FunnelQuery) -> (Vec<Rec>, usize) {
        collect(self, query)
    }

    fn properties(&self, idx: u32) -> &Map<String, Value> {
        self[idx as usize].properties
    }

    fn session_id(&self, idx: u32) -> &str {
        self[idx as usize].session_id
    }
}

/// One event that can play a part: `mask` bit k is set when it satisfies step k (bit 0 only
/// inside the entry date range).
#[derive(Debug, Clone, Copy, Default)]
struct Rec {
    user: u32,
    hold: u32,
    idx: u32,
    mask: u16,
    ts: i64,
}

const NONE: u32 = u32::MAX;

/// A user's counted path so far.
#[derive(Debug, Clone, Copy)]
struct Best {
    depth: usize,
    entry_ts: i64,
    entry_idx: u32,
    /// The input position of the path's last event (the one that converted a full path).
    last_idx: u32,
    times: [i64; MAX_STEPS],
}

impl Best {
    const EMPTY: Best = Best {
        depth: 0,
        entry_ts: i64::MAX,
        entry_idx: u32::MAX,
        last_idx: u32::MAX,
        times: [0; MAX_STEPS],
    };

    /// Would a path of `depth` entered at `(ts, idx)` replace this one?
    fn beaten_by(&self, depth: usize, ts: i64, idx: u32) -> bool {
        depth > self.depth || (depth == self.depth && (ts, idx) < (self.entry_ts, self.entry_idx))
    }
}

/// Computes the funnel of `query` over `events` (any order).
pub fn compute_funnel(
    events: &[FunnelEvent<'_>],
    query: &FunnelQuery,
) -> Result<FunnelReport, FunnelError> {
    compute(events, query)
}

/// Computes the funnel of `query` over the store's rows (any order; ties on time in the rows'
/// order), as [`compute_funnel`] over the same events would, without hashing a user's id or
/// matching a step's filters per event: both were done once per distinct user and property
/// set when the rows were read.
pub fn compute_funnel_rows(
    rows: &FunnelRows,
    query: &FunnelQuery,
) -> Result<FunnelReport, FunnelError> {
    compute(rows, query)
}

fn compute<I: Input + ?Sized>(
    events: &I,
    query: &FunnelQuery,
) -> Result<FunnelReport, FunnelError> {
    query.validate()?;
    if events.len() > u32::MAX as usize {
        return Err(FunnelError::TooManyEvents {
            events: events.len(),
        });
    }
    let n = query.steps.len();
    let (recs, user_count) = events.collect(query);
    let (mut sorted, starts) = group_by_user(recs, user_count);

    let tally = || match query.revenue {
        Some(_) => Tally::new(n).counting_revenue(),
        None => Tally::new(n),
    };
    let mut total = tally();
    let mut group_ids: FxMap<ValueKey<'_>, u32> = FxMap::default();
    let mut groups: Vec<(ValueKey<'_>, Tally)> = Vec::new();
    let mut next = Vec::new();
    for u in 0..user_count {
        let slice = &mut sorted[starts[u] as usize..starts[u + 1] as usize];
        if !slice.iter().any(|r| r.mask & 1 != 0) {
            continue;
        }
        slice.sort_unstable_by_key(|r| (r.hold, r.ts, r.idx));
        let mut best = Best::EMPTY;
        for run in slice.chunk_by(|a, b| a.hold == b.hold) {
            best_path_in_run(run, n, query.window_us, &mut next, &mut best);
        }
        let times = &best.times[..best.depth];
        total.add(times);
        // The converting event's value: an order's total when the last step is the order.
        let revenue = match &query.revenue {
            Some(p) if best.depth == n => events
                .properties(best.last_idx)
                .get(p.as_str())
                .and_then(serde_json::Value::as_f64),
            _ => None,
        };
        if let Some(dollars) = revenue {
            total.add_revenue(dollars);
        }
        if let Some(field) = &query.group_by {
            let key = field_key(field, events, best.entry_idx).for_group();
            let id = intern(&mut group_ids, key.clone()) as usize;
            if id == groups.len() {
                groups.push((key, tally()));
            }
            groups[id].1.add(times);
            if let Some(dollars) = revenue {
                groups[id].1.add_revenue(dollars);
            }
        }
    }

    let mut groups: Vec<GroupResult> = groups
        .into_iter()
        .map(|(key, tally)| GroupResult {
            group: key.label(),
            result: tally.finish(&query.steps),
        })
        .collect();
    groups.sort_by(|a, b| {
        b.result
            .entered
            .cmp(&a.result.entered)
            .then_with(|| a.group.cmp(&b.group))
    });
    Ok(FunnelReport {
        from: query.from,
        to: query.to,
        window_us: query.window_us,
        hold_constant: query.hold_constant.clone(),
        group_by: query.group_by.clone(),
        total: total.finish(&query.steps),
        groups,
    })
}

/// The value of `field` on the event at `idx`.
fn field_key<'a, I: Input + ?Sized>(field: &Field, events: &'a I, idx: u32) -> ValueKey<'a> {
    match field {
        Field::SessionId => ValueKey::Str(events.session_id(idx)),
        Field::Property(p) => ValueKey::of(events.properties(idx).get(p.as_str())),
    }
}

/// Keeps the events that can play a part, with their step masks; returns them and the number
/// of distinct users among them.
fn collect(events: &[FunnelEvent<'_>], query: &FunnelQuery) -> (Vec<Rec>, usize) {
    // Distinct event types of the funnel, each with the steps it could satisfy.
    let mut types: Vec<(&str, u16)> = Vec::new();
    for (k, step) in query.steps.iter().enumerate() {
        match types.iter_mut().find(|(t, _)| *t == step.event_type) {
            Some((_, m)) => *m |= 1 << k,
            None => types.push((&step.event_type, 1 << k)),
        }
    }
    // Nothing before `from` can follow an entry; nothing after the last entry's window counts.
    // Raw microseconds in the loop, as the events carry them.
    let (from, to) = (query.from.as_micros(), query.to.as_micros());
    let last_useful = (to - 1).saturating_add(query.window_us);

    let mut users: FxMap<&str, u32> = FxMap::default();
    let mut holds: FxMap<ValueKey<'_>, u32> = FxMap::default();
    let mut recs = Vec::new();
    for (i, e) in events.iter().enumerate() {
        let ts = e.timestamp;
        if ts < from || ts > last_useful {
            continue;
        }
        let Some(&(_, candidates)) = types.iter().find(|(t, _)| *t == e.event_type) else {
            continue;
        };
        let mut mask = 0u16;
        let mut rest = candidates;
        while rest != 0 {
            let k = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            if k == 0 && ts >= to {
                continue;
            }
            if query.steps[k].filters_match(e.properties) {
                mask |= 1 << k;
            }
        }
        if mask == 0 {
            continue;
        }
        let user = intern(&mut users, e.user_id);
        let hold = match &query.hold_constant {
            None => 0,
            Some(Field::SessionId) => intern(&mut holds, ValueKey::Str(e.session_id)),
            Some(Field::Property(p)) => {
                intern(&mut holds, ValueKey::of(e.properties.get(p.as_str())))
            }
        };
        recs.push(Rec {
            user,
            hold,
            idx: i as u32,
            mask,
            ts,
        });
    }
    (recs, users.len())
}

/// Stable counting sort by user: returns the records and each user's start offset
/// (`starts[u]..starts[u + 1]`).
fn group_by_user(recs: Vec<Rec>, user_count: usize) -> (Vec<Rec>, Vec<u32>) {
    let mut starts = vec![0u32; user_count + 1];
    for r in &recs {
        starts[r.user as usize + 1] += 1;
    }
    for u in 0..user_count {
        starts[u + 1] += starts[u];
    }
    let mut fill = starts.clone();
    let mut sorted = vec![Rec::default(); recs.len()];
    for r in recs {
        let slot = &mut fill[r.user as usize];
        sorted[*slot as usize] = r;
        *slot += 1;
    }
    (sorted, starts)
}

/// Finds the best path among the entries of one run (one user, one held value, sorted by
/// timestamp then input position) and folds it into `best`.
fn best_path_in_run(run: &[Rec], n: usize, window: i64, next: &mut Vec<u32>, best: &mut Best) {
    let m = run.len();
    if !run.iter().any(|r| r.mask & 1 != 0) {
        return;
    }
    if n > 1 {
        // next[p * n + k]: the first position >= p satisfying step k (row m is all NONE).
        next.clear();
        next.resize((m + 1) * n, NONE);
        for p in (0..m).rev() {
            let mask = run[p].mask;
            for k in 1..n {
                next[p * n + k] = if mask & (1 << k) != 0 {
                    p as u32
                } else {
                    next[(p + 1) * n + k]
                };
            }
        }
    }
    for (p, entry) in run.iter().enumerate() {
        if entry.mask & 1 == 0 {
            continue;
        }
        // Entries in a run only get later: once nothing can beat `best`, stop.
        if best.depth == n && !best.beaten_by(n, entry.ts, entry.idx) {
            break;
        }
        let limit = entry.ts.saturating_add(window);
        let mut times = [0i64; MAX_STEPS];
        times[0] = entry.ts;
        let mut depth = 1;
        let mut q = p;
        while depth < n {
            let r = next[(q + 1) * n + depth];
            if r == NONE || run[r as usize].ts > limit {
                break;
            }
            q = r as usize;
            times[depth] = run[q].ts;
            depth += 1;
        }
        if best.beaten_by(depth, entry.ts, entry.idx) {
            *best = Best {
                depth,
                entry_ts: entry.ts,
                entry_idx: entry.idx,
                last_idx: run[q].idx,
                times,
            };
        }
        if depth == n {
            break;
        }
    }
}

#[cfg(test)]
mod tests;
