//! The whole flow as a standalone SVG picture, drawn from the document and its layout as the
//! canvas draws it: one box per component (kind, name, the configuration's one-line summary, a
//! row per exit, the "on error" row and the twelve alternative keys, sized as the canvas sizes
//! them), an arrow routed like the canvas's edges (orthogonal, rounded corners) from each connected exit, key and custom error route to
//! its target, and the notes.
//!
//! Why here and not a screenshot of the canvas: the canvas draws only the boxes near the view
//! once a flow is large (culling), so a capture of the DOM misses most of a big flow; this
//! writer draws every component at its saved position, the same way in the app (Export as SVG,
//! and as PNG by rasterising this SVG) and in `callflow graph --format svg`. The output is
//! deterministic (same document, same bytes) and needs no fonts or scripts beyond the SVG.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use callflow_model::{DtmfKey, ErrorHandling, FlowFile, KindGroup, Position, exits_of};

use crate::summary::{SUMMARY_MAX, config_summary};

/// Box geometry, close to the canvas's (`ui/src/canvas/model.ts`, `estimateNode`).
const WIDTH: f64 = 240.0;
const HEADER: f64 = 60.0;
const ROW: f64 = 18.0;
const MARGIN: f64 = 40.0;
/// Height of the alternative-keys row.
const KEYS_ROW: f64 = 29.0;
/// Colours of the connections: exits, the error route, alternative keys.
const EXIT_COLOR: &str = "#64748b";
const ERROR_COLOR: &str = "#dc2626";
const KEY_COLOR: &str = "#7c3aed";

fn group_color(group: KindGroup) -> &'static str {
    match group {
        KindGroup::Flow => "#64748b",
        KindGroup::Ivr => "#7c3aed",
        KindGroup::Routing => "#0e7490",
        KindGroup::Dialer => "#c2410c",
        KindGroup::Callbacks => "#be185d",
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Cuts `text` to `max` characters, with an ellipsis.
fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// One row of a box, as the canvas lists them: each exit of the kind (system exits too, greyed,
/// without a connector) and then the "on error" route.
struct ExitRow {
    label: String,
    target: Option<String>,
    connectable: bool,
    error: bool,
}

struct Placed {
    x: f64,
    y: f64,
    height: f64,
    rows: Vec<ExitRow>,
    /// The alternative-keys row (keypad order) for kinds that have one: each key's target.
    keys: Option<Vec<(DtmfKey, Option<String>)>>,
}

impl Placed {
    /// Where the exit row `i`'s connector is.
    fn row_point(&self, i: usize) -> (f64, f64) {
        (self.x + WIDTH, self.y + HEADER + 7.0 + (i as f64 + 0.5) * ROW)
    }

    /// Top of the alternative-keys row.
    fn keys_top(&self) -> f64 {
        self.y + self.height - 5.0 - KEYS_ROW
    }

    /// Left edge and width of key cell `k` (12 cells across the box, as in `.cf-keys`).
    fn key_cell(&self, k: usize) -> (f64, f64) {
        let cell = (WIDTH - 12.0) / 12.0;
        (self.x + 6.0 + k as f64 * cell + 1.0, cell - 2.0)
    }
}

/// Each component's box, sized as the canvas sizes it (`estimateNode` in `ui/src/canvas/model.ts`).
/// Components without a saved position are placed in a row below the rest.
fn place_components(file: &FlowFile) -> BTreeMap<&str, Placed> {
    let flow = &file.flow;
    let mut placed: BTreeMap<&str, Placed> = BTreeMap::new();
    let positioned: Vec<Position> = file.layout.components.values().copied().collect();
    let bottom = positioned.iter().map(|p| p.y).fold(0.0_f64, f64::max) + 260.0;
    let mut unplaced = 0.0;
    for (id, component) in &flow.components {
        let spec = component.kind.spec();
        let mut rows: Vec<ExitRow> = exits_of(component)
            .into_iter()
            .map(|e| ExitRow {
                target: if e.connectable { component.target(&e.name).cloned() } else { None },
                label: e.name,
                connectable: e.connectable,
                error: false,
            })
            .collect();
        // Like the canvas: kinds with error handling show an "on error" row, connected when
        // the error goes to a component of its own.
        if spec.supports_error_handling() {
            let target = match &component.error_handling {
                ErrorHandling::Custom { target } => Some(target.clone()),
                _ => None,
            };
            rows.push(ExitRow { label: "on error".into(), target, connectable: true, error: true });
        }
        // Keys bound on a kind without the row (a file written by hand) still get the row, so
        // that every connection is drawn.
        let keys = (spec.alternative_keys || !component.alternative_keys.is_empty())
            .then(|| DtmfKey::ALL.iter().map(|k| (*k, component.alternative_keys.get(k).cloned())).collect());
        let (x, y) = match file.layout.components.get(id) {
            Some(p) => (p.x, p.y),
            None => {
                let at = (unplaced * (WIDTH + 40.0), bottom);
                unplaced += 1.0;
                at
            }
        };
        let height = HEADER
            + if rows.is_empty() { 0.0 } else { 7.0 + rows.len() as f64 * ROW }
            + if keys.is_some() { KEYS_ROW } else { 0.0 }
            + 5.0;
        placed.insert(id.as_str(), Placed { x, y, height, rows, keys });
    }
    placed
}

/// Draws `file`'s flow.
pub fn flow_svg(file: &FlowFile) -> String {
    let flow = &file.flow;
    let placed = place_components(file);

    // Bounds of everything drawn.
    let (mut min_x, mut min_y, mut max_x, mut max_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    let mut grow = |x: f64, y: f64, w: f64, h: f64| {
        min_x = min_x.min(x);
        min_y = min_y.min(y);
        max_x = max_x.max(x + w);
        max_y = max_y.max(y + h);
    };
    for p in placed.values() {
        grow(p.x, p.y, WIDTH + 60.0, p.height);
    }
    for note in &flow.notes {
        if let Some(b) = file.layout.notes.get(&note.id) {
            grow(b.x, b.y, b.width, b.height);
        }
    }
    if placed.is_empty() {
        (min_x, min_y, max_x, max_y) = (0.0, 0.0, WIDTH, HEADER);
    }
    let (vx, vy) = (min_x - MARGIN, min_y - MARGIN);
    let (vw, vh) = (max_x - min_x + 2.0 * MARGIN, max_y - min_y + 2.0 * MARGIN);

    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="{vx} {vy} {vw} {vh}" width="{vw}" height="{vh}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">"#
    );
    let _ = writeln!(out, "<title>{}</title>", escape(&flow.name));
    // One arrowhead per kind of connection, in its colour.
    out.push_str("<defs>");
    for (id, color) in [("arrow", EXIT_COLOR), ("arrow-error", ERROR_COLOR), ("arrow-key", KEY_COLOR)] {
        let _ = write!(
            out,
            r#"<marker id="{id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker>"#
        );
    }
    out.push_str("</defs>\n");
    let _ = writeln!(out, r##"<rect x="{vx}" y="{vy}" width="{vw}" height="{vh}" fill="#f8fafc"/>"##);

    // Notes under everything.
    for note in &flow.notes {
        let Some(b) = file.layout.notes.get(&note.id) else { continue };
        let _ = writeln!(
            out,
            r##"<g class="note"><rect x="{}" y="{}" width="{}" height="{}" rx="4" fill="#fef9c3" stroke="#eab308"/>"##,
            b.x, b.y, b.width, b.height
        );
        let per_line = ((b.width - 16.0) / 6.5).max(8.0) as usize;
        let lines = (((b.height - 12.0) / 15.0).max(1.0)) as usize;
        for (i, line) in wrap(&note.text, per_line).into_iter().take(lines).enumerate() {
            let _ = writeln!(
                out,
                r##"<text x="{}" y="{}" fill="#713f12">{}</text>"##,
                b.x + 8.0,
                b.y + 18.0 + i as f64 * 15.0,
                escape(&line)
            );
        }
        out.push_str("</g>\n");
    }

    // Edges, then boxes on top.
    out.push_str("<g class=\"edges\" fill=\"none\">\n");
    for (id, p) in &placed {
        let exits = p.rows.iter().enumerate().filter_map(|(i, row)| {
            let target = row.target.as_deref()?;
            let (x, y) = p.row_point(i);
            // From the right of the connector's dot, as the canvas's edges leave their handle.
            Some((row.label.clone(), target, (x + 4.0, y), Side::Right, row.error))
        });
        let keys = p.keys.iter().flatten().enumerate().filter_map(|(k, (key, target))| {
            let (left, width) = p.key_cell(k);
            let from = (left + width / 2.0, p.y + p.height);
            Some((format!("key {key}"), target.as_deref()?, from, Side::Bottom, false))
        });
        for (label, target, from, side, error) in exits.chain(keys) {
            let Some(t) = placed.get(target) else { continue };
            let to = (t.x, t.y + t.height / 2.0);
            let d = smooth_step_path(&step_points(from, side, to, Side::Left), 5.0);
            let (color, marker, dash) = if error {
                (ERROR_COLOR, "arrow-error", r#" stroke-dasharray="5 4""#)
            } else if side == Side::Bottom {
                (KEY_COLOR, "arrow-key", "")
            } else {
                (EXIT_COLOR, "arrow", "")
            };
            let _ = writeln!(
                out,
                r#"<path data-from="{}" data-exit="{}" data-to="{}" d="{d}" stroke="{color}" stroke-width="1.5"{dash} marker-end="url(#{marker})"/>"#,
                escape(id),
                escape(&label),
                escape(target),
            );
        }
    }
    out.push_str("</g>\n");

    for (id, p) in &placed {
        let component = &flow.components[*id];
        let spec = component.kind.spec();
        let color = group_color(spec.group);
        let entry = *id == flow.entry;
        let _ = writeln!(
            out,
            r#"<g class="component" data-id="{}" data-kind="{}">"#,
            escape(id),
            component.kind.id()
        );
        let _ = writeln!(
            out,
            r##"<rect x="{}" y="{}" width="{WIDTH}" height="{}" rx="8" fill="#ffffff" stroke="{color}" stroke-width="{}"/>"##,
            p.x,
            p.y,
            p.height,
            if entry { 2.5 } else { 1.5 }
        );
        let _ = writeln!(
            out,
            r#"<rect x="{}" y="{}" width="6" height="{}" rx="3" fill="{color}"/>"#,
            p.x, p.y, p.height
        );
        // The header as the canvas draws it: kind, name, the configuration's summary.
        let _ = writeln!(
            out,
            r##"<text x="{}" y="{}" font-size="10.5" font-weight="700" letter-spacing="0.4" fill="{color}">{}</text>"##,
            p.x + 16.0,
            p.y + 16.0,
            escape(&spec.label.to_uppercase())
        );
        let _ = writeln!(
            out,
            r##"<text x="{}" y="{}" font-weight="600" font-size="13.5" fill="#0f172a">{}</text>"##,
            p.x + 16.0,
            p.y + 33.0,
            escape(&fit(&component.name, 28))
        );
        let summary = config_summary(&component.config, SUMMARY_MAX);
        if !summary.is_empty() {
            let _ = writeln!(
                out,
                r##"<text class="summary" x="{}" y="{}" font-size="11.5" fill="#64748b">{}</text>"##,
                p.x + 16.0,
                p.y + 50.0,
                escape(&fit(&summary, 36))
            );
        }
        for (i, row) in p.rows.iter().enumerate() {
            let (x, y) = p.row_point(i);
            let fill = match (row.error, row.target.is_some()) {
                (true, true) => ERROR_COLOR,
                (false, true) => "#334155",
                (_, false) => "#94a3b8",
            };
            let style = if row.connectable { "" } else { r#" font-style="italic""# };
            let _ = write!(
                out,
                r#"<text x="{}" y="{}" text-anchor="end" fill="{fill}"{style}>{}</text>"#,
                x - 12.0,
                y + 4.0,
                escape(&fit(&row.label, 32)),
            );
            if row.connectable {
                let _ = write!(out, r#"<circle cx="{x}" cy="{y}" r="4" fill="{fill}"/>"#);
            }
            out.push('\n');
        }
        if let Some(keys) = &p.keys {
            let top = p.keys_top();
            let _ = writeln!(
                out,
                r##"<line x1="{}" y1="{top}" x2="{}" y2="{top}" stroke="#cbd5e1"/>"##,
                p.x + 6.0,
                p.x + WIDTH
            );
            for (k, (key, target)) in keys.iter().enumerate() {
                let (left, width) = p.key_cell(k);
                let (fill, stroke, text, weight) = match target {
                    Some(_) => (KEY_COLOR, KEY_COLOR, "#ffffff", r#" font-weight="700""#),
                    None => ("none", "#cbd5e1", "#94a3b8", ""),
                };
                let _ = writeln!(
                    out,
                    r#"<rect x="{left}" y="{}" width="{width}" height="17" rx="3" fill="{fill}" stroke="{stroke}"/><text x="{}" y="{}" text-anchor="middle" font-size="10.5" fill="{text}"{weight}>{}</text>"#,
                    top + 4.0,
                    left + width / 2.0,
                    top + 16.0,
                    escape(&key.to_string()),
                );
            }
        }
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
}

/// The side of a box a connection leaves or enters by.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Side {
    Right,
    Bottom,
    Left,
}

impl Side {
    /// The way out of the box on this side.
    fn direction(self) -> (f64, f64) {
        match self {
            Side::Right => (1.0, 0.0),
            Side::Bottom => (0.0, 1.0),
            Side::Left => (-1.0, 0.0),
        }
    }
}

type Point = (f64, f64);

/// The corners of a connection as the canvas draws it: React Flow's smooth-step edge
/// (`getPoints` in `@xyflow/system`, ported for the sides used here): out of the source and into
/// the target by 20 px, and orthogonal segments between, split halfway.
fn step_points(source: Point, source_side: Side, target: Point, target_side: Side) -> Vec<Point> {
    const OFFSET: f64 = 20.0;
    let (sd, td) = (source_side.direction(), target_side.direction());
    let sg = (source.0 + sd.0 * OFFSET, source.1 + sd.1 * OFFSET);
    let tg = (target.0 + td.0 * OFFSET, target.1 + td.1 * OFFSET);
    // The main axis is the source's; `along` and `across` read a point's coordinate on it and on
    // the other axis.
    let horizontal = sd.0 != 0.0;
    let along = |p: Point| if horizontal { p.0 } else { p.1 };
    let across = |p: Point| if horizontal { p.1 } else { p.0 };
    let (s_dir, t_dir) = (along(sd), along(td));
    let heading = if along(sg) < along(tg) { 1.0 } else { -1.0 };
    let middle: Vec<Point> = if s_dir * t_dir == -1.0 {
        // Facing sides (right to left): across in the middle.
        let (cx, cy) = ((sg.0 + tg.0) / 2.0, (sg.1 + tg.1) / 2.0);
        let vertical_split = vec![(cx, sg.1), (cx, tg.1)];
        let horizontal_split = vec![(sg.0, cy), (tg.0, cy)];
        if (s_dir == heading) == horizontal { vertical_split } else { horizontal_split }
    } else {
        // Sides at a right angle (a key's bottom to a box's left): one corner.
        let source_target = (sg.0, tg.1);
        let target_source = (tg.0, sg.1);
        let mut corner = if (s_dir == heading) == horizontal { target_source } else { source_target };
        if source_side != target_side {
            let same_way = s_dir == across(td);
            let (greater, less) = (across(sg) > across(tg), across(sg) < across(tg));
            let flip = if s_dir == 1.0 {
                (!same_way && greater) || (same_way && less)
            } else {
                (!same_way && less) || (same_way && greater)
            };
            if flip {
                corner = if horizontal { source_target } else { target_source };
            }
        }
        vec![corner]
    };
    let mut points: Vec<Point> = Vec::new();
    for p in [source, sg].into_iter().chain(middle).chain([tg, target]) {
        // A point the path runs straight through would shrink the next corner's bend.
        if let [.., a, b] = points[..] {
            let straight = (a.0 == b.0 && b.0 == p.0 && (b.1 - a.1) * (p.1 - b.1) >= 0.0)
                || (a.1 == b.1 && b.1 == p.1 && (b.0 - a.0) * (p.0 - b.0) >= 0.0);
            if straight {
                points.pop();
            }
        }
        points.push(p);
    }
    points
}

/// An SVG path through `points` with corners rounded by up to `radius` (React Flow's `getBend`).
fn smooth_step_path(points: &[Point], radius: f64) -> String {
    let distance = |a: Point, b: Point| ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
    let mut d = String::new();
    for (i, &(x, y)) in points.iter().enumerate() {
        if i == 0 || i == points.len() - 1 {
            let _ = write!(d, "{}{x},{y}", if i == 0 { 'M' } else { 'L' });
            continue;
        }
        let (a, c) = (points[i - 1], points[i + 1]);
        let bend = (distance(a, (x, y)) / 2.0).min(distance((x, y), c) / 2.0).min(radius);
        if (a.0 == x && x == c.0) || (a.1 == y && y == c.1) {
            let _ = write!(d, "L{x},{y}");
        } else if a.1 == y {
            let x_dir = if a.0 < c.0 { -1.0 } else { 1.0 };
            let y_dir = if a.1 < c.1 { 1.0 } else { -1.0 };
            let _ = write!(d, "L{},{y}Q{x},{y} {x},{}", x + bend * x_dir, y + bend * y_dir);
        } else {
            let x_dir = if a.0 < c.0 { 1.0 } else { -1.0 };
            let y_dir = if a.1 < c.1 { -1.0 } else { 1.0 };
            let _ = write!(d, "L{x},{}Q{x},{y} {},{y}", y + bend * y_dir, x + bend * x_dir);
        }
    }
    d
}

/// Greedy word wrap to lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&fit(word, width));
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(name: &str) -> FlowFile {
        let path = format!("{}/../../flows/{name}", env!("CARGO_MANIFEST_DIR"));
        callflow_model::read_path(std::path::Path::new(&path)).unwrap()
    }

    #[test]
    fn every_component_and_connection_is_drawn_and_the_svg_is_well_formed() {
        for (name, file) in samples() {
            let svg = flow_svg(&file);
            assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{name}");
            assert!(svg.ends_with("</svg>\n"));
            assert_eq!(svg.matches("<g class=\"component\"").count(), file.flow.components.len(), "{name}");
            let edges: usize = file.flow.components.values().map(|c| c.targets().count()).sum();
            let drawn = svg.matches("<path data-from=").count();
            // Exits that are not connectable never have targets; every target is drawn once.
            assert_eq!(drawn, edges, "{name}");
            // Balanced groups (a cheap well-formedness check; the e2e test parses it with DOMParser).
            assert_eq!(svg.matches("<g").count(), svg.matches("</g>").count(), "{name}");
            assert_eq!(flow_svg(&file), svg, "deterministic");
        }
    }

    fn samples() -> impl Iterator<Item = (String, FlowFile)> {
        let dir = format!("{}/../../flows", env!("CARGO_MANIFEST_DIR"));
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names.into_iter().map(|name| {
            let file = sample(&name);
            (name, file)
        })
    }

    /// The attribute `name` of the first element in `svg` that starts with `prefix`.
    fn attribute(svg: &str, prefix: &str, name: &str) -> f64 {
        let element = &svg[svg.find(prefix).unwrap_or_else(|| panic!("no {prefix}"))..];
        let element = &element[..element.find('>').unwrap()];
        let value = element.split(&format!(" {name}=\"")).nth(1).unwrap();
        value[..value.find('"').unwrap()].parse().unwrap()
    }

    #[test]
    fn alternative_keys_are_one_row_of_twelve_and_their_arrows_leave_from_the_bottom() {
        let (_, mut file) = samples()
            .find(|(_, f)| f.flow.components.values().any(|c| !c.alternative_keys.is_empty()))
            .unwrap();
        let (id, component) =
            file.flow.components.iter().find(|(_, c)| !c.alternative_keys.is_empty()).unwrap();
        let (id, bound) = (id.clone(), component.alternative_keys.len());
        let group = format!(r#"<g class="component" data-id="{id}""#);
        let svg = flow_svg(&file);
        let box_of = |svg: &str| {
            let group = &svg[svg.find(&group).unwrap()..];
            (attribute(group, "<rect", "y"), attribute(group, "<rect", "height"))
        };
        let (top, height) = box_of(&svg);
        // An arrow from a key starts at the bottom of its box.
        let arrow = &svg[svg.find(&format!(r#"<path data-from="{id}" data-exit="key "#)).unwrap()..];
        let start = &arrow[arrow.find(" d=\"M").unwrap() + 5..];
        let start_y: f64 = start[start.find(',').unwrap() + 1..start.find('L').unwrap()].parse().unwrap();
        assert_eq!(start_y, top + height);
        // The keys row is there whether keys are bound or not: unbinding them does not change
        // the box (each bound key used to add a row of its own, so boxes grew past the canvas's).
        let group_svg = &svg[svg.find(&group).unwrap()..];
        let group_svg = &group_svg[..group_svg.find("</g>").unwrap()];
        assert_eq!(group_svg.matches("<rect").count(), 2 + 12, "box, stripe and twelve key cells");
        assert_eq!(group_svg.matches(r##"fill="#7c3aed" stroke"##).count(), bound, "bound keys highlighted");
        file.flow.components.get_mut(&id).unwrap().alternative_keys.clear();
        assert_eq!(box_of(&flow_svg(&file)).1, height);
    }

    /// The routes React Flow's smooth-step edge takes for the same ends (worked out from
    /// `getPoints` in `@xyflow/system`).
    #[test]
    fn connections_are_routed_like_the_canvas_edges() {
        // An exit to a box ahead and below: right, down halfway, right.
        let forward = step_points((0.0, 0.0), Side::Right, (100.0, 50.0), Side::Left);
        assert_eq!(forward, [(0.0, 0.0), (50.0, 0.0), (50.0, 50.0), (100.0, 50.0)]);
        assert_eq!(smooth_step_path(&forward, 5.0), "M0,0L45,0Q50,0 50,5L50,45Q50,50 55,50L100,50");
        // An exit back to a box behind: out 20 px, across halfway down, in 20 px.
        let back = step_points((100.0, 0.0), Side::Right, (0.0, 100.0), Side::Left);
        assert_eq!(
            back,
            [(100.0, 0.0), (120.0, 0.0), (120.0, 50.0), (-20.0, 50.0), (-20.0, 100.0), (0.0, 100.0)]
        );
        // A key down to a box ahead: down, then right.
        let key = step_points((10.0, 100.0), Side::Bottom, (200.0, 300.0), Side::Left);
        assert_eq!(key, [(10.0, 100.0), (10.0, 300.0), (200.0, 300.0)]);
    }

    /// Boxes sized as the canvas sizes them do not overlap at the samples' saved positions, so
    /// neither the canvas nor the picture shows one box over another.
    #[test]
    fn no_sample_has_overlapping_boxes() {
        for (name, file) in samples() {
            let placed = place_components(&file);
            let boxes: Vec<(&str, &Placed)> = placed.iter().map(|(id, p)| (*id, p)).collect();
            for (i, (a, pa)) in boxes.iter().enumerate() {
                for (b, pb) in &boxes[i + 1..] {
                    let apart = pa.x + WIDTH <= pb.x
                        || pb.x + WIDTH <= pa.x
                        || pa.y + pa.height <= pb.y
                        || pb.y + pb.height <= pa.y;
                    assert!(
                        apart,
                        "{name}: {a} ({}, {}, height {}) overlaps {b} ({}, {}, height {})",
                        pa.x, pa.y, pa.height, pb.x, pb.y, pb.height
                    );
                }
            }
        }
    }

    /// Each box says what its component does, as on the canvas: the opening hours, the prompt.
    #[test]
    fn boxes_show_their_configuration_summary() {
        let svg = flow_svg(&sample("inbound-support.callflow.json"));
        assert!(svg.contains(">Mon–Fri 08:00–18:00, Sat 09:00–1"), "{svg}");
        assert!(svg.contains(r#"<text class="summary""#));
        let summaries = svg.matches(r#"class="summary""#).count();
        assert!(summaries >= 8, "{summaries} summaries");
    }

    #[test]
    fn names_are_escaped() {
        let (_, mut file) = samples().next().unwrap();
        let id = file.flow.components.keys().next().unwrap().clone();
        file.flow.components.get_mut(&id).unwrap().name = "<A & \"B\">".into();
        let svg = flow_svg(&file);
        assert!(svg.contains("&lt;A &amp; &quot;B&quot;&gt;"));
        assert!(!svg.contains("<A & "));
    }
}
