// Live username check on the register page: asks the server once the shopper pauses typing, and
// only about a well-formed name (the server's rule, accounts.models.username_validator): a partial
// or malformed name is answered here, without a request (no 400s while typing).
(function () {
  "use strict";
  var form = document.getElementById("register-form");
  if (!form) return;
  var input = form.querySelector("input[name=username]");
  var live = document.getElementById("username-live");
  var timer = null;
  var latest = 0;
  var asked = "";  // the last name asked about: a blur after the debounced check asks nothing
  var WELL_FORMED = /^[A-Za-z0-9_]{3,20}$/;
  var DEBOUNCE_MS = 400;

  function show(text, ok) {
    live.textContent = text;
    live.className = "field__live " + (ok ? "field__live--ok" : "field__live--bad");
  }

  function check() {
    var name = input.value.trim();
    clearTimeout(timer);
    if (!name) { live.textContent = ""; asked = ""; latest++; return; }
    if (!WELL_FORMED.test(name)) {
      latest++;  // an answer about an earlier name is no longer wanted
      asked = "";
      show(gettext("用户名为 3–20 个字母、数字或下划线。"), false);
      return;
    }
    if (name === asked) return;
    asked = name;
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
      .catch(function () { asked = ""; /* offline: the server checks again on submit */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var name = input.value.trim();
    // typing a name out is not an error: say nothing until it is long enough or the shopper pauses
    if (name.length < 3) live.textContent = "";
    timer = setTimeout(check, DEBOUNCE_MS);
  });
  input.addEventListener("blur", check);
})();
