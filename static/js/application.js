// The application form: show the local-actor questions only to those who chose that college.
// Without JavaScript every question stays visible, with its explanation.
document.addEventListener("DOMContentLoaded", () => {
  const group = document.getElementById("actor-fields");
  const radios = document.querySelectorAll('input[name="college"]');
  if (!group || radios.length === 0) return;
  const update = () => {
    const chosen = document.querySelector('input[name="college"]:checked');
    group.hidden = chosen !== null && chosen.value === "resident";
  };
  radios.forEach((radio) => radio.addEventListener("change", update));
  update();
});
