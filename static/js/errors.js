// After a failed submission: focus moves to the error summary (screen readers read it, the
// keyboard starts there), and each of its links moves focus to its field's control, not just
// scrolls to it. The CSP forbids inline scripts, so this lives here.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  summary.querySelectorAll('a[href^="#"]').forEach((link) => {
    link.addEventListener("click", (event) => {
      const target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      const control = target.matches("input, select, textarea, button")
        ? target : target.querySelector("input, select, textarea, button");
      if (!control) return;
      event.preventDefault();
      const label = control.id && document.querySelector(`label[for="${control.id}"]`);
      (control.closest("fieldset") || label || control).scrollIntoView({ block: "start" });
      control.focus({ preventScroll: true });
    });
  });
});
