// Readouts: make the comparison page easier to follow. Every page works without this file;
// with it: one view at a time (aligned rows or full text), filters and the order toggle on
// the rows, clauses that light up their counterparts, keys that walk the links, deep links
// that glow, and a copy control that copies a clause's link or a quotation of it.
(function () {
  "use strict";

  // The browse form leaves out the fields nobody filled, so the address stays short.
  var search = document.querySelector("form.search");
  if (search) {
    search.addEventListener("submit", function () {
      Array.prototype.forEach.call(search.elements, function (el) {
        if (el.name && !el.value) el.disabled = true;
      });
    });
    window.addEventListener("pageshow", function () {
      Array.prototype.forEach.call(search.elements, function (el) { el.disabled = false; });
    });
  }

  var page = document.querySelector("[data-comparison]");
  if (!page) return;
  page.classList.add("js");

  var all = function (sel, root) { return Array.prototype.slice.call((root || page).querySelectorAll(sel)); };
  var status = document.getElementById("status");
  var toolbar = page.querySelector(".toolbar");
  var rowsBox = page.querySelector(".rows");
  var rows = all(".row");
  var linkCount = parseInt(page.getAttribute("data-links") || "0", 10);
  var current = -1;
  var quiet = false;  // set while the script itself moves the focus

  function say(message) { if (status) status.textContent = message; }
  function textView() { return page.classList.contains("show-text"); }
  function view() { return page.querySelector(textView() ? ".view-text" : ".view-aligned"); }
  function clauseIn(anchor, root) { return (root || view()).querySelector('.clause[data-anchor="' + anchor + '"]'); }
  function linksOf(el) {
    return (el.getAttribute("data-links") || "").split(" ").filter(Boolean).map(Number);
  }
  function counterparts(el) {
    var root = el.closest(".view");
    return (el.getAttribute("data-counterparts") || "").split(" ").filter(Boolean)
      .map(function (a) { return clauseIn(a, root); }).filter(Boolean);
  }
  function focusQuietly(el) {
    quiet = true;
    el.focus({ preventScroll: true });
    quiet = false;
  }
  function clear() {
    all(".is-active, .is-counterpart, .is-focused").forEach(function (el) {
      el.classList.remove("is-active", "is-counterpart", "is-focused");
    });
  }
  function visible(el) {
    var r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  }
  function reveal(el) {
    var row = el.closest(".row");
    if (row) row.classList.remove("is-hidden");
  }

  function activate(el, scroll) {
    clear();
    el.classList.add("is-active");
    var others = counterparts(el);
    others.forEach(function (c) { c.classList.add("is-counterpart"); });
    if (scroll && others[0] && !visible(others[0])) others[0].scrollIntoView({ block: "center" });
    var links = linksOf(el);
    if (links.length) current = links[0];
  }

  // ---- views ------------------------------------------------------------------------
  var viewLinks = all(".view-link");
  function setView(name, remember) {
    page.classList.toggle("show-text", name === "text");
    viewLinks.forEach(function (a) {
      if (a.getAttribute("data-view") === name) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
    if (toolbar) toolbar.querySelectorAll("fieldset").forEach(function (f) { f.disabled = name === "text"; });
    if (remember) {
      var url = new URL(location.href);
      if (name === "text") url.searchParams.set("view", "text"); else url.searchParams.delete("view");
      url.hash = "";
      history.replaceState(null, "", url.toString());
    }
  }
  viewLinks.forEach(function (a) {
    a.addEventListener("click", function (event) {
      event.preventDefault();
      setView(a.getAttribute("data-view"), true);
      say(a.getAttribute("data-view") === "text" ? "Showing the full texts" : "Showing aligned rows");
    });
  });

  // ---- filters and order ----------------------------------------------------------------
  function applyFilters() {
    if (!toolbar) return;
    var differences = toolbar.querySelector('[name="differences"]').checked;
    var oneSided = toolbar.querySelector('[name="one-sided"]').checked;
    var levels = all('[name="confidence"]:checked', toolbar).map(function (i) { return i.value; });
    var shown = 0;
    rows.forEach(function (row) {
      var kind = row.getAttribute("data-kind");
      var alone = kind === "left" || kind === "right";
      var hide = (differences && kind === "same") || (oneSided && !alone) ||
        (!alone && levels.indexOf(row.getAttribute("data-confidence")) < 0);
      row.classList.toggle("is-hidden", hide);
      if (!hide) shown += 1;
    });
    var note = toolbar.querySelector(".shown");
    if (note) note.textContent = shown === rows.length ? "" : "Showing " + shown + " of " + rows.length + " rows";
  }
  function applyOrder(side) {
    page.classList.toggle("order-right", side === "right");
    var key = "data-order-" + side;
    rows.slice().sort(function (a, b) {
      return parseInt(a.getAttribute(key), 10) - parseInt(b.getAttribute(key), 10);
    }).forEach(function (row) { rowsBox.appendChild(row); });
  }
  if (toolbar && rowsBox) {
    toolbar.hidden = false;
    toolbar.addEventListener("change", function (event) {
      if (event.target.name === "order") applyOrder(event.target.value);
      else applyFilters();
    });
  }

  // ---- deep links -------------------------------------------------------------------------
  function showLink(n) {
    if (n < 0 || n >= linkCount) return;
    var members = all(".clause", view()).filter(function (c) { return linksOf(c).indexOf(n) >= 0; });
    if (!members.length) return;
    clear();
    current = n;
    members.forEach(function (c) {
      reveal(c);
      c.classList.add(c.getAttribute("data-side") === "left" ? "is-active" : "is-counterpart");
      var row = c.closest(".row");
      if (row) row.classList.add("is-focused");
    });
    members[0].scrollIntoView({ block: "center" });
    focusQuietly(members[0]);
    say("Link " + (n + 1) + " of " + linkCount);
  }

  function fromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var link = /^link-(\d+)$/.exec(id);
    if (link) { showLink(parseInt(link[1], 10) - 1); return; }
    if (id === "full-text") { setView("text", false); return; }
    if (id === "aligned") { setView("aligned", false); return; }
    var el = /^[LR]\d+$/.test(id) ? clauseIn(id) : null;
    if (!el) return;
    reveal(el);
    focusQuietly(el);
    activate(el, false);
    el.scrollIntoView({ block: "center" });
  }

  // ---- copying a clause's link or a quotation ---------------------------------------------
  function permalink(anchor) {
    var url = new URL(location.href);
    url.searchParams.delete("view");
    url.hash = anchor;
    return url.toString();
  }
  function clauseText(el) {
    var copy = el.cloneNode(true);
    copy.querySelectorAll(".copy, .marker, .only-label, .copied, .copy-menu").forEach(function (x) { x.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }
  function quotation(el) {
    var side = el.getAttribute("data-side");
    var date = page.getAttribute("data-date");
    var source = page.getAttribute("data-" + side + "-source");
    var parts = ["\u201c" + clauseText(el) + "\u201d", "\u2014 " + el.getAttribute("data-label") + (date ? ", " + date : "")];
    if (source) parts.push("Source: " + source);
    parts.push(permalink(el.getAttribute("data-anchor")));
    return parts.join("\n");
  }
  function feedback(control, message) {
    var old = control.parentNode.querySelector(".copied");
    if (old) old.remove();
    var note = document.createElement("span");
    note.className = "copied";
    note.setAttribute("role", "status");
    note.textContent = message;
    control.insertAdjacentElement("afterend", note);
    say(message);
    setTimeout(function () { note.remove(); }, 4000);
  }
  function write(text, control, done) {
    var fail = function () { feedback(control, "Could not copy; select it here: " + text); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { feedback(control, done); }, fail);
    } else {
      fail();
    }
  }
  function closeMenu() { all(".copy-menu", document).forEach(function (m) { m.remove(); }); }
  function openMenu(control, el) {
    closeMenu();
    var menu = document.createElement("span");
    menu.className = "copy-menu";
    menu.setAttribute("role", "group");
    menu.setAttribute("aria-label", "Copy " + el.getAttribute("data-anchor"));
    [["Copy link", function () { write(permalink(el.getAttribute("data-anchor")), control, "Link copied"); }],
     ["Copy quotation", function () { write(quotation(el), control, "Quotation copied"); }]].forEach(function (item) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = item[0];
      button.addEventListener("click", function (event) {
        event.stopPropagation();
        closeMenu();
        item[1]();
        control.focus({ preventScroll: true });
      });
      menu.appendChild(button);
    });
    control.insertAdjacentElement("afterend", menu);
    menu.querySelector("button").focus({ preventScroll: true });
  }
  document.addEventListener("click", function (event) {
    if (!event.target.closest(".copy-menu, .copy")) closeMenu();
  });

  all(".clause").forEach(function (el) {
    el.addEventListener("mouseenter", function () { activate(el, false); });
    el.addEventListener("focus", function () { if (!quiet) activate(el, false); });
    el.addEventListener("click", function (event) {
      var copy = event.target.closest(".copy");
      if (copy) { event.preventDefault(); openMenu(copy, el); return; }
      if (!event.target.closest("a, button")) activate(el, true);
    });
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Escape") { closeMenu(); return; }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target && /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName)) return;
    var focused = target && target.classList && target.classList.contains("clause") ? target : null;
    if (event.key === "j" || event.key === "n") { showLink(current + 1); event.preventDefault(); }
    else if (event.key === "k" || event.key === "p") { showLink(Math.max(current - 1, 0)); event.preventDefault(); }
    else if ((event.key === "Enter" || event.key === "o") && focused) {
      var other = counterparts(focused)[0];
      if (other) { other.focus({ preventScroll: true }); if (!visible(other)) other.scrollIntoView({ block: "center" }); say("Counterpart " + other.getAttribute("data-anchor")); }
      event.preventDefault();
    }
    else if (event.key === "c" && focused) { write(permalink(focused.getAttribute("data-anchor")), focused.querySelector(".copy"), "Link copied"); event.preventDefault(); }
  });

  var startView = new URLSearchParams(location.search).get("view") === "text" || location.hash === "#full-text" ? "text" : "aligned";
  setView(startView, false);
  window.addEventListener("hashchange", fromHash);
  // The browser scrolls to the fragment's element itself once the page has loaded (and
  // takes the focus from a clause in doing so): the script's own answer comes after it.
  if (location.hash) {
    if (document.readyState === "complete") fromHash();
    else window.addEventListener("load", function () { setTimeout(fromHash, 0); });
  }
})();
