// Autosave of the article form (articles/admin/autosave.py). Every few seconds, when the form
// differs from what was last sent, its fields go to the server as this person's copy (never
// over the article). A copy kept from an earlier visit (a closed tab, an ended session) is
// offered back: restore or discard. Leaving the page with unsaved changes asks first.
// No inline script: the endpoint, the period, the article, its version and the copy come from
// the data- attributes of .autosave; the strings from Django's JavaScript catalogue.
(function () {
  "use strict"
  const box = document.querySelector(".autosave[data-autosave-url]")
  const form = document.getElementById("article_form")
  if (!box || !form) return
  const gettext = window.gettext || ((text) => text)
  const interpolate =
    window.interpolate ||
    ((format, values) => format.replace(/%\((\w+)\)s/g, (_, key) => values[key]))

  const url = box.dataset.autosaveUrl
  const seconds = Number(box.dataset.autosaveSeconds) || 5
  const articleId = box.dataset.article ? Number(box.dataset.article) : null
  const version = box.dataset.version ? Number(box.dataset.version) : null
  const status = box.querySelector(".autosave__status")
  const FORM_FIELD = "_autosave_form"
  // Never part of a copy: the form's own bookkeeping.
  const SKIPPED = new Set(["csrfmiddlewaretoken", "loaded_version", FORM_FIELD])

  let formId = box.dataset.form || newFormId()
  let offerOpen = false
  let submitting = false
  let stopped = false

  function newFormId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID()
    return "f-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12)
  }

  function csrfToken() {
    const input = form.querySelector("input[name=csrfmiddlewaretoken]")
    return input ? input.value : ""
  }

  function copied(element) {
    if (!element.name || element.disabled || SKIPPED.has(element.name)) return false
    return !["submit", "button", "reset", "file", "image"].includes(element.type)
  }

  // {name: text or [texts]} as the form would send it, and the text of chosen options.
  function snapshot() {
    const fields = {}
    const labels = {}
    for (const element of form.elements) {
      if (!copied(element)) continue
      let values
      if (element.type === "checkbox" || element.type === "radio") {
        values = element.checked ? [element.value] : []
      } else if (element.tagName === "SELECT") {
        const chosen = Array.from(element.selectedOptions)
        values = chosen.map((option) => option.value)
        for (const option of chosen) {
          labels[element.name] = labels[element.name] || {}
          labels[element.name][option.value] = option.textContent
        }
      } else {
        values = [element.value]
      }
      if (!values.length) continue
      const known = fields[element.name]
      if (known === undefined) fields[element.name] = values.length === 1 ? values[0] : values
      else fields[element.name] = [].concat(known, values)
    }
    return { fields, labels }
  }

  function serialised() {
    return JSON.stringify(snapshot().fields)
  }

  const initial = serialised()
  let lastSent = initial

  function changed() {
    return serialised() !== initial
  }

  function post(payload) {
    return fetch(url, {
      method: "POST",
      body: JSON.stringify(payload),
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
    })
  }

  function showStatus(text) {
    if (status) status.textContent = text
  }

  function send() {
    if (offerOpen || submitting || stopped) return
    const current = snapshot()
    const text = JSON.stringify(current.fields)
    if (text === lastSent || text === initial) return
    lastSent = text
    post({ article: articleId, form: formId, version, fields: current.fields, labels: current.labels })
      .then((response) => {
        if (response.type === "opaqueredirect" || response.status === 403) {
          // The session ended (or the second factor is asked again): stop, and say so.
          stopped = true
          showStatus(
            gettext(
              "Your session has ended: changes are no longer copied. Sign in again in another tab before saving.",
            ),
          )
          return null
        }
        if (!response.ok) {
          lastSent = null // try again at the next tick
          return null
        }
        return response.json()
      })
      .then((data) => {
        if (data && data.saved_at) {
          showStatus(interpolate(gettext("Unsaved copy kept at %(time)s"), { time: data.saved_at }, true))
        }
      })
      .catch(() => {
        lastSent = null
      })
  }

  // -- restoring ------------------------------------------------------------------------

  function valuesOf(fields, name) {
    const value = fields[name]
    if (value === undefined) return []
    return Array.isArray(value) ? value : [value]
  }

  function restore(copy) {
    const fields = copy.fields || {}
    const labels = copy.labels || {}
    const seen = {}
    for (const element of form.elements) {
      if (!copied(element)) continue
      const values = valuesOf(fields, element.name)
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = values.includes(element.value)
      } else if (element.tagName === "SELECT") {
        for (const value of values) {
          if (!Array.from(element.options).some((option) => option.value === value)) {
            const text = (labels[element.name] || {})[value] || value
            element.add(new Option(text, value, true, true))
          }
        }
        for (const option of element.options) option.selected = values.includes(option.value)
      } else {
        const index = seen[element.name] || 0
        seen[element.name] = index + 1
        element.value = values[index] !== undefined ? values[index] : ""
      }
      element.dispatchEvent(new Event("input", { bubbles: true }))
      element.dispatchEvent(new Event("change", { bubbles: true }))
      // The autocomplete boxes (select2) listen to jQuery's change event.
      if (element.tagName === "SELECT" && window.django && window.django.jQuery) {
        window.django.jQuery(element).trigger("change")
      }
      // The body's rich-text editor shows the textarea's new value (body-editor.js).
      if (element.hasAttribute("data-body-editor")) {
        element.dispatchEvent(new CustomEvent("body-editor:replace"))
      }
    }
  }

  function closeOffer(offer) {
    offer.remove()
    offerOpen = false
  }

  function offer(copy) {
    offerOpen = true
    const panel = document.createElement("div")
    panel.className = "autosave__offer"
    panel.setAttribute("role", "alert")
    const text = document.createElement("p")
    text.textContent = interpolate(
      gettext("A newer unsaved copy of this form from %(time)s exists."),
      { time: copy.time },
      true,
    )
    panel.append(text)
    if (copy.older) {
      const warning = document.createElement("p")
      warning.className = "autosave__warning"
      warning.textContent = gettext(
        "The article was saved after this copy was made: restoring it puts the copy's text in place of the saved one (nothing is saved until you save).",
      )
      panel.append(warning)
    }
    const restoreButton = document.createElement("button")
    restoreButton.type = "button"
    restoreButton.className = "button autosave__restore"
    restoreButton.textContent = gettext("Restore")
    restoreButton.addEventListener("click", () => {
      if (copy.form) formId = copy.form // an add form goes on with the same copy
      restore(copy)
      closeOffer(panel)
      send()
    })
    const discardButton = document.createElement("button")
    discardButton.type = "button"
    discardButton.className = "button autosave__discard"
    discardButton.textContent = gettext("Discard")
    discardButton.addEventListener("click", () => {
      post({ article: articleId, form: copy.form || formId, discard: true }).catch(() => {})
      closeOffer(panel)
    })
    panel.append(restoreButton, " ", discardButton)
    box.prepend(panel)
  }

  if (box.dataset.copy) {
    try {
      offer(JSON.parse(box.dataset.copy))
    } catch (error) {
      offerOpen = false
    }
  }

  // Saving the form deletes this copy on the server (articles/admin/articles.py).
  const hidden = document.createElement("input")
  hidden.type = "hidden"
  hidden.name = FORM_FIELD
  form.append(hidden)
  form.addEventListener("submit", () => {
    hidden.value = formId
    submitting = true
  })

  window.setInterval(send, seconds * 1000)
  window.addEventListener("beforeunload", (event) => {
    if (submitting || !changed()) return
    event.preventDefault()
    event.returnValue = "" // older browsers ask only when this is set
  })
})()
