/* "My programme": visitors star sessions; the list lives in this browser's localStorage only
 * (key "techfest.myprogramme.<edition slug>", a JSON array of session codes).
 *
 * Star buttons (.tf-star[data-code]) are hidden in the HTML and shown here, so visitors without
 * JavaScript never see a button that does nothing. On the "my programme" page the starred
 * sessions (li[data-session]) are revealed and the empty state is hidden.
 */
(function () {
  "use strict";
  var holder = document.querySelector("[data-myprogramme]");
  if (!holder) { return; }
  var key = "techfest.myprogramme." + holder.dataset.myprogramme;
  var labelAdd = holder.dataset.labelAdd;
  var labelRemove = holder.dataset.labelRemove;

  function load() {
    try {
      var value = JSON.parse(window.localStorage.getItem(key) || "[]");
      return Array.isArray(value) ? value.filter(function (x) { return typeof x === "string"; }) : [];
    } catch (e) {
      return [];
    }
  }

  function save(codes) {
    try {
      window.localStorage.setItem(key, JSON.stringify(codes));
    } catch (e) {
      /* private mode or storage full: the star simply does not stick */
    }
  }

  function paint(button, starred) {
    button.setAttribute("aria-pressed", starred ? "true" : "false");
    button.textContent = (starred ? "★ " : "☆ ") + (starred ? labelRemove : labelAdd);
  }

  function refreshList(codes) {
    var list = document.getElementById("tf-myprogramme-list");
    if (!list) { return; }
    var shown = 0;
    var present = {};
    list.querySelectorAll("li[data-session]").forEach(function (item) {
      var on = codes.indexOf(item.dataset.session) !== -1;
      present[item.dataset.session] = true;
      item.hidden = !on;
      if (on) { shown += 1; }
    });
    var empty = document.getElementById("tf-myprogramme-empty");
    if (empty) { empty.hidden = shown > 0; }
    var missing = document.getElementById("tf-myprogramme-missing");
    if (missing) {
      missing.hidden = !codes.some(function (code) { return !present[code]; });
    }
  }

  var codes = load();
  document.querySelectorAll(".tf-star[data-code]").forEach(function (button) {
    paint(button, codes.indexOf(button.dataset.code) !== -1);
    button.hidden = false;
    button.addEventListener("click", function () {
      var current = load();
      var code = button.dataset.code;
      var index = current.indexOf(code);
      if (index === -1) { current.push(code); } else { current.splice(index, 1); }
      save(current);
      document.querySelectorAll('.tf-star[data-code="' + code + '"]').forEach(function (other) {
        paint(other, index === -1);
      });
      if (!document.getElementById("tf-myprogramme-list")) { return; }
      refreshList(current);
    });
  });
  refreshList(codes);
})();
