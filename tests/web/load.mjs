// Load on `loa serve` (issue 17 item 8): N editors, each in their own session,
// preview different texts all at once, while every one of them also asks for
// one shared text at the same moment; then the same again (all cached). Bounded:
// N requests per round, two rounds, a time limit; loopback only.
// Prints one JSON line of figures; exits 1 when any request failed.
const BASE = process.env.BASE;
const N = Number(process.env.EDITORS || 50);
const PW = process.env.PASSWORD;
const LIMIT_MS = Number(process.env.LIMIT_MS || 240000);
const deadline = Date.now() + LIMIT_MS;

async function login(name) {
  const r = await fetch(`${BASE}/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ name, password: PW }),
  });
  const cookie = (r.headers.get('set-cookie') || '').split(';')[0];
  if (r.status !== 303 || !cookie.startsWith('loa_sid=')) throw new Error(`login ${name}: ${r.status}`);
  const page = await (await fetch(`${BASE}/bulletins/new`, { headers: { Cookie: cookie } })).text();
  const m = page.match(/<meta name="csrf" content="([0-9a-f]{64})">/);
  if (!m) throw new Error(`no CSRF token for ${name}`);
  return { cookie, csrf: m[1] };
}

function form(body) {
  return new URLSearchParams({ title: 'Thử tải', from: '2026-11-23', to: '2026-11-29', dai: 'xa-a', body });
}

async function preview(s, body) {
  const t0 = performance.now();
  const r = await fetch(`${BASE}/api/preview`, {
    method: 'POST',
    headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form(body), signal: AbortSignal.timeout(Math.max(1000, deadline - Date.now())),
  });
  const d = await r.json();
  const ms = performance.now() - t0;
  if (r.status !== 200) return { ok: false, ms, why: `${r.status} ${d.error}` };
  const a = await fetch(`${BASE}${d.url}`, { headers: { Cookie: s.cookie } });
  const bytes = (await a.arrayBuffer()).byteLength;
  return { ok: a.status === 200 && bytes > 2000 && d.seconds > 1, ms, url: d.url, seconds: d.seconds, why: `mp3 ${a.status} ${bytes} B` };
}

async function stats(admin) {
  return (await fetch(`${BASE}/api/stats`, { headers: { Cookie: admin.cookie } })).json();
}

function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))]);
}

const t0 = performance.now();
const admin = await login('admin');
const eds = await Promise.all(Array.from({ length: N }, (_, i) => login(`ed${String(i + 1).padStart(2, '0')}`)));
const tLogin = performance.now() - t0;
const texts = eds.map((_, i) => `Bản tin số ${i + 1}: kính mời bà con thôn ${i + 1} kích hoạt tài khoản định danh điện tử trước ngày ${1 + (i % 28)}/12/2026, gọi tổng đài 1800.1096 khi cần.`);
const shared = 'Thông báo chung: lịch tiếp công dân tuần này vào sáng thứ Năm, ngày 26/11/2026.';
const before = await stats(admin);
const results = [];
for (let round = 1; round <= 2; round++) {
  const t = performance.now();
  const rs = await Promise.all(eds.flatMap((s, i) => [preview(s, texts[i]), preview(s, shared)]));
  results.push({ round, ms: performance.now() - t, rs });
}
const after = await stats(admin);
const all = results.flatMap((r) => r.rs);
const bad = all.filter((r) => !r.ok);
const sharedUrls = new Set(results.flatMap((r) => r.rs.filter((_, k) => k % 2 === 1).map((x) => x.url)));
const out = {
  editors: N, requests: all.length, failed: bad.length, first_failure: bad[0] ? bad[0].why : null,
  distinct_texts: N + 1, renders: after.renders - before.renders, joined: after.joined - before.joined,
  cache_hits: after.cache_hits - before.cache_hits, busy: after.busy - before.busy, in_flight_after: after.in_flight,
  shared_urls: sharedUrls.size, login_ms: Math.round(tLogin),
  round1_ms: Math.round(results[0].ms), round2_ms: Math.round(results[1].ms),
  round1_p50_ms: pct(results[0].rs.map((r) => r.ms), 0.5), round1_p95_ms: pct(results[0].rs.map((r) => r.ms), 0.95),
  round2_p95_ms: pct(results[1].rs.map((r) => r.ms), 0.95),
};
console.log(JSON.stringify(out));
process.exit(bad.length ? 1 : 0);
