// Editor helpers for the role and category forms (no inline scripts: the CSP forbids them).
// - A "Preview" button under every Markdown textarea (data-markdown-preview holds the URL):
//   the text is POSTed and the sanitised HTML, rendered exactly as on the site, shown below.
// - A live character count under the meta description (data-length-min/max).
// - "Move up" / "Move down" buttons on ordered rows (facts, duties, qualification groups, FAQs):
//   they move the row and renumber every row's position field, which stays editable by hand.
(function () {
  "use strict";

  function csrfToken(element) {
    var form = element.closest("form");
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function addPreview(textarea) {
    if (textarea.dataset.previewReady) return;
    textarea.dataset.previewReady = "1";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button markdown-preview-button";
    button.textContent = "Preview";
    var output = document.createElement("div");
    output.className = "markdown-preview prose";
    output.hidden = true;
    output.setAttribute("aria-live", "polite");
    textarea.after(button, output);
    button.addEventListener("click", function () {
      var body = new URLSearchParams();
      body.set("text", textarea.value);
      fetch(textarea.dataset.markdownPreview, {
        method: "POST",
        headers: { "X-CSRFToken": csrfToken(textarea) },
        body: body,
        credentials: "same-origin",
      })
        .then(function (response) {
          if (!response.ok) throw new Error("Preview failed (" + response.status + ")");
          return response.text();
        })
        .then(function (html) {
          output.innerHTML = html; // sanitised server-side by the site's markdownify filter
          output.hidden = false;
        })
        .catch(function (error) {
          output.textContent = error.message;
          output.hidden = false;
        });
    });
  }

  function addCounter(input) {
    if (input.dataset.counterReady) return;
    input.dataset.counterReady = "1";
    var min = Number(input.dataset.lengthMin);
    var max = Number(input.dataset.lengthMax);
    var counter = document.createElement("p");
    counter.className = "length-counter";
    counter.setAttribute("aria-live", "polite");
    input.after(counter);
    function update() {
      var length = input.value.length;
      counter.textContent = length + " characters (aim for " + min + "-" + max + ")";
      counter.classList.toggle("length-counter--bad", length < min || length > max);
    }
    input.addEventListener("input", update);
    update();
  }

  function rowOf(input) {
    return input.closest("tr.form-row") || input.closest(".inline-related");
  }

  function orderedRows(group) {
    return Array.from(group.querySelectorAll("input[name$='-position']"))
      .filter(function (input) { return !input.name.includes("__prefix__"); })
      .map(rowOf);
  }

  function move(input, step) {
    var row = rowOf(input);
    var group = row.closest(".inline-group");
    var rows = orderedRows(group);
    var index = rows.indexOf(row);
    var other = rows[index + step];
    if (!other) return;
    if (step < 0) other.before(row); else other.after(row);
    orderedRows(group).forEach(function (each, i) {
      each.querySelector("input[name$='-position']").value = String(i + 1);
    });
    input.focus();
  }

  function addReorder(input) {
    if (input.dataset.reorderReady || input.name.includes("__prefix__")) return;
    input.dataset.reorderReady = "1";
    [["↑", "Move up", -1], ["↓", "Move down", 1]].forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button reorder-button";
      button.textContent = spec[0];
      button.title = spec[1];
      button.setAttribute("aria-label", spec[1]);
      button.addEventListener("click", function () { move(input, spec[2]); });
      input.parentNode.appendChild(button);
    });
  }

  function enhance(root) {
    root.querySelectorAll("textarea[data-markdown-preview]").forEach(addPreview);
    root.querySelectorAll("input[data-length-min]").forEach(addCounter);
    root.querySelectorAll(".inline-group input[name$='-position']").forEach(addReorder);
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
  });
  // Rows added with "Add another" are cloned from an empty form: enhance them too.
  document.addEventListener("formset:added", function (event) {
    enhance(event.target);
  });
})();
