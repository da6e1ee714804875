// storyline briefing: clicking an item (a claim, a quote, an event, a summary sentence) highlights
// every source sentence it cites. No inline handlers: listeners are attached here, and the page's CSP
// allows only this script (by hash).
(function () {
  "use strict";
  var HL = "hl";
  var ACTIVE = "active";

  function clear() {
    document.querySelectorAll("." + HL).forEach(function (el) { el.classList.remove(HL); });
    document.querySelectorAll(".js-group." + ACTIVE).forEach(function (el) { el.classList.remove(ACTIVE); });
  }

  function reveal(el) {
    for (var p = el.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") { p.open = true; }
    }
  }

  function mark(id) {
    var el = document.getElementById(id);
    if (!el) { return; }
    el.classList.add(HL);
    reveal(el);
    document.querySelectorAll("[data-part-of]").forEach(function (part) {
      if (part.getAttribute("data-part-of") === id) { part.classList.add(HL); }
    });
  }

  function targetOf(link) {
    var href = link.getAttribute("href") || "";
    return href.charAt(0) === "#" ? decodeURIComponent(href.slice(1)) : null;
  }

  function activate(group) {
    clear();
    group.classList.add(ACTIVE);
    group.querySelectorAll("a.cite").forEach(function (link) {
      var id = targetOf(link);
      if (id) { mark(id); }
    });
  }

  document.addEventListener("click", function (event) {
    var group = event.target.closest(".js-group");
    if (group) { activate(group); }
  });

  document.addEventListener("keydown", function (event) {
    var el = event.target;
    if ((event.key === "Enter" || event.key === " ") && el.classList && el.classList.contains("js-group")) {
      event.preventDefault();
      activate(el);
    }
  });

  function onHash() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var el = id ? document.getElementById(id) : null;
    if (!el || !el.classList.contains("src")) { return; }
    if (!el.classList.contains(HL)) {
      clear();
      mark(id);
    }
    reveal(el);
  }

  window.addEventListener("hashchange", onHash);
  onHash();
}());
