/* Search boxes (the header's, and the one on 404 and 410 pages): suggestions while typing, as
   an ARIA 1.2 combobox with a listbox. Without this script each box is an ordinary search form. */
(function () {
  "use strict";
  if (!window.fetch) { return; }
  Array.prototype.forEach.call(document.querySelectorAll("form[data-search-suggest]"), suggest);

  function suggest(form) {
    var input = form.querySelector("input[name=q]");
    var endpoint = form.getAttribute("data-search-suggest");
    /* Ids of the box's own ("site-search-q": "site-search-suggestions", "site-search-option-0"). */
    var prefix = input.id.replace(/-q$/, "");
    var list = document.createElement("ul");
    var timer = null;
    var active = -1;
    var latest = 0;

    list.id = prefix + "-suggestions";
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggested roles");
    list.hidden = true;
    input.parentNode.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    function options() { return list.querySelectorAll("[role=option]"); }

    function close() {
      list.hidden = true;
      list.textContent = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var items = options();
      if (!items.length) { return; }
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) { item.setAttribute("aria-selected", String(i === active)); });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function go(item) { window.location.assign(item.getAttribute("data-url")); }

    function show(suggestions) {
      close();
      if (!suggestions.length) { return; }
      suggestions.forEach(function (suggestion, i) {
        var item = document.createElement("li");
        var title = document.createElement("span");
        var category = document.createElement("span");
        item.id = prefix + "-option-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.setAttribute("data-url", suggestion.url);
        title.textContent = suggestion.title;
        category.className = "suggestions__category";
        category.textContent = " · " + suggestion.category;
        item.appendChild(title);
        item.appendChild(category);
        /* mousedown, not click: it fires before the input's blur closes the list. */
        item.addEventListener("mousedown", function (event) { event.preventDefault(); go(item); });
        list.appendChild(item);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      var request = ++latest;
      if (query.length < 2) { close(); return; }
      fetch(endpoint + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (request === latest) { show(data.suggestions || []); } })
        .catch(close);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && !list.hidden) { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp" && !list.hidden) { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); go(options()[active]); }
    });
    input.addEventListener("blur", close);
  }
})();
