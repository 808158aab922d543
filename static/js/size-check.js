// Before sending, check the size against the server's limit (MAX_CONTENT_LENGTH): over it the server
// answers 413 and what was typed would be lost; here the person stays on the form, told what to do.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-max-bytes]");
  const warning = document.getElementById("size-error");
  const limit = form ? Number(form.dataset.maxBytes) : 0;
  if (!form || !warning || !limit) return;  // pages without a long form: nothing to do
  form.addEventListener("submit", (event) => {
    const body = new URLSearchParams(new FormData(form)).toString();
    const size = new TextEncoder().encode(body).length;
    warning.hidden = size <= limit;
    if (size > limit) {
      event.preventDefault();
      warning.focus();
    }
  });
});
