/* graphkit view: draws the graph of the JSON block #gk-data with vis-network.
 *
 * The layout comes with the data (computed once, in Python): physics never runs over the whole
 * graph. Past a few hundred actors the page opens on an overview, clusters (communities or actor
 * types) with the most prominent actors on their own; a click on a cluster expands it, a click on
 * an actor draws its neighbourhood. Only what is drawn is in vis-network's data sets, so 20,000
 * actors and 100,000 ties load in a second or two.
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
  var clustered = !!meta.clustered;

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
  function debounce(fn, ms) {
    var timer = null;
    return function () { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }

  // -- lookups ------------------------------------------------------------------------------------
  var actors = data.nodes;           // actor i has id i, in rank order (most prominent first)
  var clusters = data.clusters;      // cluster k is drawn as node "c<k>"
  var N = actors.length, E = data.edges.length;
  var members = clusters.map(function () { return []; });
  var maxValue = 0;
  actors.forEach(function (n) {
    n.aliases = n.aliases || [];
    n.search = [n.label].concat(n.aliases).join("\n").toLowerCase();
    if (clustered) members[n.c].push(n.id);
    if (n.value > maxValue) maxValue = n.value;
  });
  // the ties of each actor, as one flat array (offsets per actor): 100,000 ties, no per-tie objects
  var degree = new Int32Array(N), offsets = new Int32Array(N + 1);
  data.edges.forEach(function (e) { degree[e.from]++; if (e.to !== e.from) degree[e.to]++; });
  for (var a0 = 0; a0 < N; a0++) offsets[a0 + 1] = offsets[a0] + degree[a0];
  var flat = new Int32Array(offsets[N]), fill = offsets.slice(0, N);
  data.edges.forEach(function (e, j) { flat[fill[e.from]++] = j; if (e.to !== e.from) flat[fill[e.to]++] = j; });
  function incident(i) { return Array.prototype.slice.call(flat.subarray(offsets[i], offsets[i + 1])); }
  // what every tie of a relation shares sits in one table, read through these
  function rel(e) { return data.relations[e.key]; }
  function firstDate(e) { return e.d.length ? data.dates[e.d[0]] : null; }
  function lastDate(e) { return e.d.length ? data.dates[e.d[e.d.length - 1]] : null; }
  mark("decorated");
  var clusterId = function (k) { return "c" + k; };
  var isCluster = function (id) { return typeof id === "string" && id.charAt(0) === "c"; };
  var isMeta = function (id) { return typeof id === "string" && id.charAt(0) === "m"; };
  function typeInfo(type) { return palette.actor_types[type] || palette.unknown_type; }
  function familyInfo(family) { return palette.families[family] || { colour: "#999", label: family }; }
  function relationText(e) { return (rel(e).polarity === "negative" ? "did not: " : "") + rel(e).label; }
  function edgeHeading(e) {
    return actors[e.from].label + (rel(e).symmetric ? " \u2014 " : " \u2192 ") + actors[e.to].label;
  }
  function sourceLine(ev) {
    var doc = data.docs[ev.d] || {};
    var parts = [doc.title || doc.id, doc.source, ev.y !== undefined ? data.dates[ev.y] : null];
    if (ev.m && ev.m !== "asserted") parts.push(ev.m);
    if (ev.a) parts.push("claimed by " + ev.a);
    return parts.filter(Boolean).join(" \u00b7 ");
  }
  function dateSpan(e) {
    var first = firstDate(e), last = lastDate(e);
    return first ? (first === last ? first : first + " \u2013 " + last) : "undated";
  }

  // -- tooltips: DOM elements, so vis-network shows them as text -------------------------------
  function nodeFacts(n) {
    var box = el("div");
    var facts = [typeInfo(n.type).label, n.country, n.provisional ? "not in the gazetteer" : null];
    append(box, el("div", "gk-muted", facts.filter(Boolean).join(" \u00b7 ")));
    if (n.aliases.length) append(box, el("div", "gk-muted", "also: " + n.aliases.join(", ")));
    append(box, el("div", "gk-muted", "#" + n.rank + " by PageRank \u00b7 " + plural(n.strength, "statement")));
    if (clustered) append(box, el("div", "gk-muted", "in cluster: " + clusters[n.c].label));
    return box;
  }
  function nodeTooltip(n) { return append(el("div", "gk-tip"), el("strong", null, n.label), nodeFacts(n)); }
  function clusterFacts(k) {
    var c = clusters[k], box = el("div");
    append(box, el("div", "gk-muted", plural(c.size, "actor") + " \u00b7 mostly " + typeInfo(c.type).label));
    var names = members[k].slice(0, 8).map(function (i) { return actors[i].label; });
    append(box, el("div", "gk-muted", "top: " + names.join(", ") + (c.size > names.length ? ", \u2026" : "")));
    return box;
  }
  function clusterTooltip(k) {
    return append(el("div", "gk-tip"), el("strong", null, clusters[k].label), clusterFacts(k),
      el("div", "gk-muted", "click to expand"));
  }
  function edgeTooltip(e) {
    var tip = el("div", "gk-tip");
    append(tip, el("strong", null, edgeHeading(e)));
    append(tip, el("div", "gk-muted", relationText(e) + " \u00b7 " + familyInfo(rel(e).family).label));
    append(tip, el("div", "gk-muted", plural(e.n, "statement") + " \u00b7 " + dateSpan(e)));
    e.ev.slice(0, 3).forEach(function (ev) {
      append(tip, el("q", null, ev.t), el("div", "gk-muted", sourceLine(ev)));
    });
    var rest = e.n - Math.min(3, e.ev.length);
    if (rest > 0) append(tip, el("div", "gk-muted", "+ " + plural(rest, "more statement") + ": click the tie"));
    return tip;
  }
  function metaTooltip(m) {
    var tip = el("div", "gk-tip");
    append(tip, el("strong", null, nameOf(m.from) + " \u2014 " + nameOf(m.to)));
    append(tip, el("div", "gk-muted", plural(m.ties, "tie") + " \u00b7 " + plural(m.weight, "statement")));
    append(tip, el("div", "gk-muted", "mostly " + familyInfo(m.family).label + ": click to list the ties"));
    return tip;
  }
  function metaSlot(m) {  // a link's numbers change with what is drawn: a fresh tooltip each time
    var slot = tooltip(m.id, null);
    tooltips.get(m.id).make = function () { return metaTooltip(m); };
    clear(slot);
    return slot;
  }
  function nameOf(id) { return isCluster(id) ? clusters[+id.slice(1)].label : actors[id].label; }

  // -- filters --------------------------------------------------------------------------------------
  var families = new Set(Object.keys(data.relations).map(function (k) { return data.relations[k].family; }));
  var types = new Set(actors.map(function (n) { return n.type; }));
  var state = { families: new Set(families), types: new Set(types), negated: true, reported: true, asserted: true,
                from: "", to: "", undated: true };
  var edgeOk = new Uint8Array(E), actorOk = new Uint8Array(N);
  var nVisibleActors = 0, nVisibleEdges = 0;

  function dateOk(e) {
    if (!state.from && !state.to) return true;
    if (!e.d.length) return state.undated;
    if (e.span) {  // only some of its dates are known: the tie counts if its span meets the range
      return (!state.to || firstDate(e) <= state.to) && (!state.from || lastDate(e) >= state.from);
    }
    for (var i = 0; i < e.d.length; i++) {
      var d = data.dates[e.d[i]];
      if ((!state.from || d >= state.from) && (!state.to || d <= state.to)) return true;
    }
    return false;
  }
  function computeVisibility() {
    edgeOk.fill(0);
    actorOk.fill(0);
    nVisibleEdges = 0;
    var touched = new Uint8Array(N);
    for (var i = 0; i < E; i++) {
      var e = data.edges[i], r = data.relations[e.key];
      if (!state.families.has(r.family)) continue;
      if (r.polarity === "negative" && !state.negated) continue;
      if (r.polarity !== "negative" && !e.a && !state.reported) continue;
      if (r.polarity !== "negative" && e.a && !state.asserted) continue;
      if (!state.types.has(actors[e.from].type) || !state.types.has(actors[e.to].type)) continue;
      if (!dateOk(e)) continue;
      edgeOk[i] = 1;
      nVisibleEdges++;
      touched[e.from] = 1;
      touched[e.to] = 1;
    }
    nVisibleActors = 0;
    for (var j = 0; j < N; j++) {
      if (state.types.has(actors[j].type) && (touched[j] || !degree[j])) { actorOk[j] = 1; nVisibleActors++; }
    }
  }

  // -- what is drawn: clusters, actors on their own, ties ------------------------------------------
  var expanded = new Set();   // clusters drawn as their members
  var pinned = new Set();     // actors drawn on their own: a clicked actor's neighbourhood
  var shownNodes = new Map(), shownEdges = new Map();  // id -> item given to vis-network
  var metaEdges = new Map();
  var unit = 1;               // layout units per screen pixel at the first, fitted zoom
  var SPACING = meta.spacing;
  function single(i) {
    return !clustered || i < meta.top_actors || expanded.has(actors[i].c) || pinned.has(i);
  }
  function overviewLevel(i) { return clustered && !expanded.has(actors[i].c) && !pinned.has(i); }
  function actorSize(i) {
    var share = maxValue > 0 ? Math.sqrt(actors[i].value / maxValue) : 0;
    // in screen pixels at the first zoom, but never wider than the room between neighbours
    if (overviewLevel(i) || !clustered) return Math.min(unit * (3 + 9 * share), SPACING * (0.12 + 0.2 * share));
    return SPACING * (0.1 + 0.2 * share);
  }
  function labelPx(id) {
    if (isCluster(id)) return 15;
    return clustered && !overviewLevel(id) ? 11 : 13;
  }
  function fontFor(id) { return { size: labelPx(id) / gk.scale, color: "#222", vadjust: 0 }; }
  function actorColour(n) {
    var colour = typeInfo(n.type).colour;
    return { background: colour, border: "#555555", highlight: { background: colour, border: "#000000" },
             hover: { background: colour, border: "#000000" } };
  }
  function rgba(hex, alpha) {
    var v = parseInt(hex.slice(1), 16);
    return "rgba(" + ((v >> 16) & 255) + "," + ((v >> 8) & 255) + "," + (v & 255) + "," + alpha + ")";
  }
  function clusterColour(k) {
    var colour = typeInfo(clusters[k].type).colour;
    return { background: rgba(colour, 0.16), border: rgba(colour, 0.7),
             highlight: { background: rgba(colour, 0.3), border: colour },
             hover: { background: rgba(colour, 0.24), border: colour } };
  }
  // Tooltips are built when first shown (vis-network's showPopup): expanding a cluster of
  // thousands of actors must not build thousands of tooltips nobody reads. ``key``: the node id,
  // "e" and the tie's number, or a link's id.
  var tooltips = new Map();
  function tooltip(key, make) {
    var slot = tooltips.get(key);
    if (!slot) { slot = { el: el("div", "gk-tip-slot"), make: make }; tooltips.set(key, slot); }
    return slot.el;
  }
  function actorItem(i) {
    var n = actors[i];
    return { id: i, label: n.label, x: n.x, y: n.y, shape: "dot", size: actorSize(i), color: actorColour(n),
             font: fontFor(i), borderWidth: 1, title: tooltip(i, function () { return nodeTooltip(n); }) };
  }
  function clusterItem(k, count) {
    var c = clusters[k], id = clusterId(k);
    return { id: id, label: c.label, x: c.x, y: c.y, shape: "dot", size: c.r, color: clusterColour(k),
             font: { size: labelPx(id) / gk.scale, color: "#333", vadjust: 0, bold: true }, borderWidth: 2,
             title: tooltip(id, function () { return clusterTooltip(k); }), shown: count };
  }
  function edgeStyle(e) {
    var styles = palette.line_styles;
    var colour = familyInfo(rel(e).family).colour;
    var negative = rel(e).polarity !== "positive";
    var style = negative ? styles.negated : e.a ? styles.asserted : styles.reported;
    var c = style.colour || colour;
    return { color: { color: c, highlight: c, hover: c, opacity: style.opacity || 0.85 }, dashes: style.dashes };
  }
  // Widths of the overview's lines are in screen pixels (kept so at every zoom: ``px``), at least
  // 1.5 (a thinner line loses its colour to anti-aliasing); ties inside an expanded cluster are in
  // layout units, so they grow as one zooms in on them.
  function edgePx(e) {
    var overview = !clustered || (overviewLevel(e.from) && overviewLevel(e.to));
    return overview ? 1.5 + Math.min(6, Math.log2(e.n)) : undefined;
  }
  function edgeItem(j) {
    var e = data.edges[j], style = edgeStyle(e), px = edgePx(e);
    var width = px !== undefined ? px / gk.scale : (1.5 + Math.min(6, Math.log2(e.n))) * SPACING * 0.02;
    return { id: j, from: e.from, to: e.to, color: style.color, dashes: style.dashes, width: width, px: px,
             arrows: { to: { enabled: !rel(e).symmetric, scaleFactor: 0.55 } },
             title: tooltip("e" + j, function () { return edgeTooltip(e); }) };
  }
  function metaItem(m) {
    var c = familyInfo(m.family).colour;
    // between clusters (and actors of the overview) in screen pixels, else in layout units
    var base = 0.5 + Math.min(3.5, Math.log2(1 + m.weight) * 0.3);
    var px = m.a < N && !overviewLevel(m.a) ? undefined : base;
    return { id: m.id, from: m.from, to: m.to, width: px !== undefined ? px / gk.scale : base * SPACING * 0.03, px: px,
             color: { color: c, highlight: c, hover: c, opacity: 0.3 }, dashes: false,
             arrows: { to: { enabled: false } }, title: metaSlot(m) };
  }

  // per cluster, its heaviest links to other clusters; per actor, its heaviest links to clusters
  var CLUSTER_LINKS = 4, ACTOR_LINKS = 3;
  // Ends of the links are numbers: actor i is i, cluster k is N + k (no strings in the loop over
  // 100,000 ties); only the links kept get a vis-network id.
  var FAMILIES = Object.keys(palette.families);
  var familyIndex = {};
  FAMILIES.forEach(function (f, i) { familyIndex[f] = i; });
  function endId(x) { return x < N ? x : clusterId(x - N); }
  function wanted() {
    var nodesWanted = new Map(), edgesWanted = new Map(), metas = new Map();
    var K = clusters.length, clusterCount = new Int32Array(K), alone = new Uint8Array(N);
    for (var i = 0; i < N; i++) {
      alone[i] = single(i) ? 1 : 0;
      if (actorOk[i] && !alone[i]) clusterCount[actors[i].c]++;
    }
    // clusters first: vis-network draws (and picks) later nodes on top, and actors sit on discs
    for (var k = 0; k < K; k++) {
      if (!expanded.has(k) && clusterCount[k] > 0) nodesWanted.set(clusterId(k), clusterCount[k]);
    }
    for (i = 0; i < N; i++) if (actorOk[i] && alone[i]) nodesWanted.set(i, true);
    var span = N + K;
    for (var j = 0; j < E; j++) {
      if (!edgeOk[j]) continue;
      var e = data.edges[j];
      var a = alone[e.from] ? e.from : N + actors[e.from].c, b = alone[e.to] ? e.to : N + actors[e.to].c;
      if (a < N && b < N) { edgesWanted.set(j, j); continue; }
      if (a === b) continue;
      // an actor drawn on its own over its own cluster: a line to the disc's middle says nothing
      if (a < N && b === N + actors[a].c) continue;
      if (b < N && a === N + actors[b].c) continue;
      if (a > b) { var t = a; a = b; b = t; }
      var key = a * span + b;
      var m = metas.get(key);
      if (!m) { m = { key: key, a: a, b: b, weight: 0, ties: 0, byFamily: new Float64Array(FAMILIES.length + 1) }; metas.set(key, m); }
      m.weight += e.n;
      m.ties++;
      var f = familyIndex[data.relations[e.key].family];
      m.byFamily[f === undefined ? FAMILIES.length : f] += e.n;
    }
    // keep the heaviest links of each end: the overview shows structure, not every pair
    var byEnd = new Map();
    metas.forEach(function (m) {
      for (var side = 0; side < 2; side++) {
        var end = side ? m.b : m.a;
        var list = byEnd.get(end);
        if (!list) { list = []; byEnd.set(end, list); }
        list.push(m);
      }
    });
    var kept = new Set();
    byEnd.forEach(function (list, end) {
      // the members of an expanded cluster show their own ties, not links to every other cluster
      var limit = end >= N ? CLUSTER_LINKS : overviewLevel(end) || pinned.has(end) ? ACTOR_LINKS : 0;
      if (!limit) return;
      list.sort(function (x, y) { return y.weight - x.weight || x.key - y.key; });
      for (var q = 0; q < Math.min(limit, list.length); q++) kept.add(list[q].key);
    });
    var byId = new Map();
    kept.forEach(function (key) {
      var m = metas.get(key), best = 0;
      for (var q = 1; q < m.byFamily.length; q++) if (m.byFamily[q] > m.byFamily[best]) best = q;
      m.family = FAMILIES[best];
      m.id = "m" + key;
      m.from = endId(m.a);
      m.to = endId(m.b);
      edgesWanted.set(m.id, m);
      byId.set(m.id, m);
    });
    return { nodes: nodesWanted, edges: edgesWanted, metas: byId };
  }
  // the ties behind a link between two ends (as drawn now)
  function tiesOf(m) {
    var found = [];
    for (var j = 0; j < E; j++) {
      if (!edgeOk[j]) continue;
      var e = data.edges[j];
      var a = single(e.from) ? e.from : N + actors[e.from].c, b = single(e.to) ? e.to : N + actors[e.to].c;
      if ((a === m.a && b === m.b) || (a === m.b && b === m.a)) found.push(j);
    }
    return found;
  }
  function rebuild() {
    var t0 = performance.now();
    var want = wanted();
    var t1 = performance.now();
    metaEdges = want.metas;
    var removeN = [], addN = [], updateN = [], removeE = [], addE = [], updateE = [];
    shownEdges.forEach(function (_, id) { if (!want.edges.has(id)) removeE.push(id); });
    shownNodes.forEach(function (_, id) { if (!want.nodes.has(id)) removeN.push(id); });
    var newCluster = false;
    want.nodes.forEach(function (count, id) { if (isCluster(id) && !shownNodes.has(id)) newCluster = true; });
    want.nodes.forEach(function (count, id) {
      var item = isCluster(id) ? clusterItem(+id.slice(1), count) : actorItem(id);
      var old = shownNodes.get(id);
      if (!old) addN.push(item);
      else if (newCluster && !isCluster(id)) { removeN.push(id); addN.push(item); }  // back on top
      else if (old.size !== item.size || old.shown !== item.shown) updateN.push(item);
      else { item.font = old.font; item.moved = old.moved; }  // vis-network keeps the old label
      shownNodes.set(id, item);
    });
    removeN.forEach(function (id) { if (!want.nodes.has(id)) shownNodes.delete(id); });
    want.edges.forEach(function (thing, id) {
      var item = isMeta(id) ? metaItem(thing) : edgeItem(thing);
      var old = shownEdges.get(id);
      if (!old) addE.push(item);
      else if (old.width !== item.width) updateE.push(item);
      shownEdges.set(id, item);
    });
    removeE.forEach(function (id) { shownEdges.delete(id); });
    edges.remove(removeE);
    nodes.remove(removeN);
    nodes.add(addN);
    nodes.update(updateN);
    edges.add(addE);
    edges.update(updateE);
    gk.lastRebuild = { wanted: Math.round(t1 - t0), apply: Math.round(performance.now() - t1) };
  }

  computeVisibility();
  mark("visible");
  var nodes = new vis.DataSet(), edges = new vis.DataSet();

  // the zoom at which the whole layout fits: sizes of the overview are given in screen pixels
  // ``each(take)`` calls ``take(x, y, r)`` for every disc to fit: the zoom and the centre (for
  // network.moveTo) at which they all fit, or null when there is none
  function fitOf(each) {
    var box = $("gk-network"), minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    each(function (x, y, r) {
      minX = Math.min(minX, x - r); maxX = Math.max(maxX, x + r);
      minY = Math.min(minY, y - r); maxY = Math.max(maxY, y + r);
    });
    if (minX === Infinity) return null;
    var w = Math.max(box.clientWidth, 300), h = Math.max(box.clientHeight, 300);
    return { scale: Math.min(w / Math.max(maxX - minX, 1), h / Math.max(maxY - minY, 1)) * 0.92,
             position: { x: (minX + maxX) / 2, y: (minY + maxY) / 2 } };
  }
  function fitScale() {
    var fit = fitOf(function (take) {
      if (clustered) clusters.forEach(function (c) { take(c.x, c.y, c.r); });
      else actors.forEach(function (n) { take(n.x, n.y, SPACING / 2); });
    });
    return fit ? fit.scale : 1;
  }
  gk.scale = fitScale();
  unit = 1 / gk.scale;
  rebuild();
  mark("datasets");

  function applyFilters() {
    clearHighlight();
    computeVisibility();
    rebuild();
    updateSummary();
    runSearch();
    afterChange();
  }

  // -- header -------------------------------------------------------------------------------------
  $("gk-title").textContent = meta.title;
  document.title = meta.title;
  function updateSummary() {
    var text = plural(nVisibleActors, "actor") + " and " + plural(nVisibleEdges, "tie") + " shown";
    if (nVisibleActors !== N || nVisibleEdges !== E) text += " (of " + fmt(N) + " and " + fmt(E) + ")";
    text += ", from " + plural(meta.statements, "statement") + " (evidence from " + plural(meta.documents, "document") + ")";
    if (clustered) {
      text += " \u00b7 " + plural(clusters.length, meta.cluster_by === "type" ? "actor type" : "cluster") +
        ", the " + fmt(meta.top_actors) + " most prominent actors on their own: click a cluster to expand it";
    }
    if (meta.focus) text += " \u00b7 focus: " + meta.focus + " (radius " + meta.radius + ")";
    if (meta.family) text += " \u00b7 families: " + meta.family.map(function (f) { return familyInfo(f).label; }).join(", ");
    if (!N) text = "Nothing to draw: no statement matches (check --focus and --family).";
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
  var typeCounts = countBy(actors, "type");
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
  var familyCounts = new Map();
  data.edges.forEach(function (e) {
    var f = data.relations[e.key].family;
    familyCounts.set(f, (familyCounts.get(f) || 0) + 1);
  });
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
  var kinds = { asserted: 0, reported: 0, negated: 0 };
  data.edges.forEach(function (e) {
    kinds[data.relations[e.key].polarity === "negative" ? "negated" : e.a ? "asserted" : "reported"]++;
  });
  legendRow(lines, lineSwatch("asserted", "gk-line"), palette.line_styles.asserted.label, kinds.asserted, true,
    function (on) { state.asserted = on; applyFilters(); });
  legendRow(lines, lineSwatch("reported", "gk-line gk-dotted"), palette.line_styles.reported.label, kinds.reported,
    true, function (on) { state.reported = on; applyFilters(); });
  legendRow(lines, lineSwatch("negated", "gk-line gk-dashed"), palette.line_styles.negated.label, kinds.negated, true,
    function (on) { state.negated = on; applyFilters(); });
  if (clustered) {
    $("gk-legend-clusters").hidden = false;
    $("gk-cluster-note").textContent = (meta.cluster_by === "type"
      ? "Each disc is one actor type" : "Each disc is a community of actors (Louvain), labelled by its top members") +
      ", sized by its members; lines between discs add up their ties (the heaviest few of each).";
  }

  // -- dates: two date fields and a time slider over the dates of the statements ------------------
  var dateFrom = $("gk-date-from"), dateTo = $("gk-date-to");
  var sliderFrom = $("gk-time-from"), sliderTo = $("gk-time-to"), sliderText = $("gk-time-text");
  var lastIndex = data.dates.length - 1;
  if (meta.date_min) { dateFrom.min = dateTo.min = meta.date_min; dateFrom.placeholder = meta.date_min; }
  if (meta.date_max) { dateFrom.max = dateTo.max = meta.date_max; dateTo.placeholder = meta.date_max; }
  function dateAt(value, fromSide) {  // the index of the first date >= value (from) or last <= value (to)
    var lo = 0, hi = data.dates.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (data.dates[mid] < value) lo = mid + 1; else hi = mid; }
    if (fromSide) return Math.min(lo, lastIndex);
    return data.dates[lo] === value ? lo : Math.max(lo - 1, 0);
  }
  function showSliderText() {
    sliderText.textContent = data.dates.length
      ? data.dates[+sliderFrom.value] + " \u2013 " + data.dates[+sliderTo.value] : "no dated statements";
  }
  // under the slider, how many ties have a statement on each date (their sum per pixel column)
  function drawHistogram() {
    var canvas = $("gk-time-hist");
    if (!data.dates.length || !canvas.getContext) { canvas.hidden = true; return; }
    var width = canvas.width = Math.max(canvas.clientWidth, 100), height = canvas.height;
    var bins = new Float64Array(width);
    data.edges.forEach(function (e) {
      for (var i = 0; i < e.d.length; i++) bins[Math.min(width - 1, Math.floor((e.d[i] / Math.max(lastIndex, 1)) * (width - 1)))]++;
    });
    var top = Math.max.apply(null, Array.prototype.slice.call(bins)) || 1;
    var ctx = canvas.getContext("2d");
    ctx.fillStyle = "#9db4cc";
    for (var x = 0; x < width; x++) {
      var h = Math.round((bins[x] / top) * (height - 1));
      if (h) ctx.fillRect(x, height - h, 1, h);
    }
  }
  drawHistogram();
  sliderFrom.max = sliderTo.max = String(Math.max(lastIndex, 0));
  sliderFrom.value = "0";
  sliderTo.value = String(Math.max(lastIndex, 0));
  sliderFrom.disabled = sliderTo.disabled = lastIndex < 1;
  showSliderText();
  var filterSoon = debounce(applyFilters, 80);
  function onSlider(which) {
    if (+sliderFrom.value > +sliderTo.value) {
      if (which === sliderFrom) sliderTo.value = sliderFrom.value; else sliderFrom.value = sliderTo.value;
    }
    showSliderText();
    state.from = +sliderFrom.value > 0 ? data.dates[+sliderFrom.value] : "";
    state.to = +sliderTo.value < lastIndex ? data.dates[+sliderTo.value] : "";
    dateFrom.value = state.from;
    dateTo.value = state.to;
    filterSoon();
  }
  sliderFrom.addEventListener("input", function () { onSlider(sliderFrom); });
  sliderTo.addEventListener("input", function () { onSlider(sliderTo); });
  function onDates() {
    state.from = dateFrom.value;
    state.to = dateTo.value;
    state.undated = $("gk-undated").checked;
    if (data.dates.length) {
      sliderFrom.value = String(state.from ? dateAt(state.from, true) : 0);
      sliderTo.value = String(state.to ? dateAt(state.to, false) : lastIndex);
      showSliderText();
    }
    applyFilters();
  }
  [dateFrom, dateTo, $("gk-undated")].forEach(function (input) { input.addEventListener("change", onDates); });

  // -- the network ---------------------------------------------------------------------------------
  var progress = $("gk-progress");
  var network = (gk.network = new vis.Network($("gk-network"), { nodes: nodes, edges: edges }, data.options));
  mark("network");
  network.on("showPopup", function (id) {
    var popup = network.interactionHandler && network.interactionHandler.popup;
    var key = popup && popup.popupTargetType === "edge" && typeof id === "number" ? "e" + id : id;
    var slot = tooltips.get(key);
    if (slot && !slot.el.firstChild && slot.make) {
      slot.el.appendChild(slot.make());
      if (popup) popup.show();  // placed again, now that it has its size
    }
  });

  // -- labels that never overlap ---------------------------------------------------------------
  // In rank order (clusters by size after the top actors), each label keeps its place below its
  // dot if that is free, else moves above the dot, else is hidden (the tooltip and the search
  // still name the actor): the top labels are placed first, so they are the last to give way.
  // Boxes are the label sizes vis-network measured when it last drew, in canvas units; labels too
  // small to be drawn at this zoom take no room. Font sizes follow the zoom (a constant size on
  // screen), so zooming in makes room for more labels.
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
  // the ten most prominent actors first, then the clusters (largest first), then everyone else
  var FIRST_LABELS = 10;
  function priority(id) {
    if (isCluster(id)) return FIRST_LABELS + +id.slice(1) / (clusters.length + 1);
    return !clustered || id < FIRST_LABELS ? id : N + id;
  }
  gk.priority = priority;
  function declutterLabels() {
    var order = Array.from(shownNodes.keys()).sort(function (a, b) { return priority(a) - priority(b); });
    var placed = [], updates = [], hidden = [];
    // a coarse grid of the placed boxes: thousands of labels stay fast
    var cell = 0, grid = new Map();
    order.forEach(function (id) {
      var box = labelBox(id);
      if (!box) return;
      if (!cell) cell = Math.max(box.bottom - box.top, 1) * 6;
      var below = { left: box.left, right: box.right, top: box.top - box.vadjust, bottom: box.bottom - box.vadjust };
      var centre = network.getPosition(id);
      // the same distance from the dot's centre, on the other side
      var shift = -2 * (below.top - centre.y) - (below.bottom - below.top);
      var above = { left: below.left, right: below.right, top: below.top + shift, bottom: below.bottom + shift };
      var item = shownNodes.get(id);
      if (free(below)) {
        place(below);
        if (item.moved) updates.push({ id: id, label: item.label, font: { vadjust: 0 } });
        item.moved = false;
      } else if (free(above)) {
        place(above);
        updates.push({ id: id, label: item.label, font: { vadjust: shift } });
        item.moved = true;
      } else { hidden.push(id); updates.push({ id: id, label: " ", font: { vadjust: 0 } }); item.moved = true; }
    });
    function cells(b, fn) {
      for (var x = Math.floor(b.left / cell); x <= Math.floor(b.right / cell); x++)
        for (var y = Math.floor(b.top / cell); y <= Math.floor(b.bottom / cell); y++) fn(x + "," + y);
    }
    function free(b) {
      var ok = true;
      cells(b, function (key) {
        if (!ok) return;
        var list = grid.get(key);
        if (list && list.some(function (p) { return overlaps(b, p); })) ok = false;
      });
      return ok;
    }
    function place(b) {
      placed.push(b);
      cells(b, function (key) { if (!grid.has(key)) grid.set(key, []); grid.get(key).push(b); });
    }
    nodes.update(updates);
    gk.hiddenLabels = hidden;
  }
  gk.declutterLabels = declutterLabels;
  gk.rankOf = function (id) { return isCluster(id) ? Infinity : actors[id] ? actors[id].rank : Infinity; };
  gk.shown = function () { return { nodes: Array.from(shownNodes.keys()), edges: Array.from(shownEdges.keys()) }; };

  // labels: restore every label at the font size of this zoom, draw, then place them
  var relabelling = false, relabelAgain = false;
  function relabel(after) {
    if (relabelling) { relabelAgain = true; return; }
    relabelling = true;
    gk.scale = network.getScale();
    // only the labels whose size changed, or that the last placing moved or hid: the members of a
    // cluster just expanded were made at this zoom's size, and are left as they are
    var labels = [];
    shownNodes.forEach(function (item, id) {
      var font = fontFor(id);
      if (font.size === item.font.size && !item.moved) return;
      item.font = font;
      item.moved = false;
      labels.push({ id: id, label: item.label, font: font });
    });
    nodes.update(labels);
    var widths = [];
    shownEdges.forEach(function (item) {
      if (item.px === undefined || item.width === item.px / gk.scale) return;
      item.width = item.px / gk.scale;
      widths.push({ id: item.id, width: item.width });
    });
    edges.update(widths);
    network.once("afterDrawing", function () {
      declutterLabels();
      network.once("afterDrawing", function () {
        relabelling = false;
        if (after) after();
        if (relabelAgain) { relabelAgain = false; relabel(null); }
      });
      network.redraw();
    });
    network.redraw();
  }
  var relabelSoon = debounce(function () { relabel(null); }, 200);
  function afterChange() { relabelSoon(); }
  network.on("zoom", relabelSoon);
  network.on("dragEnd", relabelSoon);

  function finishSettled() {
    gk.settled = true;
    gk.settledAt = performance.now();
    mark("settled");
    document.body.setAttribute("data-settled", "true");
    progress.textContent = "";
  }
  network.fit();
  network.once("afterDrawing", function () { mark("drawn"); });
  relabel(finishSettled);

  // physics on request, over the actors drawn one by one only (clusters stay where they are)
  $("gk-relayout").addEventListener("click", function () {
    var free = Array.from(shownNodes.keys()).filter(function (id) { return !isCluster(id); });
    if (free.length > meta.relayout_max) {
      progress.textContent = "Too many actors drawn one by one (" + fmt(free.length) + ") to re-run the layout: " +
        "collapse clusters first (Overview).";
      return;
    }
    nodes.update(Array.from(shownNodes.keys()).map(function (id) { return { id: id, fixed: isCluster(id) }; }));
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(meta.relayout_iterations);
  });
  network.on("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    relabelSoon();
  });
  $("gk-fit").addEventListener("click", function () { network.fit({ animation: { duration: 300 } }); });
  $("gk-overview").hidden = !clustered;
  $("gk-overview").addEventListener("click", function () {
    expanded.clear();
    pinned.clear();
    clearHighlight();
    rebuild();
    network.fit();
    relabel(null);
  });

  // -- neighbourhood highlight -------------------------------------------------------------------
  // (vis-network draws borders in screen pixels already: borderWidth needs no scaling)
  var DIM_NODE = { background: "rgba(210,210,210,0.5)", border: "rgba(190,190,190,0.5)" };
  var DIM_FONT = { color: "rgba(150,150,150,0.35)" };
  var highlighted = null;
  function highlight(id) {
    var keep = new Set(network.getConnectedNodes(id));
    keep.add(id);
    var keepEdges = new Set(network.getConnectedEdges(id));
    nodes.update(Array.from(shownNodes.values()).map(function (n) {
      return keep.has(n.id) ? { id: n.id, color: n.color, font: { color: isCluster(n.id) ? "#333" : "#222" } }
                            : { id: n.id, color: DIM_NODE, font: DIM_FONT };
    }));
    edges.update(Array.from(shownEdges.values()).map(function (e) {
      return { id: e.id, color: keepEdges.has(e.id) ? e.color : { color: e.color.color, opacity: 0.08 } };
    }));
    highlighted = id;
  }
  function clearHighlight() {
    if (highlighted === null) return;
    nodes.update(Array.from(shownNodes.values()).map(function (n) {
      return { id: n.id, color: n.color, font: { color: isCluster(n.id) ? "#333" : "#222" } };
    }));
    edges.update(Array.from(shownEdges.values()).map(function (e) { return { id: e.id, color: e.color }; }));
    highlighted = null;
  }

  // -- expanding: a cluster into its members, an actor into its neighbourhood ---------------------
  var NEIGHBOURS = 200;  // most neighbours drawn around a clicked actor (its heaviest ties)
  function expandCluster(k) {
    expanded.add(k);
    clearHighlight();
    // the zoom the members will be seen at, known before they are made: their labels are made at
    // its size, and relabel() need not update them again (2,200 members: a fifth of the time)
    var fit = fitOf(function (take) {
      members[k].forEach(function (i) { if (actorOk[i]) take(actors[i].x, actors[i].y, SPACING / 2); });
    });
    if (fit) gk.scale = fit.scale;
    rebuild();
    if (fit) network.moveTo(fit);
    else network.fit();
    relabel(null);
    showCluster(k);
  }
  function collapseCluster(k) {
    expanded.delete(k);
    members[k].forEach(function (i) { pinned.delete(i); });
    clearHighlight();
    rebuild();
    relabel(null);
  }
  function neighbourhood(i) {
    var ties = incident(i).filter(function (j) { return edgeOk[j]; });
    ties.sort(function (a, b) { return data.edges[b].n - data.edges[a].n; });
    var found = new Set([i]);
    for (var q = 0; q < ties.length && found.size <= NEIGHBOURS; q++) {
      var e = data.edges[ties[q]];
      found.add(e.from);
      found.add(e.to);
    }
    return found;
  }
  function openActor(i) {
    if (clustered) {
      var around = neighbourhood(i);
      var changed = false;
      around.forEach(function (j) { if (!single(j)) changed = true; });
      pinned = around;
      if (changed || !shownNodes.has(i)) { clearHighlight(); rebuild(); relabelSoon(); }
    }
    if (!shownNodes.has(i)) return false;
    highlight(i);
    showNode(i);
    return true;
  }

  // -- details panel -------------------------------------------------------------------------------
  var details = $("gk-details-body");
  function linkButton(text, onClick) {
    var b = el("button", "gk-link", text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  function tieList(ties, fromId) {
    var list = el("ul");
    ties.slice(0, 200).forEach(function (j) {
      var e = data.edges[j];
      var text;
      if (fromId === undefined) text = edgeHeading(e) + ": " + relationText(e) + " (" + e.n + ")";
      else {
        var other = actors[e.from === fromId ? e.to : e.from];
        var arrow = rel(e).symmetric ? "\u2014 " : e.from === fromId ? "\u2192 " : "\u2190 ";
        text = arrow + relationText(e) + " " + other.label + " (" + e.n + ")";
      }
      append(list, append(el("li"), linkButton(text, function () { selectEdge(j); })));
    });
    return list;
  }
  function showNode(id) {
    var n = actors[id];
    clear(details);
    append(details, el("h3", null, n.label), nodeFacts(n));
    var ties = incident(id).filter(function (j) { return edgeOk[j]; });
    ties.sort(function (a, b) { return data.edges[b].n - data.edges[a].n; });
    append(details, el("p", "gk-muted", plural(ties.length, "tie") + " shown" +
      (ties.length > 200 ? " (the 200 with the most statements listed)" : "")));
    append(details, tieList(ties, id));
  }
  function showCluster(k) {
    var c = clusters[k];
    clear(details);
    append(details, el("h3", null, c.label), clusterFacts(k));
    var types = Object.keys(c.types).map(function (t) { return typeInfo(t).label + " " + fmt(c.types[t]); });
    append(details, el("p", "gk-muted", types.join(" \u00b7 ")));
    if (expanded.has(k)) append(details, linkButton("Collapse this cluster", function () { collapseCluster(k); }));
    else append(details, linkButton("Expand this cluster", function () { expandCluster(k); }));
    var list = el("ul");
    members[k].slice(0, 50).forEach(function (i) {
      append(list, append(el("li"), linkButton(actors[i].label, function () { focusNode(i); })));
    });
    append(details, el("p", "gk-muted", "Members, most prominent first" + (c.size > 50 ? " (the top 50)" : "") + ":"),
      list);
  }
  function showMeta(id) {
    var m = metaEdges.get(id);
    if (!m) return;
    clear(details);
    append(details, el("h3", null, nameOf(m.from) + " \u2014 " + nameOf(m.to)));
    append(details, el("p", "gk-muted", plural(m.ties, "tie") + " \u00b7 " + plural(m.weight, "statement") +
      (m.ties > 200 ? " (the 200 with the most statements listed)" : "")));
    var ties = tiesOf(m).sort(function (a, b) { return data.edges[b].n - data.edges[a].n; });
    append(details, tieList(ties));
  }
  function showEdge(id) {
    var e = data.edges[id];
    clear(details);
    append(details, el("h3", null, edgeHeading(e)));
    append(details, el("p", null, relationText(e) + " \u00b7 " + familyInfo(rel(e).family).label));
    append(details, el("p", "gk-muted", plural(e.n, "statement") + " \u00b7 " + dateSpan(e) +
      " \u00b7 mean confidence " + e.c.toFixed(2)));
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
    if (e.more > 0) {
      var why = meta.evidence_cap < meta.max_evidence
        ? "this page keeps " + plural(meta.evidence_cap, "sentence") + " per tie, so that " + fmt(E) +
          " ties stay a page of sensible size (max_evidence, --max-actors)"
        : "this page keeps at most " + plural(meta.evidence_cap, "sentence") + " per tie (max_evidence)";
      append(details, el("p", "gk-muted", "+ " + plural(e.more, "more statement") + " not included: " + why + "."));
    }
  }
  function selectEdge(id) {
    if (shownEdges.has(id)) network.selectEdges([id]);
    showEdge(id);
  }
  function focusNode(id) {
    if (!actorOk[id]) return;
    if (!openActor(id)) return;
    network.selectNodes([id]);
    if (clustered) {  // the neighbourhood spans clusters: show all of it
      var around = Array.from(pinned).filter(function (i) { return shownNodes.has(i); });
      network.fit({ nodes: around.length > 1 ? around : [id], animation: { duration: 300 } });
    } else {
      network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 300 } });
    }
    setTimeout(relabelSoon, 350);
  }
  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      if (isCluster(id)) expandCluster(+id.slice(1));
      else openActor(id);
    } else if (params.edges.length) {
      clearHighlight();
      if (isMeta(params.edges[0])) showMeta(params.edges[0]);
      else showEdge(params.edges[0]);
    } else {
      clearHighlight();
      if (clustered && pinned.size) { pinned = new Set(); rebuild(); relabelSoon(); }
    }
  });
  gk.expandCluster = expandCluster;

  // -- search (substring of label or alias, case-insensitive) -------------------------------------
  var search = $("gk-search"), results = $("gk-search-results"), status = $("gk-search-status");
  var matches = [];
  function runSearch() {
    var q = search.value.trim().toLowerCase();
    clear(results);
    if (!q) { status.textContent = ""; matches = []; return; }
    var all = actors.filter(function (n) { return n.search.indexOf(q) !== -1; });
    matches = all.filter(function (n) { return actorOk[n.id]; });
    var text = plural(matches.length, "actor") + " found";
    if (all.length > matches.length) text += " (" + fmt(all.length - matches.length) + " more hidden by the filters)";
    status.textContent = text;
    matches.slice(0, 25).forEach(function (n) {
      append(results, append(el("li"), linkButton(n.label, function () { focusNode(n.id); })));
    });
    network.selectNodes(matches.filter(function (n) { return shownNodes.has(n.id); }).map(function (n) { return n.id; }));
  }
  search.addEventListener("input", debounce(runSearch, 120));
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      runSearch();
      if (matches.length) focusNode(matches[0].id);
    }
  });

  updateSummary();
})();
