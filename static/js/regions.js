// The address form's province → city → district selects ([data-region-form]): choosing a
// province offers its cities, a city its districts (and 其他), from the lists the page carries
// (#region-data, accounts/regions.json). Without script the form still works: the server
// offers the cities and districts of what was chosen when the form comes back.
(function () {
  "use strict";
  var data = document.getElementById("region-data");
  if (!data) return;
  // the server's word for a district the lists lack: its value must be the server's own
  var OTHER = JSON.parse(document.getElementById("region-other").textContent);
  var regions = JSON.parse(data.textContent);

  function fill(select, options) {
    var prompt = select.options.length ? select.options[0].textContent : "";
    var chosen = select.value;
    var first = document.createElement("option");
    first.value = "";
    first.textContent = prompt;
    select.replaceChildren(first);
    options.forEach(function (name) {
      var option = document.createElement("option");
      option.value = option.textContent = name;
      select.append(option);
    });
    select.value = options.indexOf(chosen) >= 0 ? chosen : "";
    select.disabled = !options.length;
  }

  function districtsOf(province, city) {
    var known = (regions[province] || {})[city] || [];
    return known.length ? known.concat([OTHER]) : [];
  }

  document.querySelectorAll("[data-region-form]").forEach(function (form) {
    var province = form.querySelector("[data-region=province]");
    var city = form.querySelector("[data-region=city]");
    var district = form.querySelector("[data-region=district]");
    if (!province || !city || !district) return;
    function cities() { fill(city, Object.keys(regions[province.value] || {})); districts(); }
    function districts() { fill(district, districtsOf(province.value, city.value)); }
    province.addEventListener("change", cities);
    city.addEventListener("change", districts);
    fill(city, Object.keys(regions[province.value] || {}));
    districts();
  });
})();
