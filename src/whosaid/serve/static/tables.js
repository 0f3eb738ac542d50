// Sortable tables: every header of a table.sortable becomes a button; the sorted column carries aria-sort.
// A cell's data-sort gives its value (empty: no value, always listed last); otherwise its text is used.
// Columns whose header has class "num" sort as numbers, largest first on the first click.
(function () {
  "use strict";
  var ARROWS = { none: "↕", ascending: "▲", descending: "▼" };

  function cellValue(cell, numeric) {
    if (!cell) return null;
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    raw = raw.trim();
    if (raw === "" || raw === "—") return null;
    if (!numeric) return raw.toLocaleLowerCase();
    var number = parseFloat(raw.replace(/[,\s%]/g, ""));
    return isNaN(number) ? null : number;
  }

  function compare(a, b, numeric) {
    if (numeric) return a - b;
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }

  function sortBy(table, headers, index, direction, status) {
    var body = table.tBodies[0];
    var numeric = headers[index].classList.contains("num");
    var rows = Array.prototype.map.call(body.rows, function (row, order) {
      return { row: row, order: order, value: cellValue(row.cells[index], numeric) };
    });
    var sign = direction === "ascending" ? 1 : -1;
    rows.sort(function (a, b) {
      if (a.value === null || b.value === null) {
        if (a.value === b.value) return a.order - b.order;
        return a.value === null ? 1 : -1;  // rows without a value stay last either way
      }
      return sign * compare(a.value, b.value, numeric) || a.order - b.order;
    });
    rows.forEach(function (r) { body.appendChild(r.row); });
    headers.forEach(function (th, i) {
      var state = i === index ? direction : "none";
      if (i === index) th.setAttribute("aria-sort", direction); else th.removeAttribute("aria-sort");
      th.querySelector(".arrow").textContent = ARROWS[state];
    });
    status.textContent = "Sorted by " + headers[index].dataset.label + ", " + direction +
      (table.dataset.sortScope === "page" ? " (this page only)" : "");
  }

  document.querySelectorAll("table.sortable").forEach(function (table) {
    var head = table.tHead;
    if (!head || !table.tBodies.length || table.tBodies[0].rows.length < 2) return;
    var headers = Array.prototype.slice.call(head.rows[head.rows.length - 1].cells);
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    table.parentNode.insertBefore(status, table.nextSibling);
    headers.forEach(function (th, index) {
      var label = th.textContent.trim();
      th.dataset.label = label;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.title = "Sort by " + label + (table.dataset.sortScope === "page" ? " (this page only)" : "");
      while (th.firstChild) button.appendChild(th.firstChild);
      var arrow = document.createElement("span");
      arrow.className = "arrow";
      arrow.setAttribute("aria-hidden", "true");
      arrow.textContent = ARROWS.none;
      button.appendChild(arrow);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var current = th.getAttribute("aria-sort");
        var first = th.classList.contains("num") ? "descending" : "ascending";
        var direction = current ? (current === "ascending" ? "descending" : "ascending") : first;
        sortBy(table, headers, index, direction, status);
      });
    });
  });
})();
