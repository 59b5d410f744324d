// Last copies at risk per region (GET /v1/coverage/last-copies), and a borrower's routing
// table: the lint (GET .../routing-table/lint) and a dry run of a proposed table
// (POST .../routing-table/dry-run). Uses dashboard.js's kit.
(function () {
  "use strict";

  var kit = window.DASHBOARD.kit;
  var $ = kit.$, el = kit.el, clear = kit.clear, mark = kit.mark;
  var number = new Intl.NumberFormat();

  function percent(rate) {
    return rate === null || rate === undefined ? "–" : Math.round(rate * 100) + "%";
  }

  function libid() { return $("table-libid").value.trim().toUpperCase(); }

  function base() { return "/v1/libraries/" + encodeURIComponent(libid()) + "/routing-table"; }

  function showLint(lint) {
    var list = $("table-lint");
    clear(list);
    lint.findings.forEach(function (f) {
      list.appendChild(el("li", {"data-code": f.code || ""},
        (f.cell ? "cell " + f.cell + ": " : "") + (f.entry ? f.entry + " — " : "") +
        (f.message || f.code)));
    });
    if (!list.firstChild) { list.appendChild(el("li", {"class": "muted"}, "No findings.")); }
  }

  function showTable(table) {
    $("dry-run-table").value = JSON.stringify({cells: table.cells,
      do_not_route: table.do_not_route, manual_map: table.manual_map}, null, 1);
  }

  function loadTable() {
    mark("table", "loading");
    Promise.all([kit.api(base()), kit.api(base() + "/lint")])
      .then(function (answers) {
        showTable(answers[0]);
        showLint(answers[1]);
        $("table-panel").hidden = false;
        $("dry-run-result").hidden = true;
        mark("table", "done");
      })
      .catch(function () { mark("table", "failed"); });
  }

  function row(body, label, values) {
    var tr = el("tr");
    tr.appendChild(el("th", {scope: "row"}, label));
    values.forEach(function (v) { tr.appendChild(el("td", {}, v)); });
    body.appendChild(tr);
  }

  function showDryRun(r) {
    $("dry-run-facts").textContent = number.format(r.requests) + " requests of " + r.libid +
      " since " + new Date(r.from).toLocaleDateString() + " replayed on today's network.";
    var sides = document.querySelector("#dry-run-sides tbody"), c = r.current, p = r.proposed;
    clear(sides);
    row(sides, "Lenders per request", [c.average_lenders, p.average_lenders]);
    row(sides, "First lender in cells 1–3", [percent(c.first_in_cells_1_3),
                                             percent(p.first_in_cells_1_3)]);
    row(sides, "Beyond Routing Map", [number.format(c.beyond_routing_map),
                                      number.format(p.beyond_routing_map)]);
    row(sides, "Expected fill at the first lender", [percent(c.expected_first_fill),
                                                     percent(p.expected_first_fill)]);
    var load = document.querySelector("#dry-run-load tbody");
    clear(load);
    r.load.forEach(function (l) {
      var tr = el("tr", {"data-libid": l.libid});
      [l.libid, number.format(l.current), number.format(l.proposed),
       (l.change > 0 ? "+" : "") + number.format(l.change)].forEach(function (v) {
        tr.appendChild(el("td", {}, v)); });
      load.appendChild(tr);
    });
    if (!r.load.length) {
      load.appendChild(el("tr")).appendChild(el("td", {colspan: 4, "class": "muted"},
                                                     "No lender's load changes."));
    }
    $("dry-run-result").hidden = false;
  }

  function dryRun() {
    var body;
    try {
      body = JSON.parse($("dry-run-table").value);
    } catch (e) {
      kit.showProblem({title: "The proposed table is not JSON", detail: String(e)});
      mark("dry-run", "failed");
      return;
    }
    body.days = Number($("dry-run-days").value) || 365;
    mark("dry-run", "loading");
    kit.api(base() + "/dry-run", {method: "POST", headers: {"Content-Type": "application/json"},
                                  body: JSON.stringify(body)})
      .then(function (r) { showDryRun(r); mark("dry-run", "done"); })
      .catch(function () { mark("dry-run", "failed"); });
  }

  function showLastCopies(answer) {
    var body = document.querySelector("#last-copies tbody");
    clear(body);
    answer.regions.forEach(function (r) {
      var tr = el("tr", {"data-region": r.region || ""});
      [r.region || "—", number.format(r.titles), number.format(r.libraries),
       r.listed.slice(0, 5).map(function (t) { return t.title + " (" + t.libid + ")"; })
         .join("; ") + (r.titles > 5 ? "; …" : "")].forEach(function (v) {
        tr.appendChild(el("td", {}, v)); });
      body.appendChild(tr);
    });
  }

  function loadLastCopies() {
    mark("last-copies", "loading");
    kit.api("/v1/coverage/last-copies")
      .then(function (answer) { showLastCopies(answer); mark("last-copies", "done"); })
      .catch(function () { mark("last-copies", "failed"); });
  }

  $("table-form").addEventListener("submit", function (e) { e.preventDefault(); loadTable(); });
  $("dry-run-form").addEventListener("submit", function (e) { e.preventDefault(); dryRun(); });
  loadLastCopies();
})();
