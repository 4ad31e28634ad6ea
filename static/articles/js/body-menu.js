// The body editor's toolbar in the staff's language and direction. django-prose-editor (0.28)
// defines its default items with English tooltips and screen-reader labels written into
// editor.js ("bold", "insert link", "Heading 2"…), not through gettext. Its menu API lets an
// extension define an item again under the same name (menu.defineItem, docs "Menu
// configuration"): the later definition replaces the earlier one in place, so the toolbar keeps
// its order. This extension, added after the package's own, gives each default item a
// translated button (and dropdown option) and keeps the package's command, enabled, active and
// hidden functions. Strings go through Django's JavaScript catalogue (djangojs.po), as in
// body-images.js.
//
// The package also opens a dropdown's list at its button's left edge, running off a phone's
// screen when the toolbar is right to left (the block type button is then on the right): the
// list is aligned on the button's right edge instead.
import * as prose from "../../django_prose_editor/editor.js"

const gettext = window.gettext || ((text) => text)
const interpolate =
  window.interpolate ||
  ((format, values) => format.replace(/%\((\w+)\)s/g, (_, key) => values[key]))

// The package's item names and Material icons, with their labels.
const LABELS = {
  paragraph: ["notes", () => gettext("Paragraph")],
  bulletList: ["format_list_bulleted", () => gettext("Bulleted list")],
  orderedList: ["format_list_numbered", () => gettext("Numbered list")],
  blockquote: ["format_quote", () => gettext("Quotation")],
  bold: ["format_bold", () => gettext("Bold")],
  italic: ["format_italic", () => gettext("Italic")],
  link: ["insert_link", () => gettext("Insert link")],
  unlink: ["link_off", () => gettext("Remove link")],
  "history:undo": ["undo", () => gettext("Undo")],
  "history:redo": ["redo", () => gettext("Redo")],
}

const headingLabel = (level) => interpolate(gettext("Heading %(level)s"), { level }, true)

// The button and dropdown option of one item, labelled; null for items we do not relabel.
function labelled(item, buttons) {
  const heading = /^heading(\d)$/.exec(item.name)
  if (heading) {
    const level = Number(heading[1])
    const label = headingLabel(level)
    // The package's heading button (a "title" icon with the level beside it), relabelled.
    const button = buttons.heading(level)
    button.title = label
    button.setAttribute("aria-label", label)
    return { button, option: prose.crel(`h${level}`, { textContent: label }) }
  }
  if (!(item.name in LABELS)) return null
  const [icon, text] = LABELS[item.name]
  const label = text()
  return {
    button: buttons.material(icon, label),
    option: item.option ? prose.crel("p", { textContent: label }) : item.option,
  }
}

// In a right-to-left toolbar, each dropdown list opens under its button's right edge. Runs
// after the package's own click handler, which places the list and shows it.
function alignDropdownsRight(menubar) {
  for (const dropdown of menubar.querySelectorAll(".prose-menubar__dropdown")) {
    const opener = dropdown.querySelector(".prose-menubar__selected")
    const picker = dropdown.querySelector(".prose-menubar__picker")
    if (!opener || !picker) continue
    opener.addEventListener("click", () => {
      if (getComputedStyle(menubar).direction !== "rtl") return
      const right = opener.getBoundingClientRect().right
      // Measured at the screen's left edge first: where the package put it, the list's
      // width is cut to the room left of the screen's edge and its lines wrap.
      picker.style.left = `${window.scrollX}px`
      picker.style.left = `${window.scrollX + Math.max(0, right - picker.offsetWidth)}px`
    })
  }
}

export const LocalizedMenu = prose.Extension.create({
  name: "localizedMenu",

  addMenuItems({ menu, buttons }) {
    // Every item defined so far (the package's defaults and its extensions' items).
    const groups = "blockType lists nodes marks link history headings"
    for (const item of menu.items(groups)) {
      const relabelled = labelled(item, buttons)
      if (!relabelled) continue
      menu.defineItem({ ...item, groups: [...item.groups], ...relabelled })
    }
  },

  onCreate() {
    // The menu extension, created before this one, has built the toolbar.
    const menubar = this.editor.storage.menu?.dom
    if (menubar) alignDropdownsRight(menubar)
  },
})
