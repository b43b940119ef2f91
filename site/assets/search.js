/* notegraph's search box, in the header of every page.
 *
 * The index (search-index.js, written by `notegraph build`) is loaded the first time the box
 * is used, as a script: a page opened from disk may add a script but may not fetch a file.
 * A document matches when every word typed is found in it: in its title, an alias, a tag, a
 * heading, its folder or (with `search: full`) its text. Words are compared after Unicode NFC
 * and lower-casing, as substrings, so Korean words match with their particles attached
 * ("오토인코더" finds "오토인코더를") and a word's beginning finds the word. Typed with the
 * spaces and hyphens left out, a name still matches ("autoencoder" finds "Auto-Encoder").
 * Keys: "/" goes to the box, arrows choose a result, Enter opens it, Escape closes the list.
 */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFC").toLowerCase();
  }

  /* A name without its spaces, hyphens and underscores, as the linker compares concept names. */
  function squash(text) {
    return text.replace(/[\s\-\u2010-\u2015_]+/g, "");
  }

  function words(query) {
    var seen = {};
    return fold(query).split(/\s+/).filter(function (word) {
      if (!word || seen[word]) return false;
      seen[word] = true;
      return true;
    });
  }

  /* The index's documents with their folded keys, made once when it loads. */
  function prepare(index) {
    return index.documents.map(function (d) {
      var aliases = d.a || [], tags = d.g || [];
      return {
        kind: d.k, title: d.t, href: d.u, folder: d.f || "", tags: tags, aliases: aliases,
        sections: (d.s || []).map(function (s) {
          return { heading: s[0], fragment: s[1], text: s[2], headingKey: fold(s[0]), textKey: fold(s[2]) };
        }),
        titleKey: fold(d.t), aliasKeys: aliases.map(fold), tagKeys: tags.map(fold), folderKey: fold(d.f || ""),
        squashed: [squash(fold(d.t))].concat(aliases.map(function (a) { return squash(fold(a)); }))
      };
    });
  }

  /* 3 for the whole name, 2 for its beginning, 1 anywhere in it, 0 when not in it. */
  function nameMatch(key, word) {
    if (key === word) return 3;
    var at = key.indexOf(word);
    return at === 0 ? 2 : at > 0 ? 1 : 0;
  }

  var TITLE = [0, 50, 70, 100], ALIAS = [0, 40, 55, 80], TAG = [0, 20, 25, 30];
  var HEADING = 25, TEXT = 10, FOLDER = 5;

  /* How well `doc` answers the words: {score, section} (the section holding the first word
     found in a heading or the text, or -1), or null when a word is nowhere in it. */
  function score(doc, list) {
    var total = 0, section = -1;
    for (var i = 0; i < list.length; i++) {
      var word = list[i], best = TITLE[nameMatch(doc.titleKey, word)], where = -1, k;
      for (k = 0; k < doc.aliasKeys.length; k++) best = Math.max(best, ALIAS[nameMatch(doc.aliasKeys[k], word)]);
      for (k = 0; k < doc.tagKeys.length; k++) best = Math.max(best, TAG[nameMatch(doc.tagKeys[k], word)]);
      if (best < HEADING) {
        for (k = 0; k < doc.sections.length; k++) {
          if (doc.sections[k].headingKey.indexOf(word) >= 0) { best = HEADING; where = k; break; }
        }
      }
      if (best < TEXT) {
        for (k = 0; k < doc.sections.length; k++) {
          if (doc.sections[k].textKey.indexOf(word) >= 0) { best = TEXT; where = k; break; }
        }
      }
      if (best < FOLDER && doc.folderKey.indexOf(word) >= 0) best = FOLDER;
      if (!best) return null;
      total += best;
      if (section < 0) section = where;
    }
    return { score: total, section: section };
  }

  /* The documents matching `query`, best first; equal scores keep the index's order (notes by
     path, then concepts, then tags). */
  function search(docs, query, limit) {
    var list = words(query);
    if (!list.length) return [];
    var whole = squash(list.join(""));
    var found = [];
    for (var d = 0; d < docs.length; d++) {
      var doc = docs[d], result = score(doc, list);
      // The words run together name it: "autoencoder" for "Auto Encoder".
      if (whole.length > 1) {
        for (var n = 0; n < doc.squashed.length; n++) {
          var named = doc.squashed[n] === whole ? 90 : doc.squashed[n].indexOf(whole) >= 0 ? 45 : 0;
          if (named && (!result || result.score < named)) result = { score: named, section: result ? result.section : -1 };
        }
      }
      if (result) found.push({ doc: doc, score: result.score, section: result.section, order: d });
    }
    found.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return found.slice(0, limit || 30);
  }

  /* Up to `room` characters of `text` around the first word found in it, and where each word
     found there sits: {text, marks: [[start, end]...]}, positions in the returned text. */
  function snippet(text, key, list, room) {
    room = room || 180;
    if (!text) return { text: "", marks: [] };
    // Lower-casing changed the length (a rare letter such as "İ"): positions do not carry over.
    if (key.length !== text.length) return { text: text.length > room ? text.slice(0, room) + "…" : text, marks: [] };
    var at = -1;
    list.forEach(function (word) {
      var p = key.indexOf(word);
      if (p >= 0 && (at < 0 || p < at)) at = p;
    });
    var start = at < 0 ? 0 : Math.max(0, at - Math.floor(room / 3));
    // Cut at a word's start: the first space after the cut, if it comes soon and before the word.
    if (start > 0) {
      var space = text.indexOf(" ", start);
      if (space >= 0 && space < at && space - start < 24) start = space + 1;
    }
    if (start > 0 && /[\uDC00-\uDFFF]/.test(text.charAt(start))) start += 1;
    var end = Math.min(text.length, start + room);
    if (end < text.length && /[\uDC00-\uDFFF]/.test(text.charAt(end))) end += 1;
    var ranges = [];
    list.forEach(function (word) {
      // Only whole occurrences: one cut by the end would mark a stray letter.
      for (var p = key.indexOf(word, start); p >= 0 && p + word.length <= end; p = key.indexOf(word, p + word.length)) {
        ranges.push([p, p + word.length]);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var marks = [];
    ranges.forEach(function (r) {
      var last = marks[marks.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else marks.push([r[0], r[1]]);
    });
    var lead = start > 0 ? "…" : "", shift = lead.length - start;
    return {
      text: lead + text.slice(start, end) + (end < text.length ? "…" : ""),
      marks: marks.map(function (m) { return [m[0] + shift, m[1] + shift]; })
    };
  }

  var api = { fold: fold, words: words, prepare: prepare, search: search, snippet: snippet };
  if (typeof module === "object" && module.exports) {
    module.exports = api;
    return;
  }

  function start() {
    var box = document.querySelector(".site-search");
    if (!box) return;
    var input = box.querySelector("input"), panel = box.querySelector(".site-search-results");
    var root = box.getAttribute("data-root") || "";
    var docs = null, loading = false, active = -1, results = [], timer = 0;
    box.hidden = false;

    function load() {
      if (docs || loading) return;
      if (window.notegraphSearchIndex) {
        docs = prepare(window.notegraphSearchIndex);
        return;
      }
      loading = true;
      var script = document.createElement("script");
      script.src = box.getAttribute("data-index");
      script.onload = function () {
        loading = false;
        if (window.notegraphSearchIndex) docs = prepare(window.notegraphSearchIndex);
        run();
      };
      script.onerror = function () {
        loading = false;
        message(box.getAttribute("data-failed"));
      };
      document.head.appendChild(script);
    }

    function open(show) {
      panel.hidden = !show;
      input.setAttribute("aria-expanded", show ? "true" : "false");
    }

    function message(text) {
      panel.textContent = "";
      var p = document.createElement("p");
      p.className = "search-message";
      p.textContent = text;
      panel.appendChild(p);
      results = [];
      active = -1;
      open(true);
    }

    function select(k) {
      var items = panel.querySelectorAll(".search-result");
      if (!items.length) return;
      if (active >= 0 && items[active]) items[active].setAttribute("aria-selected", "false");
      active = (k + items.length) % items.length;
      items[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function piece(tag, className, text) {
      var element = document.createElement(tag);
      element.className = className;
      if (text) element.textContent = text;
      return element;
    }

    function run() {
      var query = input.value;
      if (!words(query).length) {
        open(false);
        return;
      }
      if (!docs) {
        message(box.getAttribute("data-loading"));
        load();
        return;
      }
      results = search(docs, query, 30);
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (!results.length) {
        message(box.getAttribute("data-empty"));
        return;
      }
      var list = words(query);
      panel.textContent = "";
      results.forEach(function (result, k) {
        var doc = result.doc, section = result.section >= 0 ? doc.sections[result.section] : null;
        var link = piece("a", "search-result", "");
        link.id = "ng-search-result-" + k;
        link.setAttribute("role", "option");
        link.setAttribute("aria-selected", "false");
        link.href = root + doc.href + (section && section.fragment ? "#" + section.fragment : "");
        var title = piece("span", "search-title", doc.title);
        if (doc.kind !== "note") title.appendChild(piece("span", "search-kind", box.getAttribute("data-" + doc.kind)));
        link.appendChild(title);
        var where = [doc.folder, section ? section.heading : ""].filter(Boolean).join(" › ");
        if (where) link.appendChild(piece("span", "search-where", where));
        var shown = section || doc.sections.filter(function (s) { return s.text; })[0];
        if (shown && shown.text) {
          var cut = snippet(shown.text, shown.textKey, list), text = piece("span", "search-snippet", ""), at = 0;
          cut.marks.forEach(function (m) {
            text.appendChild(document.createTextNode(cut.text.slice(at, m[0])));
            text.appendChild(piece("mark", "", cut.text.slice(m[0], m[1])));
            at = m[1];
          });
          text.appendChild(document.createTextNode(cut.text.slice(at)));
          link.appendChild(text);
        }
        link.addEventListener("mousemove", function () { if (active !== k) select(k); });
        panel.appendChild(link);
      });
      open(true);
    }

    input.addEventListener("focus", function () {
      load();
      if (words(input.value).length) run();
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, docs && docs.length > 2000 ? 120 : 0);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!results.length) return;
        event.preventDefault();
        select(active < 0 ? (event.key === "ArrowDown" ? 0 : -1) : active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter") {
        var items = panel.querySelectorAll(".search-result");
        var chosen = items[active >= 0 ? active : 0];
        if (chosen && !panel.hidden) {
          event.preventDefault();
          window.location.href = chosen.href;
        }
      } else if (event.key === "Escape") {
        if (!panel.hidden) open(false);
        else if (input.value) input.value = "";
        else input.blur();
      }
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target, tag = target && target.tagName;
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
      event.preventDefault();
      input.focus();
    });
    document.addEventListener("click", function (event) {
      if (!box.contains(event.target)) open(false);
    });
  }

  /* `?q=words` in the page's address fills the box and shows what it finds: a search can be
     linked to, or set up as a browser's search shortcut. */
  function fromAddress() {
    var query = null;
    try { query = new URLSearchParams(window.location.search).get("q"); } catch (error) { query = null; }
    if (!query) return;
    var input = document.querySelector(".site-search input");
    if (!input) return;
    input.value = query;
    input.dispatchEvent(new Event("focus"));
  }

  function begin() {
    start();
    fromAddress();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", begin);
  else begin();
})();
