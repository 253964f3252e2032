// The orders pages: "去付款" asks for the gateway's address and goes there; "确认收货" and
// "取消订单" tell the shop and show the order's new status; an unpaid order counts down to
// its payment deadline; the return page asks for the status until the payment is confirmed.
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
      return;
    }
    var cancel = event.target.closest("[data-cancel-url]");
    if (cancel && window.confirm(cancel.dataset.confirm)) {
      act(cancel, cancel.dataset.cancelUrl, function () { window.location.reload(); });
    }
  });

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    document.querySelectorAll("[data-pay-deadline]").forEach(function (node) {
      var left = Math.floor((Date.parse(node.dataset.payDeadline) - Date.now()) / 1000);
      if (left <= 0) {
        node.textContent = gettext("已超过支付时限，订单即将自动取消");
        var button = node.parentNode.querySelector("[data-pay-url]");
        if (button) button.disabled = true;
        return;
      }
      node.textContent = interpolate(gettext("剩余支付时间 %s，逾期自动取消"),
        [Math.floor(left / 60) + ":" + pad(left % 60)]);
    });
  }
  if (document.querySelector("[data-pay-deadline]")) { tick(); setInterval(tick, 1000); }

  var waiting = document.querySelector("[data-status-url]");
  if (waiting) {
    var tries = 0;
    var poll = function () {
      fetch(waiting.dataset.statusUrl, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (body) {
          if (body.ok && body.status !== "unpaid") { window.location.reload(); return; }
          if (++tries < 60) setTimeout(poll, 2000);
        })
        .catch(function () { if (++tries < 60) setTimeout(poll, 4000); });
    };
    setTimeout(poll, 1500);
  }
})();
