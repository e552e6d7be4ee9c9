/**
 * The report's stylesheet, inlined: system fonts only (no web fonts, no CDN), colours that keep
 * WCAG AA contrast, results always written as text next to their colour, and a print layout.
 */
export const REPORT_CSS = `
:root { --fg:#1f2933; --muted:#52606d; --line:#d9e2ec; --bg:#f5f7fa; --card:#fff; --accent:#1f4e79;
  --pass:#1e7b34; --pass-bg:#e3f4e8; --fail:#b42318; --fail-bg:#fde8e6; --na:#52606d; --na-bg:#eef1f4;
  --error:#8a5a00; --error-bg:#fff3d6; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--fg); background: var(--bg); }
header.top { background: var(--accent); color: #fff; padding: 20px 32px; }
header.top h1 { margin: 0 0 4px; font-size: 22px; font-weight: 600; }
header.top p { margin: 0; opacity: .9; }
main { padding: 16px 32px 48px; max-width: 1480px; margin: 0 auto; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 16px 0; }
h2 { font-size: 18px; margin: 0 0 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
p.note { color: var(--muted); margin: 0 0 12px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 0; }
.kpi { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.kpi dt { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.kpi dd { margin: 2px 0 0; font-size: 22px; font-weight: 600; }
.kpi.bad dd { color: var(--fail); }
.alert { border-left: 4px solid var(--fail); background: var(--fail-bg); padding: 10px 14px; margin: 12px 0 0; border-radius: 4px; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 600; padding: 4px 0 8px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; background: #fafbfc; }
tbody th[scope="row"] { text-transform: none; letter-spacing: 0; font-size: 14px; color: var(--fg); background: none; font-weight: 600; }
th .muted { font-weight: 400; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:hover { background: #f8fafc; }
.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.wrap { word-break: break-word; max-width: 420px; }
.nowrap { white-space: nowrap; }
.citations-cell { min-width: 150px; max-width: 220px; }
/* A table wider than the window scrolls inside its section, never the page. */
section { overflow-x: auto; }
.muted { color: var(--muted); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.result-pass, .ok, .state-satisfied { color: var(--pass); background: var(--pass-bg); }
.result-fail, .bad, .state-not-satisfied { color: var(--fail); background: var(--fail-bg); }
.result-not_applicable, .state-no-evidence { color: var(--na); background: var(--na-bg); }
.result-error { color: var(--error); background: var(--error-bg); }
.excepted, .status-attested, .exception-pending { color: #5b3a99; background: #efe9fb; }
.stale, .exception-expired, .exception-revoked { color: var(--error); background: var(--error-bg); }
.status-automated, .exception-in-force { color: var(--pass); background: var(--pass-bg); }
.status-no-evidence, .exception-unverified { color: var(--fail); background: var(--fail-bg); }
.attestation { margin: 2px 0; }
.sev-critical { color: var(--fail); font-weight: 600; }
.sev-high { color: #c2410c; font-weight: 600; }
.zero { color: #9aa5b1; }
svg.timeline { display: block; width: 180px; height: 28px; background: #fafbfc; border: 1px solid var(--line); border-radius: 3px; }
.t-pass { fill: #2f9e44; } .t-fail { fill: #d63a2f; } .t-not_applicable { fill: #9aa5b1; } .t-error { fill: #e0a400; }
.legend span::before { content: ""; display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 10px; border-radius: 2px; vertical-align: -1px; }
.legend .l-pass::before { background: #2f9e44; } .legend .l-fail::before { background: #d63a2f; }
.legend .l-na::before { background: #9aa5b1; } .legend .l-error::before { background: #e0a400; }
.filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-end; margin: 8px 0 12px; }
.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
.filters select, .filters input { font: inherit; padding: 5px 8px; border: 1px solid #bcccdc; border-radius: 4px; min-width: 150px; background: #fff; }
.filters input { min-width: 240px; }
button { font: inherit; cursor: pointer; }
button.link { background: none; border: none; color: var(--accent); text-decoration: underline; padding: 0; }
button.plain { background: #fff; border: 1px solid #bcccdc; border-radius: 4px; padding: 5px 12px; }
button:disabled { opacity: .45; cursor: default; }
button:focus-visible, select:focus-visible, input:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
#records-counter { font-weight: 600; margin-left: auto; }
.pager { display: flex; gap: 12px; align-items: center; justify-content: flex-end; margin-top: 10px; }
.nojs { color: var(--fail); }
.js .nojs { display: none; }
dialog { width: min(900px, 92vw); max-height: 88vh; border: 1px solid var(--line); border-radius: 8px; padding: 0; }
dialog::backdrop { background: rgba(15, 23, 42, .45); }
dialog .head { display: flex; justify-content: space-between; align-items: center; padding: 12px 16px; border-bottom: 1px solid var(--line); position: sticky; top: 0; background: #fff; }
dialog h2 { margin: 0; font-size: 16px; }
dialog .body { padding: 12px 16px; }
dialog dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 12px; }
dialog dt { color: var(--muted); } dialog dd { margin: 0; word-break: break-word; }
pre { background: #0f172a; color: #e2e8f0; padding: 12px; border-radius: 6px; overflow: auto; font-size: 12px; max-height: 50vh; }
@media print { header.top { background: none; color: var(--fg); } .filters, .pager, button.link { display: none; } section { break-inside: avoid; } }
`;
