/* The print button of the attendance sheet (no inline handlers: the CSP allows scripts from this site only). */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
