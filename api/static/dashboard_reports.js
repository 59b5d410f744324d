// Coordinators' reports on the dashboard: fill rates (/v1/reports/lender-performance) beside
// TTA removals (/v1/reports/removals), and the borrowing/lending balance
// (/v1/reports/balance) as tables and as a map layer, and plan compliance per region with a
// drill-down (/v1/reports/compliance). Uses dashboard.js's kit.
(function () {
  "use strict";

  var kit = window.DASHBOARD.kit;
  var $ = kit.$, el = kit.el, clear = kit.clear, mark = kit.mark;
  var balance = null, compliance = null;
  var RULES = ["HOLDINGS_NOT_UPDATED", "RECORD_NOT_UPDATED", "LEVEL_2_TITLE_CHANGE",
               "FEWER_THAN_25_CURRENT_TITLES", "BORROW_ONLY_FREE_SHARING",
               "RUSH_WITHOUT_ALERTS"];

  function percent(rate) { return rate === null || rate === undefined ? "–" :
    Math.round(rate * 100) + "%"; }

  function filters() {
    return {region: $("scope-region").value, from: $("reports-from").value,
            to: $("reports-to").value};
  }

  function cells(row, values) {
    values.forEach(function (v) { row.appendChild(el("td", {}, v)); });
    return row;
  }

  function showLenders(performance, removals) {
    var body = document.querySelector("#lenders tbody");
    clear(body);
    var fill = {};
    performance.lenders.forEach(function (l) { fill[l.libid] = l; });
    var rows = removals.lenders.slice();
    performance.lenders.forEach(function (l) {
      if (!rows.some(function (r) { return r.libid === l.libid; })) {
        rows.push({libid: l.libid, type: l.type, received: 0, not_receipted: 0,
                   not_acted_upon: 0, removal_rate: null, by_service_level: {}});
      }
    });
    rows.forEach(function (r) {
      var f = fill[r.libid] || {}, levels = r.by_service_level;
      var fast = ["RUSH", "URGENT"].reduce(function (n, level) {
        return n + (levels[level] ? levels[level].removed : 0); }, 0);
      var row = el("tr", {"data-libid": r.libid});
      if (f.meets_standard === false) { row.setAttribute("class", "below-standard"); }
      body.appendChild(cells(row, [r.libid, r.type || "", f.received || 0,
        percent(f.fill_rate), r.received, r.not_receipted, r.not_acted_upon,
        percent(r.removal_rate), fast]));
    });
    if (!rows.length) {
      body.appendChild(el("tr")).appendChild(el("td", {colspan: 9, "class": "muted"},
                                                     "No requests in this period."));
    }
  }

  function showBalance(b) {
    balance = b;
    var body = document.querySelector("#balance-regions tbody");
    clear(body);
    b.regions.forEach(function (r) {
      body.appendChild(cells(el("tr", {"data-region": r.region || ""}),
        [r.region || "—", r.borrowed, r.lent, r.ratio === null ? "–" : r.ratio.toFixed(2)]));
    });
    var list = $("net-borrowers");
    clear(list);
    b.libraries.filter(function (l) { return l.net_borrower; }).forEach(function (l) {
      list.appendChild(el("li", {"data-libid": l.libid}, l.libid + " " + (l.name || "") +
        " — borrowed " + l.borrowed + ", lent " + l.lent));
    });
    if (!list.firstChild) {
      list.appendChild(el("li", {"class": "muted"}, "None borrowed " + b.min_borrowed +
        " or more while lending under " + b.max_ratio + " per request."));
    }
    drawBalanceLayer();
  }

  // Circles sized by requests borrowed + lent; red for net borrowers, green for libraries
  // lending at least as much as they borrow, grey between.
  function drawBalanceLayer() {
    var on = $("balance-layer-toggle").checked && balance;
    var placed = !on ? [] : balance.libraries.map(function (l) {
      return {l: l, xy: l.lon === null ? null : kit.projection([l.lon, l.lat])};
    }).filter(function (d) { return d.xy; });
    var top = d3.max(placed, function (d) { return d.l.borrowed + d.l.lent; }) || 1;
    var size = d3.scaleSqrt([0, top], [3, 18]);
    d3.select("#balance-layer").selectAll("circle").data(placed, function (d) {
      return d.l.libid; })
      .join("circle")
      .attr("class", function (d) {
        var l = d.l;
        return "balance " + (l.net_borrower ? "net-borrower" :
          (l.ratio === null || l.ratio >= 1 ? "net-lender" : "even"));
      })
      .attr("data-libid", function (d) { return d.l.libid; })
      .attr("cx", function (d) { return d.xy[0].toFixed(1); })
      .attr("cy", function (d) { return d.xy[1].toFixed(1); })
      .attr("r", function (d) { return size(d.l.borrowed + d.l.lent).toFixed(1); })
      .selectAll("title").data(function (d) { return [d]; }).join("title")
      .text(function (d) {
        return d.l.libid + ": borrowed " + d.l.borrowed + ", lent " + d.l.lent; });
  }

  function showCompliance(c) {
    compliance = c;
    var body = document.querySelector("#compliance-regions tbody");
    clear(body);
    c.regions.forEach(function (r) {
      var row = el("tr", {"data-region": r.region || ""});
      var button = el("button", {type: "button", "class": "link"}, r.region || "—");
      button.addEventListener("click", function () { drillDown(r.region); });
      row.appendChild(el("td")).appendChild(button);
      cells(row, [r.libraries].concat(RULES.map(function (code) { return r.counts[code]; })));
      body.appendChild(row);
    });
    if (!c.regions.length) {
      body.appendChild(el("tr")).appendChild(el("td", {colspan: 8, "class": "muted"},
                                                     "Every active library keeps the rules."));
    }
    $("compliance-detail").hidden = true;
  }

  function drillDown(region) {
    var rules = {};
    compliance.rules.forEach(function (r) { rules[r.code] = r; });
    var list = $("compliance-breaches");
    clear(list);
    compliance.breaches.filter(function (b) { return b.region === region; })
      .forEach(function (b) {
        var item = el("li", {"data-libid": b.libid, "data-code": b.code},
                      b.libid + " " + (b.name || "") + " — " + b.detail + ". ");
        item.appendChild(el("q", {title: rules[b.code].source}, rules[b.code].rule));
        list.appendChild(item);
      });
    $("compliance-heading").textContent = "Region " + (region || "—");
    $("compliance-detail").hidden = false;
    mark("compliance", "shown");
  }

  function loadReports() {
    var f = filters(), q = kit.query(f);
    mark("reports", "loading");
    $("reports-submit").disabled = true;
    Promise.all([kit.api("/v1/reports/lender-performance" + q),
                 kit.api("/v1/reports/removals" + q),
                 kit.api("/v1/reports/balance" + q),
                 kit.api("/v1/reports/compliance" + kit.query({region: f.region}))])
      .then(function (answers) {
        showLenders(answers[0], answers[1]);
        showBalance(answers[2]);
        showCompliance(answers[3]);
        mark("reports", "done");
      })
      .catch(function () { mark("reports", "failed"); })
      .then(function () { $("reports-submit").disabled = false; });
  }

  $("reports-form").addEventListener("submit", function (e) { e.preventDefault(); loadReports(); });
  $("scope-form").addEventListener("submit", function () { loadReports(); });
  $("balance-layer-toggle").addEventListener("change", drawBalanceLayer);
  loadReports();
})();
