// Progressive enhancement: the card preview follows the name and place fields while the producer types.
// Without JavaScript the preview shows the values last saved.
document.querySelectorAll("[data-preview]").forEach(function (target) {
  var field = document.getElementById("id_" + target.dataset.preview);
  if (!field) return;
  field.addEventListener("input", function () {
    target.textContent = field.value;
  });
});
