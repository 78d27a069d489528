// Readouts editor: draw a link by clicking a clause and then its counterpart on the other
// side (or Enter / Space on a focused clause; Esc cancels). The form works without this
// file: the selects above the texts draw a link the same way.
(function () {
  "use strict";
  var form = document.getElementById("edit-form");
  if (!form) return;
  var drawn = document.getElementById("drawn");
  var status = document.getElementById("edit-status");
  var strength = document.getElementById("add-strength");
  var clauses = Array.prototype.slice.call(form.querySelectorAll(".e-clause"));
  var chosen = null;

  form.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });

  function say(message) { status.textContent = message; }

  function release() {
    if (chosen) chosen.setAttribute("aria-pressed", "false");
    chosen = null;
  }

  function draw(left, right) {
    var i = left.getAttribute("data-index"), j = right.getAttribute("data-index");
    var s = strength.value;
    var value = i + "/" + j + "/" + s;
    var exists = Array.prototype.some.call(drawn.querySelectorAll("input[name=add]"),
      function (input) { return input.value.split("/").slice(0, 2).join("/") === i + "/" + j; });
    var pair = left.getAttribute("data-anchor") + " ↔ " + right.getAttribute("data-anchor");
    if (exists) { say(pair + " is drawn already."); return; }
    var item = document.createElement("li");
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox"; box.name = "add"; box.value = value; box.checked = true;
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + pair + " (" + s + ")"));
    item.appendChild(label);
    drawn.appendChild(item);
    say("Drawn: " + pair + " (" + s + "). Save to keep it.");
  }

  function choose(clause) {
    if (chosen === clause) { release(); say("Selection cancelled."); return; }
    if (chosen && chosen.getAttribute("data-side") !== clause.getAttribute("data-side")) {
      var left = chosen.getAttribute("data-side") === "left" ? chosen : clause;
      var right = left === chosen ? clause : chosen;
      release();
      draw(left, right);
      return;
    }
    release();
    chosen = clause;
    clause.setAttribute("aria-pressed", "true");
    var other = clause.getAttribute("data-side") === "left" ? "right" : "left";
    say(clause.getAttribute("data-anchor") + " selected: now choose its counterpart on the " + other + ".");
  }

  clauses.forEach(function (clause) {
    clause.addEventListener("click", function () { choose(clause); });
    clause.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        choose(clause);
      } else if (event.key === "Escape" && chosen) {
        release();
        say("Selection cancelled.");
      }
    });
  });
})();
