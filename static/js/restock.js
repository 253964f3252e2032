// 到货通知 on a sold-out goods page (templates/catalog/includes/restock_notify.html, shown by
// live.js while the stock is 0): a logged-in shopper asks to be mailed when the goods are back
// (POST /accounts/restock-alerts/); a guest is sent to log in and comes back to the page.
(function () {
  "use strict";

  function toLogin() {
    var here = window.location.pathname + window.location.search;
    window.location.href = "/accounts/login/?next=" + encodeURIComponent(here);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-restock-notify]");
    if (!button) return;
    event.preventDefault();
    var status = button.parentElement.querySelector("[data-restock-status]");
    button.disabled = true;
    window.FreshShop.post(button.dataset.url, { sku_id: button.dataset.restockSku }).then(function (body) {
      if (!body.ok && body.error === "login_required") { toLogin(); return; }
      if (body.ok) {
        button.textContent = gettext("已订阅到货通知");
        if (status) status.textContent = gettext("到货后我们会给您的注册邮箱发一封邮件。");
        return;
      }
      button.disabled = false; // shop.post answers network and server errors in the same shape
      if (status) status.textContent = body.message;
    });
  });
})();
