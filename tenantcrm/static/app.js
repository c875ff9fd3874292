// Small behaviours of the pages, here rather than inline so the Content-Security-Policy
// can forbid inline script: a select marked data-autosubmit submits its form on change,
// a link marked data-back goes back in history (its href is where to go without script).
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.requestSubmit();
  }
});
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a[data-back]") : null;
  if (link && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
