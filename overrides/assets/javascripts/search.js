/* Model Atlas search: the site's own, the same under every site builder, served or opened
   from disk.

   The generator writes each language's index as a script (assets/search/index.js, one
   entry per page: [kind, address, title, ids, facts, terms, summary]) and its words
   (assets/search/strings.js, loaded with every page). The index is loaded on first use
   through a script tag: pages opened from disk (file://) may not fetch, but may load a
   script. Record text is shown as text only (textContent), never as markup.

   Matching: ids such as CausalLM/7B, methods such as Q4_K_M and branch names such as
   gptq-4bit-32g-actorder_True are whole tokens, matched whole, by their start, or by a run
   of their parts (Q4_K_M inside llama-2-13b-chat.Q4_K_M.gguf, but not Q4_K_S). Chinese,
   Japanese and Korean are matched by character pairs, so no word list is needed. Every
   word of the query must match; ranking: the exact name or id first, then names and ids
   starting with the query, then the query's words in the name, then in the key facts,
   then in the summary. */
(function () {
  "use strict";

  var WORD_CHARS = "a-z0-9\\u00c0-\\u024f\\u0370-\\u03ff\\u0400-\\u04ff";
  var JOINERS = /[\/_.+:@\-]+/;
  var WORD = new RegExp("[" + WORD_CHARS + "]+(?:[\\/_.+:@\\-]+[" + WORD_CHARS + "]+)*", "g");
  var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+/g;
  var HAS_CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/;
  var NOT_WORD = /[^\p{L}\p{N}]+/gu;
  // Fields of an entry, from index 2: title, ids, facts, terms, summary; and their weights.
  var FIELD = { title: 0, ids: 1, facts: 2, terms: 3, summary: 4 };
  var WEIGHT = [10, 9, 5, 4, 2];
  var NAME_FIELDS = 3; // bits of title and ids
  var KEY_FIELDS = 15; // bits of title, ids, facts and terms
  var SHOWN = 50;

  function normalize(text) {
    return String(text || "").normalize("NFKC").toLowerCase();
  }

  /* A name with its punctuation as single spaces: "CausalLM/7B" and "causallm 7b" agree. */
  function canon(text) {
    return normalize(text).replace(NOT_WORD, " ").trim();
  }

  function startsWith(text, start) {
    return text.lastIndexOf(start, 0) === 0;
  }

  /* The query as terms: each word (with its parts), and each pair of CJK characters. */
  function parse(query) {
    var text = normalize(query);
    var terms = [];
    var seen = {};
    function add(term) {
      if (!seen[term.text]) {
        seen[term.text] = true;
        terms.push(term);
      }
    }
    (text.match(WORD) || []).forEach(function (word) {
      add({ text: word, parts: word.split(JOINERS) });
    });
    var runs = text.match(CJK) || [];
    runs.forEach(function (run) {
      if (run.length === 1) add({ text: run, cjk: true });
      for (var i = 0; i + 2 <= run.length; i++) add({ text: run.substr(i, 2), cjk: true });
    });
    return { terms: terms, runs: runs, canon: canon(query), words: (text.match(WORD) || []) };
  }

  /* How well the query word ``term`` matches the index token ``token`` (0: not at all). */
  function quality(term, token, parts) {
    if (token === term.text) return 1;
    if (startsWith(token, term.text)) return 0.9;
    var q = term.parts;
    var m = q.length;
    var best = 0;
    if (parts.length > 1) {
      for (var i = 0; i + m <= parts.length; i++) {
        var j = 0;
        while (j < m - 1 && parts[i + j] === q[j]) j++;
        if (j < m - 1) continue;
        var last = parts[i + m - 1];
        if (last === q[m - 1]) return 0.75;
        if (startsWith(last, q[m - 1])) best = 0.6;
      }
    }
    if (!best && term.text.length >= 3 && token.indexOf(term.text) > 0) best = 0.3;
    return best;
  }

  function Engine(data) {
    this.docs = data.docs;
    this.kinds = data.kinds;
    var index = new Map();
    var cjk = [];
    var names = [];
    this.docs.forEach(function (doc, d) {
      for (var f = 0; f < WEIGHT.length; f++) {
        var text = doc[f + 2];
        if (!text) continue;
        var lower = normalize(text);
        var tokens = lower.match(WORD) || [];
        for (var t = 0; t < tokens.length; t++) {
          var posting = d * 8 + f;
          var list = index.get(tokens[t]);
          if (!list) index.set(tokens[t], [posting]);
          else if (list[list.length - 1] !== posting) list.push(posting);
        }
        if (HAS_CJK.test(lower)) (cjk[d] = cjk[d] || [])[f] = lower;
      }
      names[d] = [canon(doc[2])].concat(doc[3] ? doc[3].split(" ").map(canon) : []);
    });
    this.tokens = Array.from(index.keys());
    this.parts = this.tokens.map(function (token) { return token.split(JOINERS); });
    this.postings = this.tokens.map(function (token) { return index.get(token); });
    this.cjk = cjk;
    this.names = names;
    this.cache = new Map();
  }

  /* Every entry ``term`` matches: entry -> {score, fields (bits)}. */
  Engine.prototype.match = function (term) {
    var found = this.cache.get(term.text);
    if (found) return found;
    found = new Map();
    function note(d, f, q) {
      var score = q * WEIGHT[f];
      var hit = found.get(d);
      if (!hit) found.set(d, { score: score, fields: 1 << f });
      else {
        hit.fields |= 1 << f;
        if (score > hit.score) hit.score = score;
      }
    }
    if (term.cjk) {
      this.cjk.forEach(function (fields, d) {
        for (var f = 0; f < fields.length; f++) if (fields[f] && fields[f].indexOf(term.text) >= 0) note(d, f, 0.8);
      });
    } else {
      for (var i = 0; i < this.tokens.length; i++) {
        var q = quality(term, this.tokens[i], this.parts[i]);
        if (!q) continue;
        var list = this.postings[i];
        for (var p = 0; p < list.length; p++) note(list[p] >> 3, list[p] & 7, q);
      }
    }
    if (this.cache.size > 500) this.cache.clear();
    this.cache.set(term.text, found);
    return found;
  };

  /* The entries for ``query``, best first: {results: [{doc, tier, score}], partial}. */
  Engine.prototype.search = function (query) {
    var parsed = parse(query);
    var need = parsed.terms.length;
    if (!need) return { results: [], partial: false, parsed: parsed };
    var hits = new Map();
    parsed.terms.forEach(function (term) {
      this.match(term).forEach(function (hit, d) {
        var sum = hits.get(d);
        if (!sum) hits.set(d, (sum = { d: d, n: 0, score: 0, names: 0, keys: 0 }));
        sum.n += 1;
        sum.score += hit.score;
        if (hit.fields & NAME_FIELDS) sum.names += 1;
        if (hit.fields & KEY_FIELDS) sum.keys += 1;
      });
    }, this);
    var most = 0;
    hits.forEach(function (sum) { if (sum.n > most) most = sum.n; });
    var partial = most < need;
    var docs = this.docs;
    var names = this.names;
    var cjk = this.cjk;
    var results = [];
    hits.forEach(function (sum) {
      if (sum.n < most || (partial && most < Math.ceil(need / 2))) return;
      var tier = 2;
      var doc = docs[sum.d];
      var own = names[sum.d];
      if (own.indexOf(parsed.canon) >= 0) tier = 6;
      else if (parsed.canon && own.some(function (name) { return startsWith(name, parsed.canon); })) tier = 5;
      else if (sum.names === need) tier = 4;
      else if (sum.keys === need) tier = 3;
      var score = sum.score;
      parsed.runs.forEach(function (run) {
        if (run.length > 2 && cjk[sum.d] && cjk[sum.d].some(function (text) { return text && text.indexOf(run) >= 0; })) score += 4;
      });
      results.push({ doc: doc, tier: partial ? 1 : tier, score: score });
    });
    results.sort(function (a, b) {
      return b.tier - a.tier || b.score - a.score || a.doc[0] - b.doc[0] ||
        a.doc[2].length - b.doc[2].length || (a.doc[2] < b.doc[2] ? -1 : a.doc[2] > b.doc[2] ? 1 : 0) ||
        (a.doc[1] < b.doc[1] ? -1 : 1);
    });
    return { results: results, partial: partial && results.length > 0, parsed: parsed };
  };

  // --- in the page ------------------------------------------------------------------------

  var script = document.currentScript;
  // This script is assets/javascripts/search.js under the language's root.
  var ROOT = new URL(script && script.src ? "../../" : ".", script && script.src ? script.src : document.baseURI);
  var INDEX = new URL("assets/search/index.js", ROOT).href;
  var WORDS = window.ModelAtlasSearchStrings || {};
  var engine = null;
  var loading = null;
  var waiting = [];

  function say(key, values) {
    var text = WORDS[key] || key;
    Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
    return text;
  }

  /* Calls ``done(engine)`` once the index is loaded (``done(null)`` if it cannot be). */
  function load(done) {
    if (engine) return done(engine);
    waiting.push(done);
    if (loading) return;
    function ready() {
      var data = window.ModelAtlasSearchIndex;
      engine = data ? new Engine(data) : null;
      loading = engine ? loading : null;
      waiting.splice(0).forEach(function (callback) { callback(engine); });
    }
    if (window.ModelAtlasSearchIndex) return ready();
    loading = document.createElement("script");
    loading.src = INDEX;
    loading.async = true;
    loading.onload = ready;
    loading.onerror = function () {
      loading.remove();
      ready();
    };
    document.head.appendChild(loading);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* ``text`` into ``node``, with what the query matched in <mark>. */
  function marked(node, text, needles) {
    var lower = text.toLowerCase();
    var spans = [];
    if (lower.length === text.length) {
      needles.forEach(function (needle) {
        for (var at = lower.indexOf(needle); needle && at >= 0; at = lower.indexOf(needle, at + needle.length)) {
          spans.push([at, at + needle.length]);
        }
      });
    }
    spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var last = 0;
    spans.forEach(function (span) {
      if (span[0] < last) return;
      node.appendChild(document.createTextNode(text.slice(last, span[0])));
      node.appendChild(element("mark", "", text.slice(span[0], span[1])));
      last = span[1];
    });
    node.appendChild(document.createTextNode(text.slice(last)));
    return node;
  }

  /* ``text`` from a little before the first thing the query matched, when that is too far
     in to be seen in the two lines a summary shows. */
  function excerpt(text, needles) {
    var lower = text.toLowerCase();
    var first = -1;
    needles.forEach(function (needle) {
      var at = needle ? lower.indexOf(needle) : -1;
      if (at >= 0 && (first < 0 || at < first)) first = at;
    });
    var room = HAS_CJK.test(text) ? 30 : 60;
    if (first < room || text.length <= 2 * room || lower.length !== text.length) return text;
    var start = first - Math.floor(room / 3);
    var space = text.lastIndexOf(" ", start);
    if (space > start - 15) start = space + 1;
    return "…" + text.slice(start);
  }

  var serial = 0;

  /* A search box and its results: ``root`` holds an input and an output element. */
  function Widget(root, options) {
    this.root = root;
    this.options = options;
    this.input = root.querySelector(".atlas-search__input");
    this.output = root.querySelector(".atlas-search__output");
    // A long list scrolls: Tab from the box reaches it, to scroll by keyboard too.
    this.output.tabIndex = 0;
    this.id = "atlas-search-" + ++serial;
    this.active = -1;
    this.links = [];
    this.input.setAttribute("placeholder", say("placeholder"));
    this.input.setAttribute("aria-label", say("label"));
    this.input.setAttribute("role", "combobox");
    this.input.setAttribute("aria-autocomplete", "list");
    this.input.setAttribute("aria-expanded", "false");
    this.input.setAttribute("aria-controls", this.id + "-list");
    var self = this;
    this.input.addEventListener("focus", function () {
      load(function () { if (self.input.value) self.run(); });
      if (self.input.value) self.show(true);
    });
    this.input.addEventListener("input", function (event) {
      if (!event.isComposing) self.run();
    });
    this.input.addEventListener("compositionend", function () { self.run(); });
    this.input.addEventListener("keydown", function (event) { self.key(event); });
  }

  Widget.prototype.show = function (open) {
    this.output.hidden = !open;
    this.input.setAttribute("aria-expanded", open ? "true" : "false");
    this.root.classList.toggle("atlas-search--results", open);
  };

  Widget.prototype.status = function (text) {
    this.output.textContent = "";
    this.output.appendChild(element("p", "atlas-search__meta", text));
    this.links = [];
    this.active = -1;
    this.show(true);
  };

  Widget.prototype.run = function () {
    var self = this;
    var query = this.input.value;
    if (!query.trim()) {
      this.output.textContent = "";
      this.links = [];
      return this.show(false);
    }
    if (!engine) {
      this.status(say("loading"));
      return load(function (ready) {
        if (!ready) return self.status(say("failed"));
        if (self.input.value === query) self.run();
      });
    }
    this.render(query, engine.search(query));
  };

  Widget.prototype.render = function (query, found) {
    var results = found.results;
    var needles = found.parsed.words.concat(found.parsed.runs);
    var out = this.output;
    out.textContent = "";
    this.links = [];
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    if (!results.length) {
      out.appendChild(element("p", "atlas-search__meta", say("none", { query: query.trim() })));
      return this.show(true);
    }
    var count = results.length === 1 ? say("count_one") :
      results.length > SHOWN ? say("shown", { n: results.length, shown: SHOWN }) : say("count", { n: results.length });
    out.appendChild(element("p", "atlas-search__meta", found.partial ? say("partial") + " " + count : count));
    var list = element("ul", "atlas-search__list");
    list.id = this.id + "-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", say("label"));
    results.slice(0, SHOWN).forEach(function (result, i) {
      list.appendChild(this.item(result.doc, i, needles, found.parsed.words));
    }, this);
    out.appendChild(list);
    if (this.options.hints) out.appendChild(element("p", "atlas-search__hints", say("keys")));
    this.show(true);
  };

  Widget.prototype.item = function (doc, i, needles, words) {
    // The link is the option itself (an option holds no control of its own): the list item
    // only lays it out.
    var item = element("li", "atlas-search__result");
    item.setAttribute("role", "none");
    var link = element("a", "atlas-search__link");
    link.id = this.id + "-" + i;
    link.setAttribute("role", "option");
    link.setAttribute("aria-selected", "false");
    link.href = new URL(doc[1], ROOT).href;
    link.tabIndex = -1;
    var head = element("span", "atlas-search__head");
    head.appendChild(element("span", "atlas-search__kind", say("kind." + engine.kinds[doc[0]])));
    head.appendChild(marked(element("span", "atlas-search__title"), doc[2], needles));
    link.appendChild(head);
    var id = doc[3] ? doc[3].split(" ")[0] : "";
    var line = [id && canon(id) !== canon(doc[2]) ? id : "", doc[4] || ""].filter(Boolean).join(" · ");
    if (line) link.appendChild(marked(element("span", "atlas-search__facts"), line, needles));
    // File and branch names the query matched, when the name does not say why it was found.
    var title = normalize(doc[2]);
    var inTitle = words.some(function (word) { return title.indexOf(word) >= 0; });
    var named = inTitle ? [] : (doc[5] || "").split(" ").filter(function (term) {
      var lower = normalize(term);
      return words.some(function (word) { return word.length > 1 && lower.indexOf(word) >= 0; });
    });
    if (named.length) {
      var terms = element("span", "atlas-search__terms");
      named.slice(0, 3).forEach(function (term) { terms.appendChild(marked(element("code"), term, needles)); });
      if (named.length > 3) terms.appendChild(element("span", "", "…"));
      link.appendChild(terms);
    }
    if (doc[6]) link.appendChild(marked(element("span", "atlas-search__summary"), excerpt(doc[6], needles), needles));
    item.appendChild(link);
    var self = this;
    item.addEventListener("mousemove", function () { if (self.active !== i) self.select(i); });
    this.links.push(link);
    return item;
  };

  Widget.prototype.select = function (i) {
    var items = this.output.querySelectorAll(".atlas-search__link");
    if (this.active >= 0 && items[this.active]) items[this.active].setAttribute("aria-selected", "false");
    this.active = i;
    if (i < 0 || !items[i]) return this.input.removeAttribute("aria-activedescendant");
    items[i].setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", items[i].id);
    items[i].scrollIntoView({ block: "nearest" });
  };

  Widget.prototype.key = function (event) {
    var n = this.links.length;
    if (event.key === "ArrowDown" && n) {
      event.preventDefault();
      this.show(true);
      this.select(this.active + 1 < n ? this.active + 1 : 0);
    } else if (event.key === "ArrowUp" && n) {
      event.preventDefault();
      this.select(this.active > 0 ? this.active - 1 : n - 1);
    } else if (event.key === "Enter" && !event.isComposing) {
      event.preventDefault();
      var link = this.links[this.active >= 0 ? this.active : 0];
      if (link) link.click();
    } else if (event.key === "Escape") {
      event.preventDefault();
      this.show(false);
      this.input.blur();
      if (this.options.close) this.options.close();
    }
  };

  // --- the header's box, the home page's field, the keys ----------------------------------

  function editable(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function start() {
    var header = document.querySelector("[data-atlas-search=header]");
    var widgets = [];
    var box = null;
    if (header) {
      var open = header.querySelector(".atlas-search__open");
      open.setAttribute("aria-label", say("open"));
      header.querySelector(".atlas-search__close").setAttribute("aria-label", say("close"));
      var setOpen = function (on) {
        header.classList.toggle("atlas-search--open", on);
        open.setAttribute("aria-expanded", on ? "true" : "false");
      };
      box = new Widget(header, { hints: true, close: function () { setOpen(false); } });
      widgets.push(box);
      open.addEventListener("click", function () {
        setOpen(true);
        box.input.focus();
      });
      header.querySelector(".atlas-search__close").addEventListener("click", function () {
        box.input.value = "";
        box.run();
        setOpen(false);
      });
    }
    var home = document.getElementById("atlas-search-home");
    if (home) {
      // The home page's own field: the page holds a hint only (page content carries no form
      // controls), the field and its results are made here.
      var bar = element("div", "atlas-search__bar");
      var glass = header && header.querySelector(".atlas-search__icon");
      if (glass) bar.appendChild(glass.cloneNode(true));
      var input = element("input", "atlas-search__input");
      input.type = "search";
      input.autocomplete = "off";
      input.spellcheck = false;
      input.setAttribute("autocapitalize", "off");
      input.setAttribute("enterkeyhint", "go");
      bar.appendChild(input);
      var output = element("div", "atlas-search__output");
      output.hidden = true;
      home.insertBefore(output, home.firstChild);
      home.insertBefore(bar, output);
      home.classList.add("atlas-search");
      box = new Widget(home, { hints: false });
      widgets.push(box);
    }
    document.addEventListener("keydown", function (event) {
      if ((event.key === "/" || event.key === "s") && !event.ctrlKey && !event.metaKey && !event.altKey &&
          !editable(event.target) && box) {
        event.preventDefault();
        if (box.root === header) header.querySelector(".atlas-search__open").click();
        else box.input.focus();
      }
    });
    document.addEventListener("click", function (event) {
      widgets.forEach(function (widget) {
        if (!widget.root.contains(event.target)) widget.show(false);
      });
    });
  }

  window.ModelAtlasSearch = { Engine: Engine, parse: parse, canon: canon };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
