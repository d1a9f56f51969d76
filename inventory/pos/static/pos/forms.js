// Small helps on the POS forms, each only where its page has the element; without JavaScript the forms work as
// they are (ten fixed rows, a plain producer list, the counted cash typed by hand).
(function () {
  "use strict";

  // ---- closing a cash session: count the notes, the counted cash is filled in ------------------------------
  const counter = document.getElementById("cash-count");
  if (counter) {
    const format = JSON.parse(document.getElementById("money-format").textContent);
    const vnd = window.xqMoney(format.language);
    const counted = document.getElementById("counted_cash");
    const notes = Array.from(counter.querySelectorAll(".cash-note"));
    counter.hidden = false;
    const add = () => {
      let total = 0;
      notes.forEach((input) => {
        const count = Math.max(parseInt(input.value, 10) || 0, 0);
        const amount = count * parseInt(input.dataset.value, 10);
        input.closest("tr").querySelector(".cash-note-total").textContent = count ? vnd(amount) : "";
        total += amount;
      });
      counted.value = vnd(total).replace(/[^\d.,]/g, ""); // "1.030.000": the server reads it as typed by hand
    };
    notes.forEach((input) => input.addEventListener("input", add));
  }

  // ---- goods-in and transfer rows: name each scanned code, add rows as they fill, Enter moves on ------------
  document.querySelectorAll("table.line-rows").forEach((table) => {
    const body = table.tBodies[0];
    const lookupUrl = table.dataset.lookupUrl;

    async function name(row) {
      const input = row.querySelector('input[name^="code_"]');
      const cell = row.querySelector(".line-name-found");
      const code = input.value.trim();
      cell.textContent = "";
      cell.classList.remove("is-missing");
      if (!code) return;
      try {
        const response = await fetch(`${lookupUrl}?code=${encodeURIComponent(code)}`, { credentials: "same-origin" });
        const found = await response.json();
        if (input.value.trim() !== code) return;
        cell.textContent = found.found ? found.name : table.dataset.notFound;
        cell.classList.toggle("is-missing", !found.found);
      } catch (error) {
        cell.textContent = "";
      }
    }

    function addRow() {
      const last = body.rows[body.rows.length - 1];
      const row = last.cloneNode(true);
      const index = body.rows.length;
      row.cells[0].textContent = String(index + 1);
      row.querySelectorAll("input").forEach((input) => {
        const [field] = input.name.split("_");
        input.name = `${field}_${index}`;
        input.value = "";
        input.setAttribute("aria-label", input.getAttribute("aria-label").replace(/\d+$/, String(index + 1)));
      });
      row.querySelector(".line-name-found").textContent = "";
      body.appendChild(row);
      wire(row);
      return row;
    }

    function wire(row) {
      const code = row.querySelector('input[name^="code_"]');
      const quantity = row.querySelector('input[name^="quantity_"]');
      code.addEventListener("change", () => name(row));
      code.addEventListener("input", () => {
        if (!code.value.trim()) name(row);
        else if (row === body.rows[body.rows.length - 1]) addRow();
      });
      // A scanner ends each code with Enter: go to its quantity instead of sending the form half filled.
      code.addEventListener("keydown", (event) => {
        if (event.key !== "Enter") return;
        event.preventDefault();
        name(row);
        quantity.focus();
      });
      quantity.addEventListener("keydown", (event) => {
        if (event.key !== "Enter" || !quantity.value.trim()) return;
        event.preventDefault();
        const next = row.nextElementSibling || addRow();
        next.querySelector('input[name^="code_"]').focus();
      });
    }

    Array.from(body.rows).forEach((row) => {
      wire(row);
      if (row.querySelector('input[name^="code_"]').value.trim()) name(row);
    });
  });

  // ---- a producer list to search by typing, without diacritics too ("cat trang" finds "HTX Cát Trắng") -----
  document.querySelectorAll("select[data-searchable]").forEach((select) => {
    const key = (s) => window.xqTillSearch.plainKey(s);
    const box = document.createElement("input");
    box.type = "search";
    box.id = `${select.id}-search`;
    box.autocomplete = "off";
    box.placeholder = select.dataset.searchable;
    box.setAttribute("aria-label", select.dataset.searchable);
    box.setAttribute("aria-controls", select.id);
    select.before(box);
    const options = Array.from(select.options).filter((option) => option.value);
    box.addEventListener("input", () => {
      const words = key(box.value).split(" ").filter(Boolean);
      let first = null;
      options.forEach((option) => {
        const shown = words.every((word) => key(option.textContent).includes(word));
        option.hidden = !shown;
        if (shown && !first) first = option;
      });
      if (first && (!select.value || select.selectedOptions[0].hidden)) select.value = first.value;
    });
  });
})();
