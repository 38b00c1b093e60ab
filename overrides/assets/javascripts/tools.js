/* Model Atlas: the readers' tools. A page names its tool in its front matter (`tool`), and
   the theme loads this file after the tool's data (window.atlasData, written by the
   generator: generator/render/tools.py). Every view lives in the address's query, so it can
   be shared and reloaded; the list of models a reader chose to compare is also kept in
   localStorage, for the "Add to compare" link of model pages.

   - models explorer (#atlas-explorer): filters, sort, columns, count; ?text=&params=7-8&...
     (not ?q=, which the theme reads as a search to open)
   - compare (#atlas-compare): 2 to 4 models side by side; ?models=ORG/NAME,ORG/NAME
   - hardware fit (#atlas-fit): the files that fit in memory; ?ram=6&vram=8

   Record text is only ever inserted as text (textContent), never as markup. */
(function () {
  "use strict";

  var MAX = 4; // models side by side
  var STORE = "atlas.compare";
  var GB = 1e9;
  var data = window.atlasData || {};
  var config = {};
  try {
    config = JSON.parse(document.getElementById("__config").textContent);
  } catch (e) { /* no theme config: links stay relative to the page */ }
  var BASE = (config.base || ".").replace(/\/$/, "") + "/";

  // --- small helpers --------------------------------------------------------------------------

  /** An element with attributes (or properties for on*, value, checked...) and children. */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (typeof value === "function") node.addEventListener(name.slice(2), value);
      else if (name === "value" || name === "checked" || name === "disabled") node[name] = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    });
    append(node, children);
    return node;
  }

  function append(node, children) {
    [].concat(children === undefined ? [] : children).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
    });
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  /** A UI string of the page's language, with {name} slots filled. */
  function say(strings, key, slots) {
    var text = strings[key] || key;
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return slots && name in slots ? String(slots[name]) : all;
    });
  }

  /** The same, with nodes (links) in the slots: each language keeps its word order and punctuation. */
  function sayNodes(strings, key, slots) {
    return (strings[key] || key).split(/\{(\w+)\}/).map(function (part, i) {
      return i % 2 ? slots[part] : part;
    });
  }

  /** A link from [text, path from the language's root]; plain text without a path. */
  function link(pair) {
    if (!pair) return "\u2014";
    return pair[1] ? el("a", { href: BASE + pair[1] }, pair[0]) : pair[0];
  }

  function gb(bytes) {
    return bytes === null || bytes === undefined ? "\u2014" : (bytes / GB).toFixed(2);
  }

  function query() {
    return new URLSearchParams(window.location.search);
  }

  /** Put the view into the address without reloading (kept out of history: one entry per page). */
  function remember(params) {
    var text = params.toString().replace(/%2F/g, "/").replace(/%2C/g, ",").replace(/%3A/g, ":");
    var url = window.location.pathname + (text ? "?" + text : "") + window.location.hash;
    try {
      window.history.replaceState(null, "", url);
    } catch (e) { /* some browsers refuse it from disk: the view still works */ }
  }

  function number(text) {
    if (text === null || text === undefined || String(text).trim() === "") return null;
    var value = parseFloat(String(text).replace(",", "."));
    return isFinite(value) ? value : null;
  }

  function stored() {
    try {
      var list = JSON.parse(window.localStorage.getItem(STORE) || "[]");
      return Array.isArray(list) ? list.filter(function (x) { return typeof x === "string"; }) : [];
    } catch (e) {
      return [];
    }
  }

  function store(list) {
    try {
      window.localStorage.setItem(STORE, JSON.stringify(list));
    } catch (e) { /* storage off: "Add to compare" then opens the compare page with one model */ }
  }

  function compareHref(ids) {
    return BASE + "compare/index.html?models=" + ids.map(encodeURIComponent).join(",").replace(/%2F/g, "/");
  }

  // A language named as the pages name it ('Chinese (zh)', '中文（zh）'): the generator
  // gives the names, so every browser shows the same words.
  function languageName(D, code) {
    return D.languageNames[code] || code;
  }

  function verdictText(D, model) {
    var label = D.strings["commercial." + model.verdict];
    return model.via ? say(D.strings, "verdict.via", { verdict: label, model: model.via[0] }) : label;
  }

  function label(text, control) {
    return el("label", { class: "atlas-field" }, [el("span", { class: "atlas-field__name" }, text), control]);
  }

  function select(options, value, onchange, anyLabel) {
    var node = el("select", { onchange: onchange });
    if (anyLabel) node.appendChild(el("option", { value: "" }, anyLabel));
    options.forEach(function (pair) {
      node.appendChild(el("option", { value: pair[0] }, pair[1]));
    });
    node.value = value || "";
    return node;
  }

  // --- models explorer ------------------------------------------------------------------------

  function explorer(root, D) {
    var S = D.strings;
    var order = D.verdicts;
    var fixed = [
      { key: "params", label: S["field.parameters"], num: true, value: function (m) { return m.params; }, show: function (m) { return m.paramsText; } },
      { key: "creator", label: S["field.creator"], value: function (m) { return m.creator.toLowerCase(); }, show: function (m) { return m.creator; } },
      { key: "arch", label: S["field.architecture"], value: function (m) { return m.arch && m.arch.toLowerCase(); }, show: function (m) { return m.arch || "\u2014"; } },
      { key: "license", label: S["field.license"], value: function (m) { return m.license && m.license[0].toLowerCase(); }, show: function (m) { return m.license ? el("span", { class: "atlas-clip", title: m.license[0] }, link(m.license)) : "\u2014"; } },
      { key: "commercial", label: S["terms.lineage"], value: function (m) { return order.indexOf(m.verdict); }, show: function (m) { return el("span", { title: m.reason }, verdictText(D, m)); } },
      { key: "languages", label: S["field.languages"], value: function (m) { return m.languages.join(",") || null; }, show: function (m) { return m.languages.join(S["punct.list"]) || "\u2014"; } },
      { key: "formats", label: S["field.formats"], value: function (m) { return m.formats.join(",") || null; }, show: function (m) { return formatLabels(m.formats) || "\u2014"; } },
      { key: "context", label: S["field.context_length"], num: true, value: function (m) { return m.context; }, show: function (m) { return m.context === null ? "\u2014" : String(m.context); } }
    ];
    var formatLabel = {};
    D.formats.forEach(function (pair) { formatLabel[pair[0]] = pair[1]; });
    function formatLabels(list) { return list.map(function (f) { return formatLabel[f] || f; }).join(S["punct.list"]); }

    var scoreColumns = D.columns.map(function (col, index) {
      return {
        key: col.key, index: index, num: true, score: true, higher: col.higher,
        label: col.benchmark[0] + S["punct.open"] + col.setting + S["punct.close"],
        value: function (m) { return m.scoreAt[index] === undefined ? null : m.scoreAt[index]; },
        show: function (m) { return m.scoreAt[index] === undefined ? "\u2014" : String(m.scoreAt[index]); }
      };
    });
    var nameColumn = { key: "name", label: S["field.model"], value: function (m) { return m.name.toLowerCase(); } };
    var byKey = { name: nameColumn };
    fixed.concat(scoreColumns).forEach(function (col) { byKey[col.key] = col; });
    var defaults = ["params", "license", "commercial", "languages", "formats", "context"].concat(
      D.headline.map(function (i) { return D.columns[i].key; }));
    var state = read();
    var chosen = [];

    function read() {
      var q = query();
      var range = (q.get("params") || "").split("-");
      var cols = q.get("cols");
      return {
        q: q.get("text") || "",
        pmin: number(range[0]),
        pmax: range.length > 1 ? number(range[1]) : null,
        commercial: q.get("commercial") || "",
        lang: q.get("lang") || "",
        format: q.get("format") || "",
        arch: q.get("arch") || "",
        score: byKey[q.get("score")] && byKey[q.get("score")].score ? q.get("score") : "",
        min: number(q.get("min")),
        sort: q.get("sort") || "",
        cols: cols === null ? defaults.slice() : cols.split(",").filter(function (k) { return byKey[k]; })
      };
    }

    function write() {
      var q = new URLSearchParams();
      if (state.q) q.set("text", state.q);
      if (state.pmin !== null || state.pmax !== null) {
        q.set("params", (state.pmin === null ? "" : state.pmin) + "-" + (state.pmax === null ? "" : state.pmax));
      }
      ["commercial", "lang", "format", "arch", "score"].forEach(function (k) { if (state[k]) q.set(k, state[k]); });
      if (state.score && state.min !== null) q.set("min", state.min);
      if (state.sort) q.set("sort", state.sort);
      if (state.cols.join(",") !== defaults.join(",")) q.set("cols", state.cols.join(","));
      remember(q);
    }

    function matches(m) {
      var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
      if (!words.every(function (w) { return m.text.indexOf(w) >= 0; })) return false;
      if (state.pmin !== null || state.pmax !== null) {
        if (m.params === null) return false;
        var b = m.params / GB;
        if (state.pmin !== null && b < state.pmin) return false;
        if (state.pmax !== null && b > state.pmax) return false;
      }
      if (state.commercial && state.commercial.split(",").indexOf(m.verdict) < 0) return false;
      if (state.lang && m.languages.indexOf(state.lang) < 0) return false;
      if (state.format && m.formats.indexOf(state.format) < 0) return false;
      if (state.arch && m.arch !== state.arch) return false;
      if (state.score) {
        var col = byKey[state.score];
        var v = col.value(m);
        if (v === null) return false;
        if (state.min !== null && (col.higher ? v < state.min : v > state.min)) return false;
      }
      return true;
    }

    /** The sort in force: the reader's, else the chosen score's (best first), else catalog order. */
    function sorting() {
      var key = state.sort.replace(/^-/, "");
      if (byKey[key]) return { col: byKey[key], desc: state.sort.charAt(0) === "-" };
      if (state.score) return { col: byKey[state.score], desc: byKey[state.score].higher };
      return null;
    }

    function sorted(list) {
      var how = sorting();
      if (!how) return list;
      return list.slice().sort(function (a, b) {
        var x = how.col.value(a), y = how.col.value(b);
        if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1; // blanks last, both ways
        if (x === y) return 0;
        return (x < y ? -1 : 1) * (how.desc ? -1 : 1);
      });
    }

    /** The columns shown: the chosen score's first, next to the model's name, then the reader's. */
    function visible() {
      var cols = state.cols.filter(function (k) { return k !== state.score; });
      if (state.score) cols.unshift(state.score);
      return cols.map(function (k) { return byKey[k]; });
    }

    // The form: built once, its values follow the state.
    var form = el("form", { class: "atlas-filters", onsubmit: function (e) { e.preventDefault(); } });
    function control(name, node, event) {
      node.addEventListener(event || "change", function () { update(name, node); });
      return node;
    }
    function update(name, node) {
      if (name === "pmin" || name === "pmax" || name === "min") state[name] = number(node.value);
      else state[name] = node.value;
      if (name === "score" && !state.score) state.min = null;
      refresh();
    }
    var scoreMin = control("min", el("input", { type: "number", step: "any", inputmode: "decimal", value: state.min === null ? "" : state.min }), "input");
    var scoreMinLabel = el("span", { class: "atlas-field__name" });
    append(form, [
      label(S["explorer.search"], control("q", el("input", { type: "search", placeholder: S["explorer.search_hint"], value: state.q }), "input")),
      el("div", { class: "atlas-field" }, [
        el("span", { class: "atlas-field__name" }, S["explorer.params"]),
        el("span", { class: "atlas-range" }, [
          control("pmin", el("input", { type: "number", min: 0, step: "any", inputmode: "decimal", "aria-label": S["explorer.params"] + " " + S["explorer.from"], placeholder: S["explorer.from"], value: state.pmin === null ? "" : state.pmin }), "input"),
          "\u2013",
          control("pmax", el("input", { type: "number", min: 0, step: "any", inputmode: "decimal", "aria-label": S["explorer.params"] + " " + S["explorer.to"], placeholder: S["explorer.to"], value: state.pmax === null ? "" : state.pmax }), "input")
        ])
      ]),
      label(S["terms.lineage"], control("commercial", select([["allowed,restricted", S["explorer.usable"]]].concat(
        order.map(function (v) { return [v, S["commercial." + v]]; })), state.commercial, null, S["tools.any"]))),
      label(S["explorer.language"], control("lang", select(D.languages.map(function (c) { return [c, languageName(D, c)]; }), state.lang, null, S["tools.any"]))),
      label(S["explorer.format"], control("format", select(D.formats, state.format, null, S["tools.any"]))),
      label(S["field.architecture"], control("arch", select(D.architectures.map(function (a) { return [a, a]; }), state.arch, null, S["tools.any"]))),
      label(S["explorer.score"], control("score", select(scoreColumns.map(function (c) { return [c.key, c.label]; }), state.score, null, S["tools.any"]))),
      el("label", { class: "atlas-field" }, [scoreMinLabel, scoreMin])
    ]);

    var chooser = el("details", { class: "atlas-columns" }, el("summary", {}, S["explorer.columns"]));
    var chooserList = el("div", { class: "atlas-columns__list" });
    chooser.appendChild(chooserList);
    fixed.concat(scoreColumns).forEach(function (col) {
      var box = el("input", { type: "checkbox", value: col.key, onchange: function () {
        var picked = state.cols.filter(function (k) { return k !== col.key; });
        if (box.checked) picked.push(col.key);
        // Keep the columns in their natural order, whatever order they were ticked in.
        var all = fixed.concat(scoreColumns).map(function (c) { return c.key; });
        state.cols = all.filter(function (k) { return picked.indexOf(k) >= 0; });
        refresh();
      } });
      col.box = box;
      chooserList.appendChild(el("label", {}, [box, col.label]));
    });

    var count = el("p", { class: "atlas-count", role: "status" });
    var compareLink = el("a", { class: "atlas-button" });
    var bar = el("div", { class: "atlas-bar" }, [count, compareLink,
      el("a", { class: "atlas-reset", href: window.location.pathname }, S["tools.reset"])]);
    var tableWrap = el("div", { class: "atlas-scroll" });
    clear(root);
    append(root, [form, chooser, bar, tableWrap]);

    function refreshCompare() {
      var n = chosen.length;
      compareLink.textContent = say(S, "explorer.compare", { n: n });
      compareLink.title = say(S, "explorer.compare_hint", { max: MAX });
      if (n >= 2) {
        compareLink.href = compareHref(chosen);
        compareLink.removeAttribute("aria-disabled");
      } else {
        compareLink.removeAttribute("href");
        compareLink.setAttribute("aria-disabled", "true");
      }
    }

    function refresh() {
      write();
      var higher = !state.score || byKey[state.score].higher;
      scoreMinLabel.textContent = S[higher ? "explorer.score_min" : "explorer.score_max"];
      scoreMin.disabled = !state.score;
      fixed.concat(scoreColumns).forEach(function (col) { col.box.checked = state.cols.indexOf(col.key) >= 0; });
      var rows = sorted(D.models.filter(matches));
      count.textContent = say(S, "explorer.count", { shown: rows.length, total: D.models.length });
      var cols = visible();
      var how = sorting();
      var head = el("tr", {}, [nameColumn].concat(cols).map(function (col) {
        var sortedHere = how && how.col === col;
        return el("th", {
          scope: "col", class: col.num ? "num" : null, tabindex: 0, role: "columnheader",
          "aria-sort": sortedHere ? (how.desc ? "descending" : "ascending") : "none",
          onclick: function () { sortBy(col); },
          onkeydown: function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(col); } }
        }, col.label);
      }));
      var body = el("tbody");
      rows.forEach(function (m) {
        var box = el("input", {
          type: "checkbox", class: "atlas-pick", "aria-label": S["explorer.select"] + S["punct.colon"] + m.name,
          checked: chosen.indexOf(m.id) >= 0,
          disabled: chosen.indexOf(m.id) < 0 && chosen.length >= MAX,
          onchange: function () {
            chosen = chosen.filter(function (id) { return id !== m.id; });
            if (box.checked) chosen.push(m.id);
            refresh();
          }
        });
        body.appendChild(el("tr", {}, [el("td", {}, [box, el("a", { href: BASE + m.href }, m.name)])].concat(cols.map(function (col) {
          return el("td", { class: col.num ? "num" : null }, col.show(m));
        }))));
      });
      var table = el("table", { class: "atlas-table atlas-explorer__table" }, [el("thead", {}, head), body]);
      clear(tableWrap);
      tableWrap.appendChild(rows.length ? table : el("p", {}, S["explorer.none"]));
      refreshCompare();
    }

    function sortBy(col) {
      var how = sorting();
      var desc;
      if (how && how.col === col) desc = !how.desc;
      else desc = col.score ? col.higher : !!col.num; // best scores and biggest numbers first, text A to Z
      state.sort = (desc ? "-" : "") + col.key;
      refresh();
    }

    refresh();
  }

  // --- compare ------------------------------------------------------------------------------------

  function compare(root, D) {
    var S = D.strings;
    var byId = {};
    D.models.forEach(function (m) { byId[m.id] = m; });
    var asked = (query().get("models") || "").split(",").map(function (s) { return s.trim(); }).filter(Boolean);
    var ids = [];
    asked.forEach(function (id) { if (byId[id] && ids.indexOf(id) < 0) ids.push(id); });
    var unknown = asked.filter(function (id) { return !byId[id]; });
    var dropped = ids.length > MAX;
    ids = ids.slice(0, MAX);

    function go(list) {
      ids = list;
      unknown = [];
      dropped = false;
      var q = new URLSearchParams();
      if (ids.length) q.set("models", ids.join(","));
      remember(q);
      render();
    }

    function render() {
      store(ids);
      clear(root);
      root.appendChild(picker());
      if (unknown.length) root.appendChild(el("p", { class: "atlas-note" }, say(S, "compare.unknown", { ids: unknown.join(S["punct.list"]) })));
      if (dropped) root.appendChild(el("p", { class: "atlas-note" }, say(S, "compare.full", { n: MAX })));
      if (ids.length < 2) root.appendChild(el("p", { class: "atlas-note" }, S["compare.pick"]));
      if (ids.length) root.appendChild(el("div", { class: "atlas-scroll" }, table(ids.map(function (id) { return byId[id]; }))));
    }

    function picker() {
      var listId = "atlas-compare-models";
      var input = el("input", { type: "text", list: listId, placeholder: S["compare.add"], "aria-label": S["compare.add"], disabled: ids.length >= MAX });
      var options = el("datalist", { id: listId });
      D.models.forEach(function (m) {
        if (ids.indexOf(m.id) < 0) options.appendChild(el("option", { value: m.id }, m.name));
      });
      function add() {
        var text = input.value.trim();
        var found = byId[text] || D.models.filter(function (m) { return m.name.toLowerCase() === text.toLowerCase(); })[0];
        if (found && ids.indexOf(found.id) < 0 && ids.length < MAX) go(ids.concat([found.id]));
      }
      input.addEventListener("change", add);
      input.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); add(); } });
      return el("form", { class: "atlas-filters atlas-picker", onsubmit: function (e) { e.preventDefault(); add(); } }, [
        label(S["compare.add"], input), options,
        el("button", { type: "submit", class: "atlas-button", disabled: ids.length >= MAX }, S["compare.add_button"]),
        ids.length ? el("button", { type: "button", class: "atlas-reset", onclick: function () { go([]); } }, S["compare.clear"]) : null
      ]);
    }

    function table(models) {
      var head = el("tr", {}, [el("td", {})].concat(models.map(function (m) {
        return el("th", { scope: "col" }, [
          el("a", { href: BASE + m.href }, m.name),
          el("button", { type: "button", class: "atlas-remove", title: S["compare.remove"], "aria-label": S["compare.remove"] + S["punct.colon"] + m.name,
            onclick: function () { go(ids.filter(function (id) { return id !== m.id; })); } }, "\u00d7")
        ]);
      })));
      var body = el("tbody");
      function section(title) {
        body.appendChild(el("tr", { class: "atlas-section" }, el("th", { scope: "rowgroup", colspan: models.length + 1 }, title)));
      }
      function row(name, cell, numeric) {
        body.appendChild(el("tr", {}, [el("th", { scope: "row" }, name)].concat(models.map(function (m) {
          return el("td", { class: numeric ? "num" : null }, cell(m));
        }))));
      }
      function yesNo(value) { return value === true ? S["yes"] : value === false ? S["no"] : "\u2014"; }

      section(S["model.facts"]);
      row(S["field.id"], function (m) { return el("code", {}, m.id); });
      row(S["field.creator"], function (m) { return m.creator; });
      row(S["field.parameters"], function (m) { return m.paramsText; }, true);
      row(S["field.architecture"], function (m) { return m.arch || "\u2014"; });
      row(S["field.context_length"], function (m) { return m.context === null ? "\u2014" : String(m.context); }, true);
      row(S["field.languages"], function (m) { return m.languages.map(function (c) { return languageName(D, c); }).join(S["punct.list"]) || "\u2014"; });
      row(S["field.prompt_format"], function (m) { return link(m.prompt); });

      section(S["model.scores"]);
      var shown = 0;
      D.columns.forEach(function (col, index) {
        var values = models.map(function (m) { return m.scoreAt[index]; });
        var present = values.filter(function (v) { return v !== undefined; });
        if (!present.length) return;
        shown += 1;
        var best = present.length > 1 ? (col.higher ? Math.max : Math.min).apply(null, present) : null;
        body.appendChild(el("tr", {}, [el("th", { scope: "row" }, [link(col.benchmark), el("br"), el("small", {}, col.setting)])].concat(values.map(function (v) {
          if (v === undefined) return el("td", { class: "num" }, "\u2014");
          return el("td", { class: "num" }, v === best ? el("strong", { class: "atlas-best", title: S["compare.best"] }, String(v)) : String(v));
        }))));
      });
      if (!shown) body.appendChild(el("tr", {}, el("td", { colspan: models.length + 1 }, S["compare.no_scores"])));

      section(S["model.files"]);
      var labels = [];
      models.forEach(function (m) { m.files.forEach(function (f) { if (labels.indexOf(f[0]) < 0) labels.push(f[0]); }); });
      if (!labels.length) body.appendChild(el("tr", {}, el("td", { colspan: models.length + 1 }, S["model.no_files"])));
      labels.forEach(function (fmt) {
        row(fmt, function (m) {
          var f = m.files.filter(function (x) { return x[0] === fmt; })[0];
          if (!f) return "\u2014";
          var parts = [f[2] ? say(S, f[2] === 1 ? "compare.files_one" : "compare.files_many", { n: f[2] }) : S["compare.files_unlisted"]];
          if (f[1] > 1) parts.push(say(S, "compare.repos_many", { n: f[1] }));
          if (f[3] !== null) parts.push(f[3] === f[4] ? gb(f[3]) + " GB" : gb(f[3]) + "\u2013" + gb(f[4]) + " GB");
          return el("a", { href: BASE + m.href }, parts.join(" \u00b7 "));
        });
      });

      section(S["model.license"]);
      row(S["compare.own_license"], function (m) {
        if (!m.license) return S["license.unstated"];
        return sayNodes(S, "compare.license_terms", { license: link(m.license), terms: S["commercial." + m.commercial] || "\u2014" });
      });
      row(S["terms.attribution"], function (m) { return yesNo(m.attribution); });
      row(S["terms.copyleft"], function (m) { return yesNo(m.copyleft); });
      row(S["license.inherited"], function (m) {
        if (!m.inherited.length) return "\u2014";
        return el("ul", {}, m.inherited.map(function (i) {
          return el("li", {}, sayNodes(S, "compare.inherited_terms", { license: link(i[0]), terms: S["commercial." + i[1]] || "\u2014", model: link(i[2]) }));
        }));
      });
      row(S["terms.lineage"], function (m) { return verdict(m); });

      return el("table", { class: "atlas-table atlas-compare__table" }, [el("thead", {}, head), body]);
    }

    function verdict(m) {
      return [el("strong", {}, S["commercial." + m.verdict]), el("br"), el("small", {}, m.reason)];
    }

    if (asked.length) { // the address, cleaned of unknown or repeated models
      var q = new URLSearchParams();
      if (ids.length) q.set("models", ids.join(","));
      remember(q);
    }
    render();
  }

  // --- hardware fit --------------------------------------------------------------------------------

  function fit(root, D) {
    var S = D.strings;
    var SHOWN = 3; // files shown per model before "Show more"
    if (!D.expanded) { // rows of [repository, file, bits, size, need, stated, context]
      D.files = D.files.map(function (r) {
        var repo = D.repos[r[0]];
        return { repo: [repo[0], repo[1]], format: repo[2], memory: repo[3], model: repo[4],
          entry: r[1], bits: r[2], size: r[3], need: r[4], stated: r[5], context: r[6] };
      });
      D.expanded = true;
    }
    var q = query();
    var state = { ram: number(q.get("ram")), vram: number(q.get("vram")) };

    function write() {
      var p = new URLSearchParams();
      if (state.ram !== null) p.set("ram", state.ram);
      if (state.vram !== null) p.set("vram", state.vram);
      remember(p);
    }

    /** Where a file runs in the memory given: "vram", "ram", "both" or null (does not fit). */
    function place(f) {
      if (f.need === null) return null;
      var ram = state.ram || 0, vram = state.vram || 0;
      var inRam = f.memory.indexOf("ram") >= 0, inVram = f.memory.indexOf("vram") >= 0;
      if (inVram && vram > 0 && f.need <= vram * GB) return "vram";
      if (inRam && ram > 0 && f.need <= ram * GB) return "ram";
      if (inRam && inVram && ram > 0 && vram > 0 && f.need <= (ram + vram) * GB) return "both";
      return null;
    }

    function input(name, text) {
      var node = el("input", { type: "number", min: 0, step: "any", inputmode: "decimal", value: state[name] === null ? "" : state[name] });
      node.addEventListener("input", function () { state[name] = number(node.value); refresh(); });
      return label(text, node);
    }

    var out = el("div", { class: "atlas-fit__results" });
    clear(root);
    append(root, [el("form", { class: "atlas-filters", onsubmit: function (e) { e.preventDefault(); } }, [input("ram", S["fit.ram"]), input("vram", S["fit.vram"])]), out]);

    /** A button showing a model's other fitting files (the best few are shown first). */
    function more(n) {
      var open = false;
      var button = el("button", { type: "button", class: "atlas-reset atlas-more", "aria-expanded": "false" }, say(S, "fit.more", { n: n }));
      button.addEventListener("click", function () {
        open = !open;
        button.textContent = open ? S["fit.fewer"] : say(S, "fit.more", { n: n });
        button.setAttribute("aria-expanded", String(open));
        button.previousSibling.querySelectorAll("tbody tr").forEach(function (row, k) { row.hidden = !open && k >= SHOWN; });
      });
      return button;
    }

    function refresh() {
      write();
      clear(out);
      if (!state.ram && !state.vram) {
        out.appendChild(el("p", { class: "atlas-note" }, S["fit.enter"]));
        return;
      }
      var groups = {};
      D.files.forEach(function (f) {
        var where = place(f);
        if (where) (groups[f.model] = groups[f.model] || []).push({ file: f, where: where });
      });
      var models = Object.keys(groups).map(Number).sort(function (a, b) {
        var x = D.models[a], y = D.models[b];
        if ((x.params === null) !== (y.params === null)) return x.params === null ? 1 : -1;
        return (y.params || 0) - (x.params || 0) || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);
      });
      var total = 0;
      models.forEach(function (i) {
        groups[i].sort(function (a, b) { // best quality first: most bits, then the largest file
          return b.file.bits - a.file.bits || (b.file.size || 0) - (a.file.size || 0);
        });
        total += groups[i].length;
      });
      out.appendChild(el("p", { class: "atlas-count", role: "status" }, models.length ? say(S, "fit.count", { files: total, models: models.length }) : S["fit.none"]));
      models.forEach(function (i) {
        var m = D.models[i];
        out.appendChild(el("section", { class: "atlas-fit__model" }, [
          el("h2", {}, [el("a", { href: BASE + m.href }, m.name), " ", el("small", {}, [m.paramsText, " \u00b7 ", S["terms.lineage"] + S["punct.colon"] + S["commercial." + m.verdict]])]),
          el("div", { class: "atlas-scroll" }, el("table", { class: "atlas-table atlas-fit__table" }, [
            el("thead", {}, el("tr", {}, [S["file.name"], S["file.bits"], S["fit.needs"], S["fit.runs"]].map(function (h, k) {
              return el("th", { scope: "col", class: k === 1 || k === 2 ? "num" : null }, h);
            }))),
            el("tbody", {}, groups[i].map(function (g, k) {
              var f = g.file;
              var how = f.stated ? (f.context ? say(S, "fit.stated_at", { context: f.context }) : S["fit.stated"]) : S["fit.estimate"];
              return el("tr", { class: k === 0 ? "atlas-fit__best" : null, hidden: k >= SHOWN }, [
                el("td", { class: "atlas-fit__file" }, [
                  el("code", {}, f.entry), k === 0 ? el("span", { class: "atlas-badge" }, S["fit.best"]) : null, el("br"),
                  el("small", {}, [f.format, " \u00b7 ", gb(f.size), " GB \u00b7 ", link(f.repo)])
                ]),
                el("td", { class: "num" }, String(f.bits)),
                el("td", { class: "num" }, [gb(f.need), el("br"), el("span", { class: f.stated ? "atlas-badge atlas-badge--stated" : "atlas-badge atlas-badge--estimate" }, how)]),
                el("td", {}, S["fit.in_" + g.where])
              ]);
            }))
          ])),
          groups[i].length > SHOWN ? more(groups[i].length - SHOWN) : null
        ]));
      });
      var unjudged = D.files.filter(function (f) { return f.need === null; });
      if (unjudged.length) {
        out.appendChild(el("details", { class: "atlas-note" }, [
          el("summary", {}, say(S, "fit.unjudged", { n: unjudged.length })),
          el("ul", {}, unjudged.map(function (f) {
            return el("li", {}, [link([D.models[f.model].name, D.models[f.model].href]), S["punct.colon"], link(f.repo), " ", el("code", {}, f.entry)]);
          }))
        ]));
      }
    }

    refresh();
  }

  // --- a model's page: "Add to compare" adds to the models chosen before ------------------------

  function addToCompare(anchor) {
    var id = new URL(anchor.href).searchParams.get("models");
    if (!id) return;
    var list = stored().filter(function (x) { return x !== id; });
    if (!list.length) return; // nothing chosen before: the link as written
    list = list.slice(-(MAX - 1)).concat([id]);
    anchor.href = compareHref(list);
  }

  /** Indexes the models' data once: scores by column, the words a search looks in. */
  function prepare(D) {
    if (D.prepared) return D;
    D.models.forEach(function (m) {
      m.scoreAt = {};
      m.scores.forEach(function (pair) { m.scoreAt[pair[0]] = pair[1]; });
      m.text = [m.id, m.name, m.creator, m.arch || ""].concat(m.tags).join(" ").toLowerCase();
    });
    D.prepared = true;
    return D;
  }

  function start() {
    var node;
    if ((node = document.getElementById("atlas-explorer")) && data.models) explorer(node, prepare(data.models));
    if ((node = document.getElementById("atlas-compare")) && data.models) compare(node, prepare(data.models));
    if ((node = document.getElementById("atlas-fit")) && data.fit) fit(node, data.fit);
    document.querySelectorAll("a.atlas-compare-add").forEach(addToCompare);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
