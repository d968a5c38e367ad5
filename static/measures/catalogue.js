// Catalogue enhancement: after the filters are applied, move focus to the result count so keyboard and
// screen-reader users hear what changed. The page works the same without this script.
(function () {
  "use strict";
  if (!window.location.search || !document.referrer) return;
  try {
    if (new URL(document.referrer).pathname !== window.location.pathname) return;
  } catch (e) {
    return;
  }
  var heading = document.getElementById("results-heading");
  if (heading) heading.focus({ preventScroll: false });
})();
