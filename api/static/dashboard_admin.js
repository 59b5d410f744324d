// Coordinators' network upkeep on the dashboard: merge a library into another or close it
// (each previewed as a dry run first), and holdings subcoordinators' assignments. Every call
// carries the coordinator's token; uses dashboard.js's kit.
(function () {
  "use strict";

  var kit = window.DASHBOARD.kit;
  var $ = kit.$, el = kit.el, clear = kit.clear, mark = kit.mark;

  function upper(id) { return $(id).value.trim().toUpperCase(); }

  function send(method, url, body) {
    var headers = {"Authorization": "Bearer " + $("admin-token").value.trim()};
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    return kit.api(url, {method: method, headers: headers,
                         body: body === undefined ? undefined : JSON.stringify(body)});
  }

  function references(box, refs) {
    var list = el("ul", {"class": "plain references"});
    refs.routing_tables.forEach(function (r) {
      list.appendChild(el("li", {"data-libid": r.libid}, r.libid + "'s routing table, cell " + r.cell));
    });
    refs.group_routing_tables.forEach(function (r) {
      list.appendChild(el("li", {"data-libid": r.libid}, r.libid + "'s routing table, cell " +
                                 r.cell + " (group " + r.group + ")"));
    });
    refs.do_not_route.forEach(function (l) {
      list.appendChild(el("li", {"data-libid": l}, l + "'s Do Not Route list"));
    });
    refs.manual_maps.forEach(function (l) {
      list.appendChild(el("li", {"data-libid": l}, l + "'s manual map"));
    });
    refs.groups.forEach(function (g) { list.appendChild(el("li", {}, "group " + g)); });
    box.appendChild(el("p", {}, list.firstChild ? "Still naming it (for its borrowers to fix):" :
                                                  "Nothing else names it."));
    box.appendChild(list);
  }

  function showMerge(r) {
    var box = $("merge-result");
    clear(box);
    box.appendChild(el("p", {"class": "outcome"}, (r.dry_run ? "Would move " : "Moved ") +
      r.source.holdings_removed + " holdings of " + r.source.libid + " to " + r.target.libid +
      ": " + r.target.titles_added + " titles added, " + r.target.titles_combined.length +
      " combined (" + r.target.holdings_before + " → " + r.target.holdings_after + "); " +
      r.source.libid + (r.dry_run ? " would be" : " is") + " CLOSED."));
    references(box, r.references);
    box.hidden = false;
  }

  function merge(dryRun) {
    var url = "/v1/libraries/" + upper("merge-source") + "/merge-into/" + upper("merge-target") +
      (dryRun ? "?dry_run=true" : "");
    mark("merge", "loading");
    send("POST", url).then(function (r) {
      showMerge(r);
      $("merge-confirm").disabled = !dryRun;
      mark("merge", dryRun ? "previewed" : "done");
    }).catch(function () { $("merge-confirm").disabled = true; mark("merge", "failed"); });
  }

  function showClose(r) {
    var box = $("close-result");
    clear(box);
    box.appendChild(el("p", {"class": "outcome"}, r.libid + ": " + r.holdings_removed +
      (r.dry_run ? " holdings would be deleted and it would be CLOSED." :
                   " holdings deleted; it is CLOSED.")));
    references(box, r.references);
    box.hidden = false;
  }

  function close(dryRun) {
    var url = "/v1/libraries/" + upper("close-libid") + "/close" + (dryRun ? "?dry_run=true" : "");
    mark("close", "loading");
    send("POST", url, {confirm: upper("close-confirm")}).then(function (r) {
      showClose(r);
      $("close-submit").disabled = !dryRun;
      mark("close", dryRun ? "previewed" : "done");
    }).catch(function () { $("close-submit").disabled = true; mark("close", "failed"); });
  }

  function showSubs(list) {
    var body = document.querySelector("#subs tbody");
    clear(body);
    list.forEach(function (s) {
      var row = el("tr", {"data-id": s.id});
      [s.id, s.region, s.libraries.join(", ") || "—"].forEach(function (v) {
        row.appendChild(el("td", {}, v)); });
      body.appendChild(row);
    });
  }

  function loadSubs() {
    mark("subs", "loading");
    return send("GET", "/v1/subcoordinators" + kit.query({region: $("scope-region").value}))
      .then(function (r) { showSubs(r.subcoordinators); mark("subs", "done"); })
      .catch(function () { mark("subs", "failed"); });
  }

  function assign() {
    var libraries = $("subs-libraries").value.split(/[\s,;]+/).map(function (s) {
      return s.trim().toUpperCase(); }).filter(Boolean);
    mark("subs", "loading");
    send("PUT", "/v1/subcoordinators/" + $("subs-id").value.trim() + "/libraries",
         {libraries: libraries}).then(loadSubs).catch(function () { mark("subs", "failed"); });
  }

  $("token-form").addEventListener("submit", function (e) { e.preventDefault(); });
  $("merge-form").addEventListener("submit", function (e) { e.preventDefault(); merge(true); });
  $("merge-confirm").addEventListener("click", function () { merge(false); });
  $("close-form").addEventListener("submit", function (e) { e.preventDefault(); close(true); });
  $("close-submit").addEventListener("click", function () { close(false); });
  $("subs-form").addEventListener("submit", function (e) { e.preventDefault(); assign(); });
  $("subs-load").addEventListener("click", loadSubs);
})();
