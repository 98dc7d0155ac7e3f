// A parent enters a child's video in the demo contest from a phone (390×844,
// JavaScript off), as the demo runs it (the server's clock inside the entry
// window): a caption without the hashtags is refused beside its field with
// what was typed kept; the fixed entry gets a receipt with the status link;
// the confirmation link from the mail opens a page with a button, which
// confirms; the status page says «получена»; then a moderator accepts the
// entry from the admin pages and the status page says «принята».
// Env: SVODKA_CONTEST_URL, SVODKA_MAIL_DIR, SVODKA_ADMIN_PASSWORD, SVODKA_OUT.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

const base = process.env.SVODKA_CONTEST_URL;
const out = process.env.SVODKA_OUT;
const mailDir = process.env.SVODKA_MAIL_DIR;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The bodies of the mails so far (base64 parts decoded).
function mails() {
  return fs.readdirSync(mailDir).filter((f) => !f.startsWith(".")).sort().map((f) => {
    const raw = fs.readFileSync(path.join(mailDir, f), "latin1");
    const i = raw.indexOf("\r\n\r\n");
    const head = raw.slice(0, i), body = raw.slice(i + 4);
    return /base64/i.test(head) ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8") : body;
  });
}

async function noOverflow(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, what + ": horizontal overflow on a phone: " + overflow);
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "ru-RU",
    javaScriptEnabled: false, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  await page.goto(base + "/campaigns/charter-2022/contest");
  const rules = await page.locator("main").innerText();
  for (const want of ["Раскрытие принципов Хартии", "08.03.2022", "#ХартияПриморье", "Согласие на обработку"]) {
    assert.ok(rules.includes(want), "the rules page lacks " + want);
  }
  await noOverflow(page, "rules and form");
  await page.screenshot({ path: path.join(out, "contest-phone.png"), fullPage: true });

  await page.fill("#author_full_name", "Ёлкина Дарья Сергеевна");
  await page.fill("#author_birth_date", "2012-09-15");
  await page.selectOption("#org_unit", "nakhodka");
  await page.fill("#video_url", "https://vm.tiktok.com/ZSbrowser1/");
  await page.fill("#caption", "Наш ролик про хартию #хартия");
  await page.fill("#title", "Договор о гаджетах");
  await page.fill("#guardian_full_name", "Ёлкина Анна Викторовна");
  await page.fill("#guardian_relation", "мать");
  await page.fill("#guardian_email", "elkina.av@example.ru");
  await page.fill("#guardian_phone", "+7 914 123-45-67");
  await page.check("#consents_processing");
  await sleep(5500); // the form_token's least age
  await page.click("button[type=submit].primary");
  const err = await page.locator("#caption-e").innerText();
  assert.match(err, /Подпись/);
  assert.match(err, /#ХартияПриморье/);
  assert.equal(await page.inputValue("#author_full_name"), "Ёлкина Дарья Сергеевна", "what was typed is kept");
  await page.screenshot({ path: path.join(out, "contest-phone-error.png"), fullPage: true });

  await page.fill("#caption", "Наш ролик про хартию #хартия #ХартияПриморье #цифроваяэтикадетства!");
  await sleep(5500);
  await page.click("button[type=submit].primary");
  await page.locator("h1").filter({ hasText: "получена" }).waitFor();
  const statusUrl = await page.locator(".status-link a").getAttribute("href");
  assert.match(statusUrl, /\/contest\/status\/[0-9a-f]{64}$/);
  await noOverflow(page, "receipt");
  await page.screenshot({ path: path.join(out, "contest-phone-receipt.png"), fullPage: true });

  let link = null;
  for (let i = 0; i < 100 && !link; i++) {
    const m = mails().map((b) => b.match(/https?:\/\/\S+\/confirm\/[0-9a-f]{64}/)).find(Boolean);
    if (m) link = m[0]; else await sleep(100);
  }
  assert.ok(link, "the confirmation mail came");
  await page.goto(link);
  await page.click("button[type=submit]");
  await page.waitForLoadState();
  assert.match(await page.locator("main").innerText(), /подтвержден/i);
  await page.goto(statusUrl);
  assert.equal(await page.locator("[data-testid=status]").innerText(), "получена");
  assert.ok(!(await page.content()).includes("Ёлкина"), "the status page names no one");

  // The moderator accepts it.
  const admin = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "ru-RU" });
  await admin.goto(base + "/login?next=/admin/campaigns/charter-2022/contest/entries");
  await admin.fill("#login", "admin");
  await admin.fill("#password", process.env.SVODKA_ADMIN_PASSWORD);
  await admin.click("button[type=submit].primary");
  await admin.waitForURL(/\/contest\/entries$/);
  await admin.click("table[data-testid=entries] tbody tr td a");
  assert.match(await admin.locator("[data-testid=entry-card]").innerText(), /Ёлкина Дарья Сергеевна/);
  assert.equal(await admin.locator("[data-testid=video-link]").getAttribute("rel"), "noopener noreferrer");
  await admin.screenshot({ path: path.join(out, "contest-card.png"), fullPage: true });
  await admin.click("[data-testid=decision-form] button[type=submit]");
  await admin.waitForLoadState();
  assert.match(await admin.locator("[data-testid=entry-card]").innerText(), /принята/);
  await page.goto(statusUrl);
  assert.equal(await page.locator("[data-testid=status]").innerText(), "принята");
  console.log("ok browser contest: screenshots in " + out);
} finally {
  await browser.close();
}
