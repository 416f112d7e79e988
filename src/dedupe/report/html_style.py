"""The HTML report's stylesheet (inline; its hash is allowed by the page's CSP).

Changes are marked by more than colour: deletions are struck through, insertions underlined,
substitutions wavy, and screen readers hear "removed", "added" or "replaced" around them.
"""

STYLE = r"""
:root {
  --fg: #1f2328; --bg: #fff; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa;
  --accent: #0a58ca; --del-bg: #ffe2e0; --del-fg: #8c0b16; --ins-bg: #d6f5dd;
  --ins-fg: #0b5a1f; --sub-bg: #fff0b8; --sub-fg: #5c3b00;
  color-scheme: light;
}
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: var(--bg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header, main { max-width: 84rem; margin: 0 auto; padding: 0 1.25rem; }
header { padding-top: 1rem; }
h1 { font-size: 1.5rem; margin: 0.5rem 0 0.25rem; }
h2 { font-size: 1.1rem; margin: 0.75rem 0 0.5rem; }
h3 { margin: 0; font-size: 1rem; font-weight: normal; }
code, kbd { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-size: 0.9em; }
kbd { border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 4px;
  padding: 0 0.3em; background: var(--soft); }
.lead { margin: 0; color: var(--muted); }
.alert { border-left: 4px solid var(--del-fg); padding: 0.25rem 0.75rem; font-weight: 600; }
.overview { display: grid; gap: 0 2rem;
  grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); }
.overview dl { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 0 1rem; }
.overview dl > div { display: contents; }
dt { color: var(--muted); }
dd { margin: 0; font-variant-numeric: tabular-nums; }
.paths { margin: 0; padding-left: 1.2rem; max-height: 10rem; overflow: auto; }
.charts { grid-column: 1 / -1; display: flex; flex-wrap: wrap; gap: 1rem 2rem; }
.charts h2 { width: 100%; margin-bottom: 0; }
.chart { margin: 0; width: 320px; max-width: 100%; }
.chart svg { width: 100%; height: auto; display: block; }
.chart .bar { fill: var(--accent); }
.chart .axis { stroke: var(--muted); }
.chart text { font-size: 9px; text-anchor: middle; fill: var(--fg); }
.chart figcaption { font-size: 0.85rem; color: var(--muted); }
.problems li { margin: 0.2rem 0; }
.filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: center;
  position: sticky; top: 0; z-index: 1; background: var(--bg); padding: 0.5rem 0;
  border-bottom: 1px solid var(--line); }
.filters input[type="search"] { width: 16rem; }
.filters input, .filters select { font: inherit; }
output { display: inline-block; min-width: 2.5em; font-variant-numeric: tabular-nums; }
.legend, .keys { margin: 0.4rem 0; color: var(--muted); font-size: 0.9rem; }
.status { font-weight: 600; }
.clusters { list-style: none; margin: 0; padding: 0; }
.cluster { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 0.4rem;
  border-left-width: 6px; }
.cluster[data-kind="exact"] { border-left-color: #6f42c1; }
.cluster[data-kind="near"] { border-left-color: #0a58ca; }
.cluster.current { border-color: var(--accent); box-shadow: 0 0 0 2px var(--accent); }
.toggle { all: unset; box-sizing: border-box; display: grid; width: 100%; cursor: pointer;
  padding: 0.4rem 0.75rem; gap: 0.1rem 1rem; grid-template-columns: minmax(24rem, auto) 1fr; }
.toggle:focus-visible { outline: 3px solid var(--accent); outline-offset: -3px; }
.toggle::before { content: "▸"; position: absolute; margin-left: -0.65rem; color: var(--muted); }
.toggle[aria-expanded="true"]::before { content: "▾"; }
.facts { display: flex; flex-wrap: wrap; gap: 0 0.75rem; font-variant-numeric: tabular-nums; }
.facts .id { font-weight: 700; min-width: 3.5em; }
.kind { border: 1px solid currentColor; border-radius: 999px; padding: 0 0.5em;
  font-size: 0.85em; }
.kind-exact { color: #6f42c1; }
.kind-near { color: #0a58ca; }
.status-badge { font-weight: 700; }
.where { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-size: 0.85rem; overflow-wrap: anywhere; }
.toggle .where { color: var(--muted); }
.snippet { grid-column: 1 / -1; color: var(--muted); white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }
.detail { border-top: 1px solid var(--line); padding: 0.5rem 0.75rem 0.75rem; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; margin-bottom: 0.75rem; }
.side { margin: 0; min-width: 0; }
.side figcaption { display: flex; flex-wrap: wrap; gap: 0 0.75rem; font-size: 0.85rem;
  color: var(--muted); }
.side figcaption .where { color: var(--fg); font-weight: 600; }
.text { margin: 0.25rem 0 0; padding: 0.5rem 0.75rem; background: var(--soft);
  border-left: 3px solid var(--line); white-space: pre-wrap; overflow-wrap: anywhere; }
.places { margin: 0.25rem 0; padding-left: 1.2rem; }
.more, .more-pairs { font: inherit; margin: 0.5rem 0 2rem; padding: 0.3rem 0.9rem;
  border: 1px solid var(--line); border-radius: 6px; background: var(--soft); cursor: pointer; }
del { background: var(--del-bg); color: var(--del-fg);
  text-decoration: line-through 2px; }
ins { background: var(--ins-bg); color: var(--ins-fg); text-decoration: underline 2px;
  text-underline-offset: 3px; }
del.sub, ins.sub { background: var(--sub-bg); color: var(--sub-fg); }
del.sub { text-decoration: line-through wavy 1.5px; }
ins.sub { text-decoration: underline wavy 1.5px; }
del::before, del::after, ins::before, ins::after { position: absolute; width: 1px;
  height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
del::before { content: " [removed: "; }
ins::before { content: " [added: "; }
del.sub::before { content: " [replaced: "; }
ins.sub::before { content: " [replacement: "; }
del::after, ins::after { content: "] "; }
@media (max-width: 48rem) {
  .pair { grid-template-columns: 1fr; }
  .toggle { grid-template-columns: 1fr; }
}
@media print {
  :root { --soft: #fff; }
  body { font-size: 10.5pt; }
  .filters, .keys, .more, .more-pairs, .toggle::before, noscript { display: none !important; }
  .cluster { break-inside: avoid; box-shadow: none !important; border-color: #999 !important; }
  .detail[hidden] { display: none; }
  .snippet { white-space: normal; }
  del, ins { background: none; color: inherit; }
  .paths { max-height: none; overflow: visible; }
}
"""
