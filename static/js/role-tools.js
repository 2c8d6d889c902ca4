/* Role page: "Copy" buttons. Each button copies the plain text held in the <template> its
   data-copy-source names, with the Clipboard API, or a hidden textarea where that is missing. */
(function () {
  "use strict";

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
    document.body.removeChild(area);
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  document.querySelectorAll("button[data-copy-source]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy-source"));
    var status = button.parentNode.querySelector(".copy-status");
    if (!source) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.content ? source.content.textContent : source.textContent;
      copy(text.trim()).then(
        function () { status.textContent = "Copied to the clipboard."; },
        function () { status.textContent = "Could not copy; select the text and copy it instead."; }
      );
    });
  });
})();

/* "Compare with...": the list under the box starts with the role's category; as one types it
   is refilled with matching titles from the whole catalogue (the search suggestions endpoint). */
(function () {
  "use strict";
  var input = document.querySelector(".compare-with input[data-suggest-url]");
  if (!input || !window.fetch) { return; }
  var list = document.getElementById(input.getAttribute("list"));
  var own = document.querySelector(".compare-with input[name=a]").value;
  var initial = Array.prototype.map.call(list.options, function (option) { return option.value; });
  var timer = null;
  var latest = 0;

  function fill(titles) {
    list.textContent = "";
    titles.forEach(function (title) {
      var option = document.createElement("option");
      option.value = title;
      list.appendChild(option);
    });
  }

  function refresh() {
    var query = input.value.trim();
    var request = ++latest;
    if (query.length < 2) { fill(initial); return; }
    fetch(input.getAttribute("data-suggest-url") + "?q=" + encodeURIComponent(query), {
      headers: { Accept: "application/json" }
    })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) {
        if (request !== latest) { return; }
        fill((data.suggestions || [])
          .filter(function (s) { return !s.url.endsWith("/" + own + "/"); })
          .map(function (s) { return s.title; }));
      })
      .catch(function () { fill(initial); });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 150);
  });
})();
