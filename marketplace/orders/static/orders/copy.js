// Copy buttons of the transfer details: shown only where the browser can copy; without them the text is selectable.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) { return; }
  var status = document.querySelector(".copy-status");
  document.querySelectorAll(".copy-button[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-copy");
      navigator.clipboard.writeText(text).then(function () {
        if (status) { status.textContent = status.getAttribute("data-copied") + " " + text; }
        button.classList.add("is-copied");
      });
    });
  });
})();
