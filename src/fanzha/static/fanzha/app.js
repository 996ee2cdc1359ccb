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

/* Pages that follow changes made elsewhere (docs/architecture.md, "Pages that keep up").
   Regions marked data-live="TOPIC …" (alerts, funds, notify) are fetched again when a topic changes.
   Every few seconds the page asks the stamps of its topics (<body data-live-stamps="URL">) with the
   ETag of its last answer: the server answers 304 with no body while nothing changed, which is what
   keeps 300 open pages cheap (benchmarks/bench_live_updates.py). When a stamp moves, the page fetches
   itself (or the region's data-live-src) and swaps in the regions of those topics — not one that holds
   the field the user is typing in, which waits for the next change. */
(function () {
  var POLL_MS = 3000;
  var body = document.body;
  var stampsUrl = body && body.dataset.liveStamps;
  if (!stampsUrl) { return; }
  var etag = null, stamps = null, busy = false;

  function topicsOf(el) { return (el.dataset.live || "").split(/\s+/).filter(Boolean); }
  function regions() { return Array.prototype.slice.call(document.querySelectorAll("[data-live][id]")); }
  function allTopics() {
    var seen = {};
    regions().forEach(function (el) { topicsOf(el).forEach(function (t) { seen[t] = true; }); });
    return Object.keys(seen).sort();
  }
  function typingIn(el) {
    var active = document.activeElement;
    if (!active || !el.contains(active) || !active.matches("input, textarea, select")) { return false; }
    return active.type !== "checkbox" && active.type !== "radio" && active.type !== "submit";
  }

  function refresh(changed) {
    var wanted = regions().filter(function (el) {
      return topicsOf(el).some(function (t) { return changed.indexOf(t) >= 0; }) && !typingIn(el);
    });
    var bySource = {};
    wanted.forEach(function (el) {
      var src = el.dataset.liveSrc || window.location.pathname + window.location.search;
      (bySource[src] = bySource[src] || []).push(el);
    });
    return Promise.all(Object.keys(bySource).map(function (src) {
      return fetch(src, { credentials: "same-origin", cache: "no-store", headers: { "X-Live-Refresh": "1" } })
        .then(function (response) { return response.ok && !response.redirected ? response.text() : null; })
        .then(function (html) {
          if (html === null) { return; }
          var fresh = new DOMParser().parseFromString(html, "text/html");
          bySource[src].forEach(function (el) {
            var next = fresh.getElementById(el.id);
            if (!next || typingIn(el)) { return; }
            el.innerHTML = next.innerHTML;
            if (window.htmx) { window.htmx.process(el); }
          });
          if (fresh.title && src === window.location.pathname + window.location.search) { document.title = fresh.title; }
          document.dispatchEvent(new CustomEvent("fanzha:live-swapped"));
        });
    }));
  }

  function poll(force) {
    if (busy) { return; }
    var topics = allTopics();
    if (!topics.length) { return; }
    busy = true;
    var headers = {};
    if (etag && !force) { headers["If-None-Match"] = etag; }
    var url = stampsUrl + "?topics=" + encodeURIComponent(topics.join(",")) +
      "&pass=" + encodeURIComponent(body.dataset.livePass || "");
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: headers })
      .then(function (response) {
        if (response.status !== 200) { return null; }
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (data) {
        if (!data) { return null; }
        var changed = force ? topics : [];
        if (stamps && !force) {
          Object.keys(data).forEach(function (t) { if (data[t] !== stamps[t]) { changed.push(t); } });
        }
        stamps = data;
        return changed.length ? refresh(changed) : null;
      })
      .catch(function () { return null; })
      .then(function () { busy = false; });
  }

  window.fanzhaLiveRefresh = function () { poll(true); };
  setInterval(function () { poll(false); }, POLL_MS);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { poll(false); } });
  document.addEventListener("DOMContentLoaded", function () { poll(false); });
})();

/* Deadlines tick in the browser (还剩 12 分钟 → 超时 1 分钟), worded as the server words them
   (data-span-* on an ancestor, from alerts_tags.span_words); when one runs out, the page fetches its
   live regions again, so the alert moves to the overdue section. A closed alert's deadline has no
   data-due and does not tick. */
(function () {
  function words(el) {
    var holder = el.closest("[data-span-minutes]") || document.querySelector("[data-span-minutes]");
    return holder ? holder.dataset : null;
  }
  function span(minutes, w) {
    minutes = Math.abs(minutes);
    if (minutes < 60) { return w.spanMinutes.replace("9999", String(Math.max(1, Math.round(minutes)))); }
    if (minutes < 48 * 60) {
      var total = Math.round(minutes), hours = Math.floor(total / 60), rest = total % 60;
      return rest ? w.spanHoursMinutes.replace("8888", String(hours)).replace("7777", String(rest))
        : w.spanHours.replace("8888", String(hours));
    }
    return w.spanDays.replace("9999", String(Math.round(minutes / 1440)));
  }
  function tick() {
    var now = Date.now(), ranOut = false;
    document.querySelectorAll(".deadline[data-due]").forEach(function (el) {
      var w = words(el);
      if (!w) { return; }
      var left = (Date.parse(el.dataset.due) - now) / 60000;
      var wasLate = el.classList.contains("overdue");
      if (left < 0) {
        el.textContent = el.dataset.over.replace("{span}", span(left, w));
        el.classList.add("overdue");
        el.classList.remove("soon");
        if (!wasLate) { ranOut = true; }
      } else {
        el.textContent = el.dataset.left.replace("{span}", span(left, w));
        el.classList.toggle("soon", left < 10);
      }
    });
    if (ranOut && window.fanzhaLiveRefresh) { window.fanzhaLiveRefresh(); }
  }
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("fanzha:live-swapped", tick);
  setInterval(tick, 10000);
})();

/* The duty board rings when a high alert arrives that was not on it before (the switch
   data-alert-sound, on by default, remembered in this browser). The tone is made with WebAudio here:
   no sound file, nothing fetched. */
(function () {
  var KEY = "fanzha.alertSound";
  var known = null, audio = null;
  function sw() { return document.querySelector("input[data-alert-sound]"); }
  function highAlerts() {
    var ids = {};
    document.querySelectorAll('[data-alert][data-level="high"]').forEach(function (el) { ids[el.dataset.alert] = true; });
    return ids;
  }
  function beep() {
    document.body.dataset.alertSoundPlayed = String(Number(document.body.dataset.alertSoundPlayed || 0) + 1);
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) { return; }
    audio = audio || new Ctx();
    var at = audio.currentTime;
    [0, 0.25].forEach(function (offset) {
      var osc = audio.createOscillator(), gain = audio.createGain();
      osc.type = "sine";
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.0001, at + offset);
      gain.gain.exponentialRampToValueAtTime(0.3, at + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + offset + 0.18);
      osc.connect(gain).connect(audio.destination);
      osc.start(at + offset);
      osc.stop(at + offset + 0.2);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var box = sw();
    if (!box) { return; }
    box.checked = window.localStorage.getItem(KEY) !== "off";
    box.addEventListener("change", function () { window.localStorage.setItem(KEY, box.checked ? "on" : "off"); });
    known = highAlerts();
  });
  document.addEventListener("fanzha:live-swapped", function () {
    var box = sw();
    if (!box || known === null) { return; }
    var now = highAlerts(), arrived = Object.keys(now).some(function (id) { return !known[id]; });
    known = now;
    if (arrived && box.checked) { beep(); }
  });
})();
