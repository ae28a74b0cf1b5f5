//! The funnel chart's geometry, drawn on the server: every bar, and every label with the box
//! it takes, placed so that no two labels overlap whatever the steps' names, the counts or the
//! number of sides. Two layouts: columns for a wide screen, and rows for a phone, where a
//! column chart scaled down to 360 pixels would leave its text unreadably small.
//!
//! Text widths are estimated (`CHAR_WIDTH` of the font size per character, generous for the
//! sans-serif the page uses), and the tests check the boxes built from that estimate.

use crate::analytics::FunnelResult;
use crate::analytics::spec::percent;
use crate::web::views::grouped;

/// Average advance of a character as a share of the font size, on the generous side (digits
/// are about 0.55 in the system sans-serif fonts, capitals up to 0.7).
const CHAR_WIDTH: f64 = 0.62;
/// Above the baseline (ascent) and below it (descent), as shares of the font size.
const ASCENT: f64 = 0.8;
const DESCENT: f64 = 0.25;
/// Line spacing, as a share of the font size.
const LEADING: f64 = 1.2;
/// Smallest text drawn, in the chart's units: a wide chart grows rather than go below it.
const MIN_FONT: f64 = 10.0;
const MAX_FONT: f64 = 13.0;
const MARGIN: f64 = 12.0;

/// One side of the chart: its CSS key (`a`, `b`), its name in the bars' titles, its funnel.
pub type Side<'a> = (&'static str, &'static str, &'a FunnelResult);

pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// `a` or `b`: the bar's colour.
    pub side: &'static str,
    /// "A: 1,234 shoppers, 23.8 % of step 1"
    pub title: String,
}

/// A piece of text, one or more lines.
pub struct Label {
    pub x: f64,
    /// Baselines, one per line.
    pub lines: Vec<(f64, String)>,
    pub font: f64,
    /// `start`, `middle` or `end`.
    pub anchor: &'static str,
    /// `bar-label`, `bar-label inside` or `step-label`.
    pub class: &'static str,
    /// The side of the bar a label is written inside (its colour decides the text's).
    pub side: &'static str,
}

impl Label {
    /// The box the text takes: (left, top, right, bottom).
    pub fn bounds(&self) -> (f64, f64, f64, f64) {
        let width = self
            .lines
            .iter()
            .map(|(_, text)| text_width(text, self.font))
            .fold(0.0, f64::max);
        let left = match self.anchor {
            "start" => self.x,
            "end" => self.x - width,
            _ => self.x - width / 2.0,
        };
        let top = self.lines.first().map_or(0.0, |(y, _)| *y) - ASCENT * self.font;
        let bottom = self.lines.last().map_or(0.0, |(y, _)| *y) + DESCENT * self.font;
        (left, top, left + width, bottom)
    }
}

pub struct FunnelChart {
    pub width: f64,
    pub height: f64,
    pub bars: Vec<Bar>,
    pub labels: Vec<Label>,
    /// The baseline the columns stand on (columns), or the left edge the rows start from.
    pub axis: (f64, f64, f64, f64),
}

fn text_width(text: &str, font: f64) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH * font
}

/// "CheckoutStarted" → ["Checkout", "Started"]; a step's number goes in front of the first.
fn words_of(step: usize, event_type: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in event_type.chars() {
        match words.last_mut() {
            Some(word) if !c.is_uppercase() => word.push(c),
            _ => words.push(c.to_string()),
        }
    }
    if let Some(first) = words.first_mut() {
        *first = format!("{step}. {first}");
    }
    words
}

/// `words` filled into lines no wider than `width` at `font` (a word wider than that alone
/// on its line).
fn fill(words: &[String], width: f64, font: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in words {
        match lines.last_mut() {
            Some(line) if text_width(&format!("{line} {word}"), font) <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.clone()),
        }
    }
    lines
}

/// `words` in at most two lines no wider than `width` at `font`, or `None`.
fn wrap_in_two(words: &[String], width: f64, font: f64) -> Option<Vec<String>> {
    let lines = fill(words, width, font);
    let fits = lines.len() <= 2 && lines.iter().all(|l| text_width(l, font) <= width);
    fits.then_some(lines)
}

/// `text` cut to `width` at `font`, with an ellipsis when cut.
fn cut(text: &str, width: f64, font: f64) -> String {
    if text_width(text, font) <= width {
        return text.to_string();
    }
    let room = ((width / (CHAR_WIDTH * font)).floor() as usize).max(2);
    let kept: String = text.chars().take(room - 1).collect();
    format!("{kept}…")
}

/// A step's name in up to two lines that fit `width`: the largest font from `MAX_FONT` down
/// to `MIN_FONT` at which the words wrap into two lines, else cut at `MIN_FONT`.
fn step_name(step: usize, event_type: &str, width: f64) -> (Vec<String>, f64) {
    let words = words_of(step, event_type);
    let mut font = MAX_FONT;
    while font >= MIN_FONT {
        if let Some(lines) = wrap_in_two(&words, width, font) {
            return (lines, font);
        }
        font -= 0.5;
    }
    // Too long even at the smallest font: the first line as filled, the rest on the second,
    // each cut to fit.
    let mut lines = fill(&words, width, MIN_FONT);
    if lines.len() > 2 {
        let rest = lines.split_off(1).join(" ");
        lines.push(rest);
    }
    let lines = lines.iter().map(|l| cut(l, width, MIN_FONT)).collect();
    (lines, MIN_FONT)
}

fn share_of(s: &crate::analytics::StepResult) -> f64 {
    s.conversion_from_start.unwrap_or(0.0).clamp(0.0, 1.0)
}

fn title_of(name: &str, s: &crate::analytics::StepResult) -> String {
    format!(
        "{name}: {} shoppers, {} of step 1",
        grouped(s.users),
        percent(s.conversion_from_start)
    )
}

/// The steps every side has, numbered, with their event types (the first side's).
fn steps_of(sides: &[Side<'_>]) -> Vec<(usize, String)> {
    sides.first().map_or_else(Vec::new, |(_, _, r)| {
        r.steps
            .iter()
            .map(|s| (s.step, s.event_type.clone()))
            .collect()
    })
}

impl FunnelChart {
    /// Columns: for each step a group of bars, one per side, each with its share of step 1 and
    /// its count above it; the step's name below, in up to two lines. The chart widens when
    /// the labels would need a font under `MIN_FONT` to fit their bars.
    pub fn columns(sides: &[Side<'_>]) -> FunnelChart {
        const PLOT: f64 = 170.0;
        const GROUP: f64 = 0.84;
        let steps = steps_of(sides);
        let n = steps.len().max(1);
        let k = sides.len().max(1);
        let values: Vec<(String, String)> = sides
            .iter()
            .flat_map(|(_, _, r)| r.steps.iter())
            .map(|s| (percent(s.conversion_from_start), grouped(s.users)))
            .collect();
        let widest = values
            .iter()
            .map(|(p, c)| p.chars().count().max(c.chars().count()))
            .max()
            .unwrap_or(1) as f64;
        // Each bar's pitch holds its widest label (and 2 units each side) at `MIN_FONT`.
        let min_pitch = widest * CHAR_WIDTH * MIN_FONT + 4.0;
        let width = (n as f64 * k as f64 * min_pitch / GROUP + 2.0 * MARGIN).max(760.0);
        let slot = (width - 2.0 * MARGIN) / n as f64;
        let pitch = slot * GROUP / k as f64;
        let value_font = ((pitch - 4.0) / (widest * CHAR_WIDTH)).clamp(MIN_FONT, MAX_FONT);
        let names: Vec<(Vec<String>, f64)> = steps
            .iter()
            .map(|(step, t)| step_name(*step, t, slot - 6.0))
            .collect();
        let name_font = names.iter().map(|(_, f)| *f).fold(MAX_FONT, f64::min);
        // Two lines of value labels fit above the tallest bar.
        let plot_top = MARGIN + 2.0 * LEADING * value_font + 4.0;
        let plot_bottom = plot_top + PLOT;
        let mut bars = Vec::new();
        let mut labels = Vec::new();
        for (i, (step, _)) in steps.iter().enumerate() {
            let left = MARGIN + slot * i as f64 + slot * (1.0 - GROUP) / 2.0;
            for (j, (side, name, report)) in sides.iter().enumerate() {
                let Some(s) = report.steps.iter().find(|s| s.step == *step) else {
                    continue;
                };
                let height = PLOT * share_of(s);
                let x = left + pitch * j as f64 + 2.0;
                let bar_width = pitch - 4.0;
                let top = plot_bottom - height;
                bars.push(Bar {
                    x,
                    y: top,
                    width: bar_width,
                    height,
                    side,
                    title: title_of(name, s),
                });
                let count_line = top - 3.0 - DESCENT * value_font;
                labels.push(Label {
                    x: x + bar_width / 2.0,
                    lines: vec![
                        (
                            count_line - LEADING * value_font,
                            percent(s.conversion_from_start),
                        ),
                        (count_line, grouped(s.users)),
                    ],
                    font: value_font,
                    anchor: "middle",
                    class: "bar-label",
                    side,
                });
            }
            let (lines, _) = &names[i];
            let first = plot_bottom + 6.0 + ASCENT * name_font;
            labels.push(Label {
                x: MARGIN + slot * (i as f64 + 0.5),
                lines: lines
                    .iter()
                    .enumerate()
                    .map(|(l, text)| (first + LEADING * name_font * l as f64, text.clone()))
                    .collect(),
                font: name_font,
                anchor: "middle",
                class: "step-label",
                side: "",
            });
        }
        let height = plot_bottom + 6.0 + (LEADING + 1.0) * name_font + MARGIN;
        FunnelChart {
            width,
            height,
            bars,
            labels,
            axis: (MARGIN / 2.0, plot_bottom, width - MARGIN / 2.0, plot_bottom),
        }
    }

    /// Rows, for a phone: for each step its name on a line of its own, then a bar per side
    /// whose length is its share of step 1, labelled "A 23.8 % · 1,234" inside the bar when the
    /// label fits there, else just after its end.
    pub fn rows(sides: &[Side<'_>]) -> FunnelChart {
        const WIDTH: f64 = 360.0;
        const BAR: f64 = 20.0;
        const FONT: f64 = 12.0;
        let steps = steps_of(sides);
        let name_font = MAX_FONT;
        let track = WIDTH - 2.0 * MARGIN;
        let mut y = MARGIN;
        let mut bars = Vec::new();
        let mut labels = Vec::new();
        for (step, event_type) in &steps {
            let name = words_of(*step, event_type).join(" ");
            y += ASCENT * name_font;
            labels.push(Label {
                x: MARGIN,
                lines: vec![(y, cut(&name, track, name_font))],
                font: name_font,
                anchor: "start",
                class: "step-label",
                side: "",
            });
            y += DESCENT * name_font + 4.0;
            for (side, name, report) in sides {
                let Some(s) = report.steps.iter().find(|s| s.step == *step) else {
                    continue;
                };
                // Two sides are told apart by their letter as well as their colour.
                let side_letter = match sides.len() {
                    1 => String::new(),
                    _ => format!("{} ", name.chars().next().unwrap_or(' ')),
                };
                let text = format!(
                    "{side_letter}{} · {}",
                    percent(s.conversion_from_start),
                    grouped(s.users)
                );
                let text = cut(&text, track / 2.0 - 8.0, FONT);
                let label_width = text_width(&text, FONT);
                let length = (track * share_of(s)).max(1.0);
                bars.push(Bar {
                    x: MARGIN,
                    y,
                    width: length,
                    height: BAR,
                    side,
                    title: title_of(name, s),
                });
                let baseline = y + BAR / 2.0 + (ASCENT - DESCENT) * FONT / 2.0;
                let (x, anchor, class) = if label_width + 8.0 <= length {
                    (MARGIN + length - 4.0, "end", "bar-label inside")
                } else {
                    (MARGIN + length + 4.0, "start", "bar-label")
                };
                labels.push(Label {
                    x,
                    lines: vec![(baseline, text)],
                    font: FONT,
                    anchor,
                    class,
                    side,
                });
                y += BAR + 4.0;
            }
            y += 8.0;
        }
        FunnelChart {
            width: WIDTH,
            height: y + MARGIN / 2.0,
            bars,
            labels,
            axis: (MARGIN, MARGIN, MARGIN, y),
        }
    }
}

#[cfg(test)]
mod tests;
