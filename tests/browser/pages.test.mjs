// bside's pages in a real browser: Debian Chromium driven by playwright-core. Starts `bside serve --demo`
// on a free port with a temporary database, visits every page kind, asserts what a person sees, crawls
// every internal link from the home page, and saves screenshots under target/screenshots/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(root, "target");
const bsideBin = process.env.BSIDE_BIN ?? join(targetDir, "debug", "bside");
const chromiumPath = process.env.BSIDE_CHROMIUM ?? "/usr/bin/chromium";
const shots = join(targetDir, "screenshots");
const required = process.env.BSIDE_REQUIRE_BROWSER === "1";
const missing = [chromiumPath, bsideBin].filter((p) => !existsSync(p));
if (missing.length && required) {
  throw new Error(`BSIDE_REQUIRE_BROWSER=1 but missing: ${missing.join(", ")}`);
}
const skip = missing.length ? `skipped: browser suite (missing ${missing.join(", ")})` : false;
if (skip) console.log(skip);

const CHROMIUM_FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run",
];
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
/** One page of each kind, with a name for its screenshot. */
const PAGES = {
  home: "/",
  artist: "/artists/v",
  group: "/artists/bts",
  release: "/releases/layover",
  video: "/videos/layover-blue-mv",
  show: "/shows/palette",
  records: "/records",
  search: "/search?q=%EB%B7%94",
  "not-found": "/no-such-page",
};

let server, dir, base, browser;

function freePort() {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });
}

async function waitForServer(url, child) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`bside exited with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`bside did not answer at ${url}`);
}

/** Pages the tests ask for expecting a 4xx: Chromium logs the status of those as a console error. */
const EXPECTED_4XX = ["/no-such-page", "/records?milestone=lots"];

/** A new page that fails the test on any console error or uncaught exception. */
async function openPage(context, errors) {
  const page = await context.newPage();
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const url = new URL(page.url());
    const expected = EXPECTED_4XX.includes(url.pathname + url.search)
      && /^Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text());
    if (!expected) errors.push(`${page.url()}: ${msg.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
  return page;
}

/** A context whose zone cookie is already set, so the first visit does not reload. */
async function contextIn(zone, options = {}) {
  const context = await browser.newContext({ timezoneId: zone, ...options });
  await context.addCookies([{ name: "tz", value: encodeURIComponent(zone), url: base }]);
  return context;
}

before(async () => {
  if (skip) return;
  const { chromium } = await import("playwright-core");
  dir = mkdtempSync(join(tmpdir(), "bside-browser-"));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(bsideBin, ["serve", "--listen", `127.0.0.1:${port}`, "--demo"], {
    cwd: dir,
    env: { ...process.env, BSIDE_DATABASE: `sqlite://${join(dir, "bside.db")}`, BSIDE_LOG: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  await waitForServer(`${base}/healthz`, server);
  browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_FLAGS });
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("every page kind answers and looks finished at both widths", { skip }, async () => {
  const errors = [];
  for (const [size, viewport] of Object.entries(SIZES)) {
    for (const theme of ["light", "dark"]) {
      const context = await contextIn("Asia/Seoul", { viewport, colorScheme: theme });
      const page = await openPage(context, errors);
      for (const [name, path] of Object.entries(PAGES)) {
        const response = await page.goto(base + path);
        assert.equal(response.status(), name === "not-found" ? 404 : 200, `${path} status`);
        assert.ok(await page.locator("main h1").first().isVisible(), `${path} has a heading`);
        const styled = await page.evaluate(() => getComputedStyle(document.querySelector("header.site")).display);
        assert.equal(styled, "flex", `${path} is styled`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${path} at ${size} overflows by ${overflow}px`);
        await page.screenshot({ path: join(shots, `${name}-${viewport.width}x${viewport.height}-${theme}.png`), fullPage: true });
      }
      await context.close();
    }
  }
  assert.deepEqual(errors, [], "no console errors");
});

test("the Layover page shows For Us with its premiere and Piano Ver. as no MV planned", { skip }, async () => {
  const errors = [];
  const context = await contextIn("Asia/Seoul");
  const page = await openPage(context, errors);
  await page.goto(`${base}/releases/layover`);
  const notes = page.locator("ul.notes");
  await assert.doesNotReject(notes.getByText("For Us").waitFor());
  const forUs = (await notes.locator("li", { hasText: "For Us" }).innerText());
  assert.match(forUs, /premiered.*2023-09-16 00:00 KST/);
  const piano = await notes.locator("li", { hasText: "Piano Ver." }).innerText();
  assert.match(piano, /Piano Ver\.: no MV planned/);
  assert.match(await page.locator(".summary").innerText(), /5 of 5 planned MVs out/);
  // The version sits under its song.
  const versions = page.locator("ol.tracks > li", { hasText: "Slow Dancing" }).locator("ol.versions");
  assert.match(await versions.innerText(), /Piano Ver\./);
  // Sources are there on demand.
  const details = page.locator("details.sources").first();
  assert.equal(await details.getAttribute("open"), null);
  await details.locator("summary").click();
  assert.ok(await details.locator("a").first().isVisible());
  await context.close();
  assert.deepEqual(errors, []);
});

test("searching 뷔 and taehyng reaches V", { skip }, async () => {
  const errors = [];
  const context = await contextIn("Asia/Seoul");
  const page = await openPage(context, errors);
  for (const name of ["뷔", "taehyng"]) {
    await page.goto(base + "/");
    await page.getByRole("searchbox", { name: "Search artists by any name" }).fill(name);
    await Promise.all([page.waitForURL(/\/search\?q=/), page.getByRole("button", { name: "Search", exact: true }).first().click()]);
    await Promise.all([page.waitForURL(`${base}/artists/v`), page.locator("ol.results a").first().click()]);
    assert.equal(await page.locator("main h1").innerText(), "V", `${name} reaches V`);
  }
  await context.close();
  assert.deepEqual(errors, []);
});

test("the records page shows V's 43 minutes", { skip }, async () => {
  const errors = [];
  const context = await contextIn("UTC");
  const page = await openPage(context, errors);
  await page.goto(`${base}/records?platform=instagram&milestone=1M&kind=person`);
  const board = page.locator("section.board").first();
  assert.match(await board.locator("h2").innerText(), /Fastest person to 1M Instagram followers/);
  const first = await board.locator("tbody tr").first().innerText();
  assert.match(first, /^1\s+V\b/);
  assert.match(first, /43 min/);
  assert.ok(await board.locator("figure.chart .wide svg").isVisible(), "the progression is drawn");
  await page.goto(`${base}/records?milestone=lots`);
  assert.match(await page.locator("main").innerText(), /milestone: "lots" is not a count/);
  await context.close();
  assert.deepEqual(errors, []);
});

test("changing the zone changes the shown time", { skip }, async () => {
  const errors = [];
  const context = await contextIn("Asia/Seoul");
  const page = await openPage(context, errors);
  await page.goto(`${base}/releases/layover`);
  const forUs = () => page.locator("ul.notes li", { hasText: "For Us" }).innerText();
  assert.match(await forUs(), /2023-09-16 00:00 KST/);
  await page.selectOption("#tz", "America/New_York");
  await Promise.all([page.waitForURL(/tz=America/), page.getByRole("button", { name: "Show times" }).click()]);
  const shown = await forUs();
  assert.match(shown, /2023-09-15 11:00 EDT/);
  assert.match(shown, /announced for 2023-09-16 00:00 KST/);
  // The choice is remembered for the next page.
  await page.goto(`${base}/videos/layover-for-us-mv`);
  assert.match(await page.locator("dl.facts").innerText(), /2023-09-15 11:00 EDT/);
  await context.close();
  assert.deepEqual(errors, []);
});

test("the browser's zone is the default", { skip }, async () => {
  const errors = [];
  const context = await browser.newContext({ timezoneId: "America/Los_Angeles" });
  const page = await openPage(context, errors);
  await page.goto(`${base}/releases/layover`);
  await page.waitForFunction(() => document.documentElement.dataset.zone === "America/Los_Angeles");
  await page.waitForLoadState("load");
  assert.match(await page.locator("ul.notes li", { hasText: "For Us" }).innerText(), /2023-09-15 08:00 PDT/);
  await context.close();
  assert.deepEqual(errors, []);
});

test("the theme toggle works without JavaScript", { skip }, async () => {
  const context = await contextIn("UTC", { javaScriptEnabled: false, colorScheme: "light" });
  const page = await context.newPage();
  await page.goto(`${base}/records`);
  await Promise.all([page.waitForURL(`${base}/records`), page.getByRole("button", { name: "Dark" }).click()]);
  assert.equal(await page.locator("html").getAttribute("data-theme"), "dark");
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, "rgb(18, 18, 22)");
  await context.close();
});

test("every internal link from the home page answers 200", { skip }, async () => {
  const context = await contextIn("UTC");
  const seen = new Set(["/"]);
  const queue = ["/"];
  const dead = [];
  while (queue.length) {
    const path = queue.shift();
    const response = await context.request.get(base + path);
    if (response.status() !== 200) {
      dead.push(`${path}: ${response.status()}`);
      continue;
    }
    const type = response.headers()["content-type"] ?? "";
    if (!type.startsWith("text/html") || path.startsWith("/api/")) continue;
    const html = await response.text();
    for (const [, href] of html.matchAll(/href="([^"]+)"/g)) {
      const url = new URL(href.replaceAll("&amp;", "&"), base + path);
      if (url.origin !== base) continue;
      const link = url.pathname + url.search;
      if (!seen.has(link)) {
        seen.add(link);
        queue.push(link);
      }
    }
  }
  await context.close();
  assert.deepEqual(dead, [], "dead links");
  for (const path of Object.values(PAGES).filter((p) => p !== "/no-such-page" && !p.startsWith("/search"))) {
    assert.ok(seen.has(path), `the crawl reaches ${path}`);
  }
});
