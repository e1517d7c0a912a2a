//! What goes into an exported file. The flow itself always does; its layout (box positions),
//! saved test calls and simulation environment can be left out, e.g. to review logic only.

use callflow_model::{FlowFile, Layout};

/// The parts of a document to keep in the exported file. The default keeps everything, so that
/// an export re-imports as the identical document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportOptions {
    pub layout: bool,
    pub tests: bool,
    pub environment: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions { layout: true, tests: true, environment: true }
    }
}

impl ExportOptions {
    /// `doc` with the left-out parts removed.
    pub fn apply(&self, doc: &FlowFile) -> FlowFile {
        let mut out = doc.clone();
        if !self.layout {
            out.layout = Layout::default();
        }
        if !self.tests {
            // The test data: saved test calls and the campaign view's records.
            out.tests.clear();
            out.campaign.clear();
        }
        if !self.environment {
            out.environment = None;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_part_can_be_left_out() {
        let mut doc = callflow_model::synth::realistic_file(10);
        doc.environment = Some(Default::default());
        doc.tests.push(serde_json::from_value(serde_json::json!({"name": "t", "expect": {}})).unwrap());
        doc.campaign.push(callflow_model::CampaignRecord { id: "r1".into(), ..Default::default() });
        assert_eq!(ExportOptions::default().apply(&doc), doc);
        let bare = ExportOptions { layout: false, tests: false, environment: false }.apply(&doc);
        assert!(bare.layout.is_empty() && bare.tests.is_empty() && bare.environment.is_none());
        assert!(bare.campaign.is_empty());
        assert_eq!(bare.flow, doc.flow);
        let no_layout = ExportOptions { layout: false, ..ExportOptions::default() }.apply(&doc);
        assert!(no_layout.layout.is_empty() && no_layout.tests.len() == 1 && no_layout.environment.is_some());
    }
}
