// Readouts: make the side-by-side page easier to follow. The page works without this file;
// with it, clauses light up their counterparts, keys walk the links, and deep links glow.
(function () {
  "use strict";
  var page = document.querySelector("[data-comparison]");
  if (!page) return;

  var byId = function (id) { return document.getElementById(id); };
  var clauses = Array.prototype.slice.call(page.querySelectorAll(".clause"));
  var linkCount = parseInt(page.getAttribute("data-links") || "0", 10);
  var status = byId("status");
  var current = -1;
  var quiet = false;  // set while the script itself moves the focus

  function focusQuietly(el) {
    quiet = true;
    el.focus({ preventScroll: true });
    quiet = false;
  }

  function say(message) { if (status) status.textContent = message; }

  function linksOf(el) {
    return (el.getAttribute("data-links") || "").split(" ").filter(Boolean).map(Number);
  }

  function clausesOfLink(n) {
    return clauses.filter(function (c) { return linksOf(c).indexOf(n) >= 0; });
  }

  function counterparts(el) {
    return (el.getAttribute("data-counterparts") || "").split(" ").filter(Boolean)
      .map(byId).filter(Boolean);
  }

  function clear() {
    page.querySelectorAll(".is-active, .is-counterpart").forEach(function (el) {
      el.classList.remove("is-active", "is-counterpart");
    });
  }

  function visible(el) {
    var r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  }

  // On wide screens each column scrolls on its own, so a counterpart is brought into view
  // without moving the clause the reader is pointing at. Stacked columns scroll the window,
  // which only an explicit action (focus, tap, key) may do.
  function scrollBox(el) {
    var box = el.closest(".text");
    return box && box.scrollHeight > box.clientHeight + 1 ? box : null;
  }

  function bringIntoView(el, windowToo) {
    if (!el) return;
    var box = scrollBox(el);
    if (box) {
      var r = el.getBoundingClientRect(), b = box.getBoundingClientRect();
      if (r.top < b.top || r.bottom > b.bottom) box.scrollTop += r.top - b.top - b.height / 3;
      if (windowToo && !visible(box)) box.scrollIntoView({ block: "nearest" });
    } else if (windowToo && !visible(el)) {
      el.scrollIntoView({ block: "center" });
    }
  }

  function activate(el, scroll) {
    clear();
    el.classList.add("is-active");
    var others = counterparts(el);
    others.forEach(function (c) { c.classList.add("is-counterpart"); });
    if (scroll && others.length) bringIntoView(others[0], scroll === "window");
    var links = linksOf(el);
    if (links.length) current = links[0];
  }

  function showLink(n) {
    if (n < 0 || n >= linkCount) return;
    clear();
    current = n;
    var members = clausesOfLink(n);
    members.forEach(function (c) {
      c.classList.add(c.getAttribute("data-side") === "left" ? "is-active" : "is-counterpart");
    });
    var first = members[0];
    if (first) {
      members.forEach(function (m) { bringIntoView(m, m === first); });
      focusQuietly(first);
    }
    say("Link " + (n + 1) + " of " + linkCount);
  }

  function fromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var link = /^link-(\d+)$/.exec(id);
    if (link) { showLink(parseInt(link[1], 10) - 1); return; }
    var el = /^[LR]\d+$/.test(id) ? byId(id) : null;
    if (!el) return;
    focusQuietly(el);
    activate(el, true);
    el.scrollIntoView({ block: "center" });
  }

  function copyLink(el) {
    var url = location.href.split("#")[0] + "#" + el.id;
    var done = function () { say("Copied the link to " + el.id + ": " + url); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(done, function () { say("Link: " + url); });
    } else {
      say("Link: " + url);
    }
  }

  clauses.forEach(function (el) {
    el.addEventListener("mouseenter", function () { activate(el, true); });
    el.addEventListener("focus", function () { if (!quiet) activate(el, "window"); });
    el.addEventListener("click", function (event) {
      var copy = event.target.closest(".copy");
      if (copy) { event.preventDefault(); copyLink(el); return; }
      if (!event.target.closest("a")) activate(el, "window");
    });
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    var focused = target && target.classList && target.classList.contains("clause") ? target : null;
    if (event.key === "j" || event.key === "n") { showLink(current + 1); event.preventDefault(); }
    else if (event.key === "k" || event.key === "p") { showLink(Math.max(current - 1, 0)); event.preventDefault(); }
    else if ((event.key === "Enter" || event.key === "o") && focused) {
      var other = counterparts(focused)[0];
      if (other) { other.focus({ preventScroll: true }); bringIntoView(other, true); say("Counterpart " + other.id); }
      event.preventDefault();
    }
    else if (event.key === "c" && focused) { copyLink(focused); event.preventDefault(); }
  });

  window.addEventListener("hashchange", fromHash);
  if (location.hash) fromHash();
})();
