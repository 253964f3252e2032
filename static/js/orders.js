// The orders pages: "去付款" asks for the gateway's address and goes there; "确认收货" tells
// the shop the goods arrived and shows the order's new status.
(function () {
  "use strict";
  function act(button, url, done) {
    button.disabled = true;
    window.FreshShop.post(url, {}).then(function (body) {
      if (body.ok) { done(body); return; }
      button.disabled = false;
      alert(body.message);
    });
  }
  document.addEventListener("click", function (event) {
    var pay = event.target.closest("[data-pay-url]");
    if (pay) {
      act(pay, pay.dataset.payUrl, function (body) { window.location.href = body.pay_url; });
      return;
    }
    var receive = event.target.closest("[data-receive-url]");
    if (receive) {
      act(receive, receive.dataset.receiveUrl, function () { window.location.reload(); });
    }
  });
})();
