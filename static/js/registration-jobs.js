// Badge print jobs: poll each unfinished job's status (stored in the database, so any server
// process answers) and move its progress bar; show the download link when the PDF is ready.
(function () {
  "use strict";
  var POLL_MS = 1500;

  function update(item, state) {
    var bar = item.querySelector(".progress-bar");
    var wrap = item.querySelector(".progress");
    var label = item.querySelector(".tf-job-label");
    var link = item.querySelector(".tf-job-download");
    var error = item.querySelector(".tf-job-error");
    var percent = Math.max(0, Math.min(100, state.percent | 0));
    bar.style.width = percent + "%";
    bar.textContent = percent + " %";
    wrap.setAttribute("aria-valuenow", String(percent));
    label.textContent = state.status_label;
    item.setAttribute("data-job-status", state.status);
    if (state.status === "done") {
      bar.className = "progress-bar bg-success";
      link.classList.remove("d-none");
      if (state.download) { link.href = state.download; }
    } else if (state.status === "failed") {
      bar.className = "progress-bar bg-danger";
      error.textContent = state.error || "";
    }
  }

  function poll(item) {
    var url = item.getAttribute("data-job-url");
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (resp) { if (!resp.ok) { throw new Error(resp.status); } return resp.json(); })
      .then(function (state) {
        update(item, state);
        if (!state.done) { window.setTimeout(function () { poll(item); }, POLL_MS); }
      })
      .catch(function () { window.setTimeout(function () { poll(item); }, POLL_MS * 4); });
  }

  document.querySelectorAll(".tf-job").forEach(function (item) {
    var bar = item.querySelector(".progress-bar");
    var now = item.querySelector(".progress").getAttribute("aria-valuenow");
    bar.style.width = (now || 0) + "%";
    var status = item.getAttribute("data-job-status");
    if (status === "queued" || status === "running") { poll(item); }
  });
})();
