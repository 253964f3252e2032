// The orders page: "去付款" asks for the gateway's address and goes there.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-pay-url]");
    if (!button) return;
    button.disabled = true;
    window.FreshShop.post(button.dataset.payUrl, {}).then(function (body) {
      if (body.ok) { window.location.href = body.pay_url; return; }
      button.disabled = false;
      alert(body.message);
    });
  });
})();
