// The application form: show the local-actor questions to those who chose that college, and to
// residents who said they also have an activity in the neighbourhood; the "also an activity"
// question only to residents. Without JavaScript every question stays visible, with its explanation.
document.addEventListener("DOMContentLoaded", () => {
  const group = document.getElementById("actor-fields");
  const also = document.getElementById("also-activity");
  const radios = document.querySelectorAll('input[name="college"], input[name="also_activity"]');
  if (!group || radios.length === 0) return;
  const update = () => {
    const chosen = document.querySelector('input[name="college"]:checked');
    const activity = document.querySelector('input[name="also_activity"]:checked');
    const resident = chosen !== null && chosen.value === "resident";
    if (also) also.hidden = chosen !== null && !resident;
    group.hidden = resident && (activity === null || activity.value !== "oui");
  };
  radios.forEach((radio) => radio.addEventListener("change", update));
  update();
});

// Before sending, check the size against the server's limit (MAX_CONTENT_LENGTH): over it the server
// answers 413 and what was typed would be lost; here the person stays on the form, told what to do.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-max-bytes]");
  const warning = document.getElementById("size-error");
  const limit = form ? Number(form.dataset.maxBytes) : 0;
  if (!form || !warning || !limit) return;
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
