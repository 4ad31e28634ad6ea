// A running live blog (templates/includes/live_blog.html): every few seconds asks the live
// endpoint (articles/public/live.py) what changed since the newest entry shown, inserts the new
// entries on top (under the pinned one), replaces edited ones, removes withdrawn ones, and
// announces new entries in the polite live region. When the coverage has ended it says so and
// stops. Without this script a reload shows the same entries. No cookie is sent: the answers
// are the same for every reader and cached.
(function () {
  "use strict";
  var blog = document.querySelector(".live-blog[data-live-url]");
  if (!blog || !window.fetch) return;
  var list = blog.querySelector("[data-live-entries]");
  var announcer = blog.querySelector("[data-live-announcer]");
  var status = blog.querySelector(".live-blog__status");
  var since = parseInt(blog.dataset.liveSince, 10) || 0;
  var seconds = Math.max(1, parseInt(blog.dataset.liveSeconds, 10) || 15);
  var timer = null;
  var stopped = false;

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    return template.content.firstElementChild;
  }

  function entryById(id) {
    return list.querySelector('[data-live-entry="' + id + '"]');
  }

  function pinnedEntry() {
    return list.querySelector(".live-entry--pinned");
  }

  function insertNew(entries) {
    // The answer lists them newest first: inserted oldest first, each on top.
    for (var i = entries.length - 1; i >= 0; i--) {
      var item = entries[i];
      if (entryById(item.id)) continue;
      var element = fragment(item.html);
      element.classList.add("live-entry--new");
      var pinned = pinnedEntry();
      if (pinned && !item.pinned) {
        pinned.after(element);
      } else {
        list.prepend(element);
      }
    }
    var empty = list.querySelector("[data-live-empty]");
    if (empty && entries.length) empty.remove();
  }

  function replaceEdited(edited) {
    edited.forEach(function (item) {
      var current = entryById(item.id);
      if (current && current.dataset.edited !== String(item.edited)) {
        current.replaceWith(fragment(item.html));
      }
    });
  }

  function removeWithdrawn(ids) {
    ids.forEach(function (id) {
      var current = entryById(id);
      if (current) current.remove();
    });
  }

  function placePinned(id) {
    var pinned = pinnedEntry();
    var wanted = id ? entryById(id) : null;
    if (pinned && pinned !== wanted) {
      pinned.classList.remove("live-entry--pinned");
      var mark = pinned.querySelector(".live-entry__pin");
      if (mark) {
        var separator = mark.nextElementSibling;
        mark.remove();
        if (separator && separator.getAttribute("aria-hidden") === "true") separator.remove();
      }
    }
    if (wanted && !wanted.classList.contains("live-entry--pinned")) {
      wanted.classList.add("live-entry--pinned");
      var meta = wanted.querySelector(".live-entry__meta");
      var label = document.createElement("strong");
      label.className = "live-entry__pin";
      label.textContent = blog.dataset.pinned;
      var dot = document.createElement("span");
      dot.setAttribute("aria-hidden", "true");
      dot.textContent = " · ";
      meta.prepend(label, dot);
    }
    if (wanted && wanted !== list.firstElementChild) list.prepend(wanted);
  }

  function announce(count) {
    if (!count) return;
    // "New entries in the live coverage:" and the number: no plural forms to choose from.
    var text = count === 1 ? blog.dataset.announceOne : blog.dataset.announceMany + " " + count;
    // Emptied first so that the same words twice are announced twice.
    announcer.textContent = "";
    window.setTimeout(function () {
      announcer.textContent = text;
    }, 100);
  }

  function ended() {
    window.clearTimeout(timer);
    timer = null;
    stopped = true;
    blog.classList.remove("live-blog--running");
    var badge = blog.querySelector(".live-blog__badge");
    if (badge) badge.remove();
    status.textContent = blog.dataset.ended;
    status.classList.add("live-blog__status--ended");
    announcer.textContent = blog.dataset.ended;
  }

  function poll() {
    timer = null;
    fetch(blog.dataset.liveUrl + "?since=" + since, {
      headers: { Accept: "application/json" },
      credentials: "omit",
    })
      .then(function (response) {
        if (response.status === 404 || response.status === 410) {
          // The article is no longer public: nothing more will come.
          stopped = true;
          return null;
        }
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        if (data === null) return;
        removeWithdrawn(data.withdrawn || []);
        replaceEdited(data.edited || []);
        insertNew(data.entries || []);
        placePinned(data.pinned);
        since = Math.max(since, data.latest || 0);
        announce((data.entries || []).length);
        if (data.live === false) {
          ended();
          return;
        }
        schedule();
      })
      .catch(function () {
        // A network error or a passing server error: ask again later, no message.
        schedule();
      });
  }

  function schedule() {
    if (timer === null && !stopped) timer = window.setTimeout(poll, seconds * 1000);
  }

  // A tab in the background asks no more; back in front, it asks at once.
  document.addEventListener("visibilitychange", function () {
    if (stopped) return;
    if (document.hidden) {
      window.clearTimeout(timer);
      timer = null;
    } else if (timer === null) {
      poll();
    }
  });
  schedule();
})();
