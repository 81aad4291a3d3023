//! Draws a GIL trace (the Chrome trace-event JSON written by
//! `conc --trace FILE.json`) as an SVG timeline: one row per thread, time
//! from left to right, a colour for each phase (`running`, `wait_gil`,
//! `blocked`, shaded by what blocks the thread when the trace says so),
//! marks for drop requests and for the forced switches they caused, a time
//! axis, a legend and a title line.
//!
//! Long traces stay readable and the picture stays small: slices narrower
//! than a pixel are merged into summary bars (drawn stacked by each phase's
//! share of the time, with the number of slices in the tooltip and the total
//! in the title), marks are merged per pixel, and at most [`MAX_ROWS`] rows
//! are drawn. The whole picture therefore holds at most a few thousand
//! elements per row whatever the length of the trace.
//!
//! [`render`] is a pure function from the JSON text to the SVG text.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::Value as Json;

/// At most this many thread rows are drawn; the rest are counted in a note.
pub const MAX_ROWS: usize = 48;
/// The default width of the picture in pixels.
pub const DEFAULT_WIDTH: u32 = 1200;
/// The narrowest and widest pictures [`render_with`] draws.
pub const WIDTH_RANGE: (u32, u32) = (480, 4000);

/// Slices narrower than this many pixels are merged.
const MIN_PX: f64 = 1.0;
const LABEL_W: f64 = 170.0;
const RIGHT_M: f64 = 24.0;
const TOP: f64 = 62.0;
/// Marker zone above each bar, the bar, and the gap below it.
const MARK_H: f64 = 8.0;
const BAR_H: f64 = 20.0;
const GAP_H: f64 = 10.0;
const ROW_H: f64 = MARK_H + BAR_H + GAP_H;

const C_RUNNING: &str = "#2f9e44";
const C_WAIT: &str = "#e03131";
const C_BLOCKED: &str = "#adb5bd";
const C_DROP: &str = "#f08c00";
const C_PRIORITY: &str = "#862e9c";
const C_FORCED: &str = "#212529";

/// Shades of the blocked colour by what a thread waits for (the `reason`
/// argument of a `blocked` slice); unknown reasons get the plain colour.
const REASONS: &[(&str, &str)] = &[
    ("sleep", "#a5d8ff"),
    ("lock", "#b197fc"),
    ("queue", "#63e6be"),
    ("join", "#868e96"),
    ("io", "#e6b87a"),
    ("input", "#ffd8a8"),
    ("process", "#99e9f2"),
    ("socket", "#fcc2d7"),
    ("select", "#d8f5a2"),
];

/// The phase of a slice.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Phase {
    Running = 0,
    Wait = 1,
    Blocked = 2,
}

impl Phase {
    fn from_name(name: &str) -> Option<Phase> {
        match name {
            "running" => Some(Phase::Running),
            "wait_gil" => Some(Phase::Wait),
            "blocked" => Some(Phase::Blocked),
            _ => None,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Phase::Running => "running",
            Phase::Wait => "waiting for the GIL",
            Phase::Blocked => "blocked (GIL released)",
        }
    }

    fn colour(self) -> &'static str {
        match self {
            Phase::Running => C_RUNNING,
            Phase::Wait => C_WAIT,
            Phase::Blocked => C_BLOCKED,
        }
    }
}

const PHASES: [Phase; 3] = [Phase::Running, Phase::Wait, Phase::Blocked];

fn blocked_colour(reason: Option<&str>) -> &'static str {
    reason
        .and_then(|r| REASONS.iter().find(|(name, _)| *name == r))
        .map_or(C_BLOCKED, |(_, c)| c)
}

#[derive(Clone, Debug)]
struct Slice {
    start: f64,
    end: f64,
    phase: Phase,
    reason: Option<String>,
}

#[derive(Clone, Copy, Debug)]
struct DropRequest {
    ts: f64,
    priority: bool,
    holder: Option<i64>,
}

#[derive(Debug, Default)]
struct Thread {
    name: Option<String>,
    sort: Option<i64>,
    slices: Vec<Slice>,
    drops: Vec<DropRequest>,
    /// Times of forced switches (inferred, see [`infer_forced_switches`]).
    forced: Vec<f64>,
}

/// What was read from the JSON.
#[derive(Debug, Default)]
struct Trace {
    threads: BTreeMap<(i64, i64), Thread>,
    dropped_events: u64,
    /// False for a trace recorded with `--no-gil` (`otherData.gil`): the
    /// picture then shows running and blocked threads, with no lock.
    gil: bool,
}

fn parse(text: &str) -> Result<Trace, String> {
    let doc: Json = serde_json::from_str(text).map_err(|e| format!("not valid JSON ({e})"))?;
    let events = match &doc {
        Json::Object(map) => match map.get("traceEvents") {
            Some(Json::Array(evs)) => evs,
            Some(_) => return Err("not a trace: \"traceEvents\" is not a list".into()),
            None => return Err("not a trace: no \"traceEvents\" list".into()),
        },
        Json::Array(evs) => evs,
        _ => return Err("not a trace: expected an object with \"traceEvents\"".into()),
    };
    let mut tr = Trace {
        dropped_events: doc
            .pointer("/otherData/dropped_events")
            .and_then(Json::as_u64)
            .unwrap_or(0),
        gil: doc
            .pointer("/otherData/gil")
            .and_then(Json::as_bool)
            .unwrap_or(true),
        ..Trace::default()
    };
    let mut named = 0usize;
    for ev in events {
        let Some(obj) = ev.as_object() else { continue };
        let ph = obj.get("ph").and_then(Json::as_str).unwrap_or("");
        let name = obj.get("name").and_then(Json::as_str).unwrap_or("");
        let int = |k: &str| {
            obj.get(k)
                .and_then(|v| v.as_i64().or_else(|| v.as_f64().map(|f| f as i64)))
        };
        let key = (int("pid").unwrap_or(0), int("tid").unwrap_or(0));
        let num = |k: &str| obj.get(k).and_then(Json::as_f64).filter(|f| f.is_finite());
        let args = obj.get("args");
        match (ph, name) {
            ("M", "thread_name") => {
                if let Some(n) = args.and_then(|a| a.get("name")).and_then(Json::as_str) {
                    tr.threads.entry(key).or_default().name = Some(n.to_string());
                    named += 1;
                }
            }
            ("M", "thread_sort_index") => {
                if let Some(i) = args
                    .and_then(|a| a.get("sort_index"))
                    .and_then(Json::as_i64)
                {
                    tr.threads.entry(key).or_default().sort = Some(i);
                }
            }
            ("X", _) => {
                let (Some(phase), Some(start), Some(dur)) =
                    (Phase::from_name(name), num("ts"), num("dur"))
                else {
                    continue;
                };
                if dur < 0.0 {
                    continue;
                }
                let reason = args
                    .and_then(|a| a.get("reason"))
                    .and_then(Json::as_str)
                    .map(str::to_string);
                tr.threads.entry(key).or_default().slices.push(Slice {
                    start,
                    end: start + dur,
                    phase,
                    reason,
                });
            }
            ("i" | "I", "drop_request") => {
                let Some(ts) = num("ts") else { continue };
                tr.threads.entry(key).or_default().drops.push(DropRequest {
                    ts,
                    priority: args
                        .and_then(|a| a.get("priority"))
                        .and_then(Json::as_bool)
                        .unwrap_or(false),
                    holder: args.and_then(|a| a.get("holder")).and_then(Json::as_i64),
                });
            }
            _ => {}
        }
    }
    let slices: usize = tr.threads.values().map(|t| t.slices.len()).sum();
    if slices == 0 && named == 0 {
        return Err(
            "not a conc GIL trace: no thread names and no running / wait_gil / blocked slices"
                .into(),
        );
    }
    for t in tr.threads.values_mut() {
        t.slices.sort_by(|a, b| a.start.total_cmp(&b.start));
        t.drops.sort_by(|a, b| a.ts.total_cmp(&b.ts));
    }
    infer_forced_switches(&mut tr);
    Ok(tr)
}

/// The tracer records drop requests but not the switches they cause. A
/// forced switch is a `running` slice of the holder named by a drop request
/// that contains the request and is followed at once by a `wait_gil` slice
/// (the holder dropped the lock and waits to take it back), as opposed to a
/// thread that stopped running because it blocked.
fn infer_forced_switches(tr: &mut Trace) {
    let mut found: Vec<((i64, i64), f64)> = Vec::new();
    for (&(pid, _), t) in &tr.threads {
        for d in &t.drops {
            let Some(holder) = d.holder else { continue };
            let Some(h) = tr.threads.get(&(pid, holder)) else {
                continue;
            };
            // The holder's last slice starting at or before the request.
            let i = h.slices.partition_point(|s| s.start <= d.ts);
            if i == 0 {
                continue;
            }
            let s = &h.slices[i - 1];
            if s.phase != Phase::Running || s.end < d.ts {
                continue;
            }
            let next_is_wait = h
                .slices
                .get(i)
                .is_some_and(|n| n.phase == Phase::Wait && (n.start - s.end).abs() <= 1.0);
            if next_is_wait {
                found.push(((pid, holder), s.end));
            }
        }
    }
    for (key, at) in found {
        if let Some(t) = tr.threads.get_mut(&key) {
            t.forced.push(at);
        }
    }
    for t in tr.threads.values_mut() {
        t.forced.sort_by(f64::total_cmp);
        t.forced.dedup();
    }
}

/// One drawn bar: a slice at least [`MIN_PX`] wide, or a summary of
/// narrower neighbours.
#[derive(Debug)]
enum Bar {
    Solid {
        x0: f64,
        x1: f64,
        idx: usize,
    },
    Summary {
        x0: f64,
        x1: f64,
        t0: f64,
        t1: f64,
        /// Microseconds in each phase.
        totals: [f64; 3],
        count: usize,
    },
}

impl Bar {
    fn dominant(totals: &[f64; 3]) -> usize {
        let mut best = 0;
        for i in 1..3 {
            if totals[i] > totals[best] {
                best = i;
            }
        }
        best
    }
}

/// Lays out one row's slices: wide slices as they are, runs of narrow ones
/// as summaries of at least [`MIN_PX`], neighbouring summaries with the same
/// dominant phase joined.
fn layout(slices: &[Slice], x_of: &dyn Fn(f64) -> f64) -> Vec<Bar> {
    let mut out: Vec<Bar> = Vec::new();
    let mut pending: Option<Bar> = None;
    fn flush(out: &mut Vec<Bar>, bar: Bar) {
        if let (
            Bar::Summary {
                x0,
                x1,
                t1,
                totals,
                count,
                ..
            },
            Some(Bar::Summary {
                x1: px1,
                t1: pt1,
                totals: ptotals,
                count: pcount,
                ..
            }),
        ) = (&bar, out.last_mut())
        {
            if *x0 - *px1 < 0.5 && Bar::dominant(totals) == Bar::dominant(ptotals) {
                *px1 = px1.max(*x1);
                *pt1 = pt1.max(*t1);
                for i in 0..3 {
                    ptotals[i] += totals[i];
                }
                *pcount += count;
                return;
            }
        }
        out.push(bar);
    }
    for (idx, s) in slices.iter().enumerate() {
        let (x0, x1) = (x_of(s.start), x_of(s.end));
        if x1 - x0 >= MIN_PX {
            if let Some(p) = pending.take() {
                flush(&mut out, p);
            }
            out.push(Bar::Solid { x0, x1, idx });
            continue;
        }
        let d = s.end - s.start;
        match &mut pending {
            Some(Bar::Summary {
                x1: px1,
                t1,
                totals,
                count,
                ..
            }) if x0 - *px1 < MIN_PX => {
                *px1 = px1.max(x1);
                *t1 = t1.max(s.end);
                totals[s.phase as usize] += d;
                *count += 1;
            }
            _ => {
                if let Some(p) = pending.take() {
                    flush(&mut out, p);
                }
                let mut totals = [0.0; 3];
                totals[s.phase as usize] = d;
                pending = Some(Bar::Summary {
                    x0,
                    x1,
                    t0: s.start,
                    t1: s.end,
                    totals,
                    count: 1,
                });
            }
        }
        if let Some(Bar::Summary { x0, x1, .. }) = &pending {
            if x1 - x0 >= MIN_PX {
                flush(&mut out, pending.take().expect("pending"));
            }
        }
    }
    if let Some(p) = pending.take() {
        flush(&mut out, p);
    }
    out
}

/// Escapes text for XML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A duration in microseconds, in the unit that suits it.
fn fmt_dur(us: f64) -> String {
    let a = us.abs();
    if a >= 1e6 {
        format!("{:.3} s", us / 1e6)
    } else if a >= 1e3 {
        format!("{:.3} ms", us / 1e3)
    } else {
        format!("{us:.1} µs")
    }
}

/// The axis unit for a span of `span` microseconds: (name, microseconds).
fn axis_unit(span: f64) -> (&'static str, f64) {
    if span >= 1e6 {
        ("s", 1e6)
    } else if span >= 1e3 {
        ("ms", 1e3)
    } else {
        ("µs", 1.0)
    }
}

/// A 1-2-5 tick step giving about `target` ticks over `span`.
fn tick_step(span: f64, target: f64) -> f64 {
    let raw = (span / target).max(f64::MIN_POSITIVE);
    let mag = 10f64.powf(raw.log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if m * mag >= raw {
            return m * mag;
        }
    }
    10.0 * mag
}

/// Decimals needed to print multiples of `step` (in display units).
fn decimals(step: f64) -> usize {
    let mut d = 0;
    let mut s = step;
    while d < 6 && (s - s.round()).abs() > 1e-9 * step.max(1.0) {
        s *= 10.0;
        d += 1;
    }
    d
}

fn pct(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        100.0 * part / whole
    } else {
        0.0
    }
}

/// Renders the trace in `json` as an SVG picture [`DEFAULT_WIDTH`] pixels
/// wide; `name` (usually the file name) goes in the title.
pub fn render(json: &str, name: &str) -> Result<String, String> {
    render_with(json, name, DEFAULT_WIDTH)
}

/// [`render`] with the picture `width` pixels wide (clamped to
/// [`WIDTH_RANGE`]).
pub fn render_with(json: &str, name: &str, width: u32) -> Result<String, String> {
    let tr = parse(json)?;
    Ok(draw(
        &tr,
        name,
        width.clamp(WIDTH_RANGE.0, WIDTH_RANGE.1) as f64,
    ))
}

fn draw(tr: &Trace, name: &str, width: f64) -> String {
    // Rows in the tracer's sort order (then pid, tid).
    let mut rows: Vec<(&(i64, i64), &Thread)> = tr.threads.iter().collect();
    rows.sort_by_key(|(k, t)| (k.0, t.sort.unwrap_or(k.1), k.1));
    let hidden = rows.len().saturating_sub(MAX_ROWS);
    rows.truncate(MAX_ROWS);

    // The time span: every slice and mark of every thread.
    let mut t0 = f64::INFINITY;
    let mut t1 = f64::NEG_INFINITY;
    for t in tr.threads.values() {
        for s in &t.slices {
            t0 = t0.min(s.start);
            t1 = t1.max(s.end);
        }
        for d in &t.drops {
            t0 = t0.min(d.ts);
            t1 = t1.max(d.ts);
        }
    }
    if !t0.is_finite() {
        t0 = 0.0;
        t1 = 1.0;
    }
    let span = (t1 - t0).max(1.0);
    let plot_x = LABEL_W;
    let plot_w = width - LABEL_W - RIGHT_M;
    let x_of = move |t: f64| plot_x + (t - t0) / span * plot_w;

    let total_slices: usize = tr.threads.values().map(|t| t.slices.len()).sum();
    let total_drops: usize = tr.threads.values().map(|t| t.drops.len()).sum();
    let total_forced: usize = tr.threads.values().map(|t| t.forced.len()).sum();
    let reasons: Vec<&str> = {
        let mut r: Vec<&str> = tr
            .threads
            .values()
            .flat_map(|t| t.slices.iter().filter_map(|s| s.reason.as_deref()))
            .collect();
        r.sort_unstable();
        r.dedup();
        r
    };

    let layouts: Vec<Vec<Bar>> = rows.iter().map(|(_, t)| layout(&t.slices, &x_of)).collect();
    let (mut merged, mut summaries) = (0usize, 0usize);
    for bars in &layouts {
        for b in bars {
            if let Bar::Summary { count, .. } = b {
                if *count > 1 {
                    merged += count;
                    summaries += 1;
                }
            }
        }
    }

    let legend = legend_items(&reasons, tr.gil);
    let rows_h = rows.len() as f64 * ROW_H;
    let axis_y = TOP + rows_h + 4.0;
    let legend_y = axis_y + 44.0;
    let placed = place_legend(&legend, width);
    let legend_lines = placed.last().map_or(1, |p| p.2 + 1);
    let height = legend_y + legend_lines as f64 * 20.0 + 6.0;

    let mut o = String::with_capacity(64 * 1024);
    let _ = writeln!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="12">"#,
        w = width,
        h = height.ceil()
    );
    let _ = writeln!(
        o,
        r##"<rect x="0" y="0" width="{width}" height="{}" fill="#ffffff"/>"##,
        height.ceil()
    );

    // Title and summary line.
    let _ = writeln!(
        o,
        r##"<text x="16" y="24" font-size="17" font-weight="bold" fill="#212529">{}: {}</text>"##,
        if tr.gil {
            "GIL timeline"
        } else {
            "Thread timeline without a GIL"
        },
        esc(name)
    );
    let mut sub = format!(
        "{}, {} thread{}, {} slices",
        fmt_dur(t1 - t0),
        tr.threads.len(),
        if tr.threads.len() == 1 { "" } else { "s" },
        total_slices,
    );
    if tr.gil {
        let _ = write!(
            sub,
            ", {} drop request{}, {} forced switch{}",
            total_drops,
            if total_drops == 1 { "" } else { "s" },
            total_forced,
            if total_forced == 1 { "" } else { "es" },
        );
    }
    if merged > 0 {
        let _ = write!(
            sub,
            "; {merged} slices narrower than a pixel merged into {summaries} summary bar{}",
            if summaries == 1 { "" } else { "s" }
        );
    }
    if hidden > 0 {
        let _ = write!(sub, "; {hidden} more threads not drawn");
    }
    if tr.dropped_events > 0 {
        let _ = write!(sub, "; the tracer dropped {} events", tr.dropped_events);
    }
    let _ = writeln!(
        o,
        r##"<text x="16" y="44" font-size="12" fill="#495057">{}</text>"##,
        esc(&sub)
    );

    // Grid lines and the axis.
    let (unit, per_unit) = axis_unit(span);
    let step = tick_step(span / per_unit, (plot_w / 110.0).max(2.0)) * per_unit;
    let dec = decimals(step / per_unit);
    let _ = writeln!(o, r##"<g stroke="#dee2e6" stroke-width="1">"##);
    let mut ticks = Vec::new();
    let mut k = 0i64;
    loop {
        let t = k as f64 * step;
        if t > span + step * 1e-9 {
            break;
        }
        let x = x_of(t0 + t);
        ticks.push((x, t));
        let _ = writeln!(
            o,
            r#"<line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{axis_y}"/>"#
        );
        k += 1;
    }
    let _ = writeln!(o, "</g>");

    // Rows.
    for (r, ((key, t), bars)) in rows.iter().zip(&layouts).enumerate() {
        let y = TOP + r as f64 * ROW_H;
        let bar_y = y + MARK_H;
        let label = t
            .name
            .clone()
            .unwrap_or_else(|| format!("thread {}", key.1));
        let mut totals = [0.0f64; 3];
        for s in &t.slices {
            totals[s.phase as usize] += s.end - s.start;
        }
        let life: f64 = totals.iter().sum();
        let _ = writeln!(o, "<g>");
        let _ = writeln!(
            o,
            "<title>{} (tid {}): running {} ({:.0}%), waiting {} ({:.0}%), blocked {} ({:.0}%)</title>",
            esc(&label),
            key.1,
            fmt_dur(totals[0]),
            pct(totals[0], life),
            fmt_dur(totals[1]),
            pct(totals[1], life),
            fmt_dur(totals[2]),
            pct(totals[2], life),
        );
        let shown: String = if label.chars().count() > 22 {
            label.chars().take(21).chain(['…']).collect()
        } else {
            label.clone()
        };
        let _ = writeln!(
            o,
            r##"<text x="{}" y="{:.1}" text-anchor="end" font-size="13" font-weight="bold" fill="#212529">{}</text>"##,
            LABEL_W - 10.0,
            bar_y + 10.0,
            esc(&shown)
        );
        let _ = writeln!(
            o,
            r##"<text x="{}" y="{:.1}" text-anchor="end" font-size="10" fill="#495057">run {:.0}% · wait {:.0}% · blk {:.0}%</text>"##,
            LABEL_W - 10.0,
            bar_y + 22.0,
            pct(totals[0], life),
            pct(totals[1], life),
            pct(totals[2], life),
        );
        let _ = writeln!(o, "</g>");
        let _ = writeln!(
            o,
            r##"<rect x="{plot_x}" y="{bar_y}" width="{plot_w}" height="{BAR_H}" fill="#f1f3f5"/>"##
        );
        for b in bars {
            match *b {
                Bar::Solid { x0, x1, idx } => {
                    let s = &t.slices[idx];
                    let fill = match s.phase {
                        Phase::Blocked => blocked_colour(s.reason.as_deref()),
                        p => p.colour(),
                    };
                    let what = match (&s.phase, &s.reason) {
                        (Phase::Blocked, Some(r)) => format!("blocked on {r}"),
                        (p, _) => p.label().to_string(),
                    };
                    let _ = writeln!(
                        o,
                        r#"<rect x="{x0:.2}" y="{bar_y}" width="{:.2}" height="{BAR_H}" fill="{fill}"><title>{}: {} from {} to {}</title></rect>"#,
                        x1 - x0,
                        esc(&label),
                        esc(&what),
                        fmt_dur(s.start - t0),
                        fmt_dur(s.end - t0),
                    );
                }
                Bar::Summary {
                    x0,
                    x1,
                    t0: s0,
                    t1: s1,
                    totals,
                    count,
                } => {
                    let w = (x1 - x0).max(MIN_PX);
                    if count == 1 {
                        let p = PHASES[Bar::dominant(&totals)];
                        let _ = writeln!(
                            o,
                            r#"<rect x="{x0:.2}" y="{bar_y}" width="{w:.2}" height="{BAR_H}" fill="{}"><title>{}: {} for {} at {}</title></rect>"#,
                            p.colour(),
                            esc(&label),
                            p.label(),
                            fmt_dur(s1 - s0),
                            fmt_dur(s0 - t0),
                        );
                        continue;
                    }
                    let sum: f64 = totals.iter().sum::<f64>().max(f64::MIN_POSITIVE);
                    let _ = writeln!(
                        o,
                        "<g><title>{}: {} slices merged, {} to {}: running {:.0}%, waiting {:.0}%, blocked {:.0}%</title>",
                        esc(&label),
                        count,
                        fmt_dur(s0 - t0),
                        fmt_dur(s1 - t0),
                        pct(totals[0], sum),
                        pct(totals[1], sum),
                        pct(totals[2], sum),
                    );
                    let mut yy = bar_y;
                    for p in PHASES {
                        let h = totals[p as usize] / sum * BAR_H;
                        if h <= 0.0 {
                            continue;
                        }
                        let _ = writeln!(
                            o,
                            r#"<rect x="{x0:.2}" y="{yy:.2}" width="{w:.2}" height="{h:.2}" fill="{}"/>"#,
                            p.colour()
                        );
                        yy += h;
                    }
                    let _ = writeln!(
                        o,
                        r##"<rect x="{x0:.2}" y="{:.2}" width="{w:.2}" height="2" fill="#495057"/></g>"##,
                        bar_y + BAR_H
                    );
                }
            }
        }
        draw_drops(&mut o, t, tr, key.0, &x_of, y, t0);
        draw_forced(&mut o, t, &x_of, bar_y + BAR_H, t0);
    }

    // The axis line and labels.
    let _ = writeln!(
        o,
        r##"<line x1="{plot_x}" y1="{axis_y}" x2="{}" y2="{axis_y}" stroke="#495057"/>"##,
        plot_x + plot_w
    );
    for (x, t) in &ticks {
        let _ = writeln!(
            o,
            r##"<line x1="{x:.1}" y1="{axis_y}" x2="{x:.1}" y2="{}" stroke="#495057"/><text x="{x:.1}" y="{}" text-anchor="middle" font-size="11" fill="#343a40">{:.dec$}</text>"##,
            axis_y + 5.0,
            axis_y + 18.0,
            t / per_unit,
        );
    }
    let _ = writeln!(
        o,
        r##"<text x="{}" y="{}" text-anchor="end" font-size="11" fill="#343a40">time ({unit})</text>"##,
        LABEL_W - 22.0,
        axis_y + 18.0
    );

    // The legend.
    for ((icon, text), (lx, _, line)) in legend.iter().zip(&placed) {
        let ly = legend_y + *line as f64 * 20.0;
        let _ = writeln!(
            o,
            r##"<g transform="translate({lx:.1},{ly:.1})">{icon}<text x="20" y="0" font-size="11" fill="#343a40">{}</text></g>"##,
            esc(text)
        );
    }
    o.push_str("</svg>\n");
    o
}

/// The legend's entries: (icon drawn at the origin, text).
/// Without a GIL (`gil == false`) only running and blocked mean something.
fn legend_items(reasons: &[&str], gil: bool) -> Vec<(String, String)> {
    let sw = |fill: &str| {
        format!(
            r##"<rect x="0" y="-10" width="14" height="12" fill="{fill}" stroke="#868e96" stroke-width="0.5"/>"##
        )
    };
    let mut items: Vec<(String, String)> = if gil {
        vec![
            (sw(C_RUNNING), "running (holds the GIL)".into()),
            (sw(C_WAIT), "waiting for the GIL".into()),
            (sw(C_BLOCKED), "blocked, GIL released".into()),
        ]
    } else {
        vec![
            (
                sw(C_RUNNING),
                "running (no GIL: threads run at once)".into(),
            ),
            (sw(C_BLOCKED), "blocked".into()),
        ]
    };
    for r in reasons {
        items.push((sw(blocked_colour(Some(r))), format!("blocked on {r}")));
    }
    items.push((
        format!(
            r##"<rect x="0" y="-10" width="14" height="5" fill="{C_RUNNING}"/><rect x="0" y="-5" width="14" height="4" fill="{C_WAIT}"/><rect x="0" y="-1" width="14" height="3" fill="{C_BLOCKED}"/><rect x="0" y="2" width="14" height="2" fill="#495057"/>"##
        ),
        "slices < 1 px merged (stacked by share of time)".into(),
    ));
    if !gil {
        return items;
    }
    items.push((
        format!(r#"<path d="M1,-10 L13,-10 L7,-2 Z" fill="{C_DROP}"/>"#),
        "drop request (timed out)".into(),
    ));
    items.push((
        format!(r#"<path d="M1,-10 L13,-10 L7,-2 Z" fill="{C_PRIORITY}"/>"#),
        "drop request (priority, after blocking)".into(),
    ));
    items.push((
        format!(r#"<path d="M7,-12 L7,2" stroke="{C_FORCED}" stroke-width="2"/>"#),
        "forced switch (GIL dropped on request)".into(),
    ));
    items
}

/// Places legend entries left to right, wrapping at `width`: (x, width,
/// line) for each, with the text width estimated from its length.
fn place_legend(items: &[(String, String)], width: f64) -> Vec<(f64, f64, usize)> {
    let mut out = Vec::with_capacity(items.len());
    let (mut x, mut line) = (16.0, 0usize);
    for (_, text) in items {
        let w = 20.0 + text.chars().count() as f64 * 6.3 + 22.0;
        if x > 16.0 && x + w > width - 8.0 {
            x = 16.0;
            line += 1;
        }
        out.push((x, w, line));
        x += w;
    }
    out
}

/// Drop requests as triangles above the requesting thread's bar, merged
/// per pixel.
fn draw_drops(
    o: &mut String,
    t: &Thread,
    tr: &Trace,
    pid: i64,
    x_of: &dyn Fn(f64) -> f64,
    y: f64,
    t0: f64,
) {
    let holder_name = |h: Option<i64>| match h {
        Some(h) => tr
            .threads
            .get(&(pid, h))
            .and_then(|t| t.name.clone())
            .unwrap_or_else(|| format!("thread {h}")),
        None => "nobody".into(),
    };
    let mut i = 0;
    while i < t.drops.len() {
        let first = t.drops[i];
        let px = x_of(first.ts).floor();
        let mut j = i;
        let mut priority = 0usize;
        while j < t.drops.len() && x_of(t.drops[j].ts).floor() == px {
            priority += t.drops[j].priority as usize;
            j += 1;
        }
        let n = j - i;
        let x = x_of(first.ts);
        let fill = if priority * 2 > n { C_PRIORITY } else { C_DROP };
        let what = if n == 1 {
            format!(
                "{} drop request at {} while {} held the GIL",
                if first.priority {
                    "priority"
                } else {
                    "timed-out"
                },
                fmt_dur(first.ts - t0),
                holder_name(first.holder)
            )
        } else {
            format!(
                "{n} drop requests ({priority} priority) from {} to {}",
                fmt_dur(first.ts - t0),
                fmt_dur(t.drops[j - 1].ts - t0)
            )
        };
        let _ = writeln!(
            o,
            r#"<path d="M{:.1},{:.1} L{:.1},{:.1} L{x:.1},{:.1} Z" fill="{fill}"><title>{}</title></path>"#,
            x - 4.0,
            y + 1.0,
            x + 4.0,
            y + 1.0,
            y + MARK_H,
            esc(&what)
        );
        i = j;
    }
}

/// Forced switches as ticks under the bar of the thread that was made to
/// drop the GIL, merged per pixel.
fn draw_forced(o: &mut String, t: &Thread, x_of: &dyn Fn(f64) -> f64, y: f64, t0: f64) {
    if t.forced.is_empty() {
        return;
    }
    let mut d = String::new();
    let mut last_px = f64::NAN;
    let mut n = 0usize;
    for &at in &t.forced {
        let x = x_of(at);
        if x.floor() == last_px {
            continue;
        }
        last_px = x.floor();
        n += 1;
        let _ = write!(d, "M{x:.1},{:.1}L{x:.1},{:.1}", y - 3.0, y + 5.0);
    }
    let _ = writeln!(
        o,
        r#"<path d="{d}" stroke="{C_FORCED}" stroke-width="1.5"><title>{} forced switches, first at {} ({} ticks drawn)</title></path>"#,
        t.forced.len(),
        fmt_dur(t.forced[0] - t0),
        n
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks the SVG is well formed enough: one `<svg>` root, every element
    /// closed in order, quotes balanced inside tags.
    fn check_well_formed(svg: &str) {
        assert!(svg.starts_with("<svg"), "does not start with <svg");
        assert!(
            svg.trim_end().ends_with("</svg>"),
            "does not end with </svg>"
        );
        let mut stack: Vec<String> = Vec::new();
        let mut rest = svg;
        let mut roots = 0;
        while let Some(i) = rest.find('<') {
            rest = &rest[i + 1..];
            let end = rest.find('>').expect("unclosed tag");
            let tag = &rest[..end];
            rest = &rest[end + 1..];
            assert_eq!(tag.matches('"').count() % 2, 0, "odd quotes in <{tag}>");
            assert!(!tag.contains('<'), "'<' inside a tag: <{tag}>");
            if let Some(name) = tag.strip_prefix('/') {
                let open = stack.pop().unwrap_or_else(|| panic!("stray </{name}>"));
                assert_eq!(open, name.trim(), "</{name}> closes <{open}>");
            } else if !tag.ends_with('/') {
                let name = tag.split_whitespace().next().expect("tag name").to_string();
                if stack.is_empty() {
                    roots += 1;
                }
                stack.push(name);
            }
            // Text between tags must not hold a bare '>' either.
            let text_end = rest.find('<').unwrap_or(rest.len());
            assert!(!rest[..text_end].contains('>'), "bare '>' in text");
        }
        assert!(stack.is_empty(), "unclosed elements: {stack:?}");
        assert_eq!(roots, 1, "more than one root element");
    }

    /// Two threads: "main" runs, then waits while "worker<1>" runs; the
    /// worker's second half is a burst of 200 tiny slices (10 ms of trace in
    /// 1 ms) that must be merged; one priority and one timed-out drop
    /// request, the second causing a forced switch.
    fn sample() -> String {
        let mut ev = vec![
            r#"{"ph":"M","name":"process_name","pid":1,"tid":0,"args":{"name":"conc"}}"#.to_string(),
            r#"{"ph":"M","name":"thread_name","pid":1,"tid":0,"args":{"name":"main"}}"#.into(),
            r#"{"ph":"M","name":"thread_name","pid":1,"tid":1,"args":{"name":"worker<1>"}}"#.into(),
            r#"{"ph":"X","name":"running","pid":1,"tid":0,"ts":0,"dur":5000}"#.into(),
            r#"{"ph":"X","name":"wait_gil","pid":1,"tid":0,"ts":5000,"dur":5000}"#.into(),
            r#"{"ph":"X","name":"blocked","pid":1,"tid":0,"ts":10000,"dur":20000,"args":{"reason":"sleep"}}"#.into(),
            r#"{"ph":"X","name":"wait_gil","pid":1,"tid":1,"ts":0,"dur":5000}"#.into(),
            r#"{"ph":"i","name":"drop_request","s":"t","pid":1,"tid":1,"ts":4990,"args":{"priority":false,"holder":0}}"#.into(),
            r#"{"ph":"i","name":"drop_request","s":"t","pid":1,"tid":1,"ts":100,"args":{"priority":true,"holder":0}}"#.into(),
            r#"{"ph":"X","name":"running","pid":1,"tid":1,"ts":5000,"dur":15000}"#.into(),
        ];
        for i in 0..200 {
            let name = if i % 2 == 0 { "running" } else { "wait_gil" };
            ev.push(format!(
                r#"{{"ph":"X","name":"{name}","pid":1,"tid":1,"ts":{},"dur":4}}"#,
                20000 + i * 5
            ));
        }
        // A long tail so that 5 µs is far below a pixel.
        ev.push(r#"{"ph":"X","name":"blocked","pid":1,"tid":1,"ts":21000,"dur":79000}"#.into());
        format!(
            r#"{{"traceEvents":[{}],"displayTimeUnit":"ms"}}"#,
            ev.join(",")
        )
    }

    #[test]
    fn renders_rows_legend_and_merges() {
        let svg = render(&sample(), "sample.json").expect("renders");
        check_well_formed(&svg);
        // Title with the file name, duration and thread count.
        assert!(svg.contains("GIL timeline: sample.json"), "{svg}");
        assert!(svg.contains("100.000 ms, 2 threads"), "{svg}");
        // One row per thread, names escaped.
        assert!(svg.contains(">main</text>"));
        assert!(svg.contains(">worker&lt;1&gt;</text>"));
        // Legend, including the reason shade seen in the trace.
        for item in [
            "running (holds the GIL)",
            "waiting for the GIL",
            "blocked, GIL released",
            "blocked on sleep",
            "drop request (timed out)",
            "forced switch",
        ] {
            assert!(svg.contains(item), "legend lacks {item}");
        }
        // The 200 tiny slices are merged, and the picture says so.
        assert!(
            svg.contains("200 slices narrower than a pixel merged into"),
            "{svg}"
        );
        let in_tooltips: usize = svg
            .split(" slices merged, ")
            .filter_map(|before| before.rsplit(": ").next()?.parse::<usize>().ok())
            .sum();
        assert_eq!(in_tooltips, 200);
        // Both drop requests, and the forced switch of main at 5 ms.
        assert!(svg.contains("2 drop requests, 1 forced switch"), "{svg}");
        assert!(svg.contains("priority drop request at 100.0 µs while main held the GIL"));
        // Time axis in ms.
        assert!(svg.contains("time (ms)"));
        // The picture does not grow with the number of merged slices.
        assert!(
            svg.matches("<rect").count() < 60,
            "{}",
            svg.matches("<rect").count()
        );
    }

    #[test]
    fn long_traces_stay_small() {
        let mut ev = vec![
            r#"{"ph":"M","name":"thread_name","pid":1,"tid":0,"args":{"name":"a"}}"#.to_string(),
        ];
        for i in 0..100_000 {
            let name = ["running", "wait_gil", "blocked"][i % 3];
            ev.push(format!(
                r#"{{"ph":"X","name":"{name}","pid":1,"tid":0,"ts":{},"dur":9}}"#,
                i * 12
            ));
        }
        let text = format!(r#"{{"traceEvents":[{}]}}"#, ev.join(","));
        let svg = render(&text, "long.json").unwrap();
        check_well_formed(&svg);
        assert!(svg.len() < 400_000, "{} bytes", svg.len());
        assert!(svg.contains("100000 slices narrower than a pixel merged"));
        assert!(svg.contains("time (s)"));
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(render("{", "x").unwrap_err().contains("not valid JSON"));
        assert!(render("{\"a\": 1}", "x")
            .unwrap_err()
            .contains("not a trace"));
        assert!(render("42", "x").unwrap_err().contains("not a trace"));
        assert!(render(
            r#"{"traceEvents":[{"ph":"X","name":"foo","ts":1,"dur":2}]}"#,
            "x"
        )
        .unwrap_err()
        .contains("not a conc GIL trace"));
        // Odd values inside events are skipped, not fatal.
        let odd = r#"{"traceEvents":[1,null,{"ph":"X","name":"running","tid":"x","ts":"a"},
            {"ph":"X","name":"running","tid":0,"ts":5,"dur":-1},
            {"ph":"M","name":"thread_name","tid":0,"args":{"name":"t"}}]}"#;
        check_well_formed(&render(odd, "odd").unwrap());
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(tick_step(1000.0, 10.0), 100.0);
        assert_eq!(tick_step(1200.0, 10.0), 200.0);
        assert_eq!(tick_step(3.0, 10.0), 0.5);
        assert_eq!(decimals(0.5), 1);
        assert_eq!(decimals(200.0), 0);
        assert_eq!(axis_unit(0.9e6), ("ms", 1e3));
        assert_eq!(axis_unit(1.5e6), ("s", 1e6));
        assert_eq!(axis_unit(900.0), ("µs", 1.0));
    }
}
