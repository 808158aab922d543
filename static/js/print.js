// "Imprimer" buttons (the page has print styles for A4). The CSP forbids inline handlers, so
// they are wired here; a button hidden until this script runs is shown (it works only with JS).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
});
