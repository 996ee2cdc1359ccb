/* Behaviour every page may use, declared in the markup: the Content-Security-Policy runs no inline
   handler (onclick="…"), so templates say what they want with data- attributes instead.
   data-check-all="SELECTOR"  a checkbox that ticks or clears every checkbox matching SELECTOR
   data-submit-on-change      a select that submits its form when the choice changes */
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target.matches("input[type=checkbox][data-check-all]")) {
    document.querySelectorAll(target.dataset.checkAll).forEach(function (box) {
      box.checked = target.checked;
    });
  } else if (target.matches("select[data-submit-on-change]") && target.form) {
    target.form.requestSubmit ? target.form.requestSubmit() : target.form.submit();
  }
});
