// Ticking a ten-household group (or choosing a grid) ticks all its households; the count follows.
(function () {
  "use strict";
  function boxes(root) { return root.querySelectorAll("input[name=households]"); }
  function recount() {
    var form = document.getElementById("activity-form");
    if (!form) { return; }
    var n = form.querySelectorAll("input[name=households]:checked").length;
    form.querySelectorAll(".picked-count").forEach(function (el) { el.textContent = String(n); });
  }
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!(el instanceof HTMLElement)) { return; }
    if (el.classList.contains("group-all")) {
      var group = el.getAttribute("data-group");
      boxes(document).forEach(function (box) {
        if (box.getAttribute("data-group") === group) { box.checked = el.checked; }
      });
    } else if (el.classList.contains("grid-pick")) {
      var grid = el.value;
      boxes(document).forEach(function (box) {
        if (grid && box.getAttribute("data-grid") === grid) { box.checked = true; }
      });
    }
    recount();
  });
  document.addEventListener("htmx:afterSwap", recount);
  document.addEventListener("DOMContentLoaded", recount);
})();
