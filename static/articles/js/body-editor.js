// Turns every textarea[data-body-editor] into django-prose-editor's rich-text editor.
// Loaded as a module from a static file (no inline script); the configuration is the JSON in
// the data-body-editor attribute (articles/editor.py). The package's editor.js is imported by
// its static path, so no import map is needed. No inline style either: see createTextareaEditor.
import * as prose from "../../django_prose_editor/editor.js"
import { Credit, Gallery, LibraryGallery } from "./body-gallery.js"
import { LibraryImages } from "./body-images.js"
import { LocalizedMenu } from "./body-menu.js"

const ATTRIBUTE = "data-body-editor"

// An embedded post is stored as a marker, <figure class="embed" …><a href=URL>URL</a></figure>
// (articles/embeds/providers.py), which the editor's schema has no node for. The editor shows
// it as what makes one: the post's address alone in a paragraph, which the sanitiser turns back
// into the marker when the article is saved.
function embedsAsAddresses(html) {
  if (!html.includes('class="embed"')) return html
  const template = document.createElement("template") // inert: nothing loads or runs
  template.innerHTML = html
  for (const figure of template.content.querySelectorAll("figure.embed")) {
    const href = figure.querySelector("a[href]")?.getAttribute("href")
    const paragraph = document.createElement("p")
    if (href) {
      const link = document.createElement("a")
      link.setAttribute("href", href)
      link.textContent = href
      paragraph.append(link)
    }
    figure.replaceWith(paragraph)
  }
  return template.innerHTML
}

// django-prose-editor's createTextareaEditor (editor.js, version 0.28), with one change: Tiptap
// must not inject its base stylesheet as an inline <style> element, which the strict
// Content-Security-Policy (style-src 'self') blocks. The same rules are served as a static file,
// articles/css/tiptap-base.css (see BodyEditorWidget.Media).
function createTextareaEditor(textarea, extensions) {
  const disabled = textarea.hasAttribute("disabled")
  const wrapper = prose.crel("div", { className: `prose-editor ${disabled ? "disabled" : ""}` })
  textarea.before(wrapper)
  wrapper.append(textarea)
  return new prose.Editor({
    element: wrapper,
    editable: !disabled,
    extensions,
    content: embedsAsAddresses(textarea.value),
    injectCSS: false,
    onUpdate({ editor }) {
      const html = editor.getHTML()
      // An empty editor holds one empty paragraph: the field is then empty, not "<p></p>".
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html
      textarea.dispatchEvent(new Event("input", { bubbles: true }))
    },
    onDestroy() {
      wrapper.before(textarea)
      wrapper.remove()
    },
  })
}

function createBodyEditor(textarea) {
  if (textarea.closest(".prose-editor")) return null
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}")
  const extensions = []
  for (const [name, options] of Object.entries(config.extensions || {})) {
    const extension = prose[name]
    if (!extension) continue
    extensions.push(typeof options === "object" ? extension.configure(options) : extension)
  }
  // The picture button (library picker) and drop-to-upload, with the endpoints this user may
  // use; without any, the button is hidden and figures already in the body stay editable.
  extensions.push(LibraryImages.configure(config.images || {}))
  // Galleries: the group of figures and the caption's credit, so that a gallery (imported or
  // made here) stays one on save, and the gallery buttons (body-gallery.js).
  extensions.push(
    Gallery,
    Credit,
    LibraryGallery.configure({ libraryUrl: config.images?.libraryUrl }),
  )
  // Last: the toolbar items the extensions above defined, in the staff's language.
  extensions.push(LocalizedMenu)
  const editor = createTextareaEditor(textarea, extensions)
  // The writing area follows the article's direction (Arabic: right to left).
  const direction = textarea.getAttribute("dir") || "rtl"
  editor.view.dom.setAttribute("dir", direction)
  editor.view.dom.parentElement.setAttribute("dir", direction)
  // The autosave's restore (autosave.js) sets the textarea and asks the editor to show it.
  textarea.addEventListener("body-editor:replace", () =>
    editor.commands.setContent(embedsAsAddresses(textarea.value)),
  )
  return editor
}

prose.initializeEditors(createBodyEditor, `[${ATTRIBUTE}]`)
