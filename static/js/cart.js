// The cart page: − / + / typed counts saved through the JSON endpoints, delete, select,
// and live totals of the selected lines.
//
// Unchecked lines stay unchecked after a reload: the unchecked SKU ids are kept in this browser's
// localStorage, not in the cart's Redis hash (the hash is sku -> count, read by the header count,
// the merge at login and the order; a selection is one screen's state, per device, like a scroll
// position). Ids no longer in the cart are dropped on each visit.
(function () {
  "use strict";
  var cart = document.querySelector("[data-cart]");
  if (!cart) return;
  var post = window.FreshShop.post;
  var STORE_KEY = "dailyfresh.cart.unchecked";

  function yuan(value) { return "¥" + value.toFixed(2); }

  function uncheckedLoad() {
    try { return JSON.parse(window.localStorage.getItem(STORE_KEY) || "[]").map(String); }
    catch (e) { return []; }  // storage refused (private mode) or spoiled: everything checked
  }

  function uncheckedSave() {
    var ids = [];
    cart.querySelectorAll("[data-select]").forEach(function (box) { if (!box.checked) ids.push(box.value); });
    try { window.localStorage.setItem(STORE_KEY, JSON.stringify(ids)); } catch (e) { /* not kept */ }
  }

  function recount() {
    var totalCount = 0, totalPrice = 0, selected = 0, units = 0;
    var lines = cart.querySelectorAll("[data-line]");
    lines.forEach(function (line) {
      var box = line.querySelector("[data-select]");
      var input = line.querySelector("[data-count]");
      var count = parseInt(input.value, 10) || 0;
      var price = parseFloat(line.dataset.price) || 0;
      units += count;
      line.querySelector("[data-subtotal]").textContent = yuan(price * count);
      if (box && box.checked) { totalCount += count; totalPrice += price * count; selected += 1; }
    });
    cart.querySelector("[data-cart-count]").textContent = lines.length;
    cart.querySelector("[data-cart-units]").textContent = units;
    cart.querySelector("[data-cart-units-text]").hidden = false;
    cart.querySelector("[data-total-lines]").textContent = selected;
    cart.querySelector("[data-total-count]").textContent = totalCount;
    cart.querySelector("[data-total-price]").textContent = yuan(totalPrice);
    cart.querySelector("[data-checkout]").disabled = selected === 0;
    var all = cart.querySelector("[data-select-all]");
    var boxes = cart.querySelectorAll("[data-select]");
    all.checked = boxes.length > 0 && selected === boxes.length;
  }

  function hint(line, text) {
    line.querySelector("[data-line-error]").textContent = text;
  }

  function save(line, count) {
    var input = line.querySelector("[data-count]");
    var previous = input.dataset.saved || input.defaultValue;
    hint(line, "");
    return post(cart.dataset.updateUrl, { sku_id: line.dataset.skuId, count: count }).then(function (body) {
      if (body.ok) {
        input.value = count;
        input.dataset.saved = count;
        window.FreshShop.showCartCount(body.cart_count);
      } else {
        input.value = previous;  // the server refused: show what the cart really holds
        hint(line, body.message);
      }
      recount();
    });
  }

  cart.addEventListener("click", function (event) {
    var line = event.target.closest("[data-line]");
    if (!line) return;
    var step = event.target.closest("[data-qty]");
    if (step) {
      var input = line.querySelector("[data-count]");
      var next = (parseInt(input.value, 10) || 1) + parseInt(step.dataset.qty, 10);
      if (next >= 1) save(line, next);
      else hint(line, gettext("最少 1 件；不要了请点“删除”"));
    }
    if (event.target.closest("[data-delete]")) {
      post(cart.dataset.deleteUrl, { sku_id: line.dataset.skuId }).then(function (body) {
        if (!body.ok) { hint(line, body.message); return; }
        line.remove();
        window.FreshShop.showCartCount(body.cart_count);
        uncheckedSave();
        recount();
      });
    }
  });

  cart.addEventListener("change", function (event) {
    var line = event.target.closest("[data-line]");
    if (event.target.matches("[data-count]") && line) {
      var count = parseInt(event.target.value, 10);
      if (!(count >= 1)) {
        hint(line, gettext("数量必须是正整数。"));
        event.target.value = event.target.dataset.saved || event.target.defaultValue;
        return;
      }
      save(line, count);
    } else if (event.target.matches("[data-select-all]")) {
      cart.querySelectorAll("[data-select]").forEach(function (box) { box.checked = event.target.checked; });
      uncheckedSave();
      recount();
    } else if (event.target.matches("[data-select]")) {
      uncheckedSave();
      recount();
    }
  });

  var unchecked = uncheckedLoad();
  cart.querySelectorAll("[data-select]").forEach(function (box) {
    if (unchecked.indexOf(box.value) !== -1) box.checked = false;
  });
  uncheckedSave();  // forgets ids that left the cart
  recount();
})();
