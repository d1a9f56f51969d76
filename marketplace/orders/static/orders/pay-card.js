// Stripe.js keeps the card number in Stripe's frame; the server learns the outcome from Stripe itself.
// A file rather than inline code, so that the content security policy can refuse inline scripts.
(function () {
  var form = document.getElementById("card-form");
  var stripe = Stripe(form.dataset.key);
  var card = stripe.elements().create("card");
  card.mount("#card-element");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    form.querySelector("button").disabled = true;
    stripe.confirmCardPayment(form.dataset.clientSecret, {payment_method: {card: card}}).then(function (result) {
      if (result.error) {
        document.getElementById("card-errors").textContent = result.error.message;
        form.querySelector("button").disabled = false;
      } else {
        window.location.assign(form.dataset.return);
      }
    });
  });
})();
