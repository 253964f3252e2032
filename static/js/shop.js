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

  // The marker (shop/middleware.py): absent for a plain guest; else "u.…" (a login) or "g.…" (a
  // guest cart), a new value whenever what /session/ answers may have changed. The answer is
  // kept in this tab's sessionStorage with the value it was given for, and asked again only
  // when the value differs, or after KEPT_MS: a session can also end on the server (expiry,
  // a store that lost it) with no response to say so.
  var MARKER = "fresh_personal";
  var KEPT = "fresh_session";
  var KEPT_MS = 5 * 60 * 1000;

  function kind(marker) {
    return marker.slice(0, 2);
  }

  function keptRead() {
    try {
      var kept = JSON.parse(window.sessionStorage.getItem(KEPT));
      return kept && typeof kept.marker === "string" ? kept : null;
    } catch (error) {
      return null; // storage off or unreadable: ask /session/
    }
  }

  function keep(marker, user, cartCount, at) {
    try {
      if (!marker) return window.sessionStorage.removeItem(KEPT);
      var kept = { marker: marker, user: user, cart_count: cartCount, at: at };
      window.sessionStorage.setItem(KEPT, JSON.stringify(kept));
    } catch (error) { /* nothing kept: the next page asks */ }
  }

  // GET /session/ at most once per page: who the visitor is, their cart count; it also sets the
  // CSRF cookie that published pages cannot carry. Resolves to null when it cannot answer.
  var sessionCall = null;
  function session(again) {
    if (!sessionCall || again) {
      sessionCall = fetch(document.body.dataset.sessionUrl, {
        credentials: "same-origin",
        cache: "no-store",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (body) {
        // the marker as this answer left it (it may have renewed or removed it)
        if (body && body.ok) keep(cookie(MARKER), body.user, body.cart_count, Date.now());
        return body;
      }).catch(function () { return null; });
    }
    return sessionCall;
  }

  // Who the visitor is, for this page: nobody without a marker, the answer kept for the
  // marker's value, else /session/'s.
  function visitor() {
    var marker = cookie(MARKER);
    if (!marker) {
      keep("");
      return Promise.resolve({ ok: true, user: null, cart_count: 0 });
    }
    var kept = keptRead();
    var age = kept ? Date.now() - kept.at : -1;
    if (kept && kept.marker === marker && age >= 0 && age < KEPT_MS) {
      return Promise.resolve({ ok: true, user: kept.user, cart_count: kept.cart_count });
    }
    return session(true); // not an answer from before this page (back-forward cache)
  }

  // A cart change answered with its count renewed the marker: the answer kept goes on under
  // the new value when nothing else changed meanwhile (the value it was kept for was the one
  // sent, and a login did not become a guest or back); else the next page asks /session/.
  function cartChanged(before, cartCount) {
    var after = cookie(MARKER);
    var kept = keptRead();
    if (!after) return keep("");
    if (!before && kind(after) === "g.") return keep(after, null, cartCount, Date.now());
    if (before && kept && kept.marker === before && kind(before) === kind(after)) {
      keep(after, kept.user, cartCount, kept.at);
    }
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
    var before = null;
    return csrfReady().then(function () {
      before = cookie(MARKER);
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" },
        body: body
      });
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (answer.ok && typeof answer.cart_count === "number") cartChanged(before, answer.cart_count);
        return answer;
      }, function () {
        return { ok: false, error: "server_error", message: gettext("服务器繁忙，请稍后再试。") };
      });
    }, function () {
      return { ok: false, error: "network", message: gettext("网络错误，请检查网络后重试。") };
    });
  }

  // The header badge counts the cart's lines (kinds of goods, the contract's cart_count), not units.
  function showCartCount(count) {
    document.querySelectorAll("[data-header-cart-count]").forEach(function (el) {
      el.textContent = count;
      el.title = interpolate(gettext("购物车里有 %s 种商品"), [count]);
    });
  }

  window.FreshShop = {
    cookie: cookie, csrfToken: csrfToken, csrfReady: csrfReady, session: session, visitor: visitor,
    post: post, showCartCount: showCartCount
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

  // <button data-buy-now …> on a goods page: straight to the order confirmation with this goods
  // only. The cart line is set to the chosen count (so the order is that count, whatever the
  // cart held; added when the cart has none), then /orders/place/ is posted with this SKU alone.
  // A guest logs in first and comes back to the goods page.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-buy-now]");
    if (!button) return;
    event.preventDefault();
    var scope = button.parentElement;
    var status = scope && scope.querySelector("[data-add-status]");
    var countInput = button.dataset.countInput && document.querySelector(button.dataset.countInput);
    var count = countInput ? parseInt(countInput.value, 10) || 1 : 1;
    visitor().then(function (who) {
      if (!who || !who.user) {
        var back = window.location.pathname + window.location.search;
        window.location.href = button.dataset.loginUrl + "?next=" + encodeURIComponent(back);
        return;
      }
      button.disabled = true;
      var line = { sku_id: button.dataset.skuId, count: count };
      post(button.dataset.url, line).then(function (body) {
        return body.error === "not_in_cart" ? post(button.dataset.addUrl, line) : body;
      }).then(function (body) {
        if (!body.ok) {
          button.disabled = false;
          if (status) {
            status.textContent = body.message;
            status.className = "add-status add-status--error";
          }
          return;
        }
        showCartCount(body.cart_count);
        var form = document.createElement("form");
        form.method = "post";
        form.action = button.dataset.placeUrl;
        [["csrfmiddlewaretoken", csrfToken()], ["sku_ids", button.dataset.skuId]].forEach(function (pair) {
          var input = document.createElement("input");
          input.type = "hidden";
          input.name = pair[0];
          input.value = pair[1];
          form.appendChild(input);
        });
        document.body.appendChild(form);
        form.submit();
      });
    });
  });
})();
