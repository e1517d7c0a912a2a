// The window follows the desktop's theme. `make test-e2e` runs this spec in a session of its
// own with GTK_THEME=Adwaita:dark (WebKitGTK answers `prefers-color-scheme` from the GTK theme);
// the main suite runs in the light theme, which the tour spec checks.
import { appReady, paintedTheme, screenshot, setLanguage } from "../specs/helpers.js";

describe("the dark theme", () => {
  it("paints the window dark when the desktop's theme is dark", async () => {
    await appReady();
    await setLanguage("en");
    const theme = await paintedTheme();
    expect(theme.prefersDark).toBe(true);
    expect(theme.flowDark).toBe(true);
    expect(theme.panel).toBeLessThan(0.25);
    expect(theme.canvas).toBeLessThan(0.25);
    await screenshot("17-dark");
  });
});
