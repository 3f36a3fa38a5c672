// Article pages: pointing at any part of an attribution (its source, cue or content in
// the text, or its card in the list) lights up all of its parts together; clicking a
// part in the text brings its card into view, and clicking a card scrolls to the text.
(function () {
  "use strict";

  function parts(id) {
    var all = document.querySelectorAll("[data-attribution]");
    var found = [];
    for (var i = 0; i < all.length; i++) {
      if (all[i].getAttribute("data-attribution") === id) found.push(all[i]);
    }
    return found;
  }

  function setActive(id, on) {
    parts(id).forEach(function (el) { el.classList.toggle("active", on); });
  }

  var current = null;
  function select(id) {
    if (current) setActive(current, false);
    current = id;
    if (id) setActive(id, true);
  }

  function owner(target) {
    var el = target.closest ? target.closest("[data-attribution]") : null;
    return el ? el.getAttribute("data-attribution") : null;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var text = document.getElementById("article-text");
    if (!text) return;

    text.addEventListener("mouseover", function (event) {
      var id = owner(event.target);
      if (id && id !== current) select(id);
    });
    text.addEventListener("click", function (event) {
      var id = owner(event.target);
      if (!id) return;
      var card = document.getElementById("a-" + id);
      if (card) card.scrollIntoView({ block: "nearest", behavior: "smooth" });
    });

    document.querySelectorAll(".attr-card").forEach(function (card) {
      var id = card.getAttribute("data-attribution");
      card.addEventListener("mouseenter", function () { select(id); });
      card.addEventListener("click", function (event) {
        if (event.target.closest("a, form, summary, details")) return;
        var first = parts(id).filter(function (el) { return el !== card; })[0];
        if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
      });
    });

    var wanted = decodeURIComponent(window.location.hash.replace(/^#a-/, ""));
    if (wanted && window.location.hash.indexOf("#a-") === 0) {
      select(wanted);
      var first = parts(wanted).filter(function (el) { return !el.classList.contains("attr-card"); })[0];
      if (first) first.scrollIntoView({ block: "center" });
    }
  });
})();
