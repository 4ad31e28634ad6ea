// Counts one read of the article for the "most read" block (articles/public/reads.py): once
// the page is shown, one beacon to the address in this script's data-read-url. No cookie, no
// identifier: the page stays one cached page for everyone. A page opened in a background tab
// counts when it is first shown; staff previews do not load this script.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-read-url");
  if (!url || !navigator.sendBeacon) return;
  var sent = false;

  function send() {
    if (sent || document.visibilityState !== "visible") return;
    sent = true;
    document.removeEventListener("visibilitychange", send);
    navigator.sendBeacon(url);
  }

  document.addEventListener("visibilitychange", send);
  send();
})();
