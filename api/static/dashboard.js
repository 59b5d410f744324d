// Coordinators' dashboard: a US map of the libraries (us-atlas state shapes, drawn with d3),
// the coverage summary of a region or state, a title search with a holders-per-year chart,
// and a disaster what-if. Everything comes from this server's /v1/coverage API.
(function () {
  "use strict";

  var CONFIG = window.DASHBOARD;
  // us-atlas's Albers file was projected with exactly this projection, so library points
  // projected with it land on the shapes.
  var projection = d3.geoAlbersUsa().scale(1300).translate([487.5, 305]);
  var FIPS = {
    "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT",
    "10": "DE", "11": "DC", "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL",
    "18": "IN", "19": "IA", "20": "KS", "21": "KY", "22": "LA", "23": "ME", "24": "MD",
    "25": "MA", "26": "MI", "27": "MN", "28": "MS", "29": "MO", "30": "MT", "31": "NE",
    "32": "NV", "33": "NH", "34": "NJ", "35": "NM", "36": "NY", "37": "NC", "38": "ND",
    "39": "OH", "40": "OK", "41": "OR", "42": "PA", "44": "RI", "45": "SC", "46": "SD",
    "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA", "54": "WV",
    "55": "WI", "56": "WY", "60": "AS", "66": "GU", "69": "MP", "72": "PR", "78": "VI"
  };
  var regionCodes = CONFIG.regions.map(function (r) { return r.code; });
  var regionColour = d3.scaleOrdinal(regionCodes, d3.schemeTableau10).unknown("#9aa3b2");
  var stateRegion = {};
  CONFIG.regions.forEach(function (r) {
    r.states.forEach(function (s) { stateRegion[s] = r.code; });
  });

  var state = {libraries: [], title: null, colour: "region", whatIf: null};

  var fmt = window.graphsvcFormat;

  function $(id) { return document.getElementById(id); }

  function mark(name, value) { document.body.setAttribute("data-" + name, value); }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function codes(text) {
    return text.split(/[\s,;]+/).map(function (s) { return s.trim().toUpperCase(); })
      .filter(Boolean);
  }

  function years(runs) {
    return runs.map(function (r) {
      return r.first === r.last ? String(r.first) : r.first + "–" + r.last;
    }).join(", ");
  }

  // --- talking to the API ------------------------------------------------------------------

  function showProblem(problem) {
    var box = $("problem");
    clear(box);
    box.removeAttribute("data-waiting");
    box.appendChild(el("strong", {}, problem.title || "Something went wrong"));
    if (problem.detail) { box.appendChild(el("div", {}, problem.detail)); }
    if (problem.errors && problem.errors.length) {
      var list = el("ul");
      problem.errors.forEach(function (e) {
        list.appendChild(el("li", {}, (e.field ? e.field + ": " : "") + e.message));
      });
      box.appendChild(list);
    }
    box.hidden = false;
  }

  // Right after a start the service answers some questions 503 with Retry-After while it
  // loads the network: such a question is asked again after the time it names (at most
  // WAIT_MAX seconds, up to RETRIES times), saying so meanwhile, instead of failing.
  var RETRIES = 30, WAIT_MAX = 30;

  function api(url, options, tries) {
    $("problem").hidden = true;
    return fetch(url, options).then(function (response) {
      var wait = Math.min(Number(response.headers.get("Retry-After")) || 0, WAIT_MAX);
      return response.json().then(function (body) {
        if (response.status === 503 && wait > 0 && (tries || 0) < RETRIES) {
          showWaiting(body, wait);
          return new Promise(function (resolve) { setTimeout(resolve, wait * 1000); })
            .then(function () { return api(url, options, (tries || 0) + 1); });
        }
        if (!response.ok) { showProblem(body); throw body; }
        return body;
      });
    });
  }

  function showWaiting(problem, seconds) {
    showProblem({title: problem.title || "Not ready",
                 detail: (problem.detail ? problem.detail + " " : "") +
                   "Asking again in " + seconds + " s…"});
    $("problem").setAttribute("data-waiting", "true");
  }

  function query(params) {
    var q = new URLSearchParams();
    Object.keys(params).forEach(function (k) { if (params[k]) { q.set(k, params[k]); } });
    var text = q.toString();
    return text ? "?" + text : "";
  }

  // --- the map -------------------------------------------------------------------------------

  function drawStates(us) {
    var path = d3.geoPath();
    var states = topojson.feature(us, us.objects.states).features;
    d3.select("#states").selectAll("path").data(states).join("path")
      .attr("class", "state").attr("d", path)
      .attr("data-state", function (d) { return FIPS[d.id] || ""; })
      .append("title").text(function (d) { return d.properties.name; });
    d3.select("#states").append("path").attr("class", "borders")
      .attr("d", path(topojson.mesh(us, us.objects.states, function (a, b) { return a !== b; })));
  }

  function drawLibraries() {
    var placed = state.libraries.map(function (f) {
      return {f: f, xy: projection(f.geometry.coordinates)};
    }).filter(function (d) { return d.xy; });
    var offline = new Set(state.whatIf ? state.whatIf.area.libraries.map(function (l) {
      return l.libid; }) : []);
    var backups = new Set();
    if (state.whatIf) {
      state.whatIf.lost.concat(state.whatIf.dropped_to_one).forEach(function (t) {
        t.backups.forEach(function (b) { backups.add(b.libid); });
      });
    }
    d3.select("#libraries").selectAll("circle").data(placed, function (d) { return d.f.id; })
      .join("circle")
      .attr("class", function (d) {
        var p = d.f.properties, names = ["library"];
        if (state.colour === "title") { names.push(p.holds ? "holder" : "not-holder"); }
        if (offline.has(p.libid)) { names.push("offline"); }
        if (backups.has(p.libid)) { names.push("backup"); }
        if (p.participation !== "FULL") { names.push("inactive"); }
        return names.join(" ");
      })
      .attr("data-libid", function (d) { return d.f.id; })
      .attr("cx", function (d) { return d.xy[0].toFixed(1); })
      .attr("cy", function (d) { return d.xy[1].toFixed(1); })
      .attr("r", function (d) {
        return state.colour === "title" && d.f.properties.holds ? 6 : 4.5;
      })
      .attr("fill", function (d) {
        if (state.colour === "title") { return d.f.properties.holds ? "#c2410c" : "#cbd2dc"; }
        return regionColour(d.f.properties.region);
      })
      .selectAll("title").data(function (d) { return [d]; }).join("title")
      .text(function (d) {
        var p = d.f.properties;
        return p.name + " (" + p.libid + "), " + p.state + ", region " + (p.region || "–") +
          (p.formats && p.formats.length ? " — holds " + p.formats.join(", ") : "");
      });
    d3.select("#libraries").selectAll("circle.holder").raise();
    drawLegend();
  }

  function drawLegend() {
    var legend = $("legend");
    clear(legend);
    function item(colour, text, cls) {
      var span = el("span", {"class": "key " + (cls || "")});
      var dot = el("i", {style: "background:" + colour});
      span.appendChild(dot);
      span.appendChild(document.createTextNode(text));
      legend.appendChild(span);
    }
    if (state.colour === "title" && state.title) {
      item("#c2410c", "holds " + state.title.title);
      item("#cbd2dc", "does not");
    } else {
      CONFIG.regions.forEach(function (r) { item(regionColour(r.code), r.name || r.code); });
    }
    if (state.whatIf) {
      item("transparent", "offline", "offline-key");
      item("transparent", "backup lender", "backup-key");
    }
  }

  function loadLibraries(nlmUid) {
    return api("/v1/coverage/libraries.geojson" + query({nlm_uid: nlmUid}))
      .then(function (fc) {
        state.libraries = fc.features;
        drawLibraries();
      });
  }

  // --- summary --------------------------------------------------------------------------------

  var NUMBERS = [
    ["libraries", "Libraries"], ["titles", "Titles held"], ["holdings", "Holdings"],
    ["single_holder_titles", "Titles with a single holder"],
    ["titles_held_only_outside", "Titles held only outside"],
    ["not_reviewed", "Holdings not reviewed in a year"],
    ["level_2_holdings", "Level 2 holdings"],
    ["routing_problems", "Routing entries at closed or inactive libraries"],
    ["below_standard", "Lenders below the 75% fill rate"]
  ];

  // Items of each long list per request (the answer gives their totals); a page may set it.
  function pageSize() { return Number(document.body.dataset.summaryPage) || 50; }

  function count(s, name) {
    if (s.totals && name in s.totals) { return s.totals[name]; }
    return Array.isArray(s[name]) ? s[name].length : s[name];
  }

  function showSummary(s) {
    var where = s.state ? s.state : "";
    if (s.region) { where = "Region " + s.region + (where ? ", " + where : ""); }
    $("summary-heading").textContent = "Summary: " + (where || "whole network");
    var dl = $("summary-numbers");
    clear(dl);
    NUMBERS.forEach(function (pair) {
      var box = el("div", {"class": "number", id: "stat-" + pair[0]});
      box.appendChild(el("dt", {}, pair[1]));
      box.appendChild(el("dd", {}, fmt.number(count(s, pair[0]))));
      dl.appendChild(box);
    });
    var lists = $("summary-lists");
    clear(lists);
    details(lists, "Single-holder titles", s, "single_holder_titles", function (t) {
      return t.title + " (" + t.nlm_uid + ") — only " + t.libid;
    });
    details(lists, "Not reviewed within a year", s, "not_reviewed", function (l) {
      return l.libid + " " + l.name + " — " + (fmt.date(l.last_reviewed) || "never");
    });
    details(lists, "Routing problems", s, "routing_problems", function (p) {
      return p.borrower + " cell " + p.cell + ": " + p.entry +
        (p.library !== p.entry ? " (" + p.library + ")" : "") + " is " + p.problem;
    });
    details(lists, "Below the fill-rate standard", s, "below_standard", function (l) {
      return l.libid + " " + l.name + " — " + Math.round(l.fill_rate * 100) + "% of " +
        fmt.number(l.received);
    });
    if (!s.lenders_with_requests) {
      lists.appendChild(el("p", {"class": "muted"}, "No request history in the last year: " +
                                                  "fill rates are not judged."));
    }
  }

  // One long list of summary ``s``: its first page, and a button that asks for the next.
  function details(parent, label, s, name, text) {
    var total = count(s, name), shown = 0;
    if (!total) { return; }
    var box = el("details", {id: "list-" + name});
    box.appendChild(el("summary", {}, label + " (" + fmt.number(total) + ")"));
    var list = el("ul", {"class": "plain"});
    var more = el("button", {type: "button", "class": "link more"});
    function add(page) {
      page.forEach(function (item) { list.appendChild(el("li", {}, text(item))); });
      shown += page.length;
      more.hidden = shown >= total || !page.length;
      more.textContent = "Show " + fmt.number(Math.min(pageSize(), total - shown)) + " more of " +
        fmt.number(total - shown);
    }
    more.addEventListener("click", function () {
      more.disabled = true;
      api("/v1/coverage/summary" + query({region: s.region, state: s.state, at: s.at,
                                          offset: shown, limit: pageSize()}))
        .then(function (next) { add(next[name]); })
        .finally(function () { more.disabled = false; });
    });
    add(s[name]);
    box.appendChild(list);
    box.appendChild(more);
    parent.appendChild(box);
  }

  function loadSummary() {
    mark("summary", "loading");
    var region = $("scope-region").value, st = $("scope-state").value.trim().toUpperCase();
    d3.selectAll("#states path.state").classed("in-scope", function (d) {
      var code = FIPS[d.id];
      return (region || st) && (!region || stateRegion[code] === region) && (!st || code === st);
    });
    return api("/v1/coverage/summary" + query({region: region, state: st, limit: pageSize()}))
      .then(function (s) { showSummary(s); mark("summary", "done"); })
      .catch(function () { mark("summary", "failed"); });
  }

  // --- title search and chart -------------------------------------------------------------------

  function searchTitles(text) {
    mark("title", "loading");
    return api("/v1/coverage/titles" + query({q: text, limit: 10})).then(function (found) {
      var list = $("title-results");
      clear(list);
      found.titles.forEach(function (t) {
        var item = el("li", {"data-nlm-uid": t.nlm_uid});
        var button = el("button", {type: "button", "class": "link"}, t.title);
        button.addEventListener("click", function () { chooseTitle(t); });
        item.appendChild(button);
        item.appendChild(el("span", {"class": "muted"}, " " + t.nlm_uid + " · " +
                                                        fmt.number(t.holders) + " holders"));
        list.appendChild(item);
      });
      if (!found.titles.length) {
        list.appendChild(el("li", {"class": "muted"}, "No title matches “" + text + "”."));
        mark("title", "done");
        return null;
      }
      return chooseTitle(found.titles[0]);
    }).catch(function () { mark("title", "failed"); });
  }

  function chooseTitle(t) {
    mark("title", "loading");
    d3.selectAll("#title-results li").classed("chosen", function () {
      return this.getAttribute("data-nlm-uid") === t.nlm_uid;
    });
    return Promise.all([api("/v1/coverage/serials/" + encodeURIComponent(t.nlm_uid)),
                        loadLibrariesFor(t)])
      .then(function (answers) { showTitle(answers[0]); mark("title", "done"); })
      .catch(function () { mark("title", "failed"); });
  }

  function loadLibrariesFor(t) {
    state.title = t;
    state.colour = "title";
    var radio = document.querySelector("input[name=colour][value=title]");
    radio.disabled = false;
    radio.checked = true;
    return loadLibraries(t.nlm_uid);
  }

  function showTitle(cov) {
    $("title-detail").hidden = false;
    $("title-name").textContent = cov.title + " (" + cov.nlm_uid + ")";
    var single = cov.single_holder_years.length, gaps = cov.gap_years.length;
    $("title-facts").textContent = fmt.number(cov.active_holders) + " active holders; " +
      (cov.first_year ? cov.first_year + "–" + cov.last_year + ": " : "") +
      fmt.number(gaps) + " years with no active holder, " + fmt.number(single) + " with one.";
    drawChart(cov);
    var body = document.querySelector("#holders tbody");
    clear(body);
    cov.holders.forEach(function (h) {
      var row = el("tr", {"data-libid": h.libid, "class": h.active ? "" : "inactive"});
      row.appendChild(el("td", {}, h.libid + " " + h.name));
      row.appendChild(el("td", {}, h.state));
      row.appendChild(el("td", {}, h.region || "–"));
      row.appendChild(el("td", {}, h.format));
      row.appendChild(el("td", {}, h.ranges.map(rangeText).join("; ")));
      row.appendChild(el("td", {}, h.active ? "yes" : (h.level_2 ? "Level 2" : h.inactive_reason)));
      body.appendChild(row);
    });
  }

  function rangeText(r) {
    var vols = r.begin_volume || r.end_volume ?
      "v." + (r.begin_volume || "") + "–" + (r.end_volume || "") : "";
    var yrs = r.begin_year || r.end_year ? (r.begin_year || "") + "–" + (r.end_year || "") : "";
    return [vols, yrs].filter(Boolean).join(" ") || "Level 2";
  }

  function drawChart(cov) {
    var svg = d3.select("#year-chart");
    svg.selectAll("*").remove();
    if (!cov.years.length) {
      svg.append("text").attr("x", 20).attr("y", 40).text("No holder states any years.");
      return;
    }
    var W = 960, H = 260, m = {top: 12, right: 12, bottom: 36, left: 40};
    var x = d3.scaleBand(cov.years.map(function (y) { return y.year; }),
                         [m.left, W - m.right]).padding(0.12);
    var top = d3.max(cov.years, function (y) { return y.holders; }) || 1;
    var y = d3.scaleLinear([0, top], [H - m.bottom, m.top]).nice();
    var keys = regionCodes.concat(["none"]);
    var rows = cov.years.map(function (yr) {
      var row = {year: yr.year}, counted = 0;
      regionCodes.forEach(function (c) { row[c] = yr.by_region[c] || 0; counted += row[c]; });
      row.none = yr.holders - counted;
      return row;
    });
    var series = d3.stack().keys(keys)(rows);
    svg.append("g").selectAll("g").data(series).join("g")
      .attr("fill", function (s) { return regionColour(s.key === "none" ? null : s.key); })
      .selectAll("rect").data(function (s) { return s; }).join("rect")
      .attr("class", "bar")
      .attr("x", function (d) { return x(d.data.year); })
      .attr("y", function (d) { return y(d[1]); })
      .attr("height", function (d) { return y(d[0]) - y(d[1]); })
      .attr("width", x.bandwidth());
    svg.append("g").attr("class", "gaps").selectAll("rect").data(cov.gap_years).join("rect")
      .attr("class", "gap").attr("x", function (yr) { return x(yr); })
      .attr("y", H - m.bottom - 4).attr("width", x.bandwidth()).attr("height", 4)
      .append("title").text(function (yr) { return yr + ": no active holder"; });
    var every = Math.max(1, Math.ceil(cov.years.length / 20));
    svg.append("g").attr("transform", "translate(0," + (H - m.bottom) + ")")
      .call(d3.axisBottom(x).tickValues(x.domain().filter(function (yr, i) {
        return i % every === 0; })));
    svg.append("g").attr("transform", "translate(" + m.left + ",0)")
      .call(d3.axisLeft(y).ticks(Math.min(top, 6)).tickFormat(d3.format("d")));
    var legend = $("chart-legend");
    clear(legend);
    series.filter(function (s) { return d3.max(s, function (d) { return d[1] - d[0]; }); })
      .forEach(function (s) {
        var key = el("span", {"class": "key"});
        key.appendChild(el("i", {style: "background:" +
                                        regionColour(s.key === "none" ? null : s.key)}));
        key.appendChild(document.createTextNode(s.key === "none" ? "no region" :
                                                "region " + s.key));
        legend.appendChild(key);
      });
  }

  // --- what-if ----------------------------------------------------------------------------------

  function runWhatIf() {
    mark("what-if", "loading");
    var offline = {regions: codes($("offline-regions").value).map(function (c) {
                     return c.replace(/^REGION\s*/, ""); }),
                   states: codes($("offline-states").value),
                   libraries: codes($("offline-libraries").value)};
    $("what-if-submit").disabled = true;
    return api("/v1/coverage/what-if", {
      method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({offline: offline, max_listed: 100})
    }).then(function (w) {
      state.whatIf = w;
      showWhatIf(w);
      drawArea(w.area);
      drawLibraries();
      mark("what-if", "done");
    }).catch(function () { mark("what-if", "failed"); })
      .then(function () { $("what-if-submit").disabled = false; });
  }

  var COUNTS = [
    ["offline_libraries", "Libraries offline"], ["titles_affected", "Titles affected"],
    ["titles_losing_last_holder", "Titles losing their last holder"],
    ["titles_losing_years", "Titles losing years"], ["title_years_lost", "Title-years lost"],
    ["titles_dropping_to_one", "Titles dropping to one holder"],
    ["borrowers_cut_off_in_cells_1_3", "Borrowers cut off in cells 1–3"],
    ["borrowers_cut_off", "Borrowers cut off entirely"]
  ];

  function showWhatIf(w) {
    $("what-if-result").hidden = false;
    var dl = $("what-if-counts");
    clear(dl);
    COUNTS.forEach(function (pair) {
      var box = el("div", {"class": "number", id: "count-" + pair[0]});
      box.appendChild(el("dt", {}, pair[1]));
      box.appendChild(el("dd", {}, fmt.number(w.counts[pair[0]])));
      dl.appendChild(box);
    });
    impactRows("#lost tbody", w.lost, function (t) {
      return t.last_holder_lost && !t.lost_years.length ? "the whole title" :
        years(t.lost_years) + (t.last_holder_lost ? " (last holder)" : "");
    });
    impactRows("#dropped tbody", w.dropped_to_one, function (t) {
      return t.single_years.length ? t.single_years.map(function (r) {
        return years([r]) + " (" + r.libid + ")"; }).join(", ") : "the whole title";
    });
    var list = $("borrowers");
    clear(list);
    var anyCell = new Set(w.borrowers_cut_off.map(function (b) { return b.libid; }));
    w.borrowers_cut_off_in_cells_1_3.forEach(function (b) {
      list.appendChild(el("li", {"data-libid": b.libid}, b.libid + " " + b.name + " — " +
        (anyCell.has(b.libid) ? "no active lender in any cell" : "none in cells 1–3")));
    });
    if (!list.firstChild) { list.appendChild(el("li", {"class": "muted"}, "None.")); }
  }

  function impactRows(selector, impacts, yearsText) {
    var body = document.querySelector(selector);
    clear(body);
    impacts.forEach(function (t) {
      var row = el("tr", {"data-nlm-uid": t.nlm_uid});
      row.appendChild(el("td", {}, t.title + " (" + t.nlm_uid + ")"));
      row.appendChild(el("td", {}, fmt.number(t.holders_before) + " → " +
                                   fmt.number(t.holders_after)));
      row.appendChild(el("td", {}, yearsText(t)));
      row.appendChild(el("td", {}, t.backups.map(function (b) {
        return b.libid + (b.distance_km !== null ? " " + fmt.number(b.distance_km) + " km" : "");
      }).join(", ") || "none left"));
      body.appendChild(row);
    });
    if (!impacts.length) {
      body.appendChild(el("tr", {}, null)).appendChild(el("td", {colspan: 4, "class": "muted"},
                                                           "None."));
    }
  }

  function drawArea(area) {
    var affected = new Set(area.states);
    d3.selectAll("#states path.state").classed("affected", function (d) {
      return affected.has(FIPS[d.id]);
    });
    var marks = d3.select("#marks");
    marks.selectAll("*").remove();
    var centre = area.centroid && projection([area.centroid[1], area.centroid[0]]);
    if (centre) {
      marks.append("path").attr("class", "centroid")
        .attr("d", "M" + (centre[0] - 8) + "," + centre[1] + "h16M" + centre[0] + "," +
                   (centre[1] - 8) + "v16");
    }
  }

  // --- wiring -----------------------------------------------------------------------------------

  function init() {
    $("scope-form").addEventListener("submit", function (e) { e.preventDefault(); loadSummary(); });
    $("title-form").addEventListener("submit", function (e) {
      e.preventDefault();
      var text = $("title-q").value.trim();
      if (text) { searchTitles(text); }
    });
    $("what-if-form").addEventListener("submit", function (e) { e.preventDefault(); runWhatIf(); });
    document.querySelectorAll("input[name=colour]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        state.colour = radio.value;
        drawLibraries();
      });
    });
    mark("map", "loading");
    Promise.all([d3.json(CONFIG.atlas), loadLibraries(null)])
      .then(function (answers) { drawStates(answers[0]); mark("map", "ready"); })
      .catch(function (e) { mark("map", "failed"); throw e; });
    loadSummary();
  }

  // The report panels (dashboard_reports.js) share these.
  window.DASHBOARD.kit = {$: $, el: el, clear: clear, mark: mark, api: api, query: query,
                          showProblem: showProblem,
                          projection: projection, regionColour: regionColour};
  init();
})();
