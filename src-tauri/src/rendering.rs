//! How WebKitGTK paints the window.
//!
//! Without a GPU, WebKit's accelerated compositing still keeps a backing buffer per layer and
//! composites them in software. Measured under Xvfb (BENCHMARKS.md, "App"), it cost the web
//! process about 180 MB with a 1,000-component flow open and dropped a node drag to a handful of
//! frames per second; painting directly kept frames near 10 ms.
//!
//! So by default (`CALLFLOW_COMPOSITING=auto`) WebKit paints without compositing (what
//! `WEBKIT_DISABLE_COMPOSITING_MODE=1` does) when the machine has no GPU render node, and
//! composites when it has one; `on` and `off` force either. Painting without compositing has one
//! known catch, for tools only: WebKitWebDriver's screenshot waits for the next rendering update,
//! which never comes while nothing on the page changes (the end-to-end helpers keep a 1-pixel
//! element changing during a screenshot: `tests/e2e/specs/helpers.js`).

use std::path::Path;

/// Whether WebKit should composite layers: when the machine has a GPU, unless the user says
/// `on` or `off`.
pub fn compositing_wanted() -> bool {
    decide(std::env::var("CALLFLOW_COMPOSITING").ok().as_deref(), has_render_node(Path::new("/dev/dri")))
}

fn decide(setting: Option<&str>, gpu: bool) -> bool {
    match setting.map(str::trim) {
        Some("on") => true,
        Some("off") => false,
        _ => gpu,
    }
}

/// A DRM render node (`/dev/dri/renderD128`, ...) is what a GPU-accelerated WebKit draws through.
fn has_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri)
        .map(|entries| entries.flatten().any(|e| e.file_name().to_string_lossy().starts_with("renderD")))
        .unwrap_or(false)
}

/// Switches compositing off in the window's web view when it is not wanted.
pub fn apply<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) {
    if compositing_wanted() {
        return;
    }
    #[cfg(target_os = "linux")]
    let _ = window.with_webview(|webview| {
        use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
        if let Some(settings) = webview.inner().settings() {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    });
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setting_wins_over_the_guess() {
        assert!(decide(Some("on"), false));
        assert!(!decide(Some("off"), true));
        assert!(decide(Some("auto"), true));
        assert!(!decide(Some("auto"), false));
        assert!(decide(None, true), "a GPU composites by default");
        assert!(!decide(None, false), "no GPU: painted directly by default");
        assert!(!decide(Some("maybe"), false), "an unknown setting means auto");
        assert!(decide(Some(" on "), false));
    }

    #[test]
    fn a_render_node_means_a_gpu() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!has_render_node(dir.path()));
        std::fs::write(dir.path().join("card0"), "").unwrap();
        assert!(!has_render_node(dir.path()), "a card without a render node is not enough");
        std::fs::write(dir.path().join("renderD128"), "").unwrap();
        assert!(has_render_node(dir.path()));
        assert!(!has_render_node(&dir.path().join("missing")));
    }
}
