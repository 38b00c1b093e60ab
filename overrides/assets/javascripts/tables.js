/* Sortable tables (Material's tablesort recipe), with what the catalog's cells need:
   - one sort for every number column (class "atlas-num"): plain numbers, parameter counts such
     as "7B" or "1.1B", a value followed by words ("59.21 (stated as 0.5921)");
   - blanks ("—", not stated; a GPTQ group size of "none", no grouping, "不分组" on
     Chinese pages) always last, whichever way a column is sorted, in page order;
   - a column's first click sorts the way its header says (data-sort-first): a score where
     higher is better sorts best first. */
(function () {
  var UNITS = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 };
  var NUMBER = /^([-+]?\d+(?:\.\d+)?)\s*([KMBT])?(?![\w.])/;
  var BLANK = ["", "\u2014", "none", "\u4e0d\u5206\u7ec4"];

  function blank(text) {
    return BLANK.indexOf(text.trim()) >= 0;
  }

  function value(text) {
    var match = NUMBER.exec(text.trim());
    if (!match) return -Infinity;
    return parseFloat(match[1]) * (match[2] ? UNITS[match[2]] : 1);
  }

  // Tablesort sorts "descending" with this order and reverses it for "ascending".
  Tablesort.extend(
    "atlas-number",
    function (item) { return blank(item) || NUMBER.test(item.trim()); },
    function (a, b) {
      var x = value(a), y = value(b);
      if (x === y) return 0;
      return x < y ? 1 : -1;
    }
  );

  function text(row, column) {
    var cell = row.cells[column];
    return cell ? cell.textContent || "" : "";
  }

  // Rows whose cell in the sorted column is blank go to the end, in the page's order.
  function blanksLast(table, order, column) {
    var body = table.tBodies[0];
    [].slice.call(body.rows)
      .filter(function (row) { return blank(text(row, column)); })
      .sort(function (a, b) { return order.indexOf(a) - order.indexOf(b); })
      .forEach(function (row) { body.appendChild(row); });
  }

  function sortable(table) {
    if (table.hasAttribute("data-atlas-sortable") || !table.tBodies.length) return;
    table.setAttribute("data-atlas-sortable", "");
    var order = [].slice.call(table.tBodies[0].rows);
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    [].forEach.call(headers, function (th) {
      if (th.classList.contains("atlas-num") && !th.hasAttribute("data-sort-method")) {
        th.setAttribute("data-sort-method", "atlas-number");
      }
      // Tablesort's first click is ascending; data-sort-reverse makes it descending.
      if (th.getAttribute("data-sort-first") === "descending") {
        th.setAttribute("data-sort-reverse", "");
      }
    });
    var sorter = new Tablesort(table);
    table.addEventListener("afterSort", function () {
      blanksLast(table, order, sorter.col);
    });
  }

  document$.subscribe(function () {
    document.querySelectorAll("article table:not([class])").forEach(sortable);
  });
})();
