// The campaign dashboard in a real (headless) Chromium. Three coordinators
// (made through the API, for municipalities other than Nakhodka, whose
// report the workflow test fills) report: one submits and is accepted, one
// submits, one keeps a draft. The admin opens the dashboard: the rate
// cards, the three SVG charts (visible, with sizes), the table; a click on a
// column header sorts it in place with JavaScript and the address follows;
// without JavaScript the same header link sorts on the server. Screenshots
// (screen and print media) and an A4 PDF go to SVODKA_OUT.
// Env: SVODKA_URL, SVODKA_ADMIN_PASSWORD, SVODKA_OUT.
import { chromium, request } from "playwright-core";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

const base = process.env.SVODKA_URL;
const out = process.env.SVODKA_OUT;
const slug = "charter-2022";
const dash = `${base}/admin/campaigns/${slug}/dashboard`;
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const errors = [];

async function api(login, password) {
  const ctx = await request.newContext({ baseURL: base });
  const r = await ctx.post("/api/v1/session", { data: { login, password } });
  assert.equal(r.status(), 200, `sign-in ${login}`);
  const csrf = (await r.json()).csrf_token;
  return { ctx, headers: { "X-CSRF-Token": csrf } };
}

const contact = { name: "Иванова Анна", position: "главный специалист", phone: "8 (4236) 69-22-10",
  email: "report@example.ru" };
const act = (form, date, title, audience, participants, reach) =>
  ({ form, date, title, description: "", audience, participants, reach, links: [] });
const reports = {
  artem: { submit: true, accept: true, activities: [act("banners-outdoor", "2022-02-09", "Баннеры", [], "", "10000"),
    act("contests", "2022-02-15", "Конкурс рисунков", ["children"], "45", "200")] },
  vladivostok: { submit: true, activities: [act("interviews", "2022-02-25", "Интервью", ["specialists"], "", "5000"),
    act("posts", "2022-02-25", "Пост", ["public"], "", "800"), act("posts", "2022-03-02", "Пост 2", ["public"], "", "700")] },
  ussuriysk: { activities: [act("media", "2022-03-01", "Сюжет на ТВ", ["public"], "", "25000")] },
};

try {
  const admin = await api("admin", process.env.SVODKA_ADMIN_PASSWORD);
  for (const [code, spec] of Object.entries(reports)) {
    const login = `dash-${code}`;
    const password = `пароль координатора ${code} 2022`;
    let r = await admin.ctx.post("/api/v1/users", { headers: admin.headers,
      data: { login, role: "coordinator", org_unit: code, password, name: `Координатор ${code}` } });
    assert.equal(r.status(), 201, `create ${login}`);
    const c = await api(login, password);
    const data = { contact, activities: spec.activities, organizations: [], publications: [], remarks: "",
      no_activity_reason: "" };
    r = await c.ctx.put(`/api/v1/campaigns/${slug}/reports/${code}`, { headers: c.headers, data: { version: 0, data } });
    assert.equal(r.status(), 200, `save ${code}: ${await r.text()}`);
    let version = (await r.json()).report.version;
    if (spec.submit) {
      r = await c.ctx.post(`/api/v1/campaigns/${slug}/reports/${code}/submit`, { headers: c.headers, data: { version } });
      assert.equal(r.status(), 200, `submit ${code}`);
      version = (await r.json()).report.version;
    }
    if (spec.accept) {
      r = await admin.ctx.post(`/api/v1/campaigns/${slug}/reports/${code}/accept`, { headers: admin.headers,
        data: { version } });
      assert.equal(r.status(), 200, `accept ${code}`);
    }
    await c.ctx.dispose();
  }
  await admin.ctx.dispose();

  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ru-RU" });
  const page = await ctx.newPage();
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(base + "/login");
  await page.fill("#login", "admin");
  await page.fill("#password", process.env.SVODKA_ADMIN_PASSWORD);
  await page.click("button[type=submit].primary");
  await page.waitForURL(base + "/");

  // From the campaigns list to the dashboard by its link.
  await page.goto(base + "/admin/campaigns");
  await page.click(`a[href="/admin/campaigns/${slug}/dashboard"]`);
  await page.waitForURL(dash);
  const rates = page.locator("[data-testid=rates]");
  await rates.waitFor();
  assert.match(await rates.locator("[data-key=expected]").innerText(), /34/);
  assert.match(await rates.locator("[data-key=reported]").innerText(), /2\s+5,9\s%/);
  assert.match(await rates.locator("[data-key=accepted]").innerText(), /1\s+2,9\s%/);

  // Three charts, each visible with a real size.
  const charts = page.locator("svg.chart");
  assert.equal(await charts.count(), 3);
  for (let i = 0; i < 3; i++) {
    const box = await charts.nth(i).boundingBox();
    assert.ok(box && box.width > 300 && box.height > 100, `chart ${i} size ${JSON.stringify(box)}`);
    assert.ok(await charts.nth(i).isVisible(), `chart ${i} visible`);
  }
  assert.equal(await page.locator("#chart-status g.cell").count(), 34);
  assert.equal(await page.locator("#chart-status g.cell-accepted").count(), 1);
  assert.equal(await page.locator("#chart-forms g.bar").count(), 8);
  assert.equal(await page.locator("#chart-days g.day").count(), 29);
  await page.screenshot({ path: path.join(out, "dashboard.png"), fullPage: true });

  // JavaScript sorts the one-page table in place; the address follows.
  const codes = () => page.locator("[data-testid=units] tbody tr").evaluateAll((rows) => rows.map((r) => r.dataset.code));
  const before = await codes();
  assert.equal(before.length, 34);
  let loads = 0;
  page.on("request", (r) => { if (r.resourceType() === "document") loads++; });
  await page.click("[data-testid=units] th a[data-sort=reach]");
  let after = await codes();
  assert.deepEqual(after.slice(-3).sort(), ["artem", "ussuriysk", "vladivostok"].sort(), "largest reach last");
  assert.equal(after[33], "ussuriysk");
  assert.match(page.url(), /sort=reach&dir=asc/);
  assert.equal(loads, 0, "sorted without a round trip");
  await page.click("[data-testid=units] th a[data-sort=reach]");
  after = await codes();
  assert.equal(after[0], "ussuriysk");
  assert.match(page.url(), /dir=desc/);
  assert.equal(await page.locator("th[aria-sort=descending] a[data-sort=reach]").count(), 1);

  // Print: the print stylesheet hides the filters; an A4 PDF and a print-media screenshot.
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator("[data-testid=filters]").isVisible(), false, "filters hidden in print");
  assert.ok(await page.locator("#chart-forms").isVisible(), "charts print");
  await page.screenshot({ path: path.join(out, "dashboard-print.png"), fullPage: true });
  await page.pdf({ path: path.join(out, "dashboard.pdf"), format: "A4", printBackground: true });
  const pdf = fs.readFileSync(path.join(out, "dashboard.pdf"));
  assert.ok(pdf.length > 10000 && pdf.subarray(0, 5).toString() === "%PDF-", "a PDF was written");
  await page.emulateMedia({ media: "screen" });

  // Without JavaScript the header link sorts on the server, and the filter form works.
  const nojs = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ru-RU",
    javaScriptEnabled: false, storageState: await ctx.storageState() });
  const p2 = await nojs.newPage();
  await p2.goto(dash);
  await p2.click("[data-testid=units] th a[data-sort=status]");
  await p2.waitForURL(/sort=status&dir=asc/);
  const st = await p2.locator("[data-testid=units] tbody tr td:nth-child(3)").allInnerTexts();
  assert.equal(st[33], "принят");
  await p2.check("input[name=status][value=submitted]");
  await p2.check("input[name=status][value=accepted]");
  await p2.click("[data-testid=filters] button[type=submit]");
  await p2.waitForURL(/status=submitted&status=accepted/);
  assert.equal(await p2.locator("[data-testid=units] tbody tr").count(), 2);
  await p2.screenshot({ path: path.join(out, "dashboard-filtered-nojs.png"), fullPage: true });
  await nojs.close();

  assert.deepEqual(errors, [], "no script errors");
  console.log("ok dashboard");
} catch (e) {
  console.error("dashboard:", e);
  process.exitCode = 1;
} finally {
  await browser.close();
}
