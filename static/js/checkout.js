// The order confirmation page: choose a delivery slot and a coupon (the price is asked again),
// submit once, then pay at the gateway (online methods) or see the order on the orders page
// (cash on delivery).
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
    // a delivery slot is required while the page offers any that can still be chosen
    var slot = page.querySelector("input[name=slot_id]:checked");
    if (!slot && page.querySelector("input[name=slot_id]:not(:disabled)")) {
      error.textContent = gettext("请选择配送时段。");
      return;
    }
    button.disabled = true;
    error.textContent = "";
    window.FreshShop.post(page.dataset.commitUrl, {
      addr_id: address.value,
      pay_method: method.value,
      sku_ids: page.querySelector("input[name=sku_ids]").value,
      checkout_token: page.querySelector("input[name=checkout_token]").value,
      coupon_code: page.querySelector("[data-applied-coupon]").value,
      // what the page shows to pay: the order is refused (price_changed) if it costs more now
      amount_due: page.querySelector("[data-amount-due]").dataset.amountDueValue,
      slot_id: slot ? slot.value : ""
    }).then(function (body) {
      if (body.ok && body.pay_url) {
        window.location.href = body.pay_url;
      } else if (body.ok || body.error === "duplicate_submission") {
        // the first submit is placing (or placed) the order: it shows on the orders page
        window.location.href = page.dataset.ordersUrl;
      } else {
        if (slot && (body.error === "slot_full" || body.error === "slot_unavailable")) {
          slot.checked = false;  // taken meanwhile: the shopper picks another
          slot.disabled = true;
        }
        error.textContent = body.message;
        button.disabled = false;
      }
    });
  });

  // Coupons: a choice in the list, or a typed code, prices the order again without a reload
  // (without script, the 使用 button posts the form and the page comes back priced).
  var coupons = page.querySelector("[data-coupons]");
  var summary = page.querySelector("[data-summary]");
  if (!coupons || !summary) return;
  function yuan(value) {
    return "¥" + Number(value).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  function show(price) {
    summary.querySelector("[data-total-price]").textContent = yuan(price.total_price);
    summary.querySelector("[data-discount]").textContent = yuan(price.discount);
    summary.querySelector("[data-discount-label]").textContent = price.discount_label ? "（" + price.discount_label + "）" : "";
    summary.querySelector("[data-discount-row]").hidden = Number(price.discount) === 0;
    summary.querySelector("[data-freight]").textContent = yuan(price.freight);
    var coldChain = summary.querySelector("[data-cold-chain]");
    coldChain.textContent = interpolate(gettext("含冷链费 %s"), [yuan(price.cold_chain_fee)]);
    coldChain.hidden = Number(price.cold_chain_fee) === 0;
    var gap = summary.querySelector("[data-free-freight-gap]");
    gap.textContent = interpolate(gettext("再买 %s 免运费"), [yuan(price.free_freight_gap)]);
    gap.hidden = Number(price.free_freight_gap) === 0;
    var due = summary.querySelector("[data-amount-due]");
    due.textContent = yuan(price.amount_due);
    due.dataset.amountDueValue = price.amount_due;
    summary.querySelector("[data-applied-coupon]").value = price.coupon_code;
    coupons.querySelector("[data-coupon-note]").textContent = price.coupon_note;
  }
  function reprice(code, typed) {
    window.FreshShop.post(coupons.dataset.priceUrl, {
      sku_ids: coupons.querySelector("input[name=sku_ids]").value,
      coupon_code: code,
      coupon_code_typed: typed
    }).then(function (body) {
      if (body.ok) show(body.summary);
      else coupons.querySelector("[data-coupon-note]").textContent = body.message;
    });
  }
  coupons.addEventListener("change", function (event) {
    if (event.target.name !== "coupon_code") return;
    coupons.querySelector("input[name=coupon_code_typed]").value = "";
    reprice(event.target.value, "");
  });
  coupons.addEventListener("submit", function (event) {
    event.preventDefault();
    var chosen = coupons.querySelector("input[name=coupon_code]:checked");
    reprice(chosen ? chosen.value : "", coupons.querySelector("input[name=coupon_code_typed]").value);
  });
})();
