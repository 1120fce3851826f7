// Opens the built digests in headless Chromium and checks what a reader sees.
// Usage: node check.mjs SEED_DIGEST.html HOSTILE_DIGEST.html SCREENSHOT.png [MORE.html ...]
// (MORE: other audiences' pages of the seeds, checked for direction, requests and phone width.)
// The seed digest is shot to SCREENSHOT.png, and on a phone screen to SCREENSHOT-phone.png.
// run.sh gives it the pages it builds in its output folder.
// Chromium is the system one (CHROMIUM, default /usr/bin/chromium), driven by playwright-core.
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [seedFile, hostileFile, shotFile, ...more] = process.argv.slice(2);
if (!seedFile || !hostileFile || !shotFile) {
  console.error("usage: node check.mjs SEED.html HOSTILE.html SCREENSHOT.png");
  process.exit(2);
}

const failures = [];
function check(ok, what, detail = "") {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}${detail ? ` (${detail})` : ""}`);
  if (!ok) failures.push(what);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

/** Open a file in a fresh page, recording dialogs, errors and every request made. */
async function open(file, options = {}) {
  const context = await browser.newContext({ javaScriptEnabled: true, ...options });
  const page = await context.newPage();
  const seen = { dialogs: [], requests: [], errors: [] };
  page.on("dialog", async (d) => { seen.dialogs.push(d.message()); await d.dismiss(); });
  page.on("request", (r) => seen.requests.push(r.url()));
  page.on("pageerror", (e) => seen.errors.push(String(e)));
  const url = pathToFileURL(path.resolve(file)).href;
  await page.goto(url, { waitUntil: "load" });
  await page.waitForTimeout(300); // let any stray onerror handler fire
  return { context, page, seen, url };
}

try {
  // The seed digest, on a desktop screen.
  {
    const { context, page, seen, url } = await open(seedFile, { viewport: { width: 1200, height: 900 } });
    const lang = await page.evaluate(() => document.documentElement.lang);
    check(lang === "en", "page language is English", lang);
    const dirs = await page.$$eval("[lang=ar]", (els) =>
      els.map((e) => getComputedStyle(e).direction));
    check(dirs.length > 0 && dirs.every((d) => d === "rtl"),
      "every Arabic passage computes direction: rtl", `${dirs.length} passages`);
    const align = await page.$eval("p.ar", (e) => getComputedStyle(e).textAlign);
    check(align === "right", "Arabic sentences are right-aligned", align);
    const text = await page.evaluate(() => document.body.innerText);
    check(text.includes("Nikol Pashinyan"), "the English name Nikol Pashinyan is in the page text");
    // Keyboard focus on a highlighted mention shows its English name (a person of the seed
    // digest's diplomacy or military-aid sentences).
    const ent = page.locator('bdi.ent[data-en="Maria Zakharova"], bdi.ent[data-en="Catherine Colonna"]').first();
    const en = await ent.getAttribute("data-en");
    await ent.focus();
    const after = await ent.evaluate((e) => getComputedStyle(e, "::after").content);
    check(after.includes(en), "focusing a mention shows its English name", `${en}: ${after}`);
    await page.mouse.move(0, 0);
    const themes = await page.$$eval("section.theme[id^=theme-] h2", (hs) => hs.map((h) => h.innerText));
    check(themes.length > 0, "theme sections with headings", themes.join(" | "));
    const rows = await page.$$eval("#glossary table tbody tr", (r) => r.length);
    check(rows > 0, "the glossary is a table", `${rows} rows`);
    const external = seen.requests.filter((r) => r !== url && !r.startsWith("data:"));
    check(external.length === 0, "no request other than the page itself", external.join(", "));
    check(seen.errors.length === 0 && seen.dialogs.length === 0, "no script error or dialog");
    await page.screenshot({ path: shotFile, fullPage: true });
    console.log(`     screenshot: ${shotFile}`);
    // Dark mode changes the colours.
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: "dark" });
    const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    check(light !== dark, "prefers-color-scheme: dark changes the page", `${light} -> ${dark}`);
    await context.close();
  }
  // The seed digest on a phone: no sideways scrolling.
  {
    const { context, page } = await open(seedFile, { viewport: { width: 375, height: 740 }, isMobile: true });
    const { sw, iw } = await page.evaluate(() => ({
      sw: document.documentElement.scrollWidth, iw: window.innerWidth }));
    check(sw <= iw, "fits a 375px phone screen without sideways scrolling", `${sw} <= ${iw}`);
    await page.screenshot({ path: shotFile.replace(/\.png$/, "-phone.png") });
    await context.close();
  }
  // The other audiences: right-to-left Arabic, nothing fetched, no sideways scrolling on a phone.
  for (const file of more) {
    const name = path.basename(path.dirname(path.dirname(file)));
    const { context, page, seen, url } = await open(file, { viewport: { width: 375, height: 740 }, isMobile: true });
    const dirs = await page.$$eval("[lang=ar]", (els) => els.map((e) => getComputedStyle(e).direction));
    const { sw, iw } = await page.evaluate(() => ({
      sw: document.documentElement.scrollWidth, iw: window.innerWidth }));
    const external = seen.requests.filter((r) => r !== url && !r.startsWith("data:"));
    check(dirs.length > 0 && dirs.every((d) => d === "rtl") && sw <= iw && external.length === 0,
      `${name}: Arabic right-to-left, fits a phone, nothing fetched`,
      `${dirs.length} passages, ${sw} <= ${iw}, ${external.length} requests`);
    await context.close();
  }
  // The hostile digest: article text with <script> and onerror= must stay text.
  {
    const { context, page, seen } = await open(hostileFile);
    const state = await page.evaluate(() => ({
      pwned: document.body.getAttribute("data-pwned"),
      title: document.title,
      scripts: document.scripts.length,
      images: document.images.length,
      text: document.body.innerText,
    }));
    check(state.pwned === null, "no script from an article ran (marker absent)", String(state.pwned));
    check(!state.title.includes("PWNED"), "the page title was not rewritten", state.title);
    check(state.scripts === 0 && state.images === 0, "no script or image element in the page",
      `${state.scripts} scripts, ${state.images} images`);
    check(seen.dialogs.length === 0, "no alert dialog", seen.dialogs.join(", "));
    check(state.text.includes("<script>"), "the literal text <script> is visible");
    check(state.text.includes("<img src=x onerror=alert(1)>"), "the literal text <img ... onerror=...> is visible");
    await context.close();
  }
} finally {
  await browser.close();
}

if (failures.length) {
  console.error(`browser test: ${failures.length} check(s) failed`);
  process.exit(1);
}
console.log("browser test: all checks passed");
