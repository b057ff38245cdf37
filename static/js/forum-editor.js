/* Forum schedule editor: drag a session onto another room/time cell to move it.
 *
 * Every session block carries data-move-url and data-lock (its lock version); the grid carries
 * the day, the CSRF token and the "new session" URL. A drop POSTs room, day, start and
 * lock_version to the move endpoint, which answers JSON; the page then reloads so the grid and
 * the conflicts are drawn by the server. Without JavaScript the "Move" links and the forms do the
 * same. Clicking an empty cell opens the new-session form for that room and time.
 */
(function () {
  "use strict";
  var grid = document.getElementById("forum-grid");
  var status = document.getElementById("forum-editor-status");
  if (!grid) { return; }

  var dragged = null;

  function showError(message) {
    if (status) { status.textContent = message; }
  }

  function goTo(target) {
    var url = new URL(target, window.location.href);
    if (url.pathname === window.location.pathname && url.search === window.location.search) {
      window.location.hash = url.hash;
      window.location.reload();
    } else {
      window.location.assign(url.toString());
    }
  }

  function move(block, cell) {
    var body = new FormData();
    body.append("csrf_token", grid.dataset.csrf);
    body.append("room", cell.dataset.room);
    body.append("day", grid.dataset.day);
    body.append("start", cell.dataset.start);
    body.append("lock_version", block.dataset.lock || "");
    fetch(block.dataset.moveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": grid.dataset.csrf }
    }).then(function (resp) {
      return resp.json().then(function (data) { return { ok: resp.ok, data: data }; });
    }).then(function (result) {
      if (result.ok && result.data.redirect) {
        goTo(result.data.redirect);
        return;
      }
      var detail = result.data.error || "";
      if (result.data.fields) {
        Object.keys(result.data.fields).forEach(function (key) {
          detail += " " + result.data.fields[key].join(" ");
        });
      }
      showError(grid.dataset.msgFailed + " " + detail);
    }).catch(function () {
      showError(grid.dataset.msgNetwork);
    });
  }

  document.querySelectorAll(".tf-block[draggable=true]").forEach(function (block) {
    block.addEventListener("dragstart", function (event) {
      dragged = block;
      block.classList.add("tf-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", block.dataset.moveUrl);
    });
    block.addEventListener("dragend", function () {
      block.classList.remove("tf-dragging");
      dragged = null;
    });
  });

  grid.querySelectorAll(".tf-cell").forEach(function (cell) {
    cell.addEventListener("dragover", function (event) {
      if (!dragged) { return; }
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      cell.classList.add("tf-drop");
    });
    cell.addEventListener("dragleave", function () { cell.classList.remove("tf-drop"); });
    cell.addEventListener("drop", function (event) {
      event.preventDefault();
      cell.classList.remove("tf-drop");
      if (dragged) { move(dragged, cell); }
    });
    cell.addEventListener("click", function () {
      var url = new URL(grid.dataset.newUrl, window.location.href);
      url.searchParams.set("room", cell.dataset.room);
      url.searchParams.set("day", grid.dataset.day);
      url.searchParams.set("start", cell.dataset.start);
      window.location.assign(url.toString());
    });
  });
})();
