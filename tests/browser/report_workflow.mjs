// The report loop in a real (headless) Chromium, with JavaScript on: a
// coordinator fills the form (two activities, an organization, a
// publication) and submits; the admin returns it with a comment; the
// coordinator sees the comment, corrects and resubmits; the admin accepts.
// Screenshots of each step go to SVODKA_OUT.
// Env: SVODKA_URL, SVODKA_ADMIN_PASSWORD, SVODKA_COORD_PASSWORD, SVODKA_OUT.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import path from "node:path";

const base = process.env.SVODKA_URL;
const out = process.env.SVODKA_OUT;
const report = base + "/campaigns/charter-2022/reports/nakhodka";
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const errors = [];
const shot = (page, name) => page.screenshot({ path: path.join(out, name), fullPage: true });

async function signIn(login, password) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ru-RU" });
  const page = await ctx.newPage();
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  await page.goto(base + "/login");
  await page.fill("#login", login);
  await page.fill("#password", password);
  await page.click("button[type=submit].primary");
  await page.waitForURL(base + "/");
  return page;
}

try {
  const coord = await signIn("coord", process.env.SVODKA_COORD_PASSWORD);
  await coord.click("text=Мои отчёты");
  await coord.click("text=Заполнить отчёт");
  await coord.waitForURL(report);

  await coord.fill("#contact_name", "Ёлкина Анна Сергеевна");
  await coord.fill("#contact_position", "главный специалист отдела молодёжной политики");
  await coord.fill("#contact_phone", "8 (4236) 69-22-11");
  await coord.fill("#contact_email", "elkina@nakhodka-city.ru");

  // With JavaScript the rows appear at once, without a round trip.
  const acts = coord.locator("[data-section=activities]");
  await acts.locator("[data-add]").click();
  await acts.locator("[data-add]").click();
  assert.equal(await acts.locator("[data-row]").count(), 2);
  await coord.selectOption("#a0_form", "events-educational");
  await coord.fill("#a0_date", "2022-02-15");
  await coord.fill("#a0_title", "Родительское собрание «Безопасный интернет»");
  await coord.check("input[name=a0_audience][value=parents]");
  await coord.fill("#a0_participants", "120");
  await coord.fill("#a0_reach", "1 500");
  await coord.selectOption("#a1_form", "posts");
  await coord.fill("#a1_date", "2022-02-20");
  await coord.fill("#a1_title", "Пост о Хартии в сообществе администрации");
  await coord.fill("#a1_links", "https://vk.com/wall-12345_678");
  await coord.locator("[data-section=organizations] [data-add]").click();
  await coord.fill("#o0_name", "МБОУ «СОШ № 1» г. Находки");
  await coord.selectOption("#o0_kind", "school");
  await coord.fill("#o0_inn", "7707083893");
  await coord.fill("#o0_joined", "2022-02-21");
  await coord.locator("[data-section=publications] [data-add]").click();
  await coord.fill("#p0_url", "https://ok.ru/group/5566/topic/777");
  await coord.fill("#p0_date", "2022-02-16");
  await coord.fill("#p0_views", "3200");
  await shot(coord, "report-1-filled.png");
  await coord.click("[data-testid=submit]");
  await coord.waitForURL(/done=submitted/);
  assert.equal(await coord.locator("[data-testid=status]").innerText(), "на проверке");
  await shot(coord, "report-2-submitted.png");

  const admin = await signIn("admin", process.env.SVODKA_ADMIN_PASSWORD);
  await admin.goto(base + "/admin/campaigns/charter-2022/reports");
  await shot(admin, "report-3-admin-list.png");
  await admin.click("text=Находкинский городской округ");
  await admin.waitForURL(report);
  assert.ok((await admin.locator("main").innerText()).includes("Пост о Хартии в сообществе администрации"));
  await admin.fill("#return-comment", "Укажите охват поста о Хартии.");
  await admin.click("[data-testid=return]");
  await admin.waitForURL(/done=returned/);
  await shot(admin, "report-4-returned.png");

  await coord.goto(base + "/reports");
  assert.ok((await coord.locator("main").innerText()).includes("Укажите охват поста о Хартии."));
  await coord.click("text=Заполнить отчёт");
  assert.ok((await coord.locator("[data-testid=comment]").innerText()).includes("Укажите охват поста"));
  await coord.fill("#a1_reach", "2 400");
  await coord.click("[data-testid=submit]");
  await coord.waitForURL(/done=submitted/);

  await admin.goto(report);
  await admin.click("[data-testid=accept]");
  await admin.waitForURL(/done=accepted/);
  assert.equal(await admin.locator("[data-testid=status]").innerText(), "принят");
  await shot(admin, "report-5-accepted.png");
  await admin.click("text=История изменений");
  const entries = await admin.locator("[data-testid=history-entry]").count();
  assert.ok(entries >= 4, "history entries: " + entries);
  await shot(admin, "report-6-history.png");
  assert.deepEqual(errors, [], "script errors or CSP violations");
  console.log("ok browser report workflow: screenshots in " + out);
} finally {
  await browser.close();
}
