// Pictures in the article body: the toolbar's picture button opens a picker of library pictures,
// and a picture file dropped or pasted into the editor is uploaded to the library. Either way
// the body gets <figure><img src=… alt=…><figcaption>caption (Photo: credit)</figcaption></figure>,
// the <img> pointing at a library file so the article page serves it as a responsive <picture>.
//
// The endpoints come from the editor's configuration (articles/images/admin_editor.py):
// libraryUrl (GET, JSON pages of pictures) when the user may view the library, uploadUrl (POST
// with the CSRF token) when they may add to it. Everything is built with DOM calls: no inline
// script or style, so the strict Content-Security-Policy holds; previews of a dropped file are
// data: URLs, which img-src allows. Strings go through Django's JavaScript catalogue (the
// admin's jsi18n script, loaded before this module), translated in djangojs.po.
import * as prose from "../../django_prose_editor/editor.js"

const gettext = window.gettext || ((text) => text)
const ngettext = window.ngettext || ((singular, plural, count) => (count === 1 ? singular : plural))
const interpolate =
  window.interpolate ||
  ((format, values) => format.replace(/%\((\w+)\)s/g, (_, key) => values[key]))

const SEARCH_DELAY_MS = 300
let dialogCount = 0

const element = prose.crel

function csrfToken() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]")
  return input ? input.value : ""
}

// "caption (Photo: credit)": what readers see under the picture.
export function captionText(caption, credit) {
  caption = (caption || "").trim()
  credit = (credit || "").trim()
  if (caption && credit) {
    return interpolate(gettext("%(caption)s (Photo: %(credit)s)"), { caption, credit }, true)
  }
  if (credit) return interpolate(gettext("Photo: %(credit)s"), { credit }, true)
  return caption
}

function figureContent({ src, alt, caption }) {
  const content = [{ type: "image", attrs: { src, alt } }]
  if (caption) content.push({ type: "caption", content: [{ type: "text", text: caption }] })
  return { type: "figure", content }
}

// Inserts the figure at `position` (null: the selection) and puts the cursor in the paragraph
// after it, adding one when the figure ends the body: a caption is no place to go on writing.
function insertFigure(editor, picture, position) {
  const content = figureContent(picture)
  let chain = editor.chain().focus()
  chain =
    position == null
      ? chain.insertContent(content)
      : chain.insertContentAt(Math.min(position, editor.state.doc.content.size), content)
  chain
    .command(({ tr, state, commands }) => {
      const { $from } = tr.selection
      for (let depth = $from.depth; depth > 0; depth--) {
        if ($from.node(depth).type.name !== "figure") continue
        const after = $from.after(depth)
        const next = tr.doc.nodeAt(after)
        if (!next || !next.isTextblock) tr.insert(after, state.schema.nodes.paragraph.create())
        commands.setTextSelection(after + 1)
        break
      }
      return true
    })
    .run()
}

// The figure (and its image) the selection is in or on, if any.
function selectedImage(state) {
  const { selection } = state
  const node = selection.node
  if (node && node.type.name === "image") return { node, pos: selection.from }
  if (node && node.type.name === "figure" && node.firstChild?.type.name === "image") {
    return { node: node.firstChild, pos: selection.from + 1 }
  }
  const { $from } = selection
  for (let depth = $from.depth; depth > 0; depth--) {
    const figure = $from.node(depth)
    if (figure.type.name === "figure" && figure.firstChild?.type.name === "image") {
      return { node: figure.firstChild, pos: $from.start(depth) }
    }
  }
  return null
}

function readAsDataUrl(file) {
  return new Promise((resolve) => {
    const reader = new FileReader()
    reader.addEventListener("load", () => resolve(reader.result))
    reader.addEventListener("error", () => resolve(""))
    reader.readAsDataURL(file)
  })
}

// One modal dialog, appended to <body> (not inside the article's <form>), removed on close.
export class PictureDialog {
  constructor(title) {
    const id = `body-images-${++dialogCount}`
    this.title = element("h3", { className: "prose-editor-dialog-title", id: `${id}-title` })
    this.title.textContent = title
    this.body = element("div", { className: "body-images__body" })
    this.dialog = element(
      "dialog",
      { className: "prose-editor-dialog body-images", "aria-labelledby": `${id}-title` },
      [this.title, this.body],
    )
    // No closing with Escape while an upload is on its way: its picture would land unseen.
    this.busy = false
    this.dialog.addEventListener("cancel", (event) => {
      if (this.busy) event.preventDefault()
    })
    this.dialog.addEventListener("close", () => {
      this.dialog.remove()
      if (this.onClose) this.onClose()
    })
    document.body.append(this.dialog)
    this.dialog.showModal()
  }

  show(...children) {
    this.body.replaceChildren(...children)
  }

  close() {
    this.dialog.close()
  }
}

export function field(labelText, control, help = "") {
  const id = `body-images-field-${++dialogCount}`
  control.id = id
  const label = element("label", { htmlFor: id, textContent: labelText })
  const children = [label, control]
  if (help) children.push(element("p", { className: "body-images__help", textContent: help }))
  return element("div", { className: "prose-editor-dialog-field" }, children)
}

export function button(text, className = "", type = "button") {
  return element("button", { type, className, textContent: text })
}

// The details step: the picture, its alt text, caption and credit, and the button that inserts
// it. `picture`: a library item (credit shown, not edited) or {file, preview} for an upload.
function detailsForm({ dialog, picture, options, onBack, onDone }) {
  const uploading = Boolean(picture.file)
  const preview = element("img", {
    className: "body-images__preview",
    src: picture.preview || picture.thumbnail,
    alt: "",
  })
  const figure = element("div", { className: "body-images__picture" }, [preview])
  if (uploading) {
    figure.append(
      element("p", { className: "body-images__file", dir: "auto", textContent: picture.file.name }),
    )
  }
  const alt = element("input", {
    type: "text",
    name: "alt_text",
    maxLength: 300,
    required: "required",
    value: picture.alt || "",
  })
  const caption = element("input", {
    type: "text",
    name: "caption",
    maxLength: 500,
    value: picture.caption || "",
  })
  const fields = [
    field(
      gettext("Alternative text"),
      alt,
      gettext("What the picture shows, for readers who cannot see it."),
    ),
    field(gettext("Caption"), caption),
  ]
  let credit = null
  if (uploading) {
    credit = element("input", {
      type: "text",
      name: "credit",
      maxLength: 200,
      required: "required",
    })
    fields.push(field(gettext("Credit"), credit, gettext("Who took the picture or owns it.")))
  } else {
    fields.push(
      element("p", { className: "body-images__credit-line" }, [
        element("strong", { textContent: gettext("Credit") + ": " }),
        element("span", { dir: "auto", textContent: picture.credit || "—" }),
      ]),
    )
    if (picture.missing && picture.missing.length) {
      fields.push(
        element("p", {
          className: "body-images__warning",
          textContent: interpolate(
            gettext(
              "This picture still lacks: %(fields)s. The article cannot be published until an editor fills it in the image library.",
            ),
            { fields: picture.missing.join("، ") },
            true,
          ),
        }),
      )
    }
  }
  const error = element("p", { className: "body-images__error", role: "alert" })
  const submit = button(
    uploading ? gettext("Upload and insert") : gettext("Insert"),
    "body-images__primary",
    "submit",
  )
  const actions = element("div", { className: "prose-editor-dialog-buttons" }, [submit])
  if (onBack) {
    const back = button(gettext("Back to the library"))
    back.addEventListener("click", onBack)
    actions.append(back)
  }
  const cancel = button(gettext("Cancel"))
  cancel.addEventListener("click", () => dialog.close())
  actions.append(cancel)
  const form = element("form", { className: "body-images__details" }, [
    figure,
    element("div", { className: "body-images__fields" }, [...fields, error]),
    actions,
  ])
  const busy = (on) => {
    dialog.busy = on
    for (const action of actions.querySelectorAll("button")) action.disabled = on
    submit.textContent = on ? gettext("Uploading…") : gettext("Upload and insert")
  }
  if (uploading && options.maxBytes && picture.file.size > options.maxBytes) {
    error.textContent = options.tooLarge
    submit.disabled = true
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault()
    if (!form.reportValidity()) return
    if (!uploading) {
      onDone({
        src: picture.src,
        alt: alt.value.trim(),
        caption: captionText(caption.value, picture.credit),
      })
      return
    }
    busy(true)
    error.textContent = ""
    upload(options.uploadUrl, picture.file, {
      alt_text: alt.value.trim(),
      caption: caption.value.trim(),
      credit: credit.value.trim(),
    }).then(
      (stored) => {
        busy(false)
        onDone({
          src: stored.src,
          alt: stored.alt,
          caption: captionText(stored.caption, stored.credit),
        })
      },
      (message) => {
        busy(false)
        error.textContent = message
      },
    )
  })
  dialog.show(form)
  alt.focus()
}

function upload(url, file, fields) {
  const body = new FormData()
  body.append("csrfmiddlewaretoken", csrfToken())
  body.append("file", file)
  for (const [name, value] of Object.entries(fields)) body.append(name, value)
  return fetch(url, {
    method: "POST",
    body,
    credentials: "same-origin",
    headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
  }).then(
    (response) =>
      response
        .json()
        .catch(() => ({}))
        .then((data) => {
          if (response.ok) return data
          throw (
            data.error ||
            interpolate(
              gettext("The upload failed (error %(status)s). Try again."),
              { status: response.status },
              true,
            )
          )
        }),
    () => {
      throw gettext("The upload failed: check the connection and try again.")
    },
  )
}

// The library step: search, a page of thumbnails, previous/next, and (for those who may add
// pictures) a file chooser for one from this computer. The gallery's picker (body-gallery.js)
// passes `choosing`: no upload, each thumbnail a toggle (`choosing.decorate(item, button)`),
// and its list of chosen pictures and buttons (`choosing.footer`) in place of Cancel.
export function libraryStep({ dialog, options, state, onPick, choosing = null }) {
  const search = element("input", {
    type: "search",
    name: "q",
    value: state.query,
    placeholder: gettext("Alternative text, caption or credit"),
    autocomplete: "off",
  })
  const status = element("p", {
    className: "body-images__status",
    role: "status",
    "aria-live": "polite",
  })
  const grid = element("ul", { className: "body-images__grid" })
  const previous = button(gettext("Previous"))
  const next = button(gettext("Next"))
  const pageLabel = element("span", { className: "body-images__page" })
  const pages = element(
    "nav",
    { className: "body-images__pages", "aria-label": gettext("Pages") },
    [previous, pageLabel, next],
  )
  const parts = []
  if (options.libraryUrl) {
    parts.push(field(gettext("Search the image library"), search), status, grid, pages)
  }
  if (options.uploadUrl && !choosing) {
    const chooser = element("input", {
      type: "file",
      name: "file",
      accept: "image/jpeg,image/png,image/webp,image/avif",
    })
    chooser.addEventListener("change", () => {
      if (chooser.files.length) onPick({ file: chooser.files[0] })
    })
    const heading = options.libraryUrl
      ? gettext("Or upload a picture from this computer")
      : gettext("Upload a picture from this computer")
    parts.push(
      element("div", { className: "body-images__upload" }, [
        element("p", { className: "body-images__upload-title", textContent: heading }),
        element("label", { className: "body-images__chooser" }, [
          element("span", {
            className: "material-icons",
            "aria-hidden": "true",
            textContent: "upload",
          }),
          element("span", { textContent: gettext("Choose a picture…") }),
          chooser,
        ]),
        element("p", {
          className: "body-images__help",
          textContent: gettext(
            "JPEG, PNG or WebP. You can also drop a picture file into the text.",
          ),
        }),
      ]),
    )
  }
  if (choosing) {
    parts.push(...choosing.footer)
  } else {
    const cancel = button(gettext("Cancel"))
    cancel.addEventListener("click", () => dialog.close())
    parts.push(element("div", { className: "prose-editor-dialog-buttons" }, [cancel]))
  }
  dialog.show(...parts)

  if (!options.libraryUrl) return
  let timer = null
  let request = 0

  const load = () => {
    const mine = ++request
    status.textContent = gettext("Loading…")
    const query = new URLSearchParams({ q: state.query, page: String(state.page) })
    fetch(`${options.libraryUrl}?${query}`, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then((response) =>
        response.json().then((data) => (response.ok ? data : Promise.reject(data.error))),
      )
      .then((data) => {
        if (mine !== request) return
        state.page = data.page
        grid.replaceChildren(...data.results.map((item) => choice(item)))
        status.textContent = data.count
          ? interpolate(
              ngettext("%(count)s picture", "%(count)s pictures", data.count),
              { count: data.count },
              true,
            )
          : state.query
            ? gettext("No picture matches this search.")
            : gettext("The image library is empty.")
        pageLabel.textContent = interpolate(gettext("Page %(page)s of %(pages)s"), data, true)
        previous.disabled = !data.previous
        next.disabled = !data.next
        pages.hidden = data.pages <= 1
      })
      .catch((message) => {
        if (mine !== request) return
        status.textContent =
          typeof message === "string" && message
            ? message
            : gettext("The image library could not be loaded. Try again.")
      })
  }

  const choice = (item) => {
    const picture = element("img", {
      src: item.thumbnail,
      alt: "",
      width: 320,
      height: Math.round((320 * item.height) / Math.max(item.width, 1)),
      loading: "lazy",
    })
    const text = element("span", {
      className: "body-images__alt",
      dir: "auto",
      textContent: item.alt || item.caption || gettext("(no description)"),
    })
    const credit = element("span", {
      className: item.missing.length
        ? "body-images__credit body-images__credit--missing"
        : "body-images__credit",
      dir: "auto",
      textContent: item.credit || gettext("No credit"),
    })
    const pick = element("button", { type: "button", className: "body-images__choice" }, [
      picture,
      text,
      credit,
    ])
    pick.addEventListener("click", () => onPick(item))
    if (choosing) choosing.decorate(item, pick)
    return element("li", {}, [pick])
  }

  search.addEventListener("input", () => {
    window.clearTimeout(timer)
    timer = window.setTimeout(() => {
      state.query = search.value.trim()
      state.page = 1
      load()
    }, SEARCH_DELAY_MS)
  })
  search.addEventListener("keydown", (event) => {
    // Enter searches at once instead of closing the dialog.
    if (event.key !== "Enter") return
    event.preventDefault()
    window.clearTimeout(timer)
    state.query = search.value.trim()
    state.page = 1
    load()
  })
  previous.addEventListener("click", () => {
    state.page -= 1
    load()
  })
  next.addEventListener("click", () => {
    state.page += 1
    load()
  })
  load()
  search.focus()
}

// The toolbar button: choose from the library (or upload), then describe and insert.
function openPicker(editor, options) {
  const dialog = new PictureDialog(gettext("Insert a picture"))
  const position = editor.state.selection.from
  const state = { query: "", page: 1 }
  const showLibrary = () => libraryStep({ dialog, options, state, onPick: pick })
  const done = (picture) => {
    dialog.close()
    insertFigure(editor, picture, position)
  }
  function pick(item) {
    if (item.file) {
      readAsDataUrl(item.file).then((preview) =>
        detailsForm({
          dialog,
          picture: { file: item.file, preview },
          options,
          onBack: options.libraryUrl ? showLibrary : null,
          onDone: done,
        }),
      )
    } else {
      detailsForm({ dialog, picture: item, options, onBack: showLibrary, onDone: done })
    }
  }
  showLibrary()
}

// Files dropped or pasted: one dialog after the other, each asking for alt text and credit.
function uploadFiles(editor, options, files, position) {
  const queue = [...files]
  const nextFile = () => {
    const file = queue.shift()
    if (!file) return
    const dialog = new PictureDialog(gettext("Add this picture to the article"))
    let inserted = false
    dialog.onClose = () => {
      if (!inserted) editor.commands.focus()
      nextFile()
    }
    readAsDataUrl(file).then((preview) =>
      detailsForm({
        dialog,
        picture: { file, preview },
        options,
        onBack: null,
        onDone: (picture) => {
          inserted = true
          dialog.close()
          insertFigure(editor, picture, position)
          // The next picture goes after this one.
          position = position == null ? null : editor.state.selection.to
        },
      }),
    )
  }
  nextFile()
}

// Alt text of the picture the selection is on.
function editAltText(editor, image) {
  const dialog = new PictureDialog(gettext("Describe this picture"))
  detailsAlt({ dialog, editor, image })
}

function detailsAlt({ dialog, editor, image }) {
  const alt = element("input", {
    type: "text",
    name: "alt_text",
    maxLength: 300,
    required: "required",
    value: image.node.attrs.alt || "",
  })
  const preview = element("img", {
    className: "body-images__preview",
    src: image.node.attrs.src,
    alt: "",
  })
  const save = button(gettext("Save"), "body-images__primary", "submit")
  const cancel = button(gettext("Cancel"))
  cancel.addEventListener("click", () => dialog.close())
  const form = element("form", { className: "body-images__details" }, [
    element("div", { className: "body-images__picture" }, [preview]),
    element("div", { className: "body-images__fields" }, [
      field(
        gettext("Alternative text"),
        alt,
        gettext("What the picture shows, for readers who cannot see it."),
      ),
    ]),
    element("div", { className: "prose-editor-dialog-buttons" }, [save, cancel]),
  ])
  form.addEventListener("submit", (event) => {
    event.preventDefault()
    if (!form.reportValidity()) return
    dialog.close()
    editor
      .chain()
      .focus()
      .setNodeSelection(image.pos)
      .updateAttributes("image", { alt: alt.value.trim() })
      .run()
  })
  dialog.show(form)
  alt.focus()
}

function droppedFiles(transfer) {
  return transfer ? [...transfer.files] : []
}

export const LibraryImages = prose.Extension.create({
  name: "libraryImages",

  addOptions() {
    return { libraryUrl: null, uploadUrl: null, maxBytes: 0, tooLarge: "" }
  },

  addMenuItems({ menu, buttons }) {
    const options = this.options
    const usable = Boolean(options.libraryUrl || options.uploadUrl)
    // Replaces the package's own figure button, which asks for an address to type.
    menu.defineItem({
      name: "figure",
      groups: "nodes",
      button: buttons.material("image", gettext("Insert a picture")),
      hidden: () => !usable,
      active: (editor) => editor.isActive("figure"),
      enabled: (editor) =>
        usable && (Boolean(selectedImage(editor.state)) || editor.can().insertFigure()),
      command: (editor) => {
        const image = selectedImage(editor.state)
        if (image) editAltText(editor, image)
        else openPicker(editor, options)
      },
    })
  },

  addProseMirrorPlugins() {
    const editor = this.editor
    const options = this.options
    return [
      new prose.Plugin({
        props: {
          handleDrop(view, event, _slice, moved) {
            const files = droppedFiles(event.dataTransfer)
            if (moved || !files.length) return false
            // Never left to the browser, which would open the file in place of the article.
            event.preventDefault()
            if (!options.uploadUrl) return true
            const target = view.posAtCoords({ left: event.clientX, top: event.clientY })
            uploadFiles(editor, options, files, target ? target.pos : null)
            return true
          },
          handlePaste(_view, event) {
            const data = event.clipboardData
            const files = droppedFiles(data)
            if (!options.uploadUrl) return false
            // Text with a file beside it (a copied document) is pasted as text.
            if (!files.length || [...data.types].includes("text/plain")) return false
            event.preventDefault()
            uploadFiles(editor, options, files, null)
            return true
          },
        },
      }),
    ]
  },
})
