// loa serve: the little JavaScript the desk needs. The pages work without it
// (forms post to the server); with it, the editor sees the check and "what
// will be said" as they type, Nghe thử plays in the page, and a build shows
// its progress live. Every request that changes something carries the CSRF
// token from <meta name="csrf">.
'use strict';

(function () {
  const meta = document.querySelector('meta[name="csrf"]');
  const csrf = meta ? meta.content : '';

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  async function post(url, form) {
    const body = new URLSearchParams(new FormData(form));
    const r = await fetch(url, {
      method: 'POST',
      body: body,
      headers: { 'X-CSRF-Token': csrf, 'Accept': 'application/json' },
      credentials: 'same-origin'
    });
    let data = null;
    try { data = await r.json(); } catch (e) { data = { error: 'Máy chủ trả lời không hợp lệ (' + r.status + ')' }; }
    return { status: r.status, data: data };
  }

  const FIELDS = {
    title: 'Tiêu đề', priority: 'Ưu tiên', from: 'Từ ngày', to: 'Đến ngày',
    repeat: 'Số lần phát', dai: 'Đài', dialect: 'Giọng', author: 'Người soạn', audio: 'Âm thanh'
  };

  function seconds(s) {
    s = Math.round(s);
    return s >= 60 ? Math.floor(s / 60) + ' phút ' + (s % 60) + ' giây' : s + ' giây';
  }

  function showFindings(box, d) {
    box.replaceChildren();
    if (d.error) { box.append(el('p', 'flash error', d.error)); return; }
    const ul = el('ul', 'findings');
    for (const f of d.findings) {
      const li = el('li', f.sev);
      li.append(el('b', null, f.sev === 'error' ? 'Lỗi' : 'Cảnh báo'));
      let where = '';
      if (f.field === 'body') where = 'Nội dung, dòng ' + f.body_line;
      else if (FIELDS[f.field]) where = FIELDS[f.field];
      if (where) li.append(el('span', 'where', where));
      li.append(el('span', 'msg', f.msg));
      ul.append(li);
    }
    if (!d.findings.length) box.append(el('p', 'ok', 'Không thấy lỗi nào.'));
    else box.append(ul);
    if (d.seconds !== null && d.seconds !== undefined) {
      let t = 'Ước tính thời lượng: ' + seconds(d.seconds);
      if (d.slot_seconds) t += ' (khung phát ngắn nhất ' + seconds(d.slot_seconds) + ')';
      box.append(el('p', 'estimate', t));
    }
  }

  // The spoken form: plain words as written, each rewritten word as its
  // reading, highlighted, with what was written under it.
  function showSaid(box, d) {
    box.replaceChildren();
    if (!d.said || !d.said.length) { box.append(el('p', 'muted', 'Chưa có nội dung.')); return; }
    const enc = new TextEncoder(), dec = new TextDecoder();
    for (const para of d.said) {
      const p = el('p');
      for (const piece of para) {
        if (piece.pause !== undefined) {
          p.append(el('span', 'pause', '[nghỉ ' + (piece.pause / 1000).toLocaleString('vi') + ' giây]'), ' ');
          continue;
        }
        const bytes = enc.encode(piece.text);
        let at = 0;
        for (const w of piece.nsw) {
          if (w.o > at) p.append(dec.decode(bytes.slice(at, w.o)));
          const span = el('span', 'nsw k-' + w.k);
          span.title = w.w + ' → ' + w.r;
          span.append(el('mark', null, w.r), el('small', null, w.w));
          p.append(span);
          at = w.o + w.n;
        }
        if (at < bytes.length) p.append(dec.decode(bytes.slice(at)));
        p.append(' ');
      }
      box.append(p);
    }
  }

  const form = document.getElementById('bulletin');
  if (form) {
    const findings = document.getElementById('findings');
    const said = document.getElementById('said');
    const player = document.getElementById('player');
    let timer = null, seq = 0;

    async function check() {
      const mine = ++seq;
      const r = await post('/api/check', form);
      if (mine !== seq) return; // a newer check is on its way
      showFindings(findings, r.data);
      showSaid(said, r.data);
    }
    form.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(check, 350);
    });
    form.addEventListener('change', function () {
      clearTimeout(timer);
      timer = setTimeout(check, 50);
    });
    check();

    const listen = document.getElementById('listen');
    if (listen) {
      listen.addEventListener('click', async function () {
        listen.disabled = true;
        player.replaceChildren(el('span', 'muted', 'Đang đọc thử…'));
        try {
          const r = await post('/api/preview', form);
          player.replaceChildren();
          if (r.status !== 200) {
            player.append(el('p', 'flash error', r.data.error || ('Lỗi ' + r.status)));
            return;
          }
          const a = el('audio');
          a.controls = true;
          a.src = r.data.url;
          a.id = 'preview-audio';
          player.append(a, el('span', 'muted', ' ' + seconds(r.data.seconds) + (r.data.station ? ' · giọng và âm thanh của ' + r.data.station : '')));
          a.play().catch(function () { /* autoplay may be refused: the controls are there */ });
        } finally {
          listen.disabled = false;
        }
      });
    }
  }

  // The week's build: start it, then follow its progress and log.
  const build = document.getElementById('build');
  const status = document.getElementById('build-status');
  if (build && status) {
    const bar = document.getElementById('build-progress');
    const stage = document.getElementById('build-stage');
    const log = document.getElementById('build-log');
    const STAGES = { speech: 'Đọc bản tin', pieces: 'Dựng các đoạn', publish: 'Xuất bản' };

    async function follow(id) {
      for (;;) {
        const r = await fetch('/week/build/' + id, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' });
        const d = await r.json();
        if (d.total) { bar.max = d.total; bar.value = d.done; }
        // d.note: the server's own words while this build waits for another one.
        stage.textContent = d.status === 'running' && d.note ? d.note
          : d.status === 'running'
          ? (STAGES[d.stage] || d.stage || 'Đang dựng') + (d.total ? ' ' + d.done + '/' + d.total : '') + '…'
          : d.status === 'done' ? 'Đã dựng xong.' : 'Dựng thất bại: ' + d.message;
        status.dataset.state = d.status;
        log.textContent = d.log;
        log.scrollTop = log.scrollHeight;
        if (d.status !== 'running') {
          if (d.status === 'done') { bar.max = 1; bar.value = 1; setTimeout(function () { location.reload(); }, 1500); }
          return;
        }
        await new Promise(function (ok) { setTimeout(ok, 500); });
      }
    }
    build.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      const r = await post('/week/build', build);
      if (r.status !== 202) { stage.textContent = r.data.error || ('Lỗi ' + r.status); return; }
      status.dataset.build = r.data.id;
      follow(r.data.id);
    });
    if (status.dataset.build !== '0') follow(status.dataset.build);
  }
})();
