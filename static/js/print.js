// "Imprimer" buttons: the CSP forbids inline handlers, so they are wired here.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
