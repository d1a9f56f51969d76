// Delivery details, progressive enhancements over the plain form (which works without this file):
// a search box over the ward list, and a guest's details remembered in this browser when they ask for it.
(function () {
  "use strict";

  // Vietnamese without diacritics, lower case: "Bến Thành" and "ben thanh" match.
  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  function wardSearch(picker) {
    var select = picker.querySelector("select");
    if (!select) { return; }
    var options = Array.prototype.slice.call(select.options).map(function (option) {
      return { option: option, key: plain(option.text) };
    });
    var input = document.createElement("input");
    input.type = "search";
    input.id = select.id + "-search";
    input.className = "ward-search";
    input.placeholder = picker.dataset.searchPlaceholder;
    input.autocomplete = "off";
    input.setAttribute("aria-controls", select.id);
    var label = document.createElement("label");
    label.htmlFor = input.id;
    label.className = "visually-hidden";
    label.textContent = picker.dataset.searchLabel;
    var status = document.createElement("p");
    status.className = "small";
    status.setAttribute("role", "status");
    select.parentNode.insertBefore(label, select);
    select.parentNode.insertBefore(input, select);
    select.parentNode.insertBefore(status, select.nextSibling);

    input.addEventListener("input", function () {
      var words = plain(input.value).split(/\s+/).filter(Boolean);
      var chosen = select.value;
      var matches = options.filter(function (item) {
        return !item.option.value || words.every(function (word) { return item.key.indexOf(word) !== -1; });
      });
      select.replaceChildren.apply(select, matches.map(function (item) { return item.option; }));
      var real = matches.filter(function (item) { return item.option.value; });
      if (real.length === 1) {
        select.value = real[0].option.value;
      } else if (real.some(function (item) { return item.option.value === chosen; })) {
        select.value = chosen;
      }
      status.textContent = words.length && !real.length ? picker.dataset.noMatch : "";
    });
  }

  var KEY = "xq.checkout.details";
  var FIELDS = ["phone", "email", "full_name", "street_address", "ward_code"];

  function rememberDetails(form) {
    var box = document.getElementById("remember-details");
    if (!box) { return; }
    var holder = box.closest(".remember-me");
    var stored = null;
    try { stored = JSON.parse(window.localStorage.getItem(KEY) || "null"); } catch (error) { return; }
    holder.hidden = false;
    if (stored) {
      box.checked = true;
      FIELDS.forEach(function (name) {
        var field = form.elements[name];
        if (field && !field.value && stored[name]) { field.value = stored[name]; }
      });
    }
    form.addEventListener("submit", function () {
      try {
        if (box.checked) {
          var details = {};
          FIELDS.forEach(function (name) { if (form.elements[name]) { details[name] = form.elements[name].value; } });
          window.localStorage.setItem(KEY, JSON.stringify(details));
        } else {
          window.localStorage.removeItem(KEY);
        }
      } catch (error) { /* storage full or forbidden: the order goes on without it */ }
    });
  }

  var form = document.getElementById("checkout-details");
  if (!form) { return; }
  rememberDetails(form);
  document.querySelectorAll(".ward-picker").forEach(wardSearch);
})();
