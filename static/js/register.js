// Live username check on the register page: asks the server as the shopper types.
(function () {
  "use strict";
  var form = document.getElementById("register-form");
  if (!form) return;
  var input = form.querySelector("input[name=username]");
  var live = document.getElementById("username-live");
  var timer = null;
  var latest = 0;

  function show(text, ok) {
    live.textContent = text;
    live.className = "field__live " + (ok ? "field__live--ok" : "field__live--bad");
  }

  function check() {
    var name = input.value.trim();
    if (!name) { live.textContent = ""; return; }
    var ticket = ++latest;
    fetch(form.dataset.checkUrl + "?username=" + encodeURIComponent(name), {
      headers: { "Accept": "application/json" }, credentials: "same-origin"
    })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        if (ticket !== latest) return; // an older answer arriving late
        if (!body.ok) show(body.message, false);
        else if (body.available) show("✓ " + gettext("用户名可以使用"), true);
        else show(gettext("用户名已被注册"), false);
      })
      .catch(function () { /* offline: the server checks again on submit */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 300);
  });
  input.addEventListener("blur", check);
})();
