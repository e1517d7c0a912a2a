//! The whole flow as a standalone SVG picture, drawn from the document and its layout: one box
//! per component (name, kind, one row per exit), an arrow from each connected exit (and
//! alternative key and custom error exit) to its target, and the notes.
//!
//! Why here and not a screenshot of the canvas: the canvas draws only the boxes near the view
//! once a flow is large (culling), so a capture of the DOM misses most of a big flow; this
//! writer draws every component at its saved position, the same way in the app (Export as SVG,
//! and as PNG by rasterising this SVG) and in `callflow graph --format svg`. The output is
//! deterministic (same document, same bytes) and needs no fonts or scripts beyond the SVG.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use callflow_model::{ErrorHandling, FlowFile, KindGroup, Position, exits_of};

/// Box geometry, close to the canvas's (`ui/src/canvas/model.ts`, `estimateNode`).
const WIDTH: f64 = 240.0;
const HEADER: f64 = 60.0;
const ROW: f64 = 18.0;
const MARGIN: f64 = 40.0;

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

struct Placed {
    x: f64,
    y: f64,
    height: f64,
    /// Exit rows in order: (label, outgoing target, is error route).
    rows: Vec<(String, Option<String>, bool)>,
}

/// Draws `file`'s flow. Components without a saved position are placed in a row below the rest.
pub fn flow_svg(file: &FlowFile) -> String {
    let flow = &file.flow;
    let mut placed: BTreeMap<&str, Placed> = BTreeMap::new();
    let positioned: Vec<Position> = file.layout.components.values().copied().collect();
    let bottom = positioned.iter().map(|p| p.y).fold(0.0_f64, f64::max) + 260.0;
    let mut unplaced = 0.0;
    for (id, component) in &flow.components {
        let mut rows: Vec<(String, Option<String>, bool)> = exits_of(component)
            .into_iter()
            .filter(|e| e.connectable)
            .map(|e| {
                let target = component.target(&e.name).cloned();
                (e.name, target, false)
            })
            .collect();
        for (key, target) in &component.alternative_keys {
            rows.push((format!("key {key}"), Some(target.clone()), false));
        }
        // Like the canvas: kinds with error handling show an "on error" row, connected when
        // the error goes to a component of its own.
        if component.kind.spec().supports_error_handling() {
            let target = match &component.error_handling {
                ErrorHandling::Custom { target } => Some(target.clone()),
                _ => None,
            };
            rows.push(("on error".into(), target, true));
        }
        let (x, y) = match file.layout.components.get(id) {
            Some(p) => (p.x, p.y),
            None => {
                let at = (unplaced * (WIDTH + 40.0), bottom);
                unplaced += 1.0;
                at
            }
        };
        let height = HEADER + if rows.is_empty() { 0.0 } else { 7.0 + rows.len() as f64 * ROW } + 5.0;
        placed.insert(id.as_str(), Placed { x, y, height, rows });
    }

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
    out.push_str(concat!(
        "<defs>",
        r##"<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#64748b"/></marker>"##,
        r##"<marker id="arrow-error" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#dc2626"/></marker>"##,
        "</defs>\n"
    ));
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
        for (i, (label, target, error)) in p.rows.iter().enumerate() {
            let Some(target) = target else { continue };
            let Some(t) = placed.get(target.as_str()) else { continue };
            let (x1, y1) = (p.x + WIDTH, p.y + HEADER + 7.0 + (i as f64 + 0.5) * ROW);
            let (x2, y2) = (t.x, t.y + t.height / 2.0);
            let bend = ((x2 - x1).abs() / 2.0).max(40.0);
            let (color, marker, dash) = if *error {
                ("#dc2626", "arrow-error", r#" stroke-dasharray="5 4""#)
            } else {
                ("#64748b", "arrow", "")
            };
            let _ = writeln!(
                out,
                r#"<path data-from="{}" data-exit="{}" data-to="{}" d="M{x1},{y1} C{},{y1} {},{y2} {x2},{y2}" stroke="{color}" stroke-width="1.5"{dash} marker-end="url(#{marker})"/>"#,
                escape(id),
                escape(label),
                escape(target),
                x1 + bend,
                x2 - bend,
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
        let _ = writeln!(
            out,
            r##"<text x="{}" y="{}" font-weight="600" font-size="13" fill="#0f172a">{}</text>"##,
            p.x + 16.0,
            p.y + 22.0,
            escape(&fit(&component.name, 30))
        );
        let _ = writeln!(
            out,
            r##"<text x="{}" y="{}" fill="{color}">{}</text>"##,
            p.x + 16.0,
            p.y + 40.0,
            escape(spec.label)
        );
        for (i, (label, target, error)) in p.rows.iter().enumerate() {
            let y = p.y + HEADER + 7.0 + (i as f64 + 0.5) * ROW;
            let fill = match (error, target.is_some()) {
                (true, true) => "#dc2626",
                (false, true) => "#334155",
                (_, false) => "#94a3b8",
            };
            let _ = writeln!(
                out,
                r#"<text x="{}" y="{}" text-anchor="end" fill="{fill}">{}</text><circle cx="{}" cy="{}" r="4" fill="{fill}"/>"#,
                p.x + WIDTH - 12.0,
                y + 4.0,
                escape(&fit(label, 32)),
                p.x + WIDTH,
                y
            );
        }
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
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
        for entry in std::fs::read_dir(format!("{}/../../flows", env!("CARGO_MANIFEST_DIR"))).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            let file = sample(&name);
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

    #[test]
    fn names_are_escaped() {
        let mut file = sample(
            &std::fs::read_dir(format!("{}/../../flows", env!("CARGO_MANIFEST_DIR")))
                .unwrap()
                .next()
                .unwrap()
                .unwrap()
                .file_name()
                .to_string_lossy(),
        );
        let id = file.flow.components.keys().next().unwrap().clone();
        file.flow.components.get_mut(&id).unwrap().name = "<A & \"B\">".into();
        let svg = flow_svg(&file);
        assert!(svg.contains("&lt;A &amp; &quot;B&quot;&gt;"));
        assert!(!svg.contains("<A & "));
    }
}
