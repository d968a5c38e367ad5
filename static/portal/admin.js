// Accessibility mends for Django's admin, on every admin page (templates/admin/base_site.html). The admin needs
// JavaScript anyway; each mend gives a form control the name a screen reader reads, from text already on the page.
(function () {
  "use strict";

  function named(control) {
    if (control.getAttribute("aria-label") || control.getAttribute("aria-labelledby")) return true;
    if (control.id && document.querySelector('label[for="' + CSS.escape(control.id) + '"]')) return true;
    return control.closest("label") !== null;
  }

  // A tabular inline has one header per column and no label per row: each field is named by its column's header.
  function nameTabularFields(root) {
    root.querySelectorAll(".inline-group .tabular table").forEach(function (table) {
      var headers = table.querySelectorAll("thead th");
      table.querySelectorAll("tbody tr.form-row").forEach(function (row) {
        row.querySelectorAll("td").forEach(function (cell) {
          var match = /(?:^|\s)field-([\w-]+)/.exec(cell.className);
          if (!match) return;
          var header = table.querySelector("thead th.column-" + match[1]);
          if (!header && headers.length) header = headers[cell.cellIndex] || null;
          var text = header ? header.textContent.replace(/\s+/g, " ").trim() : "";
          if (!text) return;
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (control) {
            if (!named(control)) control.setAttribute("aria-label", text);
          });
        });
        var remove = row.querySelector("td.delete input[type=checkbox]");
        if (remove && !named(remove)) remove.setAttribute("aria-label", gettextOr("Delete"));
      });
    });
  }

  function gettextOr(text) {
    return typeof window.gettext === "function" ? window.gettext(text) : text;
  }

  // A date and time field has two inputs; the field's label names the first, the text before each names its part.
  function nameSplitDateTimes(root) {
    root.querySelectorAll("p.datetime").forEach(function (box) {
      var row = box.closest(".form-row, .fieldBox");
      var label = row ? row.querySelector("label") : null;
      var field = label ? label.textContent.replace(/[:\s]+$/, "").trim() : "";
      box.querySelectorAll("input").forEach(function (input) {
        if (named(input)) return;
        var before = input.previousSibling;
        var part = before && before.nodeType === Node.TEXT_NODE ? before.textContent.replace(/[:\s]+$/, "").trim() : "";
        input.setAttribute("aria-label", [field, part].filter(Boolean).join(", "));
      });
    });
  }

  // Select2 (autocomplete fields) names its box by the chosen value only: add the field's label, or its column.
  function nameAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var box = select.parentNode.querySelector('[aria-labelledby="select2-' + select.id + '-container"]');
      if (!box) return;
      var label = select.id ? document.querySelector('label[for="' + CSS.escape(select.id) + '"]') : null;
      var chosen = document.getElementById("select2-" + select.id + "-container");
      if (label) {
        if (!label.id) label.id = select.id + "-label";
        box.setAttribute("aria-labelledby", label.id + " select2-" + select.id + "-container");
        // The box showing the choice is read as a text box of its own: the label names it too, then the choice.
        if (chosen) chosen.setAttribute("aria-labelledby", label.id + " " + chosen.id);
      } else if (select.getAttribute("aria-label")) {
        box.setAttribute("aria-label", select.getAttribute("aria-label"));
        box.removeAttribute("aria-labelledby");
      }
    });
  }

  // The filter of a "choose several" box carries its help as aria-label on a plain span: make it an image.
  function nameTooltips(root) {
    root.querySelectorAll("span.help-tooltip[aria-label]").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  function mend() {
    nameTabularFields(document);
    nameSplitDateTimes(document);
    nameAutocompletes(document);
    nameTooltips(document);
  }

  // Django's widgets build their parts on "load" and when a form is added to an inline: mend after them.
  window.addEventListener("load", function () {
    window.setTimeout(mend, 0);
  });
  document.addEventListener("formset:added", function () {
    window.setTimeout(mend, 0);
  });
})();
