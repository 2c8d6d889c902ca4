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
