// When a form comes back with errors, move the keyboard focus to the first invalid field (or, if
// the errors belong to no field, to the form's error summary) so that keyboard and screen-reader
// users land where the problem is. Loaded with <script defer> from base.html: the
// Content-Security-Policy forbids inline scripts.
(function () {
  "use strict";
  var main = document.getElementById("main");
  if (!main) {
    return;
  }
  var target = main.querySelector('[aria-invalid="true"]:not([type="hidden"]):not([disabled])');
  if (!target) {
    target = main.querySelector(".form-errors");
    if (target && !target.hasAttribute("tabindex")) {
      target.setAttribute("tabindex", "-1");
    }
  }
  if (target) {
    target.focus();
    if (target.scrollIntoView) {
      target.scrollIntoView({ block: "center" });
    }
  }
})();
