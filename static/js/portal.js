/* Portal-wide behaviour loaded by base.html (no inline scripts: the CSP forbids them).

   Scroll areas: a table wider than the screen sits in a .table-responsive (or .overflow-auto) box that scrolls
   sideways. A keyboard user can only scroll it if it can take focus, and a screen reader needs its name, so every
   such box that actually scrolls becomes a named tab stop; one that no longer scrolls (a wider window) stops
   being one. Run on load, after every htmx swap and when the window is resized. */
(function () {
  "use strict";

  var SELECTOR = ".table-responsive, .overflow-auto, .overflow-x-auto, [data-scroll-area]";

  function nameOf(box) {
    var table = box.querySelector("table");
    if (table) {
      var caption = table.querySelector("caption");
      if (caption && caption.textContent.trim()) { return caption.textContent.trim(); }
      if (table.getAttribute("aria-label")) { return table.getAttribute("aria-label"); }
    }
    // The nearest heading before the box names what it shows.
    var node = box;
    while (node && node !== document.body) {
      var sibling = node.previousElementSibling;
      while (sibling) {
        if (/^H[1-6]$/.test(sibling.tagName)) { return sibling.textContent.trim(); }
        var inner = sibling.querySelectorAll ? sibling.querySelectorAll("h1, h2, h3, h4, h5, h6") : [];
        if (inner.length) { return inner[inner.length - 1].textContent.trim(); }
        sibling = sibling.previousElementSibling;
      }
      node = node.parentElement;
    }
    return document.title.split("·")[0].trim();
  }

  // A table not already in a scroller gets one, so a wide table scrolls inside the page instead of the page
  // scrolling sideways on a phone.
  function wrapWideTables(root) {
    (root || document).querySelectorAll("main table").forEach(function (table) {
      if (table.closest(SELECTOR) || table.closest(".leaflet-container")) { return; }
      var box = document.createElement("div");
      box.className = "table-responsive";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
  }

  function markScrollAreas(root) {
    wrapWideTables(root);
    var boxes = (root || document).querySelectorAll(SELECTOR);
    boxes.forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroll-area-marked", "");
        box.classList.add("scroll-area");
        // A list keeps its own role (its items must stay in a list); other boxes become a named region.
        if (!box.hasAttribute("role") && box.tagName !== "UL" && box.tagName !== "OL") {
          box.setAttribute("role", "region");
        }
        if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
          // The word comes translated from the template (body data-scroll-label).
          box.setAttribute("aria-label", nameOf(box) + " (" + (document.body.dataset.scrollLabel || "") + ")");
        }
      } else if (!scrolls && box.hasAttribute("data-scroll-area-marked")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-area-marked");
        box.classList.remove("scroll-area");
      }
    });
  }

  var pending = null;
  function later() {
    if (pending) { window.clearTimeout(pending); }
    pending = window.setTimeout(function () { pending = null; markScrollAreas(document); }, 100);
  }

  document.addEventListener("DOMContentLoaded", function () { markScrollAreas(document); });
  window.addEventListener("load", function () { markScrollAreas(document); });
  // At once on resize (a phone turned sideways): a few boxes to measure, cheap enough for every resize event.
  window.addEventListener("resize", function () { markScrollAreas(document); });
  document.body.addEventListener("htmx:afterSettle", later);
  window.portalMarkScrollAreas = markScrollAreas;
})();
