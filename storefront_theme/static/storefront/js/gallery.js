// Progressive enhancement: a tap on a thumbnail swaps the main photo instead of opening the full image.
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-gallery-src]");
  var main = document.getElementById("gallery-main");
  if (!link || !main) return;
  event.preventDefault();
  main.src = link.getAttribute("data-gallery-src");
  main.alt = link.querySelector("img").alt;
  document.querySelectorAll("[data-gallery-src]").forEach(function (other) {
    other.setAttribute("aria-current", other === link ? "true" : "false");
  });
});
