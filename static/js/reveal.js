// Conditional reveals for radios and checkboxes (templates/includes/field.html, data-reveal).
// GOV.UK Frontend's own version sets aria-expanded on the inputs, which radios do not support
// (axe: aria-allowed-attr); the revealed fields follow their option, so nothing else is needed.
function sync(group) {
  group.querySelectorAll("input[data-reveal]").forEach((input) => {
    const target = document.getElementById(input.dataset.reveal);
    if (target) target.classList.toggle(`${target.dataset.hiddenClass}`, !input.checked);
  });
}
document.querySelectorAll("[data-reveal-group]").forEach((group) => {
  sync(group);
  group.addEventListener("change", () => sync(group));
  window.addEventListener("pageshow", () => sync(group));
});
