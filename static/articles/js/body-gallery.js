// Galleries in the article body: an ordered group of library pictures, stored as
// <figure class="gallery"> holding one <figure><img><figcaption>…</figcaption></figure> per
// picture, the markup the WordPress importer writes for [gallery] (articles/importers/wxr/
// wp_shortcodes.py). The article page shows it as a strip on a phone and a grid on a desktop
// (articles/images/body.py).
//
// - `Gallery`: the group, a node holding figures only, so an imported gallery stays one when an
//   editor opens and saves the article (without it, the editor's schema dropped the group).
// - `Credit`: the <span class="credit"> of a caption ("الصورة: …"), kept as a mark.
// - `LibraryGallery`: the toolbar's gallery button (choose several library pictures, in
//   order; inside a gallery it adds to it) and the buttons that move a picture earlier or later
//   in its gallery and take it out. Captions are edited in place, alt text with the picture
//   button, as for a single picture.
//
// Strings go through Django's JavaScript catalogue (djangojs.po), as in body-images.js.
import * as prose from "../../django_prose_editor/editor.js"
import { PictureDialog, button, libraryStep } from "./body-images.js"

const gettext = window.gettext || ((text) => text)
const interpolate =
  window.interpolate ||
  ((format, values) => format.replace(/%\((\w+)\)s/g, (_, key) => values[key]))

const element = prose.crel

export const Gallery = prose.Node.create({
  name: "gallery",
  group: "block",
  content: "figure+",
  isolating: true,
  draggable: true,

  parseHTML() {
    // Before the Figure node's own rule, which would take the group for a picture.
    return [{ tag: "figure.gallery", priority: 60 }]
  },

  renderHTML() {
    return ["figure", { class: "gallery" }, 0]
  },
})

export const Credit = prose.Mark.create({
  name: "credit",
  inclusive: false,

  parseHTML() {
    return [{ tag: "span.credit" }]
  },

  renderHTML() {
    return ["span", { class: "credit" }, 0]
  },
})

// The gallery the selection is in, and the picture (figure) of it the selection is on.
export function galleryAt(state) {
  const { selection } = state
  if (selection.node && selection.node.type.name === "figure") {
    const $pos = state.doc.resolve(selection.from)
    if ($pos.parent.type.name === "gallery") {
      return {
        gallery: $pos.parent,
        galleryPos: $pos.before(),
        index: $pos.index(),
        figure: selection.node,
        figurePos: selection.from,
      }
    }
  }
  const { $from } = selection
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth)
    if (node.type.name === "gallery") {
      return { gallery: node, galleryPos: $from.before(depth), index: null, figure: null }
    }
    if (node.type.name === "figure" && $from.node(depth - 1).type.name === "gallery") {
      return {
        gallery: $from.node(depth - 1),
        galleryPos: $from.before(depth - 1),
        index: $from.index(depth - 1),
        figure: node,
        figurePos: $from.before(depth),
      }
    }
  }
  return null
}

// One picture of a gallery: the library's alt text, its caption and credit under it.
function galleryFigure(item) {
  const caption = []
  const text = (item.caption || "").trim()
  const credit = (item.credit || "").trim()
  if (text) caption.push({ type: "text", text: credit ? `${text} ` : text })
  if (credit) {
    caption.push({
      type: "text",
      text: interpolate(gettext("Photo: %(credit)s"), { credit }, true),
      marks: [{ type: "credit" }],
    })
  }
  const content = [{ type: "image", attrs: { src: item.src, alt: (item.alt || "").trim() } }]
  if (caption.length) content.push({ type: "caption", content: caption })
  return { type: "figure", content }
}

// Inserts a new gallery at `position`, or adds the pictures at the end of the gallery at
// `into`, then puts the cursor after the gallery (in a new paragraph if none follows).
function insertGallery(editor, items, position, into) {
  const figures = items.map(galleryFigure)
  editor
    .chain()
    .focus()
    .command(({ tr, state, commands }) => {
      let end
      if (into) {
        const gallery = tr.doc.nodeAt(into)
        const nodes = figures.map((figure) => state.schema.nodeFromJSON(figure))
        tr.insert(into + gallery.nodeSize - 1, nodes)
        end = into + tr.doc.nodeAt(into).nodeSize
      } else {
        const gallery = state.schema.nodeFromJSON({ type: "gallery", content: figures })
        const $pos = tr.doc.resolve(Math.min(position, tr.doc.content.size))
        // A gallery goes between blocks: after the top-level block the cursor is in.
        const at = $pos.depth ? $pos.after(1) : $pos.pos
        tr.insert(at, gallery)
        end = at + gallery.nodeSize
      }
      const next = tr.doc.nodeAt(end)
      if (!next || !next.isTextblock) tr.insert(end, state.schema.nodes.paragraph.create())
      commands.setTextSelection(end + 1)
      return true
    })
    .run()
}

// The picker: the library's pages, each thumbnail a toggle; the chosen pictures listed in the
// order they will show, each with a button to drop it; then the insert button.
function openGalleryPicker(editor, options) {
  const into = galleryAt(editor.state)
  const dialog = new PictureDialog(
    into ? gettext("Add pictures to the gallery") : gettext("Insert a gallery"),
  )
  const position = editor.state.selection.from
  const state = { query: "", page: 1 }
  const chosen = [] // library items, in order
  const toggles = new Map() // item id -> its thumbnail's button on the page shown
  const list = element("ol", { className: "body-gallery__chosen" })
  const empty = element("p", {
    className: "body-images__help",
    textContent: gettext("No picture chosen yet."),
  })
  const insert = button(
    into ? gettext("Add to the gallery") : gettext("Insert the gallery"),
    "body-images__primary",
  )
  const cancel = button(gettext("Cancel"))
  cancel.addEventListener("click", () => dialog.close())
  insert.addEventListener("click", () => {
    if (!chosen.length) return
    dialog.close()
    insertGallery(editor, chosen, position, into ? into.galleryPos : null)
  })

  const refresh = () => {
    list.replaceChildren(
      ...chosen.map((item) => {
        const remove = button(gettext("Remove"), "body-gallery__remove")
        remove.setAttribute(
          "aria-label",
          interpolate(gettext("Remove “%(name)s”"), { name: describe(item) }, true),
        )
        remove.addEventListener("click", () => toggle(item))
        return element("li", {}, [
          element("img", { src: item.thumbnail, alt: "", className: "body-gallery__thumbnail" }),
          element("span", { dir: "auto", textContent: describe(item) }),
          remove,
        ])
      }),
    )
    empty.hidden = chosen.length > 0
    insert.disabled = chosen.length === 0
    for (const [id, pick] of toggles) {
      pick.setAttribute("aria-pressed", String(chosen.some((item) => item.id === id)))
    }
  }
  const toggle = (item) => {
    const at = chosen.findIndex((other) => other.id === item.id)
    if (at >= 0) chosen.splice(at, 1)
    else chosen.push(item)
    refresh()
  }
  const footer = [
    element("div", { className: "body-gallery__tray" }, [
      element("p", {
        className: "body-gallery__tray-title",
        textContent: gettext("Chosen pictures, in the gallery's order"),
      }),
      empty,
      list,
    ]),
    element("div", { className: "prose-editor-dialog-buttons" }, [insert, cancel]),
  ]
  libraryStep({
    dialog,
    options,
    state,
    onPick: toggle,
    choosing: {
      footer,
      decorate(item, pick) {
        toggles.set(item.id, pick)
        pick.setAttribute("aria-pressed", String(chosen.some((other) => other.id === item.id)))
      },
    },
  })
  refresh()
}

function describe(item) {
  return item.alt || item.caption || gettext("(no description)")
}

// Moves the selected picture one place earlier (-1) or later (+1) in its gallery.
function movePicture(editor, step) {
  const found = galleryAt(editor.state)
  if (!found || !found.figure) return
  const { gallery, galleryPos, index, figure, figurePos } = found
  const target = index + step
  if (target < 0 || target >= gallery.childCount) return
  editor
    .chain()
    .focus()
    .command(({ tr, commands }) => {
      tr.delete(figurePos, figurePos + figure.nodeSize)
      let at = galleryPos + 1
      for (let i = 0; i < target; i++) at += tr.doc.nodeAt(galleryPos).child(i).nodeSize
      tr.insert(at, figure)
      commands.setNodeSelection(at)
      return true
    })
    .run()
}

// Takes the selected picture out of its gallery; the last one takes the gallery with it.
function removePicture(editor) {
  const found = galleryAt(editor.state)
  if (!found || !found.figure) return
  const { gallery, galleryPos, figure, figurePos } = found
  editor
    .chain()
    .focus()
    .command(({ tr }) => {
      if (gallery.childCount === 1) tr.delete(galleryPos, galleryPos + gallery.nodeSize)
      else tr.delete(figurePos, figurePos + figure.nodeSize)
      return true
    })
    .run()
}

export const LibraryGallery = prose.Extension.create({
  name: "libraryGallery",

  addOptions() {
    return { libraryUrl: null }
  },

  addMenuItems({ menu, buttons }) {
    const options = this.options
    const inPicture = (editor) => Boolean(galleryAt(editor.state)?.figure)
    menu.defineItem({
      name: "gallery",
      groups: "nodes",
      button: buttons.material("photo_library", gettext("Insert a gallery")),
      hidden: () => !options.libraryUrl,
      active: (editor) => editor.isActive("gallery"),
      enabled: () => Boolean(options.libraryUrl),
      command: (editor) => openGalleryPicker(editor, options),
    })
    menu.defineItem({
      name: "galleryEarlier",
      groups: "nodes",
      button: buttons.material("arrow_upward", gettext("Move the picture earlier in the gallery")),
      hidden: (editor) => !inPicture(editor),
      enabled: (editor) => (galleryAt(editor.state)?.index ?? 0) > 0,
      command: (editor) => movePicture(editor, -1),
    })
    menu.defineItem({
      name: "galleryLater",
      groups: "nodes",
      button: buttons.material("arrow_downward", gettext("Move the picture later in the gallery")),
      hidden: (editor) => !inPicture(editor),
      enabled: (editor) => {
        const found = galleryAt(editor.state)
        return Boolean(found?.figure) && found.index < found.gallery.childCount - 1
      },
      command: (editor) => movePicture(editor, 1),
    })
    menu.defineItem({
      name: "galleryRemove",
      groups: "nodes",
      button: buttons.material("delete", gettext("Remove the picture from the gallery")),
      hidden: (editor) => !inPicture(editor),
      enabled: inPicture,
      command: removePicture,
    })
  },
})
