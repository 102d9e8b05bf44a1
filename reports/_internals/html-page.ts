import { createHash } from 'node:crypto';
import { escapeHtml } from './escape-html';

// The page around a report: one self-contained HTML document. Styles are
// inline, fonts are the system's, and a Content-Security-Policy forbids every
// fetch, so a report opened from disk (or a mail attachment) never touches the
// network. The one inline script is allowed by its hash.

const STYLE = `
:root { color-scheme: light; --ok: #2e7d32; --fail: #c62828; --unknown: #ef8f00; --ink: #1f2933; --muted: #5f6b7a; --line: #d9dee4; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); }
main { max-width: 1180px; margin: 0 auto; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 0 0 10px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px; margin: 16px 0; overflow-x: auto; }
.summary { color: var(--muted); }
.mono, code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
.small { font-size: 11px; color: var(--muted); font-weight: normal; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 12px; color: #fff; font-size: 13px; vertical-align: middle; margin-left: 8px; }
.verdict.ok { background: var(--ok); } .verdict.failed { background: var(--fail); }
.repro { background: #fff4f4; border-color: #f0b4b4; }
.repro pre { margin: 6px 0 0; white-space: pre-wrap; word-break: break-all; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { background: #eef1f4; font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.kv th { width: 220px; font-weight: 500; }
table.faults, #latency { width: auto; min-width: 60%; }
table.faults td, table.faults th, #latency td, #latency th { padding-right: 24px; }
.empty { color: var(--muted); font-style: italic; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; background: #e0e0e0; }
.state-ALIVE { background: #dcedc8; color: #1b5e20; } .state-DEAD { background: #ffcdd2; color: #8e0000; }
.state-RESTARTING, .state-PENDING { background: #ffe0b2; color: #8a4b00; }
table.grid { width: auto; }
table.grid th.column, table.grid td.cell { text-align: center; min-width: 46px; }
table.grid td.cell { font-size: 15px; }
table.grid td.mark { color: #1565c0; }
table.grid td.bad { color: var(--fail); font-weight: bold; }
table.grid th.tone-bad { color: var(--fail); }
table.grid tr.tone-warn { background: #fff3d6; }
table.grid tr.tone-bad { background: #ffd9d9; }
table.grid tr.tone-info { background: #e6f0ff; }
table.grid tr.tone-good { background: #e8f5e9; }
table.grid .row-name { font-weight: normal; white-space: nowrap; }
svg.sequence rect.focus { fill: #fff3c4; stroke: #f9a825; }
.legend-row { color: var(--muted); font-size: 12px; margin-top: 8px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -2px; margin: 0 4px 0 12px; }
svg { display: block; max-width: 100%; height: auto; font-family: system-ui, sans-serif; }
svg .chart-title { font-size: 13px; font-weight: 600; fill: var(--ink); }
svg .tick, svg .legend { font-size: 11px; fill: var(--muted); }
svg .grid { stroke: #eceff3; } svg .axis { stroke: #9aa5b1; }
svg .line { fill: none; stroke-width: 2; }
svg .band { fill: #c62828; opacity: 0.07; }
svg .lane { fill: #f4f6f8; }
svg .op { stroke: rgba(0,0,0,0.25); stroke-width: 0.5; }
svg .op-ok { fill: var(--ok); } svg .op-fail { fill: var(--fail); } svg .op-unknown { fill: var(--unknown); }
svg .op-open { fill: var(--unknown); opacity: 0.5; stroke-dasharray: 3 2; stroke: #8a4b00; }
svg .op-label { font-size: 10px; fill: #fff; pointer-events: none; }
svg .lifeline { stroke: #b0bac5; stroke-dasharray: 4 3; }
svg .lifeline-name { font-size: 12px; font-weight: 600; fill: var(--ink); }
svg .msg { stroke: #37474f; stroke-width: 1.3; fill: none; }
svg .msg-drop { stroke: var(--fail); stroke-dasharray: 5 3; }
svg .msg-dup { stroke: #7b1fa2; }
svg .msg-label { font-size: 10px; fill: #37474f; }
svg .msg-label.drop, svg .drop-mark { fill: var(--fail); }
svg .drop-mark { font-size: 13px; font-weight: bold; }
svg .mark { fill: #90a4ae; } svg .mark-fault { fill: var(--fail); }
svg .mark-label { font-size: 10px; fill: var(--muted); } svg .mark-label.fault { fill: var(--fail); font-weight: 600; }
svg .span-world { fill: #eceff1; } svg .span-violation { fill: #ffcdd2; }
svg .span-label { font-size: 10.5px; fill: var(--ink); }
svg .tick.violation { fill: var(--fail); font-weight: 600; }
ul.violations { margin: 0; padding-left: 18px; }
ul.violations li { margin: 4px 0; }
.kind { font-weight: 600; color: var(--fail); }
details pre { max-height: 420px; overflow: auto; background: #f4f6f8; padding: 10px; border-radius: 6px; }
`;

// Records each SVG's rendered size on it (data-rendered="WxH"), so a headless
// browser's DOM dump shows the charts were laid out.
const SCRIPT = `for (const s of document.querySelectorAll('svg')) { const r = s.getBoundingClientRect(); s.setAttribute('data-rendered', Math.round(r.width) + 'x' + Math.round(r.height)); }`;

export function htmlPage(title: string, body: string): string {
  const scriptHash = createHash('sha256').update(SCRIPT).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${scriptHash}'`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<main>${body}</main>`,
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
