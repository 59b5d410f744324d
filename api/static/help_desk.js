// Help desk: POST /v1/referrals from the form, then the list of suggestions and a small map.
// No libraries, no network beyond this server.
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var FIELD_INPUTS = {zip: "where", place: "where", lat: "where", lon: "where",
                      category: "category", affiliation: "affiliation",
                      specialty: "specialty", consortium: "consortium"};
  var REASON_LABELS = {AFFILIATION: "Your library", NEAREST: "Nearest",
                       LARGE_COLLECTION: "Large collection", SUBJECT_EXPERTISE: "Subject expertise",
                       CONSORTIUM: "Consortium"};

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  // "97201" -> zip; "45.5, -122.6" -> lat/lon; anything else -> place ("Portland, OR").
  function whereFields(text) {
    var t = text.trim();
    if (/^\d{5}(-\d{4})?$/.test(t)) { return {zip: t}; }
    var point = t.match(/^(-?\d+(?:\.\d+)?)\s*[,\s]\s*(-?\d+(?:\.\d+)?)$/);
    if (point) { return {lat: parseFloat(point[1]), lon: parseFloat(point[2])}; }
    return t ? {place: t} : {};
  }

  function question(form) {
    var body = whereFields(form.where.value);
    body.category = form.category.value;
    ["affiliation", "specialty", "consortium"].forEach(function (name) {
      var value = form[name].value.trim();
      if (value) { body[name] = name === "specialty" ? value : value.toUpperCase(); }
    });
    return body;
  }

  function clearProblems() {
    var box = $("problem");
    box.hidden = true;
    box.textContent = "";
    Array.prototype.forEach.call(document.querySelectorAll("[aria-invalid]"), function (n) {
      n.removeAttribute("aria-invalid");
    });
  }

  function showProblem(problem) {
    var box = $("problem");
    box.appendChild(el("strong", {}, problem.title || "Error"));
    var items = problem.errors || [];
    if (!items.length && problem.detail) { box.appendChild(el("p", {}, problem.detail)); }
    if (items.length) {
      var list = el("ul");
      items.forEach(function (item) {
        list.appendChild(el("li", {"data-field": item.field || ""},
                            (item.field ? item.field + ": " : "") + item.message));
        var input = $(FIELD_INPUTS[item.field] || "");
        if (input) { input.setAttribute("aria-invalid", "true"); }
      });
      box.appendChild(list);
    }
    box.hidden = false;
    $("answer").hidden = true;
  }

  function located(patron) {
    var where = patron.by === "point"
      ? patron.lat.toFixed(4) + ", " + patron.lon.toFixed(4) + (patron.state ? " (" + patron.state + ")" : "")
      : patron.city + ", " + patron.state + " (ZIP " + patron.zip + ")";
    var text = "Patron placed at " + where + ".";
    if (patron.subject) { text += " Specialty read as “" + patron.subject + "”."; }
    return text;
  }

  function suggestionItem(s, number) {
    var item = el("li", {"class": "suggestion", "data-libid": s.libid});
    var head = el("div", {"class": "suggestion-head"});
    head.appendChild(el("span", {"class": "marker"}, String(number)));
    head.appendChild(el("span", {"class": "name"}, s.name));
    head.appendChild(el("span", {"class": "libid"}, s.libid));
    item.appendChild(head);
    var where = [s.city, s.state].filter(Boolean).join(", ");
    var distance = s.distance_km === null ? "distance unknown" :
      window.graphsvcFormat.number(s.distance_km, 1) + " km";
    item.appendChild(el("div", {"class": "where"}, where + " · " + distance));
    var reach = contactLines(s);
    if (reach.length) { item.appendChild(el("div", {"class": "contact"}, reach.join(" · "))); }
    var badges = el("div", {"class": "badges"});
    s.reasons.forEach(function (reason, i) {
      badges.appendChild(el("span", {"class": "badge reason-" + reason, "data-reason": reason,
                                     "title": s.explanation[i] || ""},
                            REASON_LABELS[reason] || reason));
    });
    item.appendChild(badges);
    var why = el("ul", {"class": "explanation"});
    s.explanation.forEach(function (sentence) { why.appendChild(el("li", {}, sentence)); });
    item.appendChild(why);
    return item;
  }

  // How to reach a library: street address, phone, email, web page, hours (those known).
  function contactLines(s) {
    var lines = [];
    if (s.address) { lines.push(s.address + ", " + [s.city, s.state].filter(Boolean).join(", ")); }
    if (s.phone) { lines.push("Phone " + s.phone); }
    if (s.email) { lines.push("Email " + s.email); }
    if (s.website) { lines.push(s.website); }
    if (s.hours) { lines.push("Hours: " + s.hours); }
    return lines;
  }

  // The answer as plain text for an email to the patron.
  function answerText(answer) {
    var lines = [located(answer.patron), "", "Libraries you could ask for articles:", ""];
    answer.suggestions.forEach(function (s, i) {
      lines.push((i + 1) + ". " + s.name + " (" + s.libid + ")");
      var where = [s.city, s.state].filter(Boolean).join(", ");
      var distance = s.distance_km === null ? "" :
        ", " + window.graphsvcFormat.number(s.distance_km, 1) + " km away";
      lines.push("   " + where + distance);
      contactLines(s).forEach(function (line) { lines.push("   " + line); });
      s.explanation.forEach(function (why) { lines.push("   - " + why); });
      lines.push("");
    });
    lines.push(answer.note || "Prices and services vary: make arrangements with each " +
                             "library directly.");
    return lines.join("\n");
  }

  function copyAnswer() {
    var box = $("answer-text");
    box.value = answerText(lastAnswer);
    box.hidden = false;
    box.select();
    var done = function (how) { document.body.setAttribute("data-copied", how); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(box.value).then(function () { done("clipboard"); },
                                                    function () { done("selected"); });
    } else {
      done(document.execCommand && document.execCommand("copy") ? "clipboard" : "selected");
    }
  }

  var lastAnswer = null;

  // A scale in round kilometres about a quarter of the width.
  function niceKm(km) {
    var steps = [1, 2, 5];
    for (var p = 1; p < 1e5; p *= 10) {
      for (var i = 0; i < steps.length; i++) {
        if (steps[i] * p >= km) { return steps[i] * p; }
      }
    }
    return 1e5;
  }

  // The dashboard's projection: us-atlas's state shapes were projected with exactly this, so
  // the outlines and the points share one frame; the view is zoomed onto the points.
  var PROJECTION = d3.geoAlbersUsa().scale(1300).translate([487.5, 305]);
  var statesLoaded = null;

  function loadStates() {
    statesLoaded = statesLoaded || fetch(window.HELP_DESK.atlas)
      .then(function (r) { return r.json(); })
      .then(function (us) { return topojson.feature(us, us.objects.states).features; })
      .catch(function () { return []; });  // the map still shows the libraries
    return statesLoaded;
  }

  function drawMap(patron, suggestions, states) {
    var map = $("map");
    while (map.firstChild) { map.removeChild(map.firstChild); }
    var W = 360, H = 300, PAD = 28, KM_PER_DEG = 111.195;
    var here = PROJECTION([patron.lon, patron.lat]);
    var placed = suggestions.map(function (s) {
      return s.lat === null || s.lon === null ? null : PROJECTION([s.lon, s.lat]);
    });
    var points = [here].concat(placed).filter(Boolean);
    if (!here || !points.length) { return; }
    var north = PROJECTION([patron.lon, patron.lat + 50 / KM_PER_DEG]) || [here[0], here[1] - 1];
    var perKm = Math.max(1e-6, Math.hypot(north[0] - here[0], north[1] - here[1]) / 50);
    var xs = points.map(function (p) { return p[0]; }), ys = points.map(function (p) { return p[1]; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var spanX = Math.max(20 * perKm, x1 - x0), spanY = Math.max(20 * perKm, y1 - y0);
    var scale = Math.min((W - 2 * PAD) / spanX, (H - 2 * PAD) / spanY);  // px per atlas unit
    var cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    function px(p) { return [W / 2 + (p[0] - cx) * scale, H / 2 + (p[1] - cy) * scale]; }

    map.appendChild(svg("rect", {x: 0, y: 0, width: W, height: H, "class": "map-bg"}));
    var outlines = svg("g", {"class": "states", transform: "translate(" +
      (W / 2 - cx * scale).toFixed(2) + "," + (H / 2 - cy * scale).toFixed(2) + ") scale(" +
      scale.toFixed(5) + ")"});
    var path = d3.geoPath();
    (states || []).forEach(function (f) {
      outlines.appendChild(svg("path", {d: path(f), "class": "state"}));
    });
    map.appendChild(outlines);
    var km = niceKm(W / 4 / (perKm * scale)), bar = km * perKm * scale;
    map.appendChild(svg("line", {x1: 10, y1: H - 12, x2: 10 + bar, y2: H - 12, "class": "scale"}));
    map.appendChild(svg("text", {x: 10, y: H - 17, "class": "scale-label"},
                            window.graphsvcFormat.number(km) + " km"));
    map.appendChild(svg("text", {x: W - 10, y: 16, "class": "north", "text-anchor": "end"}, "N ↑"));

    // the last listed first, so that the first listed is drawn on top where they overlap
    suggestions.slice().reverse().forEach(function (s, j) {
      var i = suggestions.length - 1 - j;
      if (!placed[i]) { return; }
      var c = px(placed[i]);
      var g = svg("g", {"class": "library", "data-libid": s.libid});
      g.appendChild(svg("title", {}, (i + 1) + ". " + s.name + " (" + s.libid + ")"));
      g.appendChild(svg("circle", {cx: c[0].toFixed(1), cy: c[1].toFixed(1), r: 9}));
      g.appendChild(svg("text", {x: c[0].toFixed(1), y: (c[1] + 4).toFixed(1),
                                 "text-anchor": "middle"}, String(i + 1)));
      map.appendChild(g);
    });
    var at = px(here);
    var star = svg("text", {x: at[0].toFixed(1), y: (at[1] + 6).toFixed(1), "class": "patron",
                            "text-anchor": "middle"}, "★");
    star.appendChild(svg("title", {}, "the patron"));
    map.appendChild(star);
  }

  function showAnswer(answer) {
    var list = $("results");
    list.textContent = "";
    answer.suggestions.forEach(function (s, i) { list.appendChild(suggestionItem(s, i + 1)); });
    if (!answer.suggestions.length) {
      list.appendChild(el("li", {"class": "empty"}, "No library could be found."));
    }
    $("located").textContent = located(answer.patron);
    $("note").textContent = answer.note;
    lastAnswer = answer;
    $("answer-text").hidden = true;
    $("answer").hidden = false;
    return loadStates().then(function (states) {
      drawMap(answer.patron, answer.suggestions, states);
    });
  }

  function submit(event) {
    event.preventDefault();
    var form = event.target, button = $("submit");
    clearProblems();
    button.disabled = true;
    document.body.setAttribute("data-state", "loading");
    fetch("/v1/referrals", {
      method: "POST",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify(question(form))
    }).then(function (response) {
      return response.json().then(function (body) {
        if (response.ok) { return showAnswer(body); }
        showProblem(body);
      });
    }).catch(function (error) {
      showProblem({title: "The service could not be reached", detail: String(error)});
    }).then(function () {
      button.disabled = false;
      document.body.setAttribute("data-state", "done");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    $("referral-form").addEventListener("submit", submit);
    $("copy-text").addEventListener("click", copyAnswer);
  });
}());
