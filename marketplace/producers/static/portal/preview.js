// Progressive enhancements of the product page; everything works without them.
// The card preview follows the name and place fields while the producer types.
// Without JavaScript the preview shows the values last saved.
document.querySelectorAll("[data-preview]").forEach(function (target) {
  var field = document.getElementById("id_" + target.dataset.preview);
  if (!field) return;
  field.addEventListener("input", function () {
    target.textContent = field.value;
  });
});

// On a desktop, photos can be dropped onto the upload area; a phone keeps its camera and gallery picker.
document.querySelectorAll("form.upload").forEach(function (form) {
  var input = form.querySelector('input[type="file"]');
  if (!input || typeof DataTransfer === "undefined") return;
  ["dragenter", "dragover"].forEach(function (name) {
    form.addEventListener(name, function (event) {
      event.preventDefault();
      form.classList.add("upload--over");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    form.addEventListener(name, function () {
      form.classList.remove("upload--over");
    });
  });
  form.addEventListener("drop", function (event) {
    event.preventDefault();
    var files = new DataTransfer();
    Array.prototype.forEach.call(event.dataTransfer.files, function (file) {
      if (/^image\//.test(file.type)) files.items.add(file);
    });
    input.files = files.files;
  });
});
