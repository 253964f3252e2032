// The order confirmation page: submit once, then pay at the gateway (online methods) or see
// the order on the orders page (cash on delivery).
(function () {
  "use strict";
  var page = document.getElementById("checkout");
  if (!page) return;
  var button = page.querySelector("[data-commit]");
  var error = page.querySelector("[data-checkout-error]");

  button.addEventListener("click", function () {
    var address = page.querySelector("input[name=addr_id]:checked");
    var method = page.querySelector("input[name=pay_method]:checked");
    if (!address) { error.textContent = gettext("请选择收货地址。"); return; }
    if (!method) { error.textContent = gettext("请选择支付方式。"); return; }
    button.disabled = true;
    error.textContent = "";
    window.FreshShop.post(page.dataset.commitUrl, {
      addr_id: address.value,
      pay_method: method.value,
      sku_ids: page.querySelector("input[name=sku_ids]").value,
      checkout_token: page.querySelector("input[name=checkout_token]").value
    }).then(function (body) {
      if (body.ok && body.pay_url) {
        window.location.href = body.pay_url;
      } else if (body.ok || body.error === "duplicate_submission") {
        // the first submit is placing (or placed) the order: it shows on the orders page
        window.location.href = page.dataset.ordersUrl;
      } else {
        error.textContent = body.message;
        button.disabled = false;
      }
    });
  });
})();
