// The web desk in a real browser (Debian's chromium driven by playwright-core):
// every flow of issue 17 item 7, a screenshot of every page under $SHOTS.
// Run by tests/cli/serve_browser.sh, which starts `loa serve` and makes the
// accounts; files to check with other tools (zip, MP3s) go to $OUT.
// Prints "ok N" / "not ok N - what" lines and exits 1 when anything failed.
import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';

const BASE = process.env.BASE;
const SHOTS = process.env.SHOTS;
const OUT = process.env.OUT;
// The week built: next week (every slot still to come, so loa pull has a plan
// to take), its Monday and Sunday as the bulletins' validity.
const WEEK = process.env.WEEK;
const FROM = process.env.FROM;
const TO = process.env.TO;
const TUE = process.env.TUE;
const PW = { 'admin': 'mk-quantri-1', 'duyet': 'mk-duyet-12', 'bt-a': 'mk-bientap-a', 'bt-b': 'mk-bientap-b', 'op-a': 'mk-vanhanh-a' };

let n = 0, failed = 0, shot = 0;
function check(ok, what) {
  n++;
  if (ok) console.log(`ok ${n} - ${what}`);
  else { failed++; console.log(`not ok ${n} - ${what}`); }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync',
         '--disable-default-apps', '--autoplay-policy=no-user-gesture-required', '--lang=vi'],
});

async function snap(page, name) {
  shot++;
  const file = `${SHOTS}/${String(shot).padStart(2, '0')}-${name}.png`;
  await page.screenshot({ path: file, fullPage: true });
}

async function session(name, viewport) {
  const ctx = await browser.newContext({ viewport: viewport || { width: 1280, height: 900 }, locale: 'vi-VN' });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => check(false, `no script error on ${page.url()}: ${e.message}`));
  await page.goto(`${BASE}/login`);
  await page.fill('input[name=name]', name);
  await page.fill('input[name=password]', PW[name]);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  return { ctx, page };
}

try {
  // ---- log in (on a phone-sized screen) ----
  {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'vi-VN' });
    const page = await ctx.newPage();
    await page.goto(`${BASE}/`);
    check(page.url().endsWith('/login'), 'no session: / leads to the login page');
    await snap(page, 'login-phone');
    await page.fill('input[name=name]', 'bt-a');
    await page.fill('input[name=password]', PW['bt-a']);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    check(page.url().endsWith('/bulletins'), 'editor logged in lands on the bulletins');
    const cookies = await ctx.cookies();
    const sid = cookies.find((c) => c.name === 'loa_sid');
    check(sid && sid.httpOnly && sid.sameSite === 'Strict', 'session cookie is HttpOnly, SameSite=Strict');
    await page.goto(`${BASE}/bulletins/new`);
    await page.fill('input[name=title]', 'Thông báo trên điện thoại');
    await snap(page, 'editor-phone');
    await ctx.close();
  }

  // ---- an editor writes a bulletin with a typo and a date ----
  const ed = await session('bt-a');
  let page = ed.page;
  await snap(page, 'bulletins-empty');
  await page.goto(`${BASE}/bulletins/new`);
  await page.fill('input[name=title]', 'Kích hoạt tài khoản định danh điện tử');
  await page.fill('input[name=from]', FROM);
  await page.fill('input[name=to]', TO);
  await page.fill('input[name=repeat]', '2');
  await page.check('input[name=dai][value=xa-a]');
  check(await page.locator('input[name=dai][value=xa-b]').count() === 0,
        'an editor of xã A is not offered xã B');
  check(await page.locator('input[name=dai][value=tat-ca]').count() === 0,
        'nor "tất cả"');
  await page.fill('textarea[name=body]',
    'Kính thưa bà con! Trước ngày 25/11/2026 bà con kíck hoạt tài khoản VNeID, gọi 1800.1096 nếu cần.');
  const warn = page.locator('#findings li.warning', { hasText: 'kíck' });
  await warn.waitFor({ timeout: 10000 });
  check(await warn.count() === 1, 'the typo "kíck" is flagged as you type');
  check((await warn.innerText()).includes('kích'), 'with the suggestion "kích"');
  const date = page.locator('#said .nsw.k-date');
  await date.first().waitFor({ timeout: 10000 });
  check((await date.first().innerText()).includes('hai mươi lăm tháng mười một năm hai nghìn không trăm hai mươi sáu'),
        'the date is shown with its reading');
  check((await page.locator('#said .nsw.k-phone mark').first().innerText()).startsWith('một tám không không'),
        'the hotline is read digit by digit');
  check((await page.locator('#findings .estimate').innerText()).includes('Ước tính'),
        'an estimated duration is shown');
  await snap(page, 'editor-check');

  // Nghe thử: audio that plays.
  await page.click('#listen');
  const audio = page.locator('#preview-audio');
  await audio.waitFor({ timeout: 60000 });
  const dur = await page.evaluate(() => new Promise((ok) => {
    const a = document.getElementById('preview-audio');
    const done = () => ok(a.duration);
    if (a.readyState >= 1) done(); else a.addEventListener('loadedmetadata', done, { once: true });
    setTimeout(() => ok(-1), 20000);
  }));
  check(dur > 2, `the preview loads in the page with a duration (${dur} s)`);
  const played = await page.evaluate(() => new Promise((ok) => {
    const a = document.getElementById('preview-audio');
    a.muted = true;
    a.play().then(() => setTimeout(() => ok(a.currentTime), 700)).catch((e) => ok(-1));
  }));
  check(played > 0, `and plays (currentTime ${played})`);
  await snap(page, 'editor-preview');

  // Save (a draft), edit, save again: two versions to compare; then submit.
  await Promise.all([page.waitForNavigation(), page.click('button[name=do][value=save]')]);
  const bulletinUrl = page.url();
  check(/\/bulletins\/\d+$/.test(bulletinUrl), 'the draft is saved');
  await page.fill('textarea[name=body]',
    'Kính thưa bà con! Trước ngày 25/11/2026 bà con kích hoạt tài khoản VNeID, gọi 1800.1096 nếu cần.');
  await Promise.all([page.waitForNavigation(), page.click('button[name=do][value=save]')]);
  await page.locator('#findings .ok').waitFor({ timeout: 10000 });
  check(await page.locator('#findings li').count() === 0, 'the corrected text has no findings');
  await Promise.all([page.waitForNavigation(), page.click('form.compare button[type=submit]')]);
  check(await page.locator('pre.diff del', { hasText: 'kíck' }).count() === 1 &&
        await page.locator('pre.diff ins', { hasText: 'kích' }).count() === 1,
        'comparing versions 1 and 2 shows the changed line');
  await snap(page, 'compare');
  await page.goto(bulletinUrl);
  await Promise.all([page.waitForNavigation(), page.click('button[name=do][value=submit]')]);
  check((await page.locator('h1 .state').innerText()) === 'Chờ duyệt', 'submitted for approval');
  await snap(page, 'editor-submitted');

  // Validity to the minute and the voice: a notice from 08:00 on Monday to
  // 16:30 on Tuesday, read by a woman with the southern accent.
  await page.goto(`${BASE}/bulletins/new`);
  await page.fill('input[name=title]', 'Lịch cắt điện');
  await page.fill('input[name=from]', FROM);
  await page.fill('input[name=from_time]', '08:00');
  await page.fill('input[name=to]', TUE);
  await page.fill('input[name=to_time]', '16:30');
  await page.check('input[name=dai][value=xa-a]');
  check(await page.locator('select[name=region] option').allInnerTexts().then((t) => t.join('|')) ===
        'Theo đài|Miền Bắc|Miền Trung|Miền Nam', 'the region is offered in plain words');
  check(await page.locator('select[name=voice] option').allInnerTexts().then((t) => t.join('|')) ===
        'Theo đài|Giọng nữ|Giọng nam', 'and the reader: Giọng nữ / Giọng nam');
  await page.selectOption('select[name=region]', { label: 'Miền Nam' });
  await page.selectOption('select[name=voice]', { label: 'Giọng nữ' });
  await page.fill('textarea[name=body]', 'Điện lực cắt điện để sửa chữa đường dây, bà con chủ động sắp xếp công việc.');
  await page.locator('#findings .ok').waitFor({ timeout: 10000 });
  check(await page.locator('#findings li').count() === 0, 'the check finds nothing wrong with 08:00–16:30');
  await snap(page, 'editor-times-voice');
  await Promise.all([page.waitForNavigation(), page.click('button[name=do][value=save]')]);
  const timesUrl = page.url();
  check(await page.inputValue('input[name=from_time]') === '08:00' &&
        await page.inputValue('input[name=to_time]') === '16:30', 'the times are shown again on edit');
  check(await page.inputValue('select[name=region]') === 'miền Nam' &&
        await page.inputValue('select[name=voice]') === 'nữ', 'so are the region and the reader');
  const saved = await (await ed.ctx.request.get(`${timesUrl}/v/1`)).text();
  const dmy = (iso) => iso.split('-').reverse().join('/');
  check(saved.includes(`Từ ngày: ${dmy(FROM)} 08:00\n`) && saved.includes(`Đến ngày: ${dmy(TUE)} 16:30\n`),
        'saved as Từ ngày … 08:00, Đến ngày … 16:30');
  check(saved.includes('Giọng: miền Nam, nữ\n'), 'and Giọng: miền Nam, nữ');
  await page.locator('#findings .ok').waitFor({ timeout: 10000 });
  check(await page.locator('#findings li').count() === 0, 'and the saved page still checks clean');
  // Nghe thử with the chosen voice: the server renders it with that voice.
  await page.click('#listen');
  await page.locator('#preview-audio').waitFor({ timeout: 60000 });
  writeFileSync(`${OUT}/preview-female.mp3`,
    await (await ed.ctx.request.get(BASE + await page.locator("#preview-audio").getAttribute("src"))).body());
  const femaleSrc = await page.locator('#preview-audio').getAttribute('src');
  await page.selectOption('select[name=voice]', { label: 'Giọng nam' });
  await page.click('#listen');
  await page.waitForFunction((old) => {
    const a = document.getElementById('preview-audio');
    return a && a.getAttribute('src') !== old;
  }, femaleSrc, { timeout: 60000 });
  check(true, 'Giọng nam gives another preview');
  writeFileSync(`${OUT}/preview-male.mp3`,
    await (await ed.ctx.request.get(BASE + await page.locator("#preview-audio").getAttribute("src"))).body());
  await snap(page, 'editor-times-saved');

  // A recorded bulletin, uploaded: decoded and measured before it is accepted.
  await page.goto(`${BASE}/bulletins/upload`);
  await page.fill('input[name=title]', 'Bản tin tiếng M\'nông');
  await page.fill('input[name=from]', FROM);
  await page.fill('input[name=to]', TO);
  await page.check('input[name=dai][value=xa-a]');
  await page.setInputFiles('input[name=audio]', process.env.RECORDING);
  await snap(page, 'upload');
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  check((await page.content()).includes('LUFS'), 'the upload is accepted with its loudness measured');
  await snap(page, 'upload-accepted');
  await page.goto(`${BASE}/bulletins/upload`);
  await page.fill('input[name=title]', 'Không phải âm thanh');
  await page.fill('input[name=from]', FROM);
  await page.fill('input[name=to]', TO);
  await page.setInputFiles('input[name=audio]', { name: 'gia.mp3', mimeType: 'audio/mpeg', buffer: Buffer.from('ID3 not really an mp3'.repeat(50)) });
  const bad = await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  check(bad[0].status() === 422 && (await page.locator('.flash.error').count()) === 1,
        'a file that does not decode is refused (422) with a message');
  await snap(page, 'upload-refused');
  await page.goto(`${BASE}/bulletins`);
  await snap(page, 'bulletins');

  // A POST without its CSRF token is refused.
  const noCsrf = await ed.ctx.request.post(`${BASE}/bulletins/new`, {
    form: { title: 'x', from: FROM, to: TO, dai: 'xa-a', body: 'x.' }, maxRedirects: 0 });
  check(noCsrf.status() === 403, `POST without the CSRF token: ${noCsrf.status()}`);
  const badCsrf = await ed.ctx.request.post(`${BASE}/api/check`, {
    form: { title: 'x' }, headers: { 'X-CSRF-Token': '0'.repeat(64) } });
  check(badCsrf.status() === 403, `API call with a wrong CSRF token: ${badCsrf.status()}`);

  // ---- an editor of xã B writes for xã B; the editor of xã A may not see it ----
  const eb = await session('bt-b');
  await eb.page.goto(`${BASE}/bulletins/new`);
  await eb.page.fill('input[name=title]', 'Lịch tiêm chủng xã B');
  await eb.page.fill('input[name=from]', FROM);
  await eb.page.fill('input[name=to]', TO);
  await eb.page.check('input[name=dai][value=xa-b]');
  await eb.page.fill('textarea[name=body]', 'Trạm y tế xã B tiêm chủng vào sáng thứ Bảy.');
  await Promise.all([eb.page.waitForNavigation(), eb.page.click('button[name=do][value=save]')]);
  const bUrl = eb.page.url();
  await eb.ctx.close();
  const forbidden = await page.goto(bUrl);
  check(forbidden.status() === 403, `editor of xã A on xã B's bulletin: ${forbidden.status()}`);
  await snap(page, 'forbidden');
  const forbiddenPost = await ed.ctx.request.post(`${bUrl}/approve`, {
    form: { csrf: await page.locator('meta[name=csrf]').getAttribute('content') }, maxRedirects: 0 });
  check(forbiddenPost.status() === 403, `and cannot act on it either: ${forbiddenPost.status()}`);
  await ed.ctx.close();

  // ---- the approver approves ----
  const ap = await session('duyet');
  page = ap.page;
  check(page.url().endsWith('/queue'), 'the approver lands on the queue');
  check(await page.locator('table.list a', { hasText: 'Kích hoạt tài khoản' }).count() === 1,
        'the submitted bulletin waits in the queue');
  await snap(page, 'queue');
  await page.goto(bulletinUrl);
  await snap(page, 'approve');
  await Promise.all([page.waitForNavigation(), page.click('section.approve button.primary')]);
  check((await page.locator('h1 .state').innerText()) === 'Đã duyệt', 'approved');
  check((await page.locator('p.note code').innerText()).includes('/scripts/web-'),
        'approve wrote the script into the scripts folder');
  writeFileSync(`${OUT}/approved-url.txt`, bulletinUrl);

  // ---- the week: plan, build with live progress, report ----
  await page.goto(`${BASE}/week?week=${WEEK}`);
  check(await page.locator('table.plan li', { hasText: 'Kích hoạt tài khoản định danh' }).count() >= 2,
        'the plan shows the approved bulletin airing twice');
  await snap(page, 'week-plan');
  // Another build (the weekly cron job) holds the output's lock: the desk's
  // build waits for it and the page says so; then it runs.
  const holder = spawn('flock', ['-x', process.env.LOCK, 'sh', '-c', 'read x'], { stdio: ['pipe', 'ignore', 'inherit'] });
  await new Promise((ok) => setTimeout(ok, 500));
  await page.click('#build button[type=submit]');
  const waiting = page.locator('#build-stage', { hasText: 'đang chờ nó xong' });
  await waiting.waitFor({ timeout: 15000 }).catch(() => {});
  check(await waiting.count() === 1, 'while another build holds the lock the page says it is waiting');
  await page.waitForTimeout(1200);
  check(await page.locator('#build-status').getAttribute('data-state') === 'running',
        'and the build waits rather than fails');
  await snap(page, 'week-waiting');
  holder.stdin.end();
  await page.locator('#build-status[data-state=done]').waitFor({ timeout: 120000 });
  check((await page.locator('#build-log').innerText()).includes('Xong'), 'the build log ends with Xong');
  await snap(page, 'week-building');
  await page.waitForLoadState('load');
  await page.goto(`${BASE}/week?week=${WEEK}`);
  check(await page.locator('pre.report').count() === 1, 'the report is shown after the build');
  await snap(page, 'week-report');
  await ap.ctx.close();

  // ---- an operator listens and downloads the week ----
  const op = await session('op-a');
  page = op.page;
  check(page.url().endsWith('/stations'), 'the operator lands on the stations');
  check(await page.locator('ul.stations a').count() === 1, 'and sees only their station');
  await snap(page, 'stations');
  await page.goto(`${BASE}/stations/xa-a?week=${WEEK}`);
  const slots = await page.locator('ul.slots audio').count();
  check(slots >= 7, `the station page lists the week's slots (${slots})`);
  await snap(page, 'station');
  writeFileSync(`${OUT}/pull-url.txt`, await page.locator('#pull-url').innerText());
  const zip = await op.ctx.request.get(`${BASE}/stations/xa-a/${WEEK}/usb.zip`);
  check(zip.status() === 200 && zip.headers()['content-type'] === 'application/zip', 'the USB zip downloads');
  writeFileSync(`${OUT}/usb.zip`, await zip.body());
  const m3u = await op.ctx.request.get(`${BASE}/stations/xa-a/${WEEK}/week.m3u8`);
  const m3uText = await m3u.text();
  writeFileSync(`${OUT}/week.m3u8`, m3uText);
  const first = m3uText.split('\n').find((l) => l.startsWith('http'));
  check(!!first && first.startsWith(BASE + '/feed/xa-a/'), 'the M3U8 has absolute feed URLs');
  const pls = await op.ctx.request.get(`${BASE}/stations/xa-a/${WEEK}/week.pls`);
  check(/File1=http/.test(await pls.text()), 'so has the PLS');
  const ics = await op.ctx.request.get(`${BASE}/stations/xa-a/${WEEK}/schedule.ics`);
  check(ics.headers()['content-type'].startsWith('text/calendar') && (await ics.text()).includes('BEGIN:VCALENDAR'),
        'the ICS downloads as text/calendar');
  const other = await op.ctx.request.get(`${BASE}/stations/xa-b?week=${WEEK}`);
  check(other.status() === 403, `an operator of xã A on xã B's page: ${other.status()}`);
  await page.goto(`${BASE}/stations/xa-a/${WEEK}/schedule.html`);
  await snap(page, 'schedule-print');
  // The feed: no session, ETag and If-None-Match, Range.
  const anon = await browser.newContext();
  const mp3 = await anon.request.get(first);
  check(mp3.status() === 200 && mp3.headers()['content-type'] === 'audio/mpeg', 'a feed MP3 loads without a session');
  writeFileSync(`${OUT}/slot.mp3`, await mp3.body());
  const etag = mp3.headers()['etag'];
  const again = await anon.request.get(first, { headers: { 'If-None-Match': etag } });
  check(again.status() === 304, `If-None-Match with its ETag: ${again.status()}`);
  const part = await anon.request.get(first, { headers: { Range: 'bytes=0-99' } });
  check(part.status() === 206 && (await part.body()).length === 100, 'Range: bytes=0-99 gives 100 bytes (206)');
  const wrongKey = await anon.request.get(first.replace(/\/feed\/xa-a\/[0-9a-f]{32}\//, '/feed/xa-a/' + '0'.repeat(32) + '/'));
  check(wrongKey.status() === 404, `a feed URL with a wrong key: ${wrongKey.status()}`);
  await anon.close();
  await op.ctx.close();

  // ---- the admin's pages ----
  const ad = await session('admin');
  await ad.page.goto(`${BASE}/admin/users`);
  await snap(ad.page, 'admin-users');
  await ad.page.goto(`${BASE}/admin/audit`);
  check(await ad.page.locator('td', { hasText: 'bulletin.approve' }).count() >= 1, 'the audit log has the approval');
  check(await ad.page.locator('td', { hasText: 'csrf.reject' }).count() >= 1, 'and the refused CSRF');
  await snap(ad.page, 'audit');
  await ad.ctx.close();

  // ---- a wrong password five times is throttled ----
  {
    const ctx = await browser.newContext();
    const pg = await ctx.newPage();
    let last = 0;
    for (let i = 0; i < 5; i++) {
      await pg.goto(`${BASE}/login`);
      await pg.fill('input[name=name]', 'duyet');
      await pg.fill('input[name=password]', 'sai-mat-khau');
      const [r] = await Promise.all([pg.waitForNavigation(), pg.click('button[type=submit]')]);
      last = r.status();
    }
    check(last === 401, `a wrong password is refused (${last})`);
    await pg.goto(`${BASE}/login`);
    await pg.fill('input[name=name]', 'duyet');
    await pg.fill('input[name=password]', PW.duyet);
    const [r6] = await Promise.all([pg.waitForNavigation(), pg.click('button[type=submit]')]);
    check(r6.status() === 429, `after five wrong passwords even the right one waits (${r6.status()})`);
    check((await pg.locator('.flash.error').innerText()).includes('thử lại sau'), 'and the page says for how long');
    await snap(pg, 'login-throttled');
    await ctx.close();
  }
} catch (e) {
  check(false, `flow stopped: ${e.stack || e}`);
} finally {
  await browser.close();
}
console.log(`${n - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
