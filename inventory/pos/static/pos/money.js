// Money as marketplace.core.money.format_vnd shows it: "150.000 ₫" in Vietnamese, "₫150,000" in English.
(function (root) {
  "use strict";
  root.xqMoney = function (language) {
    const english = !String(language || "vi").startsWith("vi");
    return function vnd(amount) {
      const grouped = String(Math.round(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, english ? "," : ".");
      return english ? `₫${grouped}` : `${grouped} ₫`;
    };
  };
})(this);
