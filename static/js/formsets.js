// Keeps a Django formset's TOTAL_FORMS equal to the rows MOJ "add another" shows
// (templates/includes/add_another.html), so added and removed rows post as expected.
function countRows(event) {
  const root = event.target.closest("[data-formset-prefix]");
  if (!root) return;
  const prefix = root.dataset.formsetPrefix;
  const total = document.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
  if (total) total.value = root.querySelectorAll(".moj-add-another__items > .moj-add-another__item").length;
}
document.addEventListener("moj-add-another:add-item", countRows);
document.addEventListener("moj-add-another:remove-item", countRows);
