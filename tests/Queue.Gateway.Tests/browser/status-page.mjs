// Drives the gateway's status page in Debian's headless Chromium with playwright-core, as an operator would, at a
// desk (1,400 px) and on a phone (360 px): types the key, waits for the data, reads every section, measures
// horizontal overflow, takes a screenshot, reloads (the key stays in the tab). Optionally approves one held request
// from the page (APPROVE_REQUEST) and checks a read-only key sees no buttons (QUEUE_READER_KEY).
// Usage: PLAYWRIGHT_DIR=… QUEUE_API_KEY=… node status-page.mjs BASE-URL SCREENSHOT-PREFIX   → prints one JSON line.
import { createRequire } from "node:module";

const require = createRequire(`${process.env.PLAYWRIGHT_DIR}/`);
const { chromium } = require("playwright-core");
const [base, screenshotPrefix] = process.argv.slice(2);
const SECTIONS = ["quotas", "holds", "lanes", "approvals", "reputation", "rejections"];

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const errors = [];

async function open(width, key) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  page.on("pageerror", (error) => errors.push(`${width}: ${error.message}`));
  page.on("console", (message) => { if (message.type() === "error") errors.push(`${width}: ${message.text()}`); });
  await page.goto(`${base}/status`);
  const locked = await page.getAttribute("body", "data-state");
  await page.fill("#key", key);
  await page.click("#login button[type=submit]");
  await page.waitForSelector("body[data-state=loaded]", { timeout: 20000 });
  return { page, locked };
}

// The page must not scroll sideways: nothing wider than the window, at the document or in any section.
const overflow = (page) => page.evaluate(() => ({
  scrollWidth: document.documentElement.scrollWidth,
  clientWidth: document.documentElement.clientWidth,
  widest: [...document.querySelectorAll("section")].map((s) => ({ id: s.id, scroll: s.scrollWidth, client: s.clientWidth }))
    .filter((s) => s.scroll > s.client + 1).map((s) => s.id),
}));

try {
  const result = { widths: {}, errors };
  for (const width of [1400, 360]) {
    const { page, locked } = await open(width, process.env.QUEUE_API_KEY);
    const sections = {};
    for (const id of SECTIONS) sections[id] = await page.innerText(`#${id}`);
    const bars = await page.$$eval("#quotas .account", (accounts) => accounts.map((a) => ({
      account: a.dataset.account,
      limits: [...a.querySelectorAll(".bar")].map((b) => ({ limit: b.dataset.limit, label: b.querySelector("span").textContent, width: b.querySelector(".fill").style.width })),
    })));
    const stalled = await page.$$eval("#lanes tr.stalled td:first-child", (cells) => cells.map((c) => c.textContent));
    const approveButtons = await page.$$eval("#approvals .actions", (boxes) => boxes.map((b) => b.dataset.request));
    const screenshot = `${screenshotPrefix}-${width}.png`;
    await page.screenshot({ path: screenshot, fullPage: true });
    result.widths[width] = { locked, sections, bars, stalled, approveButtons, overflow: await overflow(page), screenshot };

    if (width === 1400) {
      await page.reload();
      await page.waitForSelector("body[data-state=loaded]", { timeout: 20000 });
      result.keptInTab = await page.evaluate(() => sessionStorage.length === 1 && localStorage.length === 0);
    }
    await page.close();
  }

  // After both widths were read: approving takes the request off the list.
  if (process.env.APPROVE_REQUEST) {
    const { page } = await open(1400, process.env.QUEUE_API_KEY);
    const box = `#approvals .actions[data-request="${process.env.APPROVE_REQUEST}"]`;
    await page.fill(`${box} input[type=text]`, "aprobado desde el tablero");
    await page.click(`${box} button.approve`);
    await page.waitForSelector("#approvals .notice:not([hidden])", { timeout: 20000 });
    result.approved = await page.innerText("#approvals .notice");
    await page.close();
  }

  if (process.env.QUEUE_READER_KEY) {
    const { page } = await open(360, process.env.QUEUE_READER_KEY);
    result.readerButtons = await page.$$eval("#approvals button", (buttons) => buttons.length);
    await page.close();
  }

  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
