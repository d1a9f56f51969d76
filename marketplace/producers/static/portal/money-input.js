// Price fields grouped as they are typed: "80000" becomes "80.000" ("80,000" in English). The server reads
// either form (marketplace.core.numbers.parse_vnd); without JavaScript the field takes plain digits too.
(function () {
  "use strict";
  const english = !document.documentElement.lang.startsWith("vi");
  const group = (digits) => digits.replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, english ? "," : ".");
  document.querySelectorAll("input[data-vnd]").forEach((input) => {
    input.addEventListener("input", () => {
      // Keep the caret after the same number of digits it followed before grouping.
      const caret = input.selectionStart === null ? input.value.length : input.selectionStart;
      const digitsBefore = input.value.slice(0, caret).replace(/\D/g, "").length;
      const digits = input.value.replace(/\D/g, "");
      input.value = digits ? group(digits) : "";
      let position = 0;
      for (let seen = 0; position < input.value.length && seen < digitsBefore; position += 1) {
        if (/\d/.test(input.value[position])) seen += 1;
      }
      input.setSelectionRange(position, position);
    });
  });
})();
