// Tells the server that this change page is open (a heartbeat every few seconds) and shows
// who else has the article open. No inline script: the URL and the period come from the
// data- attributes of .editing-presence; the CSRF token from the page's forms.
(function () {
  "use strict"
  const box = document.querySelector(".editing-presence[data-presence-url]")
  if (!box) return
  const url = box.dataset.presenceUrl
  const seconds = Number(box.dataset.heartbeatSeconds) || 30
  const list = box.querySelector(".editing-presence__list")

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]")
    return input ? input.value : ""
  }

  function show(others) {
    list.replaceChildren(
      ...others.map((text) => {
        const item = document.createElement("li")
        item.textContent = text
        return item
      }),
    )
    box.classList.toggle("editing-presence--empty", others.length === 0)
  }

  let timer = null

  function beat() {
    const body = new FormData()
    body.append("csrfmiddlewaretoken", csrfToken())
    // A redirect means the session ended (the heartbeat does not keep it alive): stop.
    fetch(url, { method: "POST", body, credentials: "same-origin", redirect: "manual" })
      .then((response) => {
        if (response.type === "opaqueredirect") {
          window.clearInterval(timer)
          return null
        }
        return response.ok ? response.json() : null
      })
      .then((data) => data && show(data.others))
      .catch(() => {})
  }

  beat()
  timer = window.setInterval(beat, seconds * 1000)
  window.addEventListener("pagehide", () => {
    const body = new FormData()
    body.append("csrfmiddlewaretoken", csrfToken())
    body.append("leave", "1")
    navigator.sendBeacon(url, body)
  })
})()
