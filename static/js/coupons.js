// Claiming coupons: any page's <button data-coupon-claim="CODE"> (a campaign's page, a
// promotion) and the 我的优惠券 page's form put the coupon into the shopper's list through
// POST /accounts/coupons/claim/; a guest is sent to log in and comes back to the page.
(function () {
  "use strict";
  var CLAIM_URL = "/accounts/coupons/claim/";

  function toLogin() {
    var here = window.location.pathname + window.location.search;
    window.location.href = "/accounts/login/?next=" + encodeURIComponent(here);
  }

  function show(node, body) {
    if (!node) { if (!body.ok) window.alert(body.message); return; }
    node.textContent = body.ok
      ? interpolate(gettext("已领取“%s”，可在结算时使用"), [body.coupon.title])
      : body.message;
    node.className = node.className.replace(/\s*claim-status--\w+/g, "") +
      (body.ok ? " claim-status--ok" : " claim-status--error");
  }

  function claim(url, code) {
    return window.FreshShop.post(url || CLAIM_URL, { code: code }).then(function (body) {
      if (!body.ok && body.error === "login_required") { toLogin(); return null; }
      return body;
    });
  }

  // <button data-coupon-claim="CODE" [data-claim-url]>; its answer goes to the nearest
  // [data-coupon-status] inside the button's parent, else to an alert when it is an error
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-coupon-claim]");
    if (!button) return;
    event.preventDefault();
    button.disabled = true;
    claim(button.dataset.claimUrl, button.dataset.couponClaim).then(function (body) {
      if (!body) return;
      show(button.parentElement.querySelector("[data-coupon-status]"), body);
      if (body.ok) {
        button.textContent = gettext("已领取");
        button.setAttribute("aria-disabled", "true");
      } else {
        button.disabled = false;
      }
    });
  });

  // the 我的优惠券 page's form: claims in place, then shows the list with the new coupon
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-coupon-claim-form]");
    if (!form) return;
    event.preventDefault();
    var input = form.querySelector("[name=code]");
    var submit = form.querySelector("[type=submit]");
    if (submit) submit.disabled = true;
    claim(form.dataset.claimUrl, input.value).then(function (body) {
      if (!body) return;
      show(form.querySelector("[data-coupon-status]"), body);
      if (body.ok) { window.setTimeout(function () { window.location.reload(); }, 800); return; }
      if (submit) submit.disabled = false;
    });
  });
})();
