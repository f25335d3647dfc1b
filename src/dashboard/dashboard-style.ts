/** The dashboard's stylesheet, served as `{basePath}/dashboard/app.css`. Light and dark follow the viewer's scheme. */
export const DASHBOARD_STYLE = String.raw`
:root {
  color-scheme: light dark;
  --background: #ffffff;
  --surface: #f4f5f7;
  --text: #1b1d21;
  --muted: #555b66;
  --border: #cfd3da;
  --focus: #0b57d0;
  --up-text: #0f5323; --up-fill: #dcf3e3;
  --down-text: #8c1414; --down-fill: #fbe0e0;
  --out-text: #7a4100; --out-fill: #fdebd0;
  --unknown-text: #3d4451; --unknown-fill: #e6e8ec;
  --warning-text: #7a4100; --warning-fill: #fdebd0;
}
@media (prefers-color-scheme: dark) {
  :root {
    --background: #15171b;
    --surface: #1f2228;
    --text: #e8eaed;
    --muted: #a9afba;
    --border: #3a3f48;
    --focus: #8ab4f8;
    --up-text: #8fe0a7; --up-fill: #173a24;
    --down-text: #ffb1ab; --down-fill: #4a1b1b;
    --out-text: #ffcf8f; --out-fill: #45300f;
    --unknown-text: #cdd1d8; --unknown-fill: #2c3038;
    --warning-text: #ffcf8f; --warning-fill: #45300f;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0;
  background: var(--background);
  color: var(--text);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
main { max-width: 1180px; margin: 0 auto; padding: 1.25rem 1.5rem 2rem; }
h1 { font-size: 1.5rem; margin: 0 0 0.5rem; }
h2 { font-size: 1.1rem; margin: 1.25rem 0 0.5rem; }
.summary { font-size: 1.15rem; margin: 0.25rem 0; display: flex; align-items: center; gap: 0.6rem; flex-wrap: wrap; }
.connection { margin: 0.25rem 0; color: var(--muted); }
.connection.failing {
  color: var(--warning-text);
  background: var(--warning-fill);
  border: 1px solid var(--warning-text);
  border-radius: 6px;
  padding: 0.4rem 0.7rem;
}
main.stale table, main.stale .timeline { opacity: 0.6; }
table { width: 100%; border-collapse: collapse; background: var(--surface); border: 1px solid var(--border); border-radius: 6px; }
th, td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--border); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 0.85rem; text-transform: uppercase; letter-spacing: 0.03em; }
tbody tr:last-child td { border-bottom: none; }
td.name { font-weight: 600; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: break-word; }
td.reason { color: var(--muted); overflow-wrap: anywhere; }
td.number { font-variant-numeric: tabular-nums; white-space: nowrap; }
tr[tabindex]:focus-visible, li[tabindex]:focus-visible { outline: 3px solid var(--focus); outline-offset: -3px; }
tr[tabindex]:hover { background: var(--background); }
.status {
  display: inline-block;
  min-width: 6.5rem;
  padding: 0.1rem 0.55rem;
  border-radius: 999px;
  border: 1px solid currentColor;
  font-weight: 700;
  font-size: 0.85rem;
  white-space: nowrap;
}
.status-UP { color: var(--up-text); background: var(--up-fill); }
.status-DOWN { color: var(--down-text); background: var(--down-fill); }
.status-OUT_OF_SERVICE { color: var(--out-text); background: var(--out-fill); }
.status-UNKNOWN, .status-PENDING { color: var(--unknown-text); background: var(--unknown-fill); }
.summary .status { font-size: 1rem; }
.members { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.3rem 0.8rem; }
.members li { white-space: nowrap; }
.members .status { min-width: 0; font-size: 0.75rem; margin-left: 0.25rem; }
.timeline { list-style: none; margin: 0; padding: 0; border-left: 2px solid var(--border); }
.timeline li { margin: 0 0 0.45rem; padding: 0.1rem 0 0.1rem 0.8rem; font-size: 0.9rem; }
.timeline .status { min-width: 0; font-size: 0.75rem; }
.timeline time { color: var(--muted); font-variant-numeric: tabular-nums; margin-right: 0.4rem; }
.timeline .kind { color: var(--muted); font-size: 0.8rem; }
.timeline .name { font-weight: 600; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.timeline .reason { color: var(--muted); display: block; }
.note { color: var(--muted); }
.optional { display: block; color: var(--muted); font-size: 0.75rem; font-weight: 400; font-family: system-ui, sans-serif; word-break: normal; }
.latency-chart { display: block; margin-top: 0.2rem; overflow: visible; }
.latency-line { fill: none; stroke: var(--focus); stroke-width: 1.5; stroke-linejoin: round; }
.latency-dot { stroke: none; }
.latency-dot.status-UP { fill: var(--up-text); }
.latency-dot.status-DOWN { fill: var(--down-text); }
.latency-dot.status-OUT_OF_SERVICE { fill: var(--out-text); }
.latency-dot.status-UNKNOWN { fill: var(--unknown-text); }
.status-SCRAPE_FAILING, .status-ABSENT { color: var(--down-text); background: var(--down-fill); border-style: dashed; }
#fleet-section h3 { font-size: 1rem; margin: 0.8rem 0 0.4rem; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
#fleet.stale { opacity: 0.6; }
@media (min-width: 1000px) {
  .layout { display: grid; grid-template-columns: minmax(0, 1fr) 19rem; column-gap: 1.5rem; align-items: start; }
}
`;
