// The cart page: − / + / typed counts saved through the JSON endpoints, delete, select,
// and live totals of the selected lines.
(function () {
  "use strict";
  var cart = document.querySelector("[data-cart]");
  if (!cart) return;
  var post = window.FreshShop.post;

  function yuan(value) { return "¥" + value.toFixed(2); }

  function recount() {
    var totalCount = 0, totalPrice = 0, selected = 0;
    cart.querySelectorAll("[data-line]").forEach(function (line) {
      var box = line.querySelector("[data-select]");
      var input = line.querySelector("[data-count]");
      var count = parseInt(input.value, 10) || 0;
      var price = parseFloat(line.dataset.price) || 0;
      line.querySelector("[data-subtotal]").textContent = yuan(price * count);
      if (box && box.checked) { totalCount += count; totalPrice += price * count; selected += 1; }
    });
    cart.querySelector("[data-total-count]").textContent = totalCount;
    cart.querySelector("[data-total-price]").textContent = yuan(totalPrice);
    cart.querySelector("[data-checkout]").disabled = selected === 0;
    var all = cart.querySelector("[data-select-all]");
    var boxes = cart.querySelectorAll("[data-select]");
    all.checked = boxes.length > 0 && selected === boxes.length;
  }

  function save(line, count) {
    var input = line.querySelector("[data-count]");
    var error = line.querySelector("[data-line-error]");
    var previous = input.dataset.saved || input.defaultValue;
    error.textContent = "";
    return post(cart.dataset.updateUrl, { sku_id: line.dataset.skuId, count: count }).then(function (body) {
      if (body.ok) {
        input.value = count;
        input.dataset.saved = count;
        window.FreshShop.showCartCount(body.cart_count);
      } else {
        input.value = previous;  // the server refused: show what the cart really holds
        error.textContent = body.message;
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
    }
    if (event.target.closest("[data-delete]")) {
      post(cart.dataset.deleteUrl, { sku_id: line.dataset.skuId }).then(function (body) {
        if (!body.ok) { line.querySelector("[data-line-error]").textContent = body.message; return; }
        line.remove();
        window.FreshShop.showCartCount(body.cart_count);
        cart.querySelector("[data-cart-count]").textContent = cart.querySelectorAll("[data-line]").length;
        recount();
      });
    }
  });

  cart.addEventListener("change", function (event) {
    var line = event.target.closest("[data-line]");
    if (event.target.matches("[data-count]") && line) {
      var count = parseInt(event.target.value, 10);
      if (!(count >= 1)) {
        line.querySelector("[data-line-error]").textContent = gettext("数量必须是正整数。");
        event.target.value = event.target.dataset.saved || event.target.defaultValue;
        return;
      }
      save(line, count);
    } else if (event.target.matches("[data-select-all]")) {
      cart.querySelectorAll("[data-select]").forEach(function (box) { box.checked = event.target.checked; });
      recount();
    } else if (event.target.matches("[data-select]")) {
      recount();
    }
  });

  recount();
})();
