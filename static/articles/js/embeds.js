// Embedded posts (templates/includes/embed.html): each placeholder gets a button that, when
// the reader presses it, replaces the placeholder with the provider's official iframe. Until
// then no request reaches the provider. Without this script the placeholder is a plain link.
// The iframe's address and title come from the page (articles/embeds/providers.py builds the
// address from a validated id); the page's Content-Security-Policy frames only these providers.
(function () {
  "use strict";
  var ALLOWED = /^https:\/\/(www\.youtube-nocookie\.com|platform\.twitter\.com|www\.instagram\.com|www\.tiktok\.com|www\.facebook\.com)\//;

  function load(figure) {
    var src = figure.getAttribute("data-embed-src") || "";
    if (!ALLOWED.test(src)) return;
    var frame = document.createElement("iframe");
    frame.src = src;
    frame.title = figure.getAttribute("data-embed-title") || "";
    frame.className = "embed__frame";
    frame.setAttribute("allow", "encrypted-media; fullscreen; picture-in-picture");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    // The provider's page may run its scripts and open links in a new tab, never navigate ours.
    frame.setAttribute(
      "sandbox",
      "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-presentation"
    );
    var placeholder = figure.querySelector(".embed__placeholder");
    var link = figure.querySelector(".embed__link");
    figure.classList.add("embed--loaded");
    if (placeholder) placeholder.replaceWith(frame);
    else figure.prepend(frame);
    // The link to the original stays under the player.
    if (link) {
      var caption = document.createElement("figcaption");
      caption.className = "embed__caption";
      caption.append(link);
      figure.append(caption);
    }
    frame.focus();
  }

  // Placeholders get their button shown; a press anywhere on one loads its player. Entries a
  // live blog inserts later (static/articles/js/live.js) are prepared as they arrive.
  function prepare(root) {
    root.querySelectorAll("figure.embed[data-embed-src] .embed__load").forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".embed__load");
    var figure = button && button.closest("figure.embed[data-embed-src]");
    if (figure) load(figure);
  });
  prepare(document);
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) {
        if (node.nodeType === 1) prepare(node);
      });
    });
  }).observe(document.body, { childList: true, subtree: true });
})();
