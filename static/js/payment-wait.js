// Order page: while a VietQR transfer or a card payment is awaited, ask our status endpoint every
// few seconds and reload the page once the status changes. Without JavaScript the "Refresh" link does.
(function () {
  "use strict";
  var panel = document.querySelector("[data-status-url]");
  if (!panel) {
    return;
  }
  var url = panel.getAttribute("data-status-url");
  var current = panel.getAttribute("data-status");
  var delay = 4000;
  var tries = 0;

  function poll() {
    tries += 1;
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && (data.payment !== current || !data.waiting)) {
          window.location.reload();
          return;
        }
        schedule();
      })
      .catch(schedule);
  }

  function schedule() {
    // Slow down after ten minutes; the QR expires long before anyone waits an hour.
    if (tries < 900) {
      window.setTimeout(poll, tries > 150 ? 15000 : delay);
    }
  }

  schedule();
})();
