// Live check-in dashboard: re-fetch the server-rendered body every 10 seconds.
(function () {
  "use strict";
  var box = document.getElementById("checkin-live");
  if (!box) return;
  function refresh() {
    fetch(box.dataset.url, {credentials: "same-origin", headers: {"X-Requested-With": "fetch"}})
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) box.innerHTML = html; })
      .catch(function () {})
      .finally(function () { setTimeout(refresh, 10000); });
  }
  setTimeout(refresh, 10000);
})();
