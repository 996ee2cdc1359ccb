/* Behaviour every page may use, declared in the markup: the Content-Security-Policy runs no inline
   handler (onclick="…"), so templates say what they want with data- attributes instead.
   data-check-all="SELECTOR"  a checkbox that ticks or clears every checkbox matching SELECTOR
   data-submit-on-change      a select that submits its form when the choice changes
   data-follows="NAME"        a select whose options carry data-NAME (e.g. the village select with
                              data-township on each village) offers only the options of the choice
                              made in the form's select NAME; the empty option always stays */
(function () {
  "use strict";

  function follow(select) {
    var name = select.dataset.follows;
    var leader = select.form && select.form.elements.namedItem(name);
    if (!leader || !leader.tagName || leader.tagName !== "SELECT") { return; }
    var chosen = leader.value;
    Array.prototype.forEach.call(select.options, function (option) {
      var owner = option.getAttribute("data-" + name);
      var offered = !option.value || !chosen || owner === null || owner === chosen;
      option.hidden = !offered;
      option.disabled = !offered;
      if (!offered && option.selected) { select.value = ""; }
    });
  }

  function followersOf(leader) {
    if (!leader.form || !leader.name) { return []; }
    return Array.prototype.filter.call(leader.form.querySelectorAll("select[data-follows]"), function (s) {
      return s.dataset.follows === leader.name;
    });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("input[type=checkbox][data-check-all]")) {
      document.querySelectorAll(target.dataset.checkAll).forEach(function (box) {
        box.checked = target.checked;
      });
    } else if (target.matches("select[data-submit-on-change]") && target.form) {
      target.form.requestSubmit ? target.form.requestSubmit() : target.form.submit();
    }
    if (target.matches("select")) { followersOf(target).forEach(follow); }
  });

  function start() {
    document.querySelectorAll("select[data-follows]").forEach(follow);
    // On a phone the sections scroll sideways in one row: bring the open one into view.
    var nav = document.querySelector("header.top nav");
    var active = nav && nav.querySelector("a.active");
    if (active && nav.scrollWidth > nav.clientWidth) {
      nav.scrollLeft = active.offsetLeft - (nav.clientWidth - active.offsetWidth) / 2;
    }
  }
  if (document.readyState !== "loading") { start(); } else { document.addEventListener("DOMContentLoaded", start); }
})();
