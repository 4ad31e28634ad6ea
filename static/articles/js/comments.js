// Readers' comments (templates/includes/comments.html): fetches the form's signed token when
// the reader starts typing (the server stamps it with its own time for the minimum-time rule;
// each token serves one comment, so a new one is fetched when the reader types the next), sends the comment with fetch and shows the answer in the live
// region; shows the reply buttons. Without this script the form posts normally and the server
// answers with a small page. The page itself carries no token and no cookie: it is cached.
(function () {
  "use strict";
  var form = document.querySelector(".comment-form[data-token-url]");
  if (!form || !window.fetch) return;
  var tokenInput = form.elements.token;
  var parentInput = form.elements.parent;
  var status = form.querySelector(".comment-form__status");
  var submit = form.querySelector(".comment-form__submit");
  var replying = form.querySelector(".comment-form__replying");
  var replyingText = form.querySelector(".comment-form__replying-text");
  var tokenFetched = 0;
  var tokenMaxAge = 3600;
  var pending = null;

  function fetchToken() {
    if (pending) return pending;
    pending = fetch(form.dataset.tokenUrl, { headers: { Accept: "application/json" }, credentials: "omit" })
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) throw new Error(data.error || form.dataset.failed);
          tokenInput.value = data.token;
          tokenFetched = Date.now();
          tokenMaxAge = data.max_age || tokenMaxAge;
          return data.token;
        });
      })
      .finally(function () {
        pending = null;
      });
    return pending;
  }

  function freshToken() {
    var age = (Date.now() - tokenFetched) / 1000;
    if (tokenInput.value && age < tokenMaxAge - 60) return Promise.resolve(tokenInput.value);
    return fetchToken();
  }

  function show(message, refused) {
    status.textContent = message;
    status.classList.toggle("comment-form__status--refused", Boolean(refused));
  }

  function fetchWhenTyping() {
    form.addEventListener(
      "input",
      function () {
        freshToken().catch(function (error) {
          show(error.message, true);
        });
      },
      { once: true }
    );
  }
  fetchWhenTyping();

  function send(retry) {
    return fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "omit",
    }).then(function (response) {
      return response.json().then(function (data) {
        if (response.ok) return data.message;
        if (data.code === "token" && retry) {
          tokenInput.value = "";
          return fetchToken().then(function () {
            return send(false);
          });
        }
        throw new Error(data.error || form.dataset.failed);
      });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!form.reportValidity()) return;
    submit.disabled = true;
    show(form.dataset.sending, false);
    freshToken()
      .then(function () {
        return send(true);
      })
      .then(function (message) {
        form.elements.body.value = "";
        // The token is spent: the next comment gets its own when the reader types it.
        tokenInput.value = "";
        fetchWhenTyping();
        cancelReply();
        show(message, false);
      })
      .catch(function (error) {
        show(error && error.message ? error.message : form.dataset.failed, true);
      })
      .finally(function () {
        submit.disabled = false;
      });
  });

  function cancelReply() {
    parentInput.value = "";
    replying.hidden = true;
  }

  form.querySelector(".comment-form__cancel-reply").addEventListener("click", cancelReply);
  document.querySelectorAll("[data-reply-to]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      parentInput.value = button.dataset.replyTo;
      replyingText.textContent = replyingText.dataset.label + " " + button.dataset.replyName;
      replying.hidden = false;
      form.elements.name.focus();
    });
  });
})();
