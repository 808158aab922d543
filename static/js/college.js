// Questions asked of one college only (data-only-college="resident": gender, home, address —
// the rule is council/membership/minimisation.py): shown when that college is chosen, or none
// yet, hidden otherwise. Used by the application form and the organisers' member forms. Without
// JavaScript every question stays visible with its explanation, and the server ignores what a
// college is not asked. Showing or hiding them is said aloud through a polite live region (a
// radio cannot carry aria-expanded).
document.addEventListener("DOMContentLoaded", () => {
  const parts = document.querySelectorAll("[data-only-college]");
  const radios = document.querySelectorAll('input[name="college"]');
  if (parts.length === 0 || radios.length === 0) return;
  const names = { resident: "collège des habitants", local_actor: "collège des acteurs locaux" };
  const status = document.createElement("p");
  status.id = "college-questions-status";
  status.className = "visually-hidden";
  status.setAttribute("aria-live", "polite");
  parts[0].before(status);
  const update = (announce) => {
    const chosen = document.querySelector('input[name="college"]:checked');
    const messages = new Set();
    parts.forEach((part) => {
      const college = part.dataset.onlyCollege;
      const hide = chosen !== null && chosen.value !== college;
      if (announce && hide !== part.hidden) {
        messages.add(hide
          ? `Les questions réservées au ${names[college]} sont masquées.`
          : `Les questions réservées au ${names[college]} sont affichées.`);
      }
      part.hidden = hide;
    });
    if (messages.size) status.textContent = [...messages].join(" ");
  };
  radios.forEach((radio) => radio.addEventListener("change", () => update(true)));
  update(false);
});
