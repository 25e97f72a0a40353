/**
 * The dashboard's stylesheet and script, served from /admin/assets (no inline script or style, so a strict
 * Content-Security-Policy can apply). The script only refreshes server-rendered fragments, asks for
 * confirmation before a control is posted, and sends a CSV upload.
 */
export const DASHBOARD_JS = `'use strict';
document.addEventListener('submit', (e) => {
  const form = e.target;
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) e.preventDefault();
});
for (const el of document.querySelectorAll('[data-live]')) {
  const refresh = async () => {
    try {
      const res = await fetch(el.dataset.live, { headers: { accept: 'text/html' } });
      if (res.ok) el.innerHTML = await res.text();
    } catch {
      /* the next tick tries again */
    }
  };
  setInterval(refresh, 2000);
}
const upload = document.getElementById('upload');
if (upload) {
  upload.addEventListener('submit', async (e) => {
    e.preventDefault();
    const out = document.getElementById('upload-result');
    const file = upload.querySelector('input[type=file]').files[0];
    if (!file) return;
    out.textContent = 'Uploading…';
    const res = await fetch(upload.action, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', 'x-csrf-token': upload.dataset.csrf },
      body: file,
    });
    out.innerHTML = await res.text();
  });
}
`;

export const DASHBOARD_CSS = `:root { --fg: #1d2330; --muted: #6b7385; --line: #dde1e8; --accent: #2f6fdf; --bad: #c0392b; --ok: #1e8a4c; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #f6f7f9; }
a { color: var(--accent); }
.top { display: flex; gap: 1rem; align-items: center; padding: .6rem 1rem; background: #1d2330; color: #fff; flex-wrap: wrap; }
.top a { color: #fff; text-decoration: none; margin-right: .8rem; }
.top .brand { font-weight: 700; }
.top .who { margin-left: auto; opacity: .85; }
main { padding: 1rem; max-width: 1400px; margin: 0 auto; }
h1 { font-size: 1.4rem; margin: .2rem 0; } h2 { font-size: 1.1rem; margin: 1.2rem 0 .5rem; } h3 { font-size: .85rem; margin: 0 0 .4rem; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
.bar { display: flex; flex-wrap: wrap; align-items: center; gap: .8rem; justify-content: space-between; }
.controls { display: flex; gap: .5rem; flex-wrap: wrap; }
form { margin: 0; display: inline-block; }
button { font: inherit; padding: .45rem .9rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button.danger { background: var(--bad); border-color: var(--bad); }
.scroll { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: .8rem; color: var(--muted); font-weight: 600; white-space: nowrap; }
td.num { text-align: right; } td.wide { min-width: 10rem; }
.counts { list-style: none; margin: 0; padding: 0; } .counts li { white-space: nowrap; } .counts span { color: var(--muted); }
.progress { display: block; width: 100%; height: 8px; margin: .2rem 0; appearance: none; border: 0; border-radius: 4px; background: var(--line); overflow: hidden; }
.progress::-webkit-progress-bar { background: var(--line); border-radius: 4px; }
.progress::-webkit-progress-value { background: var(--ok); border-radius: 4px; }
.progress::-moz-progress-bar { background: var(--ok); }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: 999px; font-size: .8rem; background: var(--line); }
.badge-running, .badge-in-progress, .badge-completed { background: #d9f2e3; color: #14633a; }
.badge-paused, .badge-waiting, .badge-retry_scheduled { background: #fff1cc; color: #7a5a00; }
.badge-cancelled, .badge-blocked, .badge-failed { background: #fbe0dd; color: #8e2418; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: .8rem; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .8rem; }
.big { font-size: 2rem; margin: 0; }
.chart { width: 100%; height: 120px; background: #fff; border: 1px solid var(--line); border-radius: 8px; fill: var(--accent); }
.chart-axis { display: flex; justify-content: space-between; color: var(--muted); font-size: .8rem; }
.notice { padding: .5rem .8rem; border-radius: 6px; } .notice.ok { background: #d9f2e3; } .notice.error { background: #fbe0dd; }
.kill.engaged b { color: var(--bad); }
.muted { color: var(--muted); }
.transcript { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .8rem 2rem; }
.transcript .user b { color: var(--ok); } .transcript .t { color: var(--muted); font-size: .8rem; margin-right: .4rem; }
details { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .5rem .8rem; margin-bottom: .5rem; }
@media (max-width: 700px) {
  main { padding: .6rem; }
  .campaigns thead { display: none; }
  .campaigns tr { display: block; border-bottom: 2px solid var(--line); padding: .4rem 0; }
  .campaigns td { display: block; border: 0; padding: .2rem .6rem; }
  .top .who { margin-left: 0; }
}
`;
