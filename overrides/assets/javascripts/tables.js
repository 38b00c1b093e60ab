/* Sortable tables (Material's tablesort recipe), plus one sort that understands the
   catalog's cells: plain numbers, parameter counts such as "7B" or "1.1B", and "—" for
   "not stated", which always sorts below every number. */
(function () {
  var UNITS = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 };
  var NUMBER = /^([-+]?\d+(?:\.\d+)?)\s*([KMBT])?$/;

  function value(text) {
    var match = NUMBER.exec(text.trim());
    if (!match) return -Infinity;
    return parseFloat(match[1]) * (match[2] ? UNITS[match[2]] : 1);
  }

  Tablesort.extend(
    "atlas-number",
    function (item) { return item.trim() === "\u2014" || NUMBER.test(item.trim()); },
    function (a, b) {
      var x = value(a), y = value(b);
      if (x === y) return 0;
      return x < y ? 1 : -1;
    }
  );

  document$.subscribe(function () {
    document.querySelectorAll("article table:not([class])").forEach(function (table) {
      new Tablesort(table);
    });
  });
})();
