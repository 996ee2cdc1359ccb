// Ticks the 48 h stop-payment countdowns rendered by the server (剩余 HH:MM); no reload needed.
(function () {
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var now = Date.now();
    document.querySelectorAll(".countdown[data-expires]").forEach(function (el) {
      var left = Math.max(0, Math.floor((Date.parse(el.dataset.expires) - now) / 60000));
      var out = el.querySelector("[data-left]");
      if (out) { out.textContent = pad(Math.floor(left / 60)) + ":" + pad(left % 60); }
      el.classList.toggle("soon", left < 360);
      el.classList.toggle("overdue", left === 0);
    });
  }
  document.addEventListener("DOMContentLoaded", tick);
  setInterval(tick, 20000);
})();
