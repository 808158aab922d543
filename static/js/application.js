// The application form: show the local-actor questions to those who chose that college, and to
// residents who said they also have an activity in the neighbourhood; the questions only the
// habitants college is asked (gender, where you live, "also an activity": data-only-college) only
// to residents. Without JavaScript every question stays visible, with its explanation, and the
// server ignores what a college is not asked. Showing or hiding them is said aloud through a
// polite live region (a radio cannot carry aria-expanded).
document.addEventListener("DOMContentLoaded", () => {
  const group = document.getElementById("actor-fields");
  const residentOnly = document.querySelectorAll('[data-only-college="resident"]');
  const radios = document.querySelectorAll('input[name="college"], input[name="also_activity"]');
  if (!group || radios.length === 0) return;
  const status = document.createElement("p");
  status.id = "actor-fields-status";
  status.className = "visually-hidden";
  status.setAttribute("aria-live", "polite");
  group.before(status);
  const update = (announce) => {
    const chosen = document.querySelector('input[name="college"]:checked');
    const activity = document.querySelector('input[name="also_activity"]:checked');
    const resident = chosen !== null && chosen.value === "resident";
    const actor = chosen !== null && !resident;
    const hidden = resident && (activity === null || activity.value !== "oui");
    const messages = [];
    if (announce && residentOnly.length && actor !== residentOnly[0].hidden) {
      messages.push(actor
        ? "Les questions sur votre genre et votre domicile sont masquées : elles ne concernent que le collège des habitants."
        : "Les questions sur votre genre et votre domicile sont affichées.");
    }
    residentOnly.forEach((part) => { part.hidden = actor; });
    if (announce && hidden !== group.hidden) {
      messages.push(hidden
        ? "Les questions pour les acteurs locaux sont masquées."
        : "Les questions pour les acteurs locaux sont affichées, après celles-ci.");
    }
    if (messages.length) status.textContent = messages.join(" ");
    group.hidden = hidden;
  };
  radios.forEach((radio) => radio.addEventListener("change", () => update(true)));
  update(false);
});
