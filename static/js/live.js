// Published pages are the same for every visitor (nginx serves them as files). This fills in
// what is the visitor's own (GET /session/: their name, the cart count; kept per tab while the
// marker cookie keeps its value), loads the fragments pages share ([data-fragment], cached a
// minute), then what changes with every order for all goods on the page in one call
// (GET /goods/live/: stock, sales, shelf state, current and list price), and records a logged-in shopper's view
// of a goods page.
// Without it a page still shows and links correctly: guest links, static prices, a plain
// "全部商品分类" link.
(function () {
  "use strict";

  var shop = window.FreshShop;
  var urls = document.body.dataset;
  var LIVE_MAX_IDS = 100; // what one /goods/live/ call may ask for
  var asked = {}; // sku id → true once asked for
  var figures = {}; // sku id → its live figures

  function fetchOk(url, accept) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": accept } })
      .then(function (response) { return response.ok ? response : null; })
      .catch(function () { return null; });
  }

  // 1234.5 → "¥1,234.50", as the pages' yuan filter writes it
  function yuan(price) {
    var parts = Number(price).toFixed(2).split(".");
    return "¥" + parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",") + "." + parts[1];
  }

  // --- The visitor: name and logout button in the top bar, the cart count -----------------
  function logoutForm(url) {
    var form = document.createElement("form");
    form.method = "post";
    form.action = url;
    form.className = "inline-form";
    var token = document.createElement("input");
    token.type = "hidden";
    token.name = "csrfmiddlewaretoken";
    var button = document.createElement("button");
    button.type = "submit";
    button.className = "link-button";
    button.textContent = gettext("退出");
    form.append(token, button);
    // read at submit time (a login since may have rotated it); a kept /session/ answer may
    // leave the page without the cookie: then ask for it first
    form.addEventListener("submit", function (event) {
      token.value = shop.csrfToken();
      if (token.value) return;
      event.preventDefault();
      shop.csrfReady().then(function () {
        token.value = shop.csrfToken();
        form.submit();
      });
    });
    return form;
  }

  function showUser(user) {
    var slot = document.querySelector("[data-session-user]");
    if (!slot) return;
    if (user) {
      var welcome = document.createElement("span");
      var name = document.createElement("em");
      name.textContent = user.username;
      welcome.append(gettext("欢迎您："), name);
      slot.replaceChildren(welcome, logoutForm(slot.dataset.logoutUrl));
    } else {
      slot.replaceChildren();
    }
    slot.hidden = !user;
    document.querySelectorAll("[data-session-guest]").forEach(function (el) { el.hidden = Boolean(user); });
  }

  function recordView(user) {
    var detail = document.querySelector("[data-goods-detail]");
    if (user && detail) shop.post(urls.historyUrl, { sku_id: detail.dataset.goodsDetail });
  }

  // /session/ only when the marker cookie changed since this tab last asked (shop.js)
  function fillSession(record) {
    shop.visitor().then(function (body) {
      if (!body || !body.ok) return;
      showUser(body.user);
      shop.showCartCount(body.cart_count);
      if (record) recordView(body.user);
    });
  }

  // --- Goods: stock, sales, shelf state, price ----------------------------------------------
  // The list price struck through right after the current price while a sale runs: only the
  // <del> that follows this price (a goods page's spec chips carry their own), added or taken
  // away when a sale began or ended since the page was published.
  function showListPrice(price, goods) {
    var was = price.nextElementSibling;
    if (!was || !was.matches("del.price--was")) was = null;
    var onSale = goods.list_price && Number(goods.list_price) > Number(goods.price);
    if (!onSale) {
      if (was) was.remove();
      return;
    }
    if (!was) {
      was = document.createElement("del");
      was.className = "price--was";
      price.after(was);
    }
    was.textContent = yuan(goods.list_price);
  }

  function showGoods(el, goods) {
    var scope = el.closest(".goods-card, [data-live-scope]") || el.parentElement;
    scope.querySelectorAll("[data-live-price], .goods-card__price").forEach(function (price) {
      price.textContent = yuan(goods.price);
      showListPrice(price, goods);
    });
    scope.querySelectorAll("[data-live-stock]").forEach(function (s) { s.textContent = goods.stock; });
    scope.querySelectorAll("[data-live-sales]").forEach(function (s) { s.textContent = goods.sales; });
    scope.querySelectorAll("[data-live-figures]").forEach(function (s) { s.hidden = false; });
    scope.querySelectorAll("[data-live-max]").forEach(function (input) {
      input.max = Math.max(goods.stock, 1);
      if (goods.stock > 0 && Number(input.value) > goods.stock) input.value = goods.stock;
    });
    var note = !goods.on_shelf ? gettext("已下架") : goods.stock < 1 ? gettext("已售罄") : "";
    // 到货通知 (restock_notify.html): offered while the goods are on the shelf and sold out
    scope.querySelectorAll("[data-restock]").forEach(function (el) { el.hidden = !goods.on_shelf || goods.stock > 0; });
    scope.querySelectorAll("[data-add-to-cart]").forEach(function (button) {
      button.disabled = Boolean(note);
      button.toggleAttribute("data-unavailable", Boolean(note));
    });
    var status = scope.querySelector("[data-add-status]");
    if (status && note) {
      status.textContent = note;
      status.className = "add-status add-status--error";
    }
  }

  function goodsOnPage() {
    return document.querySelectorAll("[data-sku-id], [data-live-id]");
  }

  function showFigures() {
    goodsOnPage().forEach(function (el) {
      var goods = figures[el.dataset.skuId || el.dataset.liveId];
      if (goods) showGoods(el, goods);
    });
  }

  function fillGoods() {
    var ids = [];
    goodsOnPage().forEach(function (el) {
      var id = el.dataset.skuId || el.dataset.liveId;
      if (/^[0-9]{1,18}$/.test(id) && !asked[id] && ids.length < LIVE_MAX_IDS) {
        asked[id] = true;
        ids.push(id);
      }
    });
    if (!ids.length) return showFigures();
    fetchOk(urls.liveUrl + "?ids=" + ids.join(","), "application/json").then(function (response) {
      return response ? response.json() : null;
    }).then(function (body) {
      if (!body || !body.ok) return;
      Object.keys(body.goods).forEach(function (id) { figures[id] = body.goods[id]; });
      showFigures();
    }).catch(function () {});
  }

  // --- Fragments pages share: the category navigation, a category's newest goods ------------
  function markCurrent(root) {
    root.querySelectorAll("a[href]").forEach(function (link) {
      if (link.getAttribute("href") === window.location.pathname) link.setAttribute("aria-current", "page");
    });
  }

  // The fragments first (the browser keeps them a minute: no request), then ONE /goods/live/
  // call for every goods on the page, the fragments' included.
  function fillFragments() {
    var loads = [];
    document.querySelectorAll("[data-fragment]").forEach(function (slot) {
      loads.push(fetchOk(slot.dataset.fragment, "text/html").then(function (response) {
        return response ? response.text() : null;
      }).then(function (html) {
        if (html === null) return;
        slot.innerHTML = html; // our own fragment, the same for everyone
        markCurrent(slot);
      }).catch(function () {}));
    });
    return Promise.all(loads);
  }

  fillSession(true);
  fillFragments().then(fillGoods);
  // a page shown again from the back-forward cache: the visitor may have changed meanwhile
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) fillSession(false);
  });
})();
