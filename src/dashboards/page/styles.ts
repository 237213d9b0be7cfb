/** The page's stylesheet: one column on phones, a 12-column grid of cards from 900px up. No web fonts. */

export const PAGE_CSS = `
:root{color-scheme:light;--bg:#f4f6fa;--card:#fff;--ink:#0f172a;--muted:#55627a;--line:#e3e8ef;--accent:#2563eb;
--running:#2563eb;--completed:#059669;--ready:#64748b;--failed:#dc2626;--paused:#d97706;--cancelled:#7c3aed;--other:#475569}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.wrap{max-width:1280px;margin:0 auto;padding:0 16px}
.top{background:linear-gradient(135deg,#1e3a8a,#2563eb 60%,#0ea5e9);color:#fff;padding:28px 0 24px}
.eyebrow{margin:0 0 4px;font-size:.78rem;letter-spacing:.08em;text-transform:uppercase;opacity:.85}
h1{margin:0;font-size:clamp(1.45rem,4.5vw,2.1rem);line-height:1.2;overflow-wrap:anywhere}
.meta{margin:8px 0 0;font-size:.9rem;opacity:.9}
.tabs{position:sticky;top:0;z-index:2;background:rgba(255,255,255,.96);border-bottom:1px solid var(--line);box-shadow:0 1px 2px rgba(15,23,42,.04)}
.tabs ul{display:flex;gap:4px;margin:0 auto;padding:0 12px;list-style:none;overflow-x:auto;max-width:1280px;scrollbar-width:thin}
.tabs a{display:block;padding:12px 14px;color:var(--muted);text-decoration:none;font-weight:600;font-size:.95rem;white-space:nowrap;border-bottom:3px solid transparent}
.tabs a:hover{color:var(--ink)}
.tabs a:focus-visible{outline:2px solid var(--accent);outline-offset:-2px}
.panel{scroll-margin-top:56px}
main:has(.panel:target) .panel:not(:target){display:none}
main:not(:has(.panel:target)) .panel:not(:first-of-type){display:none}
.grid{display:grid;grid-template-columns:minmax(0,1fr);gap:16px;align-items:start}
.card{background:var(--card);border:1px solid var(--line);border-radius:14px;padding:16px 18px 18px;box-shadow:0 1px 3px rgba(15,23,42,.05);min-width:0}
.card>header{margin-bottom:10px}
.card h2{margin:0;font-size:1.1rem;line-height:1.3;overflow-wrap:anywhere}
.subtitle{margin:2px 0 0;color:var(--muted);font-size:.88rem}
.empty,.quiet{color:var(--muted);margin:.25rem 0 0;font-size:.92rem}
.chart{margin:0}
.chart svg{display:block;width:100%;height:auto}
.chart-wide{display:none}
.chart-wide svg{max-width:760px;margin:0 auto}
.chart-data{margin-top:6px;font-size:.88rem}
.chart-data summary{cursor:pointer;color:var(--muted)}
.table-wrap{overflow-x:auto;margin:.5rem 0}
table{border-collapse:collapse;font-size:.9rem;min-width:50%}
th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
td{font-variant-numeric:tabular-nums}
thead th{background:#f8fafc;font-weight:600}
.tasks{display:grid;gap:14px 18px;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));align-items:start}
.task-group h3{display:flex;align-items:center;gap:8px;margin:0 0 6px;font-size:.95rem}
.task-group .dot{width:10px;height:10px;border-radius:50%;background:var(--c,var(--other))}
.task-group .count{margin-left:auto;background:#eef2f7;color:var(--muted);border-radius:999px;padding:0 9px;font-size:.8rem;font-weight:600}
.task-group ul{margin:0;padding:0;list-style:none;border-left:3px solid var(--c,var(--other));border-radius:2px}
.task-group li{padding:6px 10px;border-bottom:1px solid var(--line);overflow-wrap:anywhere}
.task-group li:last-child{border-bottom:0}
.task-group li.more{color:var(--muted);font-style:italic}
.task-group details ul{border-top:1px solid var(--line)}
.task-group summary{cursor:pointer;color:var(--accent);font-size:.88rem;padding:6px 0 0 13px}
.task-group details[open] summary{padding-bottom:6px}
.status-running{--c:var(--running)}.status-completed{--c:var(--completed)}.status-ready{--c:var(--ready)}
.status-failed{--c:var(--failed)}.status-paused{--c:var(--paused)}.status-cancelled,.status-stopped{--c:var(--cancelled)}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(130px,1fr));gap:10px;margin:0}
.stats div{background:#f8fafc;border:1px solid var(--line);border-radius:10px;padding:10px 12px}
.stats dt{color:var(--muted);font-size:.82rem}
.stats dd{margin:2px 0 0;font-size:1.5rem;font-weight:700;font-variant-numeric:tabular-nums}
.raw{margin:0;max-height:260px;overflow:auto;background:#f8fafc;border:1px solid var(--line);border-radius:8px;padding:10px;font-size:.82rem;white-space:pre-wrap;overflow-wrap:anywhere}
.raw-text{margin:0;overflow-wrap:anywhere}
.markdown{overflow-wrap:anywhere}
.markdown>:first-child{margin-top:0}.markdown>:last-child{margin-bottom:0}
.markdown h3,.markdown h4,.markdown h5,.markdown h6{margin:1.1em 0 .4em;line-height:1.3}
.markdown h3{font-size:1.05rem}.markdown h4{font-size:1rem}.markdown h5,.markdown h6{font-size:.95rem}
.markdown pre{background:#0f172a;color:#e2e8f0;border-radius:8px;padding:12px;overflow-x:auto;font-size:.85rem}
.markdown code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
.markdown :not(pre)>code{background:#eef2f7;border-radius:4px;padding:.1em .35em}
.markdown blockquote{margin:0;padding-left:12px;border-left:3px solid var(--line);color:var(--muted)}
.markdown a{color:var(--accent)}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
footer{color:var(--muted);font-size:.82rem;text-align:center;padding:8px 16px 28px}
.gate{min-height:100vh;display:grid;place-items:center;padding:24px 16px}
.gate .card{width:100%;max-width:400px;padding:26px 24px}
.gate h1{font-size:1.35rem;margin-bottom:6px}
.gate p{color:var(--muted);margin:0 0 16px}
.gate label{display:block;font-weight:600;font-size:.92rem;margin-bottom:6px}
.gate input{width:100%;font:inherit;padding:10px 12px;border:1px solid #64748b;border-radius:9px;background:#fff}
.gate input:focus{outline:2px solid var(--accent);outline-offset:1px;border-color:var(--accent)}
.gate button{margin-top:14px;width:100%;font:inherit;font-weight:600;padding:10px 14px;border:0;border-radius:9px;background:var(--accent);color:#fff;cursor:pointer}
.gate button:hover{background:#1d4ed8}
.gate .alert{background:#fef2f2;border:1px solid #fecaca;color:#991b1b;border-radius:9px;padding:9px 12px;margin:0 0 14px;font-size:.92rem;font-weight:600}
@media (min-width:600px){.wrap{padding:0 24px}.chart-wide{display:block}.chart-narrow{display:none}}
main.wrap{padding-top:20px;padding-bottom:32px}
@media (min-width:900px){.grid{grid-template-columns:repeat(12,minmax(0,1fr));gap:20px}
.card{grid-column:span 12}
.span-4{grid-column:span 4}.span-5{grid-column:span 5}.span-6{grid-column:span 6}.span-7{grid-column:span 7}
.span-8{grid-column:span 8}.span-9{grid-column:span 9}.span-10{grid-column:span 10}.span-11{grid-column:span 11}}
`;

/** Rules that underline the tab whose panel is showing (the first one when none is targeted). */
export function tabCss(count: number): string {
  const mark = 'color:var(--accent);border-bottom-color:var(--accent)';
  const rules = [`body:not(:has(.panel:target)) .tabs a[href="#tab-1"]{${mark}}`];
  for (let i = 1; i <= count; i += 1) rules.push(`body:has(#tab-${i}:target) .tabs a[href="#tab-${i}"]{${mark}}`);
  return rules.join('\n');
}
