// Stripe.js keeps the card number in Stripe's frame; the server learns the outcome from Stripe itself.
// Paying POSTs to this page for the PaymentIntent's client secret, then confirms the card with Stripe, then
// submits the form, a POST to the return page, whose server asks Stripe what happened and records it.
// A file rather than inline code, so that the content security policy can refuse inline scripts.
(function () {
  var form = document.getElementById("card-form");
  var button = form.querySelector("button");
  var errors = document.getElementById("card-errors");
  var stripe = Stripe(form.dataset.key);
  var card = stripe.elements().create("card");
  card.mount("#card-element");
  function fail(message) {
    errors.textContent = message;
    button.disabled = false;
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    errors.textContent = "";
    fetch(form.dataset.intent, {
      method: "POST",
      credentials: "same-origin",
      headers: {"X-CSRFToken": form.elements.csrfmiddlewaretoken.value, "Accept": "application/json"}
    }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      if (answer.errors) {
        fail(answer.errors[0].message);
        return;
      }
      return stripe.confirmCardPayment(answer.clientSecret, {payment_method: {card: card}}).then(function (result) {
        if (result.error) {
          fail(result.error.message);
        } else {
          form.submit();
        }
      });
    }).catch(function () {
      fail(form.dataset.offline);
    });
  });
})();
