// Catalogue enhancement; the page works the same without this script (the "Show measures" button sends the form).
// 1. Filters apply as you choose: a changed option fetches the same page for the new address and puts its results,
//    its counts beside the options and its "show the results" link in place; the focus stays where it is, the
//    address follows (so it can be shared or reloaded) and a status line says how many measures there are now.
// 2. Empty filters are left out of the address, so shared links stay short and readable.
// 3. After the form was sent with its button, focus moves to the result count so keyboard and screen-reader users
//    hear what changed.
(function () {
  "use strict";
  var form = document.querySelector("form.catalogue-filters");
  if (!form) return;

  function query() {
    var parts = [];
    var fields = form.elements;
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      if (!field.name || field.disabled || field.value === "") continue;
      if ((field.type === "checkbox" || field.type === "radio") && !field.checked) continue;
      parts.push(encodeURIComponent(field.name) + "=" + encodeURIComponent(field.value));
    }
    return parts.join("&");
  }

  form.addEventListener("submit", function () {
    var fields = form.querySelectorAll("input, select");
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      var empty = field.value === "" && field.type !== "checkbox" && field.type !== "radio";
      var emptyChoice = (field.type === "radio") && field.checked && field.value === "";
      if (field.name && (empty || emptyChoice)) field.disabled = true;
    }
  });

  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  form.parentNode.insertBefore(status, form);

  var pending = null;
  function apply() {
    var address = window.location.pathname + "?" + query();
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(address, { signal: pending.signal, headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var results = page.querySelector(".catalogue-results");
        var current = document.querySelector(".catalogue-results");
        if (!results || !current) return;
        current.innerHTML = results.innerHTML;
        var counts = page.querySelectorAll("form.catalogue-filters .option label");
        for (var i = 0; i < counts.length; i++) {
          var mine = document.querySelector('form.catalogue-filters label[for="' + counts[i].htmlFor + '"]');
          if (mine) mine.innerHTML = counts[i].innerHTML;
        }
        var jump = page.querySelector(".jump-to-results");
        var myJump = document.querySelector(".jump-to-results");
        if (jump && myJump) myJump.innerHTML = jump.innerHTML;
        var heading = document.getElementById("results-heading");
        if (heading) status.textContent = heading.textContent.replace(/\s+/g, " ").trim();
        window.history.replaceState(null, "", address);
      })
      .catch(function () {
        // The button still sends the form; nothing is lost when the fetch fails or is replaced by a newer one.
      });
  }

  form.addEventListener("change", function (event) {
    if (event.target && event.target.name) apply();
  });

  if (!window.location.search || !document.referrer) return;
  try {
    if (new URL(document.referrer).pathname !== window.location.pathname) return;
  } catch (e) {
    return;
  }
  var heading = document.getElementById("results-heading");
  if (heading) heading.focus({ preventScroll: false });
})();
