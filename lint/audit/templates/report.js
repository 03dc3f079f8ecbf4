// Sorting and filtering for the audit report. The page is complete without it: the
// controls stay hidden unless this runs. It reads only data-* attributes the report wrote.
(function () {
  "use strict";
  var query = new URLSearchParams(window.location.search);
  // report.html?view=matrix (or summary, evidence, pb-3, pb-3-charts): that part alone,
  // to share or print; whatever does not contain it and is not its heading is hidden.
  var target = document.getElementById(query.get("view") || "");
  if (target) {
    var keep = target;
    while (keep.parentElement && keep !== document.body) {
      Array.prototype.forEach.call(keep.parentElement.children, function (sibling) {
        var heading = /^(H[1-6]|HEADER)$/.test(sibling.tagName);
        if (sibling !== keep && !heading && sibling.tagName !== "SCRIPT") { sibling.hidden = true; }
      });
      keep = keep.parentElement;
    }
  }
  var table = document.getElementById("summary-table");
  var form = document.getElementById("filters");
  if (!table || !form) { return; }
  form.hidden = false;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var controls = {
    verdict: document.getElementById("filter-verdict"),
    code: document.getElementById("filter-code"),
    ruleset: document.getElementById("filter-ruleset"),
    text: document.getElementById("filter-text")
  };
  var count = document.getElementById("filter-count");

  function apply() {
    var verdict = controls.verdict.value, code = controls.code.value;
    var ruleset = controls.ruleset.value, text = controls.text.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var keep = (!verdict || row.getAttribute("data-verdict") === verdict) &&
        (!code || row.getAttribute("data-codes").indexOf(" " + code + " ") >= 0) &&
        // No data-rulesets: every row was judged against every ruleset of the matrix.
        (!ruleset || (row.getAttribute("data-rulesets") || " " + ruleset + " ").indexOf(" " + ruleset + " ") >= 0) &&
        (!text || row.getAttribute("data-text").indexOf(text) >= 0);
      if (row.hidden === keep) { row.hidden = !keep; }  // touch only what changes
      if (keep) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length + " shown";
  }
  // A filtered view can be shared as a link: report.html?verdict=fail&code=PB101
  Object.keys(controls).forEach(function (name) {
    var wanted = query.get(name);
    if (wanted !== null) { controls[name].value = wanted; }
  });
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });

  function key(row, column, type) {
    var cell = row.cells[column];
    var value = cell.getAttribute("data-sort") || cell.textContent.trim();
    return type === "text" ? value.toLowerCase() : Number(value);
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
    th.tabIndex = 0;
    function sort() {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
        other.removeAttribute("aria-sort");
      });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var type = th.getAttribute("data-type");
      rows.sort(function (a, b) {
        var x = key(a, column, type), y = key(b, column, type);
        return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
      });
      rows.forEach(function (row) { body.appendChild(row); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (event) { if (event.key === "Enter") { sort(); } });
  });
  // On opening, unfiltered, every row is shown already: 1,000 rows need no pass.
  var filtered = Object.keys(controls).some(function (name) { return query.get(name) !== null; });
  if (filtered) { apply(); } else { count.textContent = rows.length + " of " + rows.length + " shown"; }
})();
