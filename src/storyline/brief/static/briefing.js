// storyline briefing: clicking an item (a figure, a quote, an event, a summary sentence, a place) highlights
// every source sentence it cites, opens the collapsed articles holding them (closed again when the
// highlight is cleared or moves to another item) and scrolls the first into view;
// a bar then steps through the item's sources (previous / next), goes back to the item, or closes.
// Items take the keyboard focus (tabindex="0") and answer Enter and Space. No inline handlers: listeners
// are attached here, and the page's CSP allows only this script (by hash). Without the script every
// citation is still a plain link to its sentence, and every collapsed section still opens.
(function () {
  "use strict";
  var HL = "hl";
  var ACTIVE = "active";
  var CURRENT = "current";
  var bar = document.getElementById("srcnav");
  var statusText = document.getElementById("srcnav-status");
  var state = { group: null, ids: [], labels: [], index: 0 };
  var opened = [];  // collapsed sections this script opened to show a source: closed again on clear

  function clear() {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
    document.querySelectorAll("." + HL).forEach(function (el) { el.classList.remove(HL); });
    document.querySelectorAll("." + CURRENT).forEach(function (el) { el.classList.remove(CURRENT); });
    document.querySelectorAll(".js-group." + ACTIVE).forEach(function (el) { el.classList.remove(ACTIVE); });
  }

  function reveal(el, remember) {
    for (var p = el; p; p = p.parentElement) {
      if (p.tagName === "DETAILS" && !p.open) {
        p.open = true;
        if (remember) { opened.push(p); }
      }
    }
  }

  function parts(id) {
    return Array.prototype.filter.call(document.querySelectorAll("[data-part-of]"), function (part) {
      return part.getAttribute("data-part-of") === id;
    });
  }

  function mark(id) {
    var el = document.getElementById(id);
    if (!el) { return; }
    el.classList.add(HL);
    reveal(el, true);
    parts(id).forEach(function (part) { part.classList.add(HL); });
  }

  function targetOf(link) {
    var href = link.getAttribute("href") || "";
    return href.charAt(0) === "#" ? decodeURIComponent(href.slice(1)) : null;
  }

  function articleOf(id) {
    var el = document.getElementById(id);
    var art = el ? el.closest("details.article") : null;
    var outlet = art ? art.querySelector("summary .meta strong") : null;
    return outlet ? outlet.textContent : "source";
  }

  function sourcesOf(group) {
    var ids = [];
    var labels = [];
    group.querySelectorAll("a.cite").forEach(function (link) {
      var id = targetOf(link);
      if (id && ids.indexOf(id) < 0 && document.getElementById(id)) {
        ids.push(id);
        labels.push(link.getAttribute("title") || articleOf(id));
      }
    });
    return { ids: ids, labels: labels };
  }

  function show(index, focusBar) {
    var id = state.ids[index];
    var el = id ? document.getElementById(id) : null;
    if (!el) { return; }
    state.index = index;
    document.querySelectorAll("." + CURRENT).forEach(function (c) { c.classList.remove(CURRENT); });
    el.classList.add(CURRENT);
    reveal(el, true);
    el.scrollIntoView({ block: "center", inline: "nearest" });
    if (bar) {
      bar.hidden = false;
      statusText.textContent = "Source " + (index + 1) + " of " + state.ids.length + ": " + state.labels[index];
      bar.querySelector('[data-step="-1"]').disabled = index === 0;
      bar.querySelector('[data-step="1"]').disabled = index === state.ids.length - 1;
      bar.querySelector('[data-step="back"]').disabled = !state.group;
      if (focusBar) {
        var next = bar.querySelector('[data-step="1"]');
        (next.disabled ? bar.querySelector('[data-step="close"]') : next).focus({ preventScroll: true });
      }
    }
  }

  function activate(group, startId, focusBar) {
    var found = sourcesOf(group);
    clear();
    group.classList.add(ACTIVE);
    state = { group: group, ids: found.ids, labels: found.labels, index: 0 };
    found.ids.forEach(mark);
    if (found.ids.length) {
      show(Math.max(0, found.ids.indexOf(startId)), focusBar);
    }
  }

  function single(id, label, focusBar) {
    clear();
    state = { group: null, ids: [id], labels: [label], index: 0 };
    mark(id);
    show(0, focusBar);
  }

  function close() {
    clear();
    if (bar) { bar.hidden = true; }
    var group = state.group;
    state = { group: null, ids: [], labels: [], index: 0 };
    return group;
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (bar && bar.contains(target)) { return; }
    if (target.closest("summary")) { return; }  // opening "+3 more" or "show all" is not a click on the item
    var link = target.closest("a[href^='#']");
    var group = target.closest(".js-group");
    var id = link ? targetOf(link) : null;
    if (group) {
      activate(group, id, false);
    } else if (id && document.getElementById(id) && document.getElementById(id).classList.contains("src")) {
      single(id, link.getAttribute("title") || articleOf(id), false);
    }
  });

  document.addEventListener("keydown", function (event) {
    var el = event.target;
    if (event.key === "Escape" && bar && !bar.hidden) {
      var group = close();
      if (group) { group.focus(); }
      return;
    }
    if ((event.key === "Enter" || event.key === " ") && el.classList && el.classList.contains("js-group")) {
      event.preventDefault();
      activate(el, null, true);
    }
  });

  if (bar) {
    bar.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || button.disabled) { return; }
      var step = button.getAttribute("data-step");
      if (step === "close") {
        close();
      } else if (step === "back") {
        var group = state.group;
        if (group) {
          group.scrollIntoView({ block: "center" });
          group.focus({ preventScroll: true });
        }
      } else {
        show(state.index + Number(step), false);
      }
    });
  }

  function onHash() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var el = id ? document.getElementById(id) : null;
    if (!el) { return; }
    reveal(el, false);
    if (el.classList.contains("src") && !el.classList.contains(HL)) {
      single(id, articleOf(id), false);
    } else if (!el.classList.contains("src")) {
      el.scrollIntoView({ block: "start" });
    }
  }

  window.addEventListener("hashchange", onHash);
  onHash();
}());
