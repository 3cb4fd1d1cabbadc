/* Attendance form: the "represented by" box is only needed, and then required, when "represented" is chosen. */
(function () {
  "use strict";
  var REPRESENTED = "diwakili";
  function sync(select) {
    var box = document.querySelector('[data-represented-for="' + select.dataset.attendance + '"]');
    if (!box) { return; }
    var needed = select.value === REPRESENTED;
    box.disabled = !needed;
    box.required = needed;
    box.closest("td").classList.toggle("opacity-50", !needed);
  }
  document.querySelectorAll("select[data-attendance]").forEach(function (select) {
    sync(select);
    select.addEventListener("change", function () { sync(select); });
  });
})();
