// The resident picker: clicking a search result fills the victim's resident id.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-resident]");
  if (!button) return;
  var input = document.getElementById("id_victim_resident");
  input.value = button.dataset.resident;
  document.getElementById("resident-picked").textContent = button.dataset.label;
  document.getElementById("resident-results").innerHTML = "";
});
