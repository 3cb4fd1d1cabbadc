/* Searchable, dependent region pickers (Tom Select, vendored; no inline script, no eval: CSP-safe).

   A <select data-region-select> becomes a search box over its options (a desa list of 1,552 entries, a field
   report's 374 areas). With data-region-parent="<field name>" its options follow another field of the same form:
   only regions whose code starts with a chosen parent code are offered (Kemendagri codes nest: kecamatan
   36.71.08 lies in kab/kota 36.71, desa 36.71.08.1001 in that kecamatan), and a chosen region whose parent is
   unticked is dropped. The parent may be checkboxes, a select or another region picker, so kab/kota → kecamatan
   → desa chains. Without JavaScript the plain <select> still works.

   Tom Select itself (52 kB of script, 16 kB of style) is fetched only when a page has such a picker: the URLs
   come from this script's data-tom-select-js/-css attributes; the style goes before portal.css, so the portal's
   own rules still win, and the pickers are enhanced once both have arrived. */
(function () {
  "use strict";
  var self = document.currentScript;
  var waiting = null;  // callbacks queued while Tom Select loads; null before the first request

  function withTomSelect(ready) {
    if (typeof TomSelect !== "undefined") { ready(); return; }
    if (waiting) { waiting.push(ready); return; }
    if (!self || !self.dataset.tomSelectJs) { return; }
    waiting = [ready];
    var pending = 2;
    function arrived() {
      pending -= 1;
      if (pending) { return; }
      var queued = waiting;
      waiting = [];
      queued.forEach(function (callback) { callback(); });
    }
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = self.dataset.tomSelectCss;
    style.addEventListener("load", arrived);
    style.addEventListener("error", arrived);
    var portal = document.querySelector('link[rel="stylesheet"][href*="css/portal"]');
    document.head.insertBefore(style, portal || null);
    var script = document.createElement("script");
    script.src = self.dataset.tomSelectJs;
    script.addEventListener("load", arrived);
    script.addEventListener("error", arrived);
    document.head.appendChild(script);
  }

  function parentCodes(form, name) {
    var codes = [];
    form.querySelectorAll('[name="' + name + '"]').forEach(function (field) {
      if (field.tagName === "SELECT") {
        Array.prototype.forEach.call(field.selectedOptions, function (option) {
          if (option.value) { codes.push(option.value); }
        });
      } else if ((field.type === "checkbox" || field.type === "radio") ? field.checked : field.value) {
        codes.push(field.value);
      }
    });
    return codes;
  }

  function follow(select, control) {
    var form = select.form;
    var parentName = select.dataset.regionParent;
    if (!form || !parentName) { return; }
    var all = Object.keys(control.options).map(function (key) { return Object.assign({}, control.options[key]); });
    var empty = select.dataset.regionEmpty || "";

    function apply() {
      var codes = parentCodes(form, parentName);
      var allowed = function (value) {
        return value === "" || codes.some(function (code) { return value === code || value.indexOf(code + ".") === 0; });
      };
      [].concat(control.getValue()).forEach(function (value) {
        if (!allowed(value)) { control.removeItem(value, true); }
      });
      control.clearOptions(function () { return false; });
      all.forEach(function (option) {
        if (allowed(option.value)) { control.addOption(option); }
        else { control.removeOption(option.value); }
      });
      control.refreshOptions(false);
      if (codes.length) { control.enable(); control.settings.placeholder = select.dataset.regionPlaceholder || ""; }
      else { control.disable(); control.settings.placeholder = empty; }
      control.inputState();
      var hint = document.getElementById(select.id + "-parent-hint");
      if (hint) { hint.hidden = codes.length > 0; }
    }

    form.querySelectorAll('[name="' + parentName + '"]').forEach(function (field) {
      field.addEventListener("change", apply);
    });
    apply();
  }

  function enhance(select) {
    if (select.tomselect || typeof TomSelect === "undefined") { return; }
    var multiple = select.multiple;
    var control = new TomSelect(select, {
      plugins: multiple ? ["remove_button"] : [],
      maxOptions: 400,
      allowEmptyOption: !multiple,
      hidePlaceholder: false,
      placeholder: select.dataset.regionPlaceholder || "",
      searchField: ["text", "value"],
      // Options keep the order of the server (by code), not the order of the match score.
      sortField: [{field: "$order"}, {field: "$score"}],
      render: {
        no_results: function () {
          var message = document.createElement("div");
          message.className = "no-results";
          message.textContent = document.body.dataset.noResults || "";
          return message;
        },
      },
    });
    // The visible search box now carries the label (Tom Select moves <label for> to it); the original <select>
    // stays in the form for submitting only, out of the tab order and hidden from screen readers.
    select.setAttribute("tabindex", "-1");
    select.setAttribute("aria-hidden", "true");
    follow(select, control);
  }

  function enhanceAll(root) {
    var selects = (root || document).querySelectorAll("select[data-region-select]");
    if (!selects.length) { return; }
    withTomSelect(function () { selects.forEach(enhance); });
  }

  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  document.body.addEventListener("htmx:afterSettle", function (event) { enhanceAll(event.target); });
  if (document.readyState !== "loading") { enhanceAll(document); }
})();
