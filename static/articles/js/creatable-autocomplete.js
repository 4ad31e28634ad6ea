"use strict";
// The admin's autocomplete (select2, from the admin's own static files) for fields that can
// create what they do not find: tags and guest bylines (authors/staff/creatable.py).
// The endpoint answers the matches and, when the typed name matches nothing once spelling
// variants are folded, a last choice «إنشاء "…"» whose label it has already translated.
// Choosing it POSTs the name; the answer is the new (or already existing) object, selected.
{
    const $ = django.jQuery;
    const CREATE = "__create__:";

    function csrfToken(element) {
        const field = element.form && element.form.querySelector("[name=csrfmiddlewaretoken]");
        return field ? field.value : "";
    }

    function showError(element, message) {
        let note = element.parentElement.querySelector(".creatable-error");
        if (!note) {
            note = document.createElement("p");
            note.className = "creatable-error errornote";
            note.setAttribute("role", "alert");
            element.parentElement.append(note);
        }
        note.textContent = message;
        note.hidden = !message;
    }

    // Creations still waiting for the server's answer, per form: the form is not sent before
    // they are done, or it would carry the placeholder instead of the new object's id.
    const pending = new WeakMap();

    function holdSubmitsWhileCreating(form) {
        if (!form || pending.has(form)) {
            return;
        }
        pending.set(form, {count: 0, submitter: null});
        form.addEventListener("submit", (event) => {
            const state = pending.get(form);
            if (state.count > 0) {
                event.preventDefault();
                state.submitter = event.submitter || null;
            }
        });
    }

    function creationDone(form) {
        const state = form && pending.get(form);
        if (!state) {
            return;
        }
        state.count -= 1;
        if (state.count === 0 && state.submitter !== null) {
            const submitter = state.submitter;
            state.submitter = null;
            form.requestSubmit(submitter);
        }
    }

    function create(element, item) {
        const body = new URLSearchParams({name: item.newName});
        const form = element.form;
        holdSubmitsWhileCreating(form);
        if (form) {
            pending.get(form).count += 1;
        }
        showError(element, "");
        fetch(element.dataset.createUrl, {
            method: "POST",
            credentials: "same-origin",
            headers: {"X-CSRFToken": csrfToken(element)},
            body,
        })
            .then((response) => response.json().then((answer) => ({ok: response.ok, answer})))
            .then(({ok, answer}) => {
                for (const option of element.options) {
                    if (option.value === item.id) {
                        option.remove();
                    }
                }
                if (!ok) {
                    showError(element, answer.error || "");
                } else {
                    let option = Array.from(element.options).find((o) => o.value === answer.id);
                    if (!option) {
                        option = new Option(answer.text, answer.id, true, true);
                        element.append(option);
                    }
                    option.selected = true;
                }
                $(element).trigger("change");
            })
            .catch(() => {
                showError(element, element.dataset.createFailed || "");
                $(element).trigger("change");
            })
            .finally(() => creationDone(form));
    }

    $.fn.newsroomCreatableSelect2 = function () {
        $.each(this, function (i, element) {
            $(element).select2({
                ajax: {
                    data: (params) => ({term: params.term, page: params.page}),
                    processResults: (answer) => {
                        const results = answer.results.slice();
                        if (answer.create) {
                            results.push({
                                id: CREATE + answer.create.name,
                                text: answer.create.label,
                                newName: answer.create.name,
                            });
                        }
                        return {results, pagination: answer.pagination};
                    },
                },
            });
            $(element).on("select2:select", (event) => {
                const item = event.params.data;
                if (item.newName) {
                    create(element, item);
                }
            });
        });
        return this;
    };

    $(function () {
        $(".creatable-autocomplete").not("[name*=__prefix__]").newsroomCreatableSelect2();
    });

    document.addEventListener("formset:added", (event) => {
        $(event.target).find(".creatable-autocomplete").newsroomCreatableSelect2();
    });
}
