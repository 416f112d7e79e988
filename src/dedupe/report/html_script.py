"""The HTML report's script (inline; its hash is allowed by the page's CSP).

It reads the embedded JSON and draws rows a batch at a time, details only when opened.
Every piece of input text goes into the page with `textContent` or text nodes, never as
markup, and no link or URL is ever made from it.
"""

SCRIPT = r"""
"use strict";
(() => {
  const BATCH = 100;
  const PAIRS = 20;
  const byId = (id) => document.getElementById(id);
  const data = JSON.parse(byId("dedupe-data").textContent);
  const clusters = data.clusters;
  const list = byId("clusters");
  const more = byId("more");
  const status = byId("status");
  const kindInput = byId("filter-kind");
  const similarityInput = byId("filter-similarity");
  const similarityOutput = byId("filter-similarity-value");
  const textInput = byId("filter-text");
  const numbers = new Intl.NumberFormat("en");
  const state = { shown: [], rendered: 0, current: -1, haystacks: [] };

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function plural(count, noun) {
    return numbers.format(count) + " " + noun + (count === 1 ? "" : "s");
  }

  function range(similarity) {
    const low = similarity.min.toFixed(2);
    const high = similarity.max.toFixed(2);
    return low === high ? low : low + "–" + high;
  }

  function where(member) {
    const lines = member.end_line > member.line
      ? member.line + "-" + member.end_line : String(member.line);
    const doc = member.doc !== member.path ? " [" + member.doc + "]" : "";
    return member.path + ":" + lines + doc;
  }

  function snippet(text) {
    return text.length > 200 ? text.slice(0, 200) + "…" : text;
  }

  function summary(cluster) {
    const button = el("button", "toggle");
    button.type = "button";
    button.setAttribute("aria-expanded", "false");
    const facts = el("span", "facts");
    facts.append(
      el("span", "id", "#" + cluster.id),
      el("span", "kind kind-" + cluster.kind, cluster.kind),
      el("span", "size", plural(cluster.size, "paragraph")),
      el("span", "docs", plural(cluster.documents, "document")),
      el("span", "similarity", "similarity " + range(cluster.similarity)),
    );
    if (cluster.status) facts.append(el("span", "status-badge", cluster.status));
    const first = cluster.members[0];
    button.append(facts, el("span", "where", where(first)),
      el("span", "snippet", snippet(first.text)));
    return button;
  }

  function row(position) {
    const cluster = clusters[state.shown[position]];
    const item = el("li", "cluster");
    item.id = "cluster-" + cluster.id;
    item.dataset.kind = cluster.kind;
    item.dataset.position = String(position);
    const heading = el("h3");
    heading.append(summary(cluster));
    item.append(heading);
    return item;
  }

  function appendDiff(target, items, left) {
    const own = left ? "-" : "+";
    const tag = left ? "del" : "ins";
    let first = true;
    for (const item of items) {
      let node = null;
      if (item[0] === "=") node = document.createTextNode(item[1]);
      else if (item[0] === "s") node = el(tag, "sub", left ? item[1] : item[2]);
      else if (item[0] === own) node = el(tag, "", item[1]);
      if (node === null) continue;
      if (!first) target.append(" ");
      target.append(node);
      first = false;
    }
  }

  function side(member, label, items, left) {
    const figure = el("figure", "side " + (left ? "reference" : "other"));
    const caption = el("figcaption");
    caption.append(el("span", "where", where(member)), el("span", "label", label));
    const text = el("blockquote", "text");
    if (items) appendDiff(text, items, left);
    else text.textContent = member.text;
    figure.append(caption, text);
    return figure;
  }

  function pair(reference, other) {
    const box = el("div", "pair");
    box.append(
      side(reference, "first paragraph", other.diff, true),
      side(other, "similarity " + other.similarity.toFixed(2), other.diff, false),
    );
    return box;
  }

  function addPairs(cluster, box, start) {
    const members = cluster.members;
    const end = Math.min(start + PAIRS, members.length);
    for (let index = start; index < end; index++) box.append(pair(members[0], members[index]));
    if (end < members.length) {
      const button = el("button", "more-pairs",
        "Show " + plural(Math.min(PAIRS, members.length - end), "more paragraph"));
      button.type = "button";
      button.dataset.start = String(end);
      box.append(button);
    }
  }

  function exact(cluster, box) {
    const places = el("ul", "places");
    for (const member of cluster.members) places.append(el("li", "where", where(member)));
    box.append(el("p", "note", "The same paragraph, " + plural(cluster.size, "time") + ":"),
      places, el("blockquote", "text", cluster.members[0].text));
  }

  function detail(cluster) {
    const box = el("div", "detail");
    box.id = "detail-" + cluster.id;
    if (cluster.members.slice(1).some((member) => member.diff)) addPairs(cluster, box, 1);
    else exact(cluster, box);
    return box;
  }

  function toggle(item) {
    const button = item.querySelector(".toggle");
    const open = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", String(!open));
    let box = item.querySelector(".detail");
    if (box === null && !open) {
      box = detail(clusters[state.shown[Number(item.dataset.position)]]);
      item.append(box);
      button.setAttribute("aria-controls", box.id);
    }
    if (box !== null) box.hidden = open;
  }

  function renderUpTo(count) {
    const end = Math.min(count, state.shown.length);
    if (end > state.rendered) {
      const fragment = document.createDocumentFragment();
      for (let position = state.rendered; position < end; position++) {
        fragment.append(row(position));
      }
      list.append(fragment);
      state.rendered = end;
    }
    const left = state.shown.length - state.rendered;
    more.hidden = left === 0;
    more.textContent = "Show " + plural(Math.min(left, BATCH), "more cluster")
      + " (" + numbers.format(left) + " not listed yet)";
  }

  function haystack(index) {
    let text = state.haystacks[index];
    if (text === undefined) {
      text = clusters[index].members
        .map((member) => member.path + "\n" + member.doc + "\n" + member.text)
        .join("\n").toLowerCase();
      state.haystacks[index] = text;
    }
    return text;
  }

  function wanted(index, kind, low, terms) {
    const cluster = clusters[index];
    if (kind && cluster.kind !== kind) return false;
    if (cluster.similarity.min < low) return false;
    return terms.every((term) => haystack(index).includes(term));
  }

  function applyFilters() {
    const kind = kindInput.value;
    const low = Number(similarityInput.value);
    const terms = textInput.value.toLowerCase().split(/\s+/).filter(Boolean);
    similarityOutput.value = low.toFixed(2);
    state.shown = [];
    for (let index = 0; index < clusters.length; index++) {
      if (wanted(index, kind, low, terms)) state.shown.push(index);
    }
    list.textContent = "";
    state.rendered = 0;
    state.current = -1;
    renderUpTo(BATCH);
    status.dataset.count = String(state.shown.length);
    if (clusters.length === 0) status.textContent = "No repeated paragraphs were found.";
    else if (state.shown.length === clusters.length) {
      status.textContent = clusters.length === 1
        ? "Showing 1 cluster" : "Showing all " + plural(clusters.length, "cluster");
    } else {
      status.textContent = "Showing " + numbers.format(state.shown.length) + " of "
        + plural(clusters.length, "cluster");
    }
  }

  function select(position, focus) {
    const previous = list.querySelector(".cluster.current");
    if (previous !== null) {
      previous.classList.remove("current");
      previous.removeAttribute("aria-current");
    }
    if (position >= state.rendered) renderUpTo(position + BATCH);
    const item = list.children[position];
    state.current = position;
    item.classList.add("current");
    item.setAttribute("aria-current", "true");
    if (focus) {
      item.querySelector(".toggle").focus({ preventScroll: true });
      item.scrollIntoView({ block: "nearest" });
    }
  }

  function move(step) {
    if (state.shown.length === 0) return;
    const next = Math.min(Math.max(state.current + step, 0), state.shown.length - 1);
    select(next, true);
  }

  function toggleCurrent() {
    if (state.current < 0) move(1);
    if (state.current >= 0) toggle(list.children[state.current]);
  }

  const keys = new Map([
    ["j", () => move(1)], ["ArrowDown", () => move(1)],
    ["k", () => move(-1)], ["ArrowUp", () => move(-1)],
    ["o", toggleCurrent], ["/", () => textInput.focus()],
  ]);

  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target instanceof Element && target.closest("input, select, textarea")) {
      if (event.key === "Escape" || (event.key === "Enter" && target === textInput)) {
        event.preventDefault();
        target.blur();
        if (state.shown.length) select(Math.max(state.current, 0), true);
      }
      return;
    }
    const action = keys.get(event.key);
    if (action === undefined) return;
    event.preventDefault();
    action();
  }

  function onClick(event) {
    const target = event.target instanceof Element ? event.target : null;
    const button = target && target.closest("button");
    if (button === null) return;
    const item = button.closest(".cluster");
    if (button.classList.contains("toggle")) {
      select(Number(item.dataset.position), false);
      toggle(item);
    } else if (button.classList.contains("more-pairs")) {
      const cluster = clusters[state.shown[Number(item.dataset.position)]];
      const box = button.parentElement;
      button.remove();
      addPairs(cluster, box, Number(button.dataset.start));
    }
  }

  function onFocus(event) {
    const item = event.target instanceof Element ? event.target.closest(".cluster") : null;
    if (item !== null && Number(item.dataset.position) !== state.current) {
      select(Number(item.dataset.position), false);
    }
  }

  byId("filters").addEventListener("submit", (event) => event.preventDefault());
  byId("filters").addEventListener("input", applyFilters);
  more.addEventListener("click", () => renderUpTo(state.rendered + BATCH));
  list.addEventListener("click", onClick);
  list.addEventListener("focusin", onFocus);
  document.addEventListener("keydown", onKey);
  window.addEventListener("beforeprint", () => renderUpTo(state.shown.length));
  if ("IntersectionObserver" in window) {
    new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) renderUpTo(state.rendered + BATCH);
    }, { rootMargin: "800px" }).observe(more);
  }
  applyFilters();
  document.documentElement.dataset.ready = "true";
  performance.mark("dedupe-ready");
})();
"""
