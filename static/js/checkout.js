// Checkout page: the commune list follows the chosen province (2025 units), loaded from our own
// JSON endpoint. Without JavaScript the "show communes" button posts the page back instead.
(function () {
  "use strict";
  var province = document.getElementById("id_province_code");
  var commune = document.getElementById("id_commune_code");
  if (!province || !commune) {
    return;
  }
  document.querySelectorAll(".nojs-only").forEach(function (el) {
    el.hidden = true;
  });
  var template = province.getAttribute("data-communes-url");
  var placeholder = commune.options.length ? commune.options[0].text : "";

  function fill(list) {
    var keep = commune.value;
    commune.textContent = "";
    commune.add(new Option(placeholder, ""));
    list.forEach(function (item) {
      commune.add(new Option(item.name, String(item.code)));
    });
    commune.value = keep;
    if (commune.value !== keep) {
      commune.value = "";
    }
  }

  province.addEventListener("change", function () {
    if (!province.value) {
      fill([]);
      return;
    }
    commune.disabled = true;
    fetch(template.replace("{code}", encodeURIComponent(province.value)), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.ok ? response.json() : { communes: [] };
      })
      .then(function (data) {
        fill(data.communes || []);
      })
      .catch(function () {
        fill([]);
      })
      .finally(function () {
        commune.disabled = false;
      });
  });
})();
