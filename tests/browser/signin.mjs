// An admin signs in through the form in a real (headless) Chromium and sees
// the Charter 2022 campaign and the municipalities; screenshots are saved.
// Env: SVODKA_URL (server), SVODKA_ADMIN_PASSWORD, SVODKA_OUT (screenshots).
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import path from "node:path";

const base = process.env.SVODKA_URL;
const out = process.env.SVODKA_OUT;
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const errors = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "ru-RU" });
  // Script errors and CSP violations fail the test; a 401 answer to a wrong
  // password is expected and logged by Chromium as a failed resource.
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 401/.test(m.text())) errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));

  await page.goto(base + "/admin/users");
  assert.match(page.url(), /\/login\?next=/, "anonymous admin page should lead to sign-in");
  await page.fill("#login", "admin");
  await page.fill("#password", "wrong password, twice wrong");
  await page.click("button[type=submit].primary");
  assert.equal(await page.locator("[role=alert]").innerText(), "Неверный логин или пароль.");

  await page.fill("#password", process.env.SVODKA_ADMIN_PASSWORD);
  await page.click("button[type=submit].primary");
  await page.waitForURL(base + "/admin/users");
  assert.match(await page.locator("[data-testid=who]").innerText(), /администратор/);
  await page.screenshot({ path: path.join(out, "users.png"), fullPage: true });

  await page.click("text=Кампании");
  await page.click("text=Цифровая этика детства");
  await page.waitForURL(base + "/campaigns/charter-2022");
  const text = await page.locator("main").innerText();
  for (const want of ["#МояХартия", "10.03.2022", "Страницы Альянса", "#ХартияПриморье", "Поездка в Москву"]) {
    assert.ok(text.includes(want), "campaign page lacks " + want);
  }
  assert.equal(await page.locator("ol.forms li").count(), 8, "eight forms of activity");
  await page.screenshot({ path: path.join(out, "campaign.png"), fullPage: true });

  await page.click("text=Муниципалитеты");
  assert.equal(await page.locator("table.data tbody tr").count(), 35);
  await page.screenshot({ path: path.join(out, "org-units.png") });

  // Narrow phone screen: the campaign page stays readable (no horizontal scroll).
  const phone = await browser.newPage({ viewport: { width: 375, height: 740 } });
  await phone.goto(base + "/campaigns/charter-2022");
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, "horizontal overflow on a phone: " + overflow);
  await phone.screenshot({ path: path.join(out, "campaign-phone.png"), fullPage: true });
  assert.deepEqual(errors, [], "console errors (CSP violations, missing files?)");
  console.log("ok browser signin: screenshots in " + out);
} finally {
  await browser.close();
}
