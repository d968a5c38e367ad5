// Catalogue enhancement; the page works the same without this script.
// 1. Empty filters are left out of the address on submit, so shared links stay short and readable.
// 2. After the filters are applied, focus moves to the result count so keyboard and screen-reader users hear
//    what changed.
(function () {
  "use strict";
  var form = document.querySelector("form.catalogue-filters");
  if (form) {
    form.addEventListener("submit", function () {
      var fields = form.querySelectorAll("input, select");
      for (var i = 0; i < fields.length; i++) {
        var field = fields[i];
        var empty = field.value === "" && field.type !== "checkbox" && field.type !== "radio";
        var emptyChoice = (field.type === "radio") && field.checked && field.value === "";
        if (field.name && (empty || emptyChoice)) field.disabled = true;
      }
    });
  }
  if (!window.location.search || !document.referrer) return;
  try {
    if (new URL(document.referrer).pathname !== window.location.pathname) return;
  } catch (e) {
    return;
  }
  var heading = document.getElementById("results-heading");
  if (heading) heading.focus({ preventScroll: false });
})();
