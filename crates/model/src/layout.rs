//! Where things sit on the canvas. Kept apart from the flow's logic so that moving a box is
//! never a logic change, in a diff or in a version comparison.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::document::ComponentId;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(default, deny_unknown_fields)]
pub struct Layout {
    /// Top-left corner of each component's box.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "positions_in_order")]
    pub components: BTreeMap<ComponentId, Position>,
    /// Note boxes by note id.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, NoteBox>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub viewport: Option<Viewport>,
}

impl Layout {
    pub fn is_empty(&self) -> bool {
        self.components.is_empty() && self.notes.is_empty() && self.viewport.is_none()
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Position {
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct NoteBox {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Viewport {
    pub x: f64,
    pub y: f64,
    pub zoom: f64,
}

/// Reads `layout.components` as serde's own map reader does (a repeated id keeps its last
/// position), faster for a canonical file, whose ids come in ascending order: those are
/// collected in a list, each compared with the previous one only, and the map is built in one
/// go; the first id out of order switches to inserting (a search from the root per id).
fn positions_in_order<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<ComponentId, Position>, D::Error> {
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = BTreeMap<ComponentId, Position>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a map")
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut in_order: Vec<(ComponentId, Position)> = Vec::with_capacity(map.size_hint().unwrap_or(0));
            while let Some((id, position)) = map.next_entry::<ComponentId, Position>()? {
                match in_order.last_mut() {
                    Some((last, _)) if id.as_str() < last.as_str() => {
                        let mut positions = BTreeMap::from_iter(in_order);
                        positions.insert(id, position);
                        while let Some((id, position)) = map.next_entry::<ComponentId, Position>()? {
                            positions.insert(id, position);
                        }
                        return Ok(positions);
                    }
                    Some((last, slot)) if id == *last => *slot = position,
                    _ => in_order.push((id, position)),
                }
            }
            Ok(BTreeMap::from_iter(in_order))
        }
    }
    deserializer.deserialize_map(Visitor)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same map as serde's reader, whatever the order, with the last of repeated ids.
    #[test]
    fn positions_read_like_serdes_map_in_any_order() {
        let text = |ids: &[(&str, f64)]| {
            let entries: Vec<String> =
                ids.iter().map(|(id, x)| format!(r#""{id}":{{"x":{x},"y":1.0}}"#)).collect();
            format!(r#"{{"components":{{{}}}}}"#, entries.join(","))
        };
        let cases: [&[(&str, f64)]; 6] = [
            &[],
            &[("a", 1.0), ("b", 2.0), ("c", 3.0)],
            &[("c", 1.0), ("b", 2.0), ("a", 3.0)],
            &[("a", 1.0), ("a", 2.0), ("b", 3.0)],
            &[("b", 1.0), ("a", 2.0), ("b", 3.0), ("a", 4.0)],
            &[("a", 1.0), ("c", 2.0), ("b", 3.0), ("c", 4.0)],
        ];
        for ids in cases {
            let layout: Layout = serde_json::from_str(&text(ids)).unwrap();
            let mut expected = BTreeMap::new();
            for (id, x) in ids {
                expected.insert(id.to_string(), Position { x: *x, y: 1.0 });
            }
            assert_eq!(layout.components, expected, "{ids:?}");
        }
        let err = serde_json::from_str::<Layout>(r#"{"components":{"a":{"x":"1","y":1}}}"#).unwrap_err();
        assert!(err.to_string().contains("invalid type"), "{err}");
    }
}
