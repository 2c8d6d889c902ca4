// Drives the role edit form in Chromium like an editor (for test_editor_browser.py):
// reads the meta description counter, previews the overview's Markdown, moves the first duty
// down, and saves. Prints a JSON report; any page error or CSP violation is reported too.
// Usage: node editor_form.cjs URL SESSION_COOKIE_NAME SESSION_ID CHROMIUM
const puppeteer = require("puppeteer-core");

(async () => {
  const [url, cookieName, sessionId, chromium] = process.argv.slice(2);
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  const report = { errors: [] };
  try {
    const page = await browser.newPage();
    page.on("pageerror", (error) => report.errors.push(String(error)));
    page.on("console", (message) => {
      const source = (message.location() || {}).url || "";
      if (message.type() === "error" && !source.endsWith("/favicon.ico")) {
        report.errors.push(message.text());
      }
    });
    const origin = new URL(url).origin;
    await page.setCookie({ name: cookieName, value: sessionId, url: origin });
    // The strict policy that is coming: no inline script or style may be needed.
    await page.setRequestInterception(true);
    page.on("request", async (request) => {
      if (request.url() !== url || request.method() !== "GET") return request.continue();
      const response = await fetch(url, { headers: { cookie: `${cookieName}=${sessionId}` } });
      const headers = Object.fromEntries(response.headers);
      headers["content-security-policy"] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:";
      request.respond({ status: response.status, headers, body: await response.text() });
    });
    await page.evaluateOnNewDocument(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    await page.goto(url, { waitUntil: "load" });

    report.counter = await page.$eval(".length-counter", (el) => el.textContent);
    await page.type("#id_meta_description", "!!");
    report.counterAfterTyping = await page.$eval(".length-counter", (el) => el.textContent);

    await page.$eval("#id_overview", (el) => { el.value = "Some **bold** words"; });
    await page.$eval("#id_overview ~ .markdown-preview-button", (el) => el.click());
    await page.waitForSelector("#id_overview ~ .markdown-preview:not([hidden]) strong", { timeout: 5000 });
    report.preview = await page.$eval("#id_overview ~ .markdown-preview", (el) => el.innerHTML.trim());

    report.firstDuty = await page.$eval("[name='duties-0-text']", (el) => el.value);
    await page.$eval("[name='duties-0-position'] ~ .reorder-button[aria-label='Move down']", (el) => el.click());
    report.positions = await page.$$eval("#duties-group input[name$='-position']", (els) =>
      els.filter((el) => !el.name.includes("__prefix__")).map((el) => [el.name, el.value]));

    await Promise.all([page.waitForNavigation(), page.click("input[name='_save']")]);
    report.savedUrl = page.url();
  } catch (error) {
    report.errors.push(String(error));
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(report));
})();
