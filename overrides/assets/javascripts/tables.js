/* Sortable tables (Material's tablesort recipe), plus one sort that understands the
   catalog's cells: plain numbers, parameter counts such as "7B" or "1.1B", and "—" for
   "not stated", which always sorts below every number, as does a GPTQ group size of
   "none" (no grouping; "不分组" on Chinese pages). */
(function () {
  var UNITS = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 };
  var NUMBER = /^([-+]?\d+(?:\.\d+)?)\s*([KMBT])?$/;
  var BLANK = ["\u2014", "none", "\u4e0d\u5206\u7ec4"];

  function value(text) {
    var match = NUMBER.exec(text.trim());
    if (!match) return -Infinity;
    return parseFloat(match[1]) * (match[2] ? UNITS[match[2]] : 1);
  }

  Tablesort.extend(
    "atlas-number",
    function (item) { return BLANK.indexOf(item.trim()) >= 0 || NUMBER.test(item.trim()); },
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
