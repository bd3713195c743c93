// Drives the gateway's status page in Debian's headless Chromium with playwright-core, as an operator would:
// types the key, waits for the data, reads every section, takes a screenshot, reloads (the key stays in the tab).
// Usage: PLAYWRIGHT_DIR=… QUEUE_API_KEY=… node status-page.mjs BASE-URL SCREENSHOT.png   → prints one JSON line.
import { createRequire } from "node:module";

const require = createRequire(`${process.env.PLAYWRIGHT_DIR}/`);
const { chromium } = require("playwright-core");
const [base, screenshot] = process.argv.slice(2);

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });

  await page.goto(`${base}/status`);
  const locked = await page.getAttribute("body", "data-state");
  await page.fill("#key", process.env.QUEUE_API_KEY);
  await page.click("#login button[type=submit]");
  await page.waitForSelector("body[data-state=loaded]", { timeout: 20000 });

  const sections = {};
  for (const id of ["quotas", "holds", "lanes", "approvals", "reputation", "rejections"]) sections[id] = await page.innerText(`#${id}`);
  const bars = await page.$$eval("#quotas .account", (accounts) => accounts.map((a) => ({
    account: a.dataset.account,
    limits: [...a.querySelectorAll(".bar")].map((b) => ({ limit: b.dataset.limit, width: b.querySelector(".fill").style.width })),
  })));
  await page.screenshot({ path: screenshot, fullPage: true });

  await page.reload();
  await page.waitForSelector("body[data-state=loaded]", { timeout: 20000 });
  const keptInTab = await page.evaluate(() => sessionStorage.length === 1 && localStorage.length === 0);

  console.log(JSON.stringify({ locked, sections, bars, keptInTab, errors }));
} finally {
  await browser.close();
}
