// The request form's skill rows: "Add a skill" appends an empty row from its <template>, "Remove" takes a row
// away (the last one is emptied instead). Rows are plain repeated inputs, so nothing typed elsewhere changes.
document.addEventListener("click", (event) => {
  const add = event.target.closest("[data-add-row]");
  if (add) {
    const rows = document.getElementById(add.dataset.addRow);
    rows.append(document.getElementById(add.dataset.template).content.cloneNode(true));
    rows.lastElementChild.querySelector("select").focus();
    return;
  }
  const remove = event.target.closest("[data-remove-row]");
  if (remove) {
    const row = remove.closest("li");
    if (row.parentElement.children.length > 1) {
      row.remove();
    } else {
      row.querySelector("select[name=skill]").value = "";
    }
  }
});
