// The customer lookup page: loads the index shard of an id's prefix with a script tag (works over
// HTTP and from disk, where fetch() is blocked), shows the customer, and scores the what-if form.
"use strict";
(function () {
  const main = document.querySelector("main.lookup");
  // A shard holds the ids that share their first prefixBits bits; it is named by the first
  // prefixLength hex digits of its ids with the bits past prefixBits cleared.
  const prefixBits = Number(main.dataset.prefixBits);
  const prefixLength = Math.ceil(prefixBits / 4);
  const shardName = (id) => {
    const spare = 4 * prefixLength - prefixBits;
    const key = (parseInt(id.slice(0, prefixLength), 16) >> spare) << spare;
    return key.toString(16).padStart(prefixLength, "0");
  };
  const segments = JSON.parse(document.getElementById("segments-data").textContent);
  const shards = {};
  const waiting = {};
  const fmt = (v, d) => Number(v).toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
  const text = (id, value) => { document.getElementById(id).textContent = value; };
  const status = (message) => text("lookup-status", message);

  window.churnsiteShard = function (prefix, data) {
    shards[prefix] = data;
    (waiting[prefix] || []).forEach((f) => f(data));
    delete waiting[prefix];
  };

  function loadShard(prefix, done) {
    if (shards[prefix]) return done(shards[prefix]);
    (waiting[prefix] = waiting[prefix] || []).push(done);
    if (waiting[prefix].length > 1) return;
    const s = document.createElement("script");
    s.src = "data/customers/" + prefix + ".js";
    s.onerror = () => { delete waiting[prefix]; done(null); };
    document.head.appendChild(s);
  }

  function gauge(p) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 200 120");
    svg.setAttribute("role", "img");
    const title = document.createElementNS(ns, "title");
    title.textContent = "Churn probability " + fmt(p * 100, 1) + "%";
    svg.appendChild(title);
    const arc = (from, to, color) => {
      const a0 = Math.PI * (1 - from), a1 = Math.PI * (1 - to);
      const path = document.createElementNS(ns, "path");
      path.setAttribute("d", `M${100 + 80 * Math.cos(a0)},${100 - 80 * Math.sin(a0)} A80,80 0 0 1 ${100 + 80 * Math.cos(a1)},${100 - 80 * Math.sin(a1)}`);
      path.setAttribute("stroke", color);
      path.setAttribute("stroke-width", "18");
      path.setAttribute("fill", "none");
      svg.appendChild(path);
    };
    const risk = churnsiteModel.risk;
    arc(0, risk.medium_from, "#009E73");
    arc(risk.medium_from, risk.high_from, "#E69F00");
    arc(risk.high_from, 1, "#D55E00");
    const a = Math.PI * (1 - p);
    const needle = document.createElementNS(ns, "line");
    needle.setAttribute("x1", "100"); needle.setAttribute("y1", "100");
    needle.setAttribute("x2", String(100 + 70 * Math.cos(a))); needle.setAttribute("y2", String(100 - 70 * Math.sin(a)));
    needle.setAttribute("stroke", "currentColor"); needle.setAttribute("stroke-width", "4");
    svg.appendChild(needle);
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", "100"); label.setAttribute("y", "118"); label.setAttribute("text-anchor", "middle");
    label.setAttribute("fill", "currentColor"); label.setAttribute("font-size", "16");
    label.textContent = fmt(p * 100, 1) + "%";
    svg.appendChild(label);
    return svg;
  }

  function mark(figure, value, percentile, caption) {
    const g = document.querySelector("#" + figure + " g.marker");
    if (!g) return;
    const d = g.dataset, ns = "http://www.w3.org/2000/svg";
    const share = Math.min(1, Math.max(0, (value - Number(d.lower)) / (Number(d.upper) - Number(d.lower))));
    const x = Number(d.plotLeft) + share * Number(d.plotWidth);
    g.replaceChildren();
    const line = document.createElementNS(ns, "line");
    line.setAttribute("x1", x); line.setAttribute("x2", x);
    line.setAttribute("y1", d.top); line.setAttribute("y2", Number(d.top) + Number(d.height));
    line.setAttribute("stroke", "#D55E00"); line.setAttribute("stroke-width", "3");
    g.appendChild(line);
    text("p-" + figure.slice(4), caption + ": this customer is at the " + percentile + "th percentile");
  }

  function show(id, row) {
    const [recency, frequency, monetary, seg, churned, p, risk, pr, pf, pm, r, f, m, state] = row;
    const result = document.getElementById("lookup-result");
    result.hidden = false;
    result.dataset.id = id;
    text("result-title", "Customer " + id);
    text("r-recency", recency + " days");
    text("r-frequency", frequency + (frequency === 1 ? " order" : " orders"));
    text("r-monetary", "BRL " + fmt(monetary, 2));
    text("r-scores", "R " + r + " · F " + f + " · M " + m);
    text("r-segment", segments[seg][0]);
    text("r-state", state);
    text("r-churned", churned ? "Churned (no order for more than 180 days)" : "Active");
    text("r-probability", p === null ? "no model" : fmt(p, 4));
    text("r-risk", risk === null ? "–" : risk);
    text("r-strategy", segments[seg][1]);
    const g = document.getElementById("r-gauge");
    g.replaceChildren();
    if (p !== null && typeof churnsiteModel !== "undefined") g.appendChild(gauge(p));
    mark("fig-recency", recency, pr, "Recency");
    mark("fig-frequency", frequency, pf, "Frequency");
    mark("fig-monetary", monetary, pm, "Monetary");
    status("");
  }

  function lookup(raw) {
    const id = raw.trim().toLowerCase();
    if (!/^[0-9a-f]{1,32}$/.test(id)) return status("A customer_unique_id has up to 32 characters 0–9 and a–f.");
    if (id.length < prefixLength) return status("Type at least " + prefixLength + " characters.");
    status("Looking up…");
    loadShard(shardName(id), (shard) => {
      const matches = shard ? Object.keys(shard).filter((k) => k.startsWith(id)).sort() : [];
      if (matches.length === 0) { document.getElementById("lookup-result").hidden = true; return status("No customer starts with " + id + "."); }
      if (matches.length > 1 && !matches.includes(id)) {
        document.getElementById("lookup-result").hidden = true;
        return status(matches.length + " customers start with " + id + ": " + matches.slice(0, 10).join(", ") + (matches.length > 10 ? ", …" : "") + ". Type more characters.");
      }
      const hit = matches.includes(id) ? id : matches[0];
      show(hit, shard[hit]);
    });
  }

  document.getElementById("lookup-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const id = document.getElementById("lookup-id").value;
    history.replaceState(null, "", "?id=" + encodeURIComponent(id.trim().toLowerCase()));
    lookup(id);
  });

  const whatif = document.getElementById("whatif-form");
  function score() {
    const row = churnsiteModel.features.map((name) => Number(whatif.elements[name].value));
    const p = churnProbability(churnsiteModel, row);
    const out = document.getElementById("whatif-probability");
    out.textContent = fmt(p, 4);
    out.dataset.value = String(p);
    text("whatif-risk", riskLevel(churnsiteModel, p));
  }
  if (whatif && typeof churnsiteModel !== "undefined") {
    whatif.addEventListener("submit", (e) => { e.preventDefault(); score(); });
  }

  // Deep links: ?id=… looks a customer up; what-if fields can be given by feature name.
  const params = new URLSearchParams(location.search);
  if (whatif && typeof churnsiteModel !== "undefined") {
    let given = false;
    for (const name of churnsiteModel.features) {
      if (params.has(name)) { whatif.elements[name].value = params.get(name); given = true; }
    }
    if (given) score();
  }
  if (params.get("id")) {
    document.getElementById("lookup-id").value = params.get("id");
    lookup(params.get("id"));
  }
})();
