/* graphkit view: draws the graph of the JSON block #gk-data with vis-network.
 *
 * Every string that comes from articles (labels, evidence sentences, titles, sources) is put into
 * the page with textContent or as a text node, never parsed as HTML.
 */
(function () {
  "use strict";

  var gk = (window.graphkit = { settled: false, settledAt: null, network: null, timings: {} });
  function mark(name) { gk.timings[name] = Math.round(performance.now()); }
  mark("script");
  var data = JSON.parse(document.getElementById("gk-data").textContent);
  mark("parsed");
  var meta = data.meta;
  var palette = data.palette;

  // -- DOM helpers (text only) ------------------------------------------------------------------
  function $(id) { return document.getElementById(id); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function append(parent) {
    for (var i = 1; i < arguments.length; i++) if (arguments[i]) parent.appendChild(arguments[i]);
    return parent;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function fmt(n) { return Number(n).toLocaleString("en-US"); }
  function plural(n, word) { return fmt(n) + " " + word + (n === 1 ? "" : "s"); }
  function isWebUrl(url) { return typeof url === "string" && /^https?:\/\//i.test(url); }

  // -- lookups ------------------------------------------------------------------------------------
  var nodeById = new Map();
  data.nodes.forEach(function (n) {
    n.search = [n.label].concat(n.aliases || []).join("\n").toLowerCase();
    nodeById.set(n.id, n);
  });
  var edgeById = new Map();
  var degree = new Map();
  data.edges.forEach(function (e) {
    edgeById.set(e.id, e);
    degree.set(e.from, (degree.get(e.from) || 0) + 1);
    degree.set(e.to, (degree.get(e.to) || 0) + 1);
  });
  function typeInfo(type) { return palette.actor_types[type] || palette.unknown_type; }
  function familyInfo(family) { return palette.families[family] || { colour: "#999", label: family }; }
  function relationText(e) { return (e.polarity === "negative" ? "did not: " : "") + e.label; }
  function edgeHeading(e) {
    var from = nodeById.get(e.from), to = nodeById.get(e.to);
    return from.label + (e.symmetric ? " \u2014 " : " \u2192 ") + to.label;
  }
  function sourceLine(ev) {
    var doc = data.docs[ev.d] || {};
    var parts = [doc.title || doc.id, doc.source, ev.date || doc.date];
    if (ev.m && ev.m !== "asserted") parts.push(ev.m);
    if (ev.a) parts.push("claimed by " + ev.a);
    return parts.filter(Boolean).join(" \u00b7 ");
  }

  // -- tooltips: DOM elements, so vis-network shows them as text -------------------------------
  function nodeFacts(n) {
    var box = el("div");
    var facts = [typeInfo(n.type).label, n.country, n.provisional ? "not in the gazetteer" : null];
    append(box, el("div", "gk-muted", facts.filter(Boolean).join(" \u00b7 ")));
    if (n.aliases && n.aliases.length) append(box, el("div", "gk-muted", "also: " + n.aliases.join(", ")));
    append(box, el("div", "gk-muted", "#" + n.rank + " by PageRank \u00b7 " + plural(n.strength, "statement")));
    return box;
  }
  function nodeTooltip(n) {
    return append(el("div", "gk-tip"), el("strong", null, n.label), nodeFacts(n));
  }
  function edgeTooltip(e) {
    var tip = el("div", "gk-tip");
    append(tip, el("strong", null, edgeHeading(e)));
    var dates = e.first ? (e.first === e.last ? e.first : e.first + " \u2013 " + e.last) : "undated";
    append(tip, el("div", "gk-muted", relationText(e) + " \u00b7 " + familyInfo(e.family).label));
    append(tip, el("div", "gk-muted", plural(e.count, "statement") + " \u00b7 " + dates));
    e.ev.slice(0, 3).forEach(function (ev) {
      append(tip, el("q", null, ev.t), el("div", "gk-muted", sourceLine(ev)));
    });
    var rest = e.count - Math.min(3, e.ev.length);
    if (rest > 0) append(tip, el("div", "gk-muted", "+ " + plural(rest, "more statement") + ": click the tie"));
    return tip;
  }

  // -- data sets and filters --------------------------------------------------------------------
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var item = { id: n.id, label: n.label, value: n.value, color: n.color, shape: n.shape, title: nodeTooltip(n) };
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return { id: e.id, from: e.from, to: e.to, color: e.color, dashes: e.dashes, arrows: e.arrows,
             value: e.value, title: edgeTooltip(e) };
  }));
  var families = new Set(data.edges.map(function (e) { return e.family; }));
  var types = new Set(data.nodes.map(function (n) { return n.type; }));
  var state = { families: new Set(families), types: new Set(types), negated: true, reported: true, asserted: true,
                from: "", to: "", undated: true };
  var visibleNodes = new Set(), visibleEdges = new Set();

  function dateOk(e) {
    if (!state.from && !state.to) return true;
    if (!e.dates.length) return state.undated;
    return e.dates.some(function (d) {
      return (!state.from || d >= state.from) && (!state.to || d <= state.to);
    });
  }
  function computeVisibility() {
    visibleEdges.clear();
    visibleNodes.clear();
    var touched = new Set();
    data.edges.forEach(function (e) {
      if (!state.families.has(e.family)) return;
      if (e.polarity === "negative" && !state.negated) return;
      if (e.polarity !== "negative" && !e.asserted && !state.reported) return;
      if (e.polarity !== "negative" && e.asserted && !state.asserted) return;
      if (!state.types.has(nodeById.get(e.from).type) || !state.types.has(nodeById.get(e.to).type)) return;
      if (!dateOk(e)) return;
      visibleEdges.add(e.id);
      touched.add(e.from);
      touched.add(e.to);
    });
    data.nodes.forEach(function (n) {
      if (state.types.has(n.type) && (touched.has(n.id) || !degree.get(n.id))) visibleNodes.add(n.id);
    });
  }
  computeVisibility();
  mark("datasets");
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return visibleNodes.has(n.id); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return visibleEdges.has(e.id); } });
  function applyFilters() {
    clearHighlight();
    computeVisibility();
    nodeView.refresh();
    edgeView.refresh();
    updateSummary();
    runSearch();
  }

  // -- header -------------------------------------------------------------------------------------
  $("gk-title").textContent = meta.title;
  document.title = meta.title;
  function updateSummary() {
    var text = plural(visibleNodes.size, "actor") + " and " + plural(visibleEdges.size, "tie") + " shown";
    if (visibleNodes.size !== data.nodes.length || visibleEdges.size !== data.edges.length)
      text += " (of " + fmt(data.nodes.length) + " and " + fmt(data.edges.length) + ")";
    text += ", from " + plural(meta.statements, "statement") + " in " + plural(meta.documents, "document");
    if (meta.focus) text += " \u00b7 focus: " + meta.focus + " (radius " + meta.radius + ")";
    if (meta.family) text += " \u00b7 families: " + meta.family.map(function (f) { return familyInfo(f).label; }).join(", ");
    if (!data.nodes.length) text = "Nothing to draw: no statement matches (check --focus and --family).";
    $("gk-summary").textContent = text;
  }
  if (meta.left_out > 0) {
    var leftOut = $("gk-left-out");
    leftOut.textContent = fmt(meta.left_out) + " of " + fmt(meta.actors_total) + " actors left out: only the " +
      fmt(meta.actors_shown) + " most central (by PageRank) are drawn. Use --max-actors N (max_actors=N in " +
      "Python) to draw more, or --focus ACTOR / --family FAMILY to narrow the view.";
    leftOut.hidden = false;
  }

  // -- legend with filters ------------------------------------------------------------------------
  function legendRow(list, swatch, text, count, checked, onChange) {
    var row = el("li");
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); });
    append(label, box, swatch, el("span", null, text), count === null ? null : el("span", "gk-count", fmt(count)));
    append(list, append(row, label));
    return box;
  }
  function countBy(items, key) {
    var counts = new Map();
    items.forEach(function (x) { counts.set(x[key], (counts.get(x[key]) || 0) + 1); });
    return counts;
  }
  var typeCounts = countBy(data.nodes, "type");
  Object.keys(palette.actor_types).concat(Array.from(types).filter(function (t) { return !palette.actor_types[t]; }))
    .filter(function (t) { return types.has(t); })
    .forEach(function (t) {
      var dot = el("span", "gk-dot");
      dot.style.background = typeInfo(t).colour;
      legendRow($("gk-legend-types"), dot, typeInfo(t).label, typeCounts.get(t), true, function (on) {
        if (on) state.types.add(t); else state.types.delete(t);
        applyFilters();
      });
    });
  var familyCounts = countBy(data.edges, "family");
  Object.keys(palette.families).filter(function (f) { return families.has(f); }).forEach(function (f) {
    var line = el("span", "gk-line");
    line.style.borderTopColor = familyInfo(f).colour;
    legendRow($("gk-legend-families"), line, familyInfo(f).label, familyCounts.get(f), true, function (on) {
      if (on) state.families.add(f); else state.families.delete(f);
      applyFilters();
    });
  });
  var lines = $("gk-legend-lines");
  function lineSwatch(kind, className) {
    var swatch = el("span", className);
    var style = palette.line_styles[kind];
    if (style.colour) swatch.style.borderTopColor = style.colour;
    if (style.opacity) swatch.style.opacity = String(style.opacity);
    return swatch;
  }
  legendRow(lines, lineSwatch("asserted", "gk-line"), palette.line_styles.asserted.label,
    data.edges.filter(function (e) { return e.polarity !== "negative" && e.asserted; }).length, true,
    function (on) { state.asserted = on; applyFilters(); });
  legendRow(lines, lineSwatch("reported", "gk-line gk-dotted"), palette.line_styles.reported.label,
    data.edges.filter(function (e) { return e.polarity !== "negative" && !e.asserted; }).length, true,
    function (on) { state.reported = on; applyFilters(); });
  legendRow(lines, lineSwatch("negated", "gk-line gk-dashed"), palette.line_styles.negated.label,
    data.edges.filter(function (e) { return e.polarity === "negative"; }).length, true,
    function (on) { state.negated = on; applyFilters(); });

  // -- dates -------------------------------------------------------------------------------------
  var dateFrom = $("gk-date-from"), dateTo = $("gk-date-to");
  if (meta.date_min) { dateFrom.min = dateTo.min = meta.date_min; dateFrom.placeholder = meta.date_min; }
  if (meta.date_max) { dateFrom.max = dateTo.max = meta.date_max; dateTo.placeholder = meta.date_max; }
  function onDates() {
    state.from = dateFrom.value;
    state.to = dateTo.value;
    state.undated = $("gk-undated").checked;
    applyFilters();
  }
  [dateFrom, dateTo, $("gk-undated")].forEach(function (input) { input.addEventListener("change", onDates); });

  // -- the network ---------------------------------------------------------------------------------
  var progress = $("gk-progress");
  var network = (gk.network = new vis.Network($("gk-network"), { nodes: nodeView, edges: edgeView }, data.options));
  mark("network");
  // -- labels that never overlap ---------------------------------------------------------------
  // In rank order (most central first), each label keeps its place below its dot if that is free,
  // else moves above the dot, else is hidden (the tooltip and the search still name the actor):
  // the top actors' labels are placed first, so they are the last to give way. Boxes are the
  // label sizes vis-network measured when it last drew, in canvas units (zoom does not change
  // whether two of them overlap); labels too small to be drawn at this zoom take no room.
  function labelBox(id) {
    var node = network.body.nodes[id];
    if (!node || !node.labelModule || !node.labelModule.size) return null;
    var label = node.labelModule;
    if (typeof label.visible === "function" && !label.visible()) return null;
    var size = label.size;
    if (!size.width || !size.height) return null;
    var vadjust = (label.fontOptions && label.fontOptions.vadjust) || 0;
    return { left: size.left, right: size.left + size.width, top: size.top + vadjust,
             bottom: size.top + vadjust + size.height, vadjust: vadjust };
  }
  gk.labelBox = labelBox;
  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }
  function declutterLabels() {
    var order = data.nodes.filter(function (n) { return visibleNodes.has(n.id); })
      .sort(function (a, b) { return a.rank - b.rank; });
    var placed = [], updates = [], hidden = [];
    order.forEach(function (n) {
      var box = labelBox(n.id);
      if (!box) return;
      var free = function (b) { return !placed.some(function (p) { return overlaps(b, p); }); };
      var below = { left: box.left, right: box.right, top: box.top - box.vadjust, bottom: box.bottom - box.vadjust };
      var centre = network.getPosition(n.id);
      // the same distance from the dot's centre, on the other side
      var shift = -2 * (below.top - centre.y) - (below.bottom - below.top);
      var above = { left: below.left, right: below.right, top: below.top + shift, bottom: below.bottom + shift };
      if (free(below)) { placed.push(below); updates.push({ id: n.id, label: n.label, font: { vadjust: 0 } }); }
      else if (free(above)) { placed.push(above); updates.push({ id: n.id, label: n.label, font: { vadjust: shift } }); }
      else { hidden.push(n.id); updates.push({ id: n.id, label: " ", font: { vadjust: 0 } }); }
    });
    nodes.update(updates);
    gk.hiddenLabels = hidden;
  }
  gk.declutterLabels = declutterLabels;
  gk.rankOf = function (id) { var n = nodeById.get(id); return n ? n.rank : Infinity; };

  function markSettled() {
    if (gk.settled || gk.settling) return;
    gk.settling = true;
    network.fit();
    // the labels are measured when drawn: place them after one frame, and settle after the next
    network.once("afterDrawing", function () {
      if (!data.nodes.length) { finishSettled(); return; }
      declutterLabels();
      network.once("afterDrawing", finishSettled);
      network.redraw();
    });
    network.redraw();
  }
  function finishSettled() {
    gk.settled = true;
    gk.settledAt = performance.now();
    mark("settled");
    document.body.setAttribute("data-settled", "true");
    progress.textContent = "";
  }
  network.on("stabilizationProgress", function (p) {
    progress.textContent = "Laying out\u2026 " + Math.round((100 * p.iterations) / p.total) + "%";
  });
  network.on("stabilizationIterationsDone", function () {
    // physics stops once the layout has settled: a large graph would otherwise keep the CPU busy
    network.setOptions({ physics: { enabled: false } });
    markSettled();
  });
  if (!data.options.physics || !data.options.physics.enabled || !data.nodes.length) {
    network.once("afterDrawing", markSettled);
  }
  $("gk-relayout").addEventListener("click", function () {
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(meta.relayout_iterations);
  });
  $("gk-fit").addEventListener("click", function () { network.fit({ animation: { duration: 300 } }); });

  // -- neighbourhood highlight -------------------------------------------------------------------
  var DIM_NODE = { background: "rgba(210,210,210,0.5)", border: "rgba(190,190,190,0.5)" };
  var DIM_FONT = { color: "rgba(150,150,150,0.35)" };
  var highlighted = null;
  function highlight(id) {
    var keep = new Set(network.getConnectedNodes(id));
    keep.add(id);
    var keepEdges = new Set(network.getConnectedEdges(id));
    nodes.update(data.nodes.map(function (n) {
      return keep.has(n.id) ? { id: n.id, color: n.color, font: { color: "#222" } }
                            : { id: n.id, color: DIM_NODE, font: DIM_FONT };
    }));
    edges.update(data.edges.map(function (e) {
      return { id: e.id, color: keepEdges.has(e.id) ? e.color : { color: e.color.color, opacity: 0.08 } };
    }));
    highlighted = id;
  }
  function clearHighlight() {
    if (highlighted === null) return;
    nodes.update(data.nodes.map(function (n) { return { id: n.id, color: n.color, font: { color: "#222" } }; }));
    edges.update(data.edges.map(function (e) { return { id: e.id, color: e.color }; }));
    highlighted = null;
  }

  // -- details panel -------------------------------------------------------------------------------
  var details = $("gk-details-body");
  function linkButton(text, onClick) {
    var b = el("button", "gk-link", text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  function showNode(id) {
    var n = nodeById.get(id);
    clear(details);
    append(details, el("h3", null, n.label), nodeFacts(n));
    var ties = data.edges.filter(function (e) { return (e.from === id || e.to === id) && visibleEdges.has(e.id); });
    ties.sort(function (a, b) { return b.count - a.count; });
    append(details, el("p", "gk-muted", plural(ties.length, "tie") + " shown"));
    var list = el("ul");
    ties.slice(0, 200).forEach(function (e) {
      var other = nodeById.get(e.from === id ? e.to : e.from);
      var arrow = e.symmetric ? "\u2014 " : e.from === id ? "\u2192 " : "\u2190 ";
      append(list, append(el("li"), linkButton(arrow + relationText(e) + " " + other.label + " (" + e.count + ")",
        function () { selectEdge(e.id); })));
    });
    append(details, list);
  }
  function showEdge(id) {
    var e = edgeById.get(id);
    clear(details);
    append(details, el("h3", null, edgeHeading(e)));
    append(details, el("p", null, relationText(e) + " \u00b7 " + familyInfo(e.family).label));
    var dates = e.first ? (e.first === e.last ? e.first : e.first + " \u2013 " + e.last) : "undated";
    append(details, el("p", "gk-muted", plural(e.count, "statement") + " \u00b7 " + dates +
      " \u00b7 mean confidence " + e.confidence.toFixed(2)));
    e.ev.forEach(function (ev) {
      var box = el("div", "gk-evidence");
      append(box, el("q", null, ev.t));
      var source = el("div", "gk-source", sourceLine(ev));
      var doc = data.docs[ev.d] || {};
      if (isWebUrl(doc.url)) {
        var a = el("a", null, " [open]");
        a.href = doc.url;  // a property set from a checked http(s) URL: never a javascript: link
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        source.appendChild(a);
      }
      append(details, append(box, source));
    });
    if (e.more > 0) append(details, el("p", "gk-muted", "+ " + plural(e.more, "more statement") +
      " not included in this page (max_evidence)."));
  }
  function selectEdge(id) {
    if (!visibleEdges.has(id)) return;
    network.selectEdges([id]);
    showEdge(id);
  }
  function focusNode(id) {
    if (!visibleNodes.has(id)) return;
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 300 } });
    highlight(id);
    showNode(id);
  }
  network.on("click", function (params) {
    if (params.nodes.length) {
      highlight(params.nodes[0]);
      showNode(params.nodes[0]);
    } else if (params.edges.length) {
      clearHighlight();
      showEdge(params.edges[0]);
    } else {
      clearHighlight();
    }
  });

  // -- search (substring of label or alias, case-insensitive) -------------------------------------
  var search = $("gk-search"), results = $("gk-search-results"), status = $("gk-search-status");
  var matches = [];
  function runSearch() {
    var q = search.value.trim().toLowerCase();
    clear(results);
    if (!q) { status.textContent = ""; matches = []; return; }
    var all = data.nodes.filter(function (n) { return n.search.indexOf(q) !== -1; });
    matches = all.filter(function (n) { return visibleNodes.has(n.id); });
    var text = plural(matches.length, "actor") + " found";
    if (all.length > matches.length) text += " (" + fmt(all.length - matches.length) + " more hidden by the filters)";
    status.textContent = text;
    matches.slice(0, 25).forEach(function (n) {
      append(results, append(el("li"), linkButton(n.label, function () { focusNode(n.id); })));
    });
    network.selectNodes(matches.map(function (n) { return n.id; }));
  }
  var searchTimer = null;
  search.addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, 120);
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      runSearch();
      if (matches.length) focusNode(matches[0].id);
    }
  });

  updateSummary();
})();
