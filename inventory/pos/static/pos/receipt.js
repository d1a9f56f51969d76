// Print the receipt: on the button, or at once when the till opened it with ?in=1 (the P key after a sale).
document.querySelectorAll("[data-print]").forEach((button) => button.addEventListener("click", () => window.print()));
if (new URLSearchParams(window.location.search).has("in")) window.addEventListener("load", () => window.print());
