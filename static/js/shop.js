// Shared by every page: the visitor's session, POSTs to the shop's JSON endpoints, and
// "加入购物车" buttons.
(function () {
  "use strict";

  function cookie(name) {
    var pairs = document.cookie ? document.cookie.split(/;\s*/) : [];
    for (var i = 0; i < pairs.length; i++) {
      var at = pairs[i].indexOf("=");
      if (pairs[i].slice(0, at) === name) return decodeURIComponent(pairs[i].slice(at + 1));
    }
    return "";
  }

  function csrfToken() {
    return cookie("csrftoken");
  }

  // GET /session/ once per page: who the visitor is, their cart count; it also sets the CSRF
  // cookie that published pages cannot carry. Resolves to null when it cannot answer.
  var sessionCall = null;
  function session(again) {
    if (!sessionCall || again) {
      sessionCall = fetch(document.body.dataset.sessionUrl, {
        credentials: "same-origin",
        cache: "no-store",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).catch(function () { return null; });
    }
    return sessionCall;
  }

  // A published page sets no CSRF cookie: the first POST asks /session/ for one.
  function csrfReady() {
    if (csrfToken()) return Promise.resolve();
    return session().then(function () { return csrfToken() ? null : session(true); });
  }

  function post(url, fields) {
    var body = new URLSearchParams();
    Object.keys(fields).forEach(function (name) {
      [].concat(fields[name]).forEach(function (value) { body.append(name, value); });
    });
    return csrfReady().then(function () {
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" },
        body: body
      });
    }).then(function (response) {
      return response.json().catch(function () {
        return { ok: false, error: "server_error", message: gettext("服务器繁忙，请稍后再试。") };
      });
    }, function () {
      return { ok: false, error: "network", message: gettext("网络错误，请检查网络后重试。") };
    });
  }

  function showCartCount(count) {
    document.querySelectorAll("[data-header-cart-count]").forEach(function (el) {
      el.textContent = count;
    });
  }

  window.FreshShop = {
    cookie: cookie, csrfToken: csrfToken, session: session, post: post, showCartCount: showCartCount
  };

  // <button data-add-to-cart data-sku-id="…" [data-count-input="#id"]>
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-to-cart]");
    if (!button) return;
    event.preventDefault();
    var countInput = button.dataset.countInput && document.querySelector(button.dataset.countInput);
    var count = countInput ? countInput.value : 1;
    // a goods card keeps its status line outside the price row the button sits in
    var status = (button.closest(".goods-card") || button.parentElement).querySelector("[data-add-status]");
    button.disabled = true;
    post(button.dataset.url, { sku_id: button.dataset.skuId, count: count }).then(function (body) {
      // sold out or off the shelf since (live.js) keeps it disabled
      button.disabled = button.hasAttribute("data-unavailable");
      if (body.ok) showCartCount(body.cart_count);
      if (status) {
        status.textContent = body.ok ? gettext("已加入购物车") : body.message;
        status.className = body.ok ? "add-status add-status--ok" : "add-status add-status--error";
      }
    });
  });
})();
