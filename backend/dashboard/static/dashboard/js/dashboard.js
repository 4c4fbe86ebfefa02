// Dashboard enhancements; every page also works without this script.
(function () {
  "use strict";

  // Province → commune pickers: refill the commune list when the province changes.
  function bindRegionPicker(provinceSelect) {
    var communeSelect = document.getElementById(provinceSelect.dataset.communeSelect);
    var url = provinceSelect.dataset.communesUrl;
    if (!communeSelect || !url) return;
    provinceSelect.addEventListener("change", function () {
      var first = communeSelect.options[0];
      communeSelect.length = 0;
      communeSelect.add(first);
      if (!provinceSelect.value) return;
      fetch(url + "?province=" + encodeURIComponent(provinceSelect.value), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          data.communes.forEach(function (commune) {
            communeSelect.add(new Option(commune.name, commune.code));
          });
        });
    });
  }

  // Forms that destroy something ask once before submitting.
  function bindConfirm(form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }

  // Print buttons (packing slips); an inline onclick would be blocked by the Content-Security-Policy.
  function bindPrint(button) {
    button.addEventListener("click", function () { window.print(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-commune-select]").forEach(bindRegionPicker);
    document.querySelectorAll("form[data-confirm]").forEach(bindConfirm);
    document.querySelectorAll("button[data-print]").forEach(bindPrint);
  });
})();
