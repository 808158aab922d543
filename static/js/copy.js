// Copy buttons: a button with data-copy-target="ID" copies that field's value to the clipboard.
// Buttons are hidden in the HTML and shown here, so that without JavaScript nothing is broken.
(function () {
  "use strict";
  function announce(button, text) {
    var status = button.closest(".field").querySelector(".copy-status");
    if (status) { status.textContent = text; }
  }
  function copy(button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    if (!field) { return; }
    var done = function () { announce(button, "Adresse copiée."); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () {
        field.select();
        announce(button, "Sélectionnez l'adresse et copiez-la (Ctrl+C).");
      });
    } else {
      field.select();
      try {
        document.execCommand("copy");
        done();
      } catch (e) {
        announce(button, "Sélectionnez l'adresse et copiez-la (Ctrl+C).");
      }
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
  });
})();
