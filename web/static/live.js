// Progressive enhancement only: every page works without it (live pages reload by themselves
// through a <noscript> refresh). With it, a [data-live] region is fetched again every few
// seconds and swapped in place, and the browser's time zone is remembered for showing times.
(function () {
  "use strict";
  var EVERY_MS = 3000;
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    // Written again whenever it changes: a member who travels sees the zone they are in.
    if (zone && document.cookie.split("; ").indexOf("tz=" + encodeURIComponent(zone)) === -1) {
      document.cookie = "tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
    }
  } catch (e) { /* no Intl: times stay in UTC */ }

  function start() {
    var region = document.querySelector("[data-live]");
    if (!region || !window.fetch || !window.DOMParser) { return; }
    var source = region.getAttribute("data-live") || window.location.href;
    var busy = false;
    window.setInterval(function () {
      if (busy) { return; }
      busy = true;
      window.fetch(source, { credentials: "same-origin", headers: { "X-Live": "1" } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(region.id);
          if (fresh && fresh.innerHTML !== region.innerHTML) { region.innerHTML = fresh.innerHTML; }
        })
        .catch(function () { /* offline a moment: try again next time */ })
        .then(function () { busy = false; });
    }, EVERY_MS);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
