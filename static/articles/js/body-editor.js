// Turns every textarea[data-body-editor] into django-prose-editor's rich-text editor.
// Loaded as a module from a static file (no inline script); the configuration is the JSON in
// the data-body-editor attribute (articles/editor.py). The package's editor.js is imported by
// its static path, so no import map is needed.
import * as prose from "../../django_prose_editor/editor.js"

const ATTRIBUTE = "data-body-editor"

function createBodyEditor(textarea) {
  if (textarea.closest(".prose-editor")) return null
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}")
  const extensions = []
  for (const [name, options] of Object.entries(config.extensions || {})) {
    const extension = prose[name]
    if (!extension) continue
    extensions.push(typeof options === "object" ? extension.configure(options) : extension)
  }
  const editor = prose.createTextareaEditor(textarea, extensions)
  // The writing area follows the article's direction (Arabic: right to left).
  const direction = textarea.getAttribute("dir") || "rtl"
  editor.view.dom.setAttribute("dir", direction)
  editor.view.dom.parentElement.setAttribute("dir", direction)
  return editor
}

prose.initializeEditors(createBodyEditor, `[${ATTRIBUTE}]`)
