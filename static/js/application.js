// The application form: show the local-actor questions to those who chose that college, and to
// residents who said they also have an activity in the neighbourhood. The questions only the
// habitants college is asked (gender, where you live, "also an activity") are shown or hidden by
// college.js. Without JavaScript every question stays visible, with its explanation, and the
// server ignores what a college is not asked. Showing or hiding them is said aloud through a
// polite live region (a radio cannot carry aria-expanded).
document.addEventListener("DOMContentLoaded", () => {
  const group = document.getElementById("actor-fields");
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
    const hidden = resident && (activity === null || activity.value !== "oui");
    if (announce && hidden !== group.hidden) {
      status.textContent = hidden
        ? "Les questions pour les acteurs locaux sont masquées."
        : "Les questions pour les acteurs locaux sont affichées, après celles-ci.";
    }
    group.hidden = hidden;
  };
  radios.forEach((radio) => radio.addEventListener("change", () => update(true)));
  update(false);
});
